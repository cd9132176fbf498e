// The target node: resolve targets to pools, take the best ready agent now, otherwise wait in the virtual
// queues with treatments, escalation steps on time and the wait timeout.
import { quotedName } from '@routewright/node-support/printable'
import { parseDuration, type TargetNode } from '@routewright/strategy-dsl'
import type { ReservationSnapshot, WaitSnapshot } from '../api/types.ts'
import type { CompiledNode } from '../engine/compile.ts'
import type { EnginePort, NodeBehaviour } from '../engine/port.ts'
import type { Frame, InteractionRun, WaitState } from '../engine/run.ts'
import { toInt } from '../engine/values.ts'
import { canTake, reservePlace } from '../selection/capacity.ts'
import type { SelectionTarget } from '../selection/select.ts'
import { moveInLine } from './priority-change.ts'
import { pathsOf, resolveAll, resolveOwnTargets, thresholdOf } from './target-resolve.ts'
import { feedReservation, trySelect } from './target-select.ts'
import { joinQueue, resendWaitingTreatment, startWaitingTreatments, timeOut } from './target-wait.ts'

export const targetNode: NodeBehaviour<TargetNode> = {
  run(port, frame, node, stats) {
    const run = frame.run
    const n = node.node
    if (n.priority !== undefined)
      run.priority =
        typeof n.priority === 'number'
          ? n.priority
          : toInt(port.evaluate(frame, node, 'priority', stats), 'priority')
    const { targets, paths } = resolveOwnTargets(port, frame, node, n.targets)
    if (targets.length === 0) {
      port.nodeError(
        frame,
        node,
        `None of the targets of node "${node.id}" resolves in directory "${port.directory.directory}"`,
      )
      return
    }
    const now = port.clock.now()
    // its place in line counts from its first queueing, across target nodes and subroutines
    const wait = newWait(port, frame, node, targets, paths, run.priority, run.firstQueuedAt ?? now)
    run.wait = wait
    frame.waitingFor = 'target'
    if (trySelect(port, run, 'arrival')) return
    if (run.finished || run.wait !== wait) return
    if (joinQueue(port, run, wait, true)) startWaitingTreatments(port, run)
  },
  onTimer(port, frame, node, delay) {
    const run = frame.run
    const wait = run.wait
    if (!wait || wait.frame !== frame || wait.node !== node) return
    const n = node.node
    ;(n.escalate ?? []).forEach((step, i) => {
      if (parseDuration(step.after) === delay) escalate(port, run, wait, i)
    })
    if (n.wait !== undefined && parseDuration(n.wait) === delay && !run.finished && run.wait === wait) {
      if (run.reservation) {
        wait.timedOut = true
        return
      }
      timeOut(port, run, wait)
    }
  },
}

function escalate(port: EnginePort, run: InteractionRun, wait: WaitState, i: number): void {
  const frame = wait.frame
  const node = wait.node
  const step = (node.node as TargetNode).escalate![i]!
  try {
    if (step.replace) {
      const r = resolveAll(port, frame, node, pathsOf(`escalate.${i}.replace`, step.replace))
      wait.targets = r.targets
      wait.targetPaths = r.paths
    }
    if (step.add) {
      const r = resolveAll(port, frame, node, pathsOf(`escalate.${i}.add`, step.add))
      // new lists: the node's own may be shared by every interaction waiting at it
      r.targets.forEach((t, k) => {
        if (wait.targets.some((x) => x.pool === t.pool)) return
        wait.targets = [...wait.targets, t]
        wait.targetPaths = [...wait.targetPaths, r.paths[k]!]
      })
    }
    if (step.priority !== undefined)
      run.priority =
        typeof step.priority === 'number'
          ? step.priority
          : toInt(port.evaluate(frame, node, `escalate.${i}.priority`), 'priority')
    if (step.raise !== undefined) run.priority += step.raise
  } catch (error) {
    port.trace(run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'error',
      message: `Escalation step ${i + 1}: ${String(error)}`,
    })
  }
  port.trace(run, {
    strategy: frame.strategy,
    node: node.id,
    kind: 'value',
    name: `escalation ${i + 1}`,
    value: { priority: run.priority, targets: wait.targets.map((t) => t.label) },
  })
  moveInLine(port, run, wait, `escalation ${i + 1}`)
}

export function exportWait(wait: WaitState): WaitSnapshot {
  return {
    priority: wait.priority,
    enqueuedAt: wait.enqueuedAt,
    targets: [...wait.targetPaths],
    treatmentIndex: wait.treatmentIndex,
    treatmentsActive: wait.treatmentsActive,
    cycleStartedAt: wait.cycleStartedAt,
  }
}

/** Puts an imported interaction back in line at its place (same age), then tries the agents ready here. */
export function resumeWait(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
  saved: WaitSnapshot,
  reserved?: ReservationSnapshot,
): void {
  const run = frame.run
  const { targets, paths } = resolveAll(port, frame, node, saved.targets)
  const wait = newWait(port, frame, node, targets, paths, saved.priority, saved.enqueuedAt)
  wait.treatmentIndex = saved.treatmentIndex
  wait.cycleStartedAt = saved.cycleStartedAt
  wait.treatmentsActive = saved.treatmentsActive
  run.wait = wait
  frame.waitingFor = 'target'
  if (reserved && resumeReservation(port, run, wait, reserved)) return
  if (trySelect(port, run, 'resumed')) return
  if (run.finished || run.wait !== wait) return
  if (joinQueue(port, run, wait, true)) resendWaitingTreatment(port, run)
}

/**
 * A wait at the node, out of line until joinQueue (treatments from the first, its cycle starting now): a recycled
 * one filled in place when the router has one, with its generation kept (it only grows, so queue entries of its
 * last use stay stale), else a new record with every field in the same order.
 */
/**
 * Holds the agent of a reservation made by another router, under the id the host has, out of line and with its
 * remaining time: the host's answer to it works here. False (nothing held) when the agent is logged out or has no
 * free place here:
 * the reservation is withdrawn, told as such, and the interaction goes on in line.
 */
function resumeReservation(
  port: EnginePort,
  run: InteractionRun,
  wait: WaitState,
  saved: ReservationSnapshot,
): boolean {
  const agent = port.agents.agents.get(saved.agent)
  if (!agent || agent.state === 'logged-out' || !canTake(agent, run.media)) {
    const reason = `agent ${quotedName(saved.agent)} is logged out or has no free place in the router that resumed it; back in line`
    port.emit(run, {
      type: 'reservation-rejected',
      agent: saved.agent,
      reservation: saved.id,
      reason,
      withdrawn: true,
    })
    return false
  }
  const seq = port.nextReservationSeq()
  reservePlace(port.agents, agent, run.media)
  feedReservation(port, agent.id, run.media, 1)
  wait.treatmentsActive = false
  // the lane takes due times in order: one due before a later-armed one waits a full timeout from now instead
  const timer =
    port.reservationLane.add(run, seq, saved.expiresAt) ??
    port.reservationLane.add(run, seq, port.clock.now() + port.limits.reservationTimeoutMs)
  run.reservation = { agent, media: run.media, target: saved.target, timer, seq, at: saved.at, id: saved.id }
  run.target = saved.target
  run.agent = agent.id
  return true
}

function newWait(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
  targets: SelectionTarget[],
  paths: string[],
  priority: number,
  enqueuedAt: number,
): WaitState {
  const run = frame.run
  const seq = port.queue.nextSeq()
  const threshold = thresholdOf(port, frame, node)
  const now = port.clock.now()
  const wait = port.spares.takeWait()
  if (wait === undefined)
    return {
      id: run.id,
      priority,
      enqueuedAt,
      seq,
      generation: 0,
      waiting: false,
      frame,
      node,
      targets,
      targetPaths: paths,
      threshold,
      treatmentIndex: 0,
      cycleStartedAt: now,
      treatmentsActive: false,
      timedOut: false,
      slot: -1,
    }
  wait.id = run.id
  wait.priority = priority
  wait.enqueuedAt = enqueuedAt
  wait.seq = seq
  wait.waiting = false
  wait.frame = frame
  wait.node = node
  wait.targets = targets
  wait.targetPaths = paths
  wait.threshold = threshold
  wait.treatmentIndex = 0
  wait.cycleStartedAt = now
  wait.treatmentsActive = false
  wait.timedOut = false
  return wait
}
