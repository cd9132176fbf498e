// Virtual queues: waiting interactions in per-pool heaps, reservations that never exceed capacity, and the
// pull when an agent frees up: highest priority, then longest wait, among those the agent can serve.
import { describeTreatment, type StatSubjectKind, type TargetNode } from '@routewright/strategy-dsl'
import { type AgentRecord, freeFor } from './agents.ts'
import type { Engine } from './engine.ts'
import type { InteractionRun, WaitState } from './run.ts'
import type { StatSubject } from './stats/provider.ts'
import { timeOut, trySelect } from './target-node.ts'
import type { Explanation } from './types.ts'
import { servedBefore, type WaitEntry, type WaitHeap } from './wait-heap.ts'

function subjectsOf(wait: WaitState): StatSubject[] {
  const out: StatSubject[] = []
  for (const t of wait.targets) {
    if (t.pool.kind === 'group' || t.pool.kind === 'queue' || t.pool.kind === 'agent') {
      out.push({ kind: t.pool.kind as StatSubjectKind, id: t.pool.key.slice(t.pool.key.indexOf(':') + 1) })
    }
  }
  return out
}

function pushEntries(wait: WaitState, media: string): void {
  for (const t of wait.targets) {
    const entry: WaitEntry = {
      waiter: wait,
      priority: wait.priority,
      enqueuedAt: wait.enqueuedAt,
      seq: wait.seq,
      generation: wait.generation,
    }
    const heap = t.pool.heapFor(media)
    heap.push(entry)
    if (heap.size > 64 && (heap.size & 1023) === 0) heap.compact()
  }
}

/** Puts a wait (back) in its pools' heaps and tells the statistics; a returning one keeps its enqueue time. */
function markWaiting(engine: Engine, run: InteractionRun, wait: WaitState): void {
  wait.waiting = true
  wait.generation++
  engine.waitingCount++
  pushEntries(wait, run.media)
  engine.feed({
    type: 'interaction-queued',
    interaction: run.id,
    targets: subjectsOf(wait),
    media: run.media,
    at: engine.clock.now(),
  })
}

export function enqueue(engine: Engine, run: InteractionRun): void {
  const wait = run.wait
  if (!wait) return
  if (engine.waitingCount >= engine.limits.maxWaiting) {
    engine.fail(
      run,
      `${engine.waitingCount} interactions are already waiting, the router's limit (maxWaiting); this one cannot wait`,
      wait.node.id,
    )
    return
  }
  markWaiting(engine, run, wait)
  engine.emit(run, {
    type: 'queued',
    node: wait.node.id,
    priority: wait.priority,
    targets: wait.targets.map((t) => t.label),
  })
}

/** New priority or targets: stale entries are skipped, fresh ones keep the original enqueue time. */
export function repush(engine: Engine, run: InteractionRun): void {
  const wait = run.wait
  if (!wait?.waiting) return
  wait.generation++
  pushEntries(wait, run.media)
  engine.feed({
    type: 'interaction-queued',
    interaction: run.id,
    targets: subjectsOf(wait),
    media: run.media,
    at: engine.clock.now(),
  })
}

function leaveQueue(engine: Engine, run: InteractionRun): void {
  const wait = run.wait
  if (!wait?.waiting) return
  wait.waiting = false
  wait.generation++
  wait.treatmentsActive = false
  engine.waitingCount--
  engine.feed({
    type: 'interaction-left-queue',
    interaction: run.id,
    targets: subjectsOf(wait),
    at: engine.clock.now(),
  })
}

export function reserve(
  engine: Engine,
  run: InteractionRun,
  agent: AgentRecord,
  target: string,
  explanation: Explanation,
): void {
  const wait = run.wait
  if (!wait) return
  if (freeFor(agent, run.media) <= 0) throw new Error(`Agent ${agent.id} has no free place for ${run.media}`)
  leaveQueue(engine, run)
  agent.reserved[run.media] = (agent.reserved[run.media] ?? 0) + 1
  engine.agents.relist(agent)
  const id = `${run.id}#${++engine.reservationSeq}`
  const timer = engine.clock.setTimeout(() => {
    if (run.reservation?.id === id) {
      engine.emit(run, {
        type: 'reservation-rejected',
        agent: agent.id,
        reason: `not confirmed within ${engine.limits.reservationTimeoutMs} ms`,
      })
      releaseReservation(engine, run, true)
    }
  }, engine.limits.reservationTimeoutMs)
  run.reservation = { id, agent, media: run.media, target, explanation, timer }
  run.target = target
  run.agent = agent.id
  engine.trace(run, {
    strategy: wait.frame.strategy.id,
    node: wait.node.id,
    kind: 'value',
    name: 'reserved',
    value: { agent: agent.id, target },
  })
  engine.emit(run, {
    type: 'routed',
    node: wait.node.id,
    target,
    agent: agent.id,
    reservation: id,
    priority: run.priority,
    explanation,
  })
}

/** Gives the reserved place back; with `requeue` the interaction returns to its place (same enqueue time). */
function releaseReservation(engine: Engine, run: InteractionRun, requeue: boolean): void {
  const r = run.reservation
  if (!r) return
  run.reservation = undefined
  engine.clock.clearTimeout(r.timer as never)
  r.agent.reserved[r.media] = Math.max(0, (r.agent.reserved[r.media] ?? 0) - 1)
  run.target = undefined
  run.agent = undefined
  if (requeue) {
    // the agent did not take it (RONA): make the agent not ready so it is not offered the same call again
    engine.agents.setState(r.agent, 'not-ready', engine.clock.now())
    engine.feed({ type: 'agent-state', agent: r.agent.id, state: 'not-ready', at: engine.clock.now() })
  } else engine.agents.relist(r.agent)
  const wait = run.wait
  if (requeue && wait && !run.finished) {
    if (wait.timedOut) {
      timeOut(engine, run, wait)
    } else if (!trySelect(engine, run, 'reservation rejected') && !run.finished && run.wait === wait) {
      markWaiting(engine, run, wait)
      startWaitingTreatments(engine, run)
    }
  }
  if (!requeue) serveAgent(engine, r.agent)
}

export function confirmReservation(engine: Engine, run: InteractionRun): boolean {
  const r = run.reservation
  if (!r || !run.wait) return false
  run.reservation = undefined
  engine.clock.clearTimeout(r.timer as never)
  r.agent.reserved[r.media] = Math.max(0, (r.agent.reserved[r.media] ?? 0) - 1)
  r.agent.load[r.media] = (r.agent.load[r.media] ?? 0) + 1
  engine.agents.relist(r.agent)
  run.handledBy = { agent: r.agent, media: r.media }
  engine.handled.set(run.id, run)
  engine.feed({
    type: 'interaction-routed',
    interaction: run.id,
    agent: r.agent.id,
    targets: subjectsOf(run.wait),
    media: r.media,
    at: engine.clock.now(),
  })
  run.target = r.target
  run.agent = r.agent.id
  run.wait = undefined
  engine.finish(run, 'routed', { node: currentNodeId(run) })
  return true
}

function currentNodeId(run: InteractionRun): string {
  return run.frames[run.frames.length - 1]?.node?.id ?? ''
}

/** The agent has a free place: give it to the best waiting interaction it can serve, as long as places remain. */
export function serveAgent(engine: Engine, agent: AgentRecord): void {
  let guard = 0
  while (agent.state === 'ready' && guard++ < 100) {
    const entry = bestWaiting(engine, agent)
    if (!entry) return
    const run = engine.runs.get(entry.waiter.id)
    const wait = run?.wait
    if (!run || !wait) return
    const idle = Math.max(0, (engine.clock.now() - agent.since) / 1000)
    const pool = wait.targets.find((t) => t.pool.members.has(agent))
    const label = pool?.label ?? `agent:${agent.id}`
    const waited = (engine.clock.now() - wait.enqueuedAt) / 1000
    const explanation: Explanation = {
      node: wait.node.id,
      rule: 'first in line',
      candidates: [{ agent: agent.id, target: label, values: { TimeInReadyState: idle }, rank: 1 }],
      winner: agent.id,
      reason: `${agent.id} became available and ${run.id} was first in line for it: priority ${wait.priority}, waiting ${waited}s`,
    }
    run.lastExplanation = explanation
    engine.trace(run, {
      strategy: wait.frame.strategy.id,
      node: wait.node.id,
      kind: 'selection',
      name: 'agent available',
      value: explanation,
    })
    reserve(engine, run, agent, label, explanation)
  }
}

const MAX_SKIPS = 32

/** Peeks the heaps of the agent's pools; interactions whose threshold the agent fails are passed over. */
function bestWaiting(engine: Engine, agent: AgentRecord): WaitEntry | undefined {
  const skipped: Array<{ heap: WaitHeap; entry: WaitEntry }> = []
  try {
    for (let attempt = 0; attempt <= MAX_SKIPS; attempt++) {
      let best: WaitEntry | undefined
      let bestHeap: WaitHeap | undefined
      for (const pool of agent.pools) {
        for (const [media, heap] of pool.waiting) {
          if (freeFor(agent, media) <= 0) continue
          const top = heap.peek()
          if (top && (!best || servedBefore(top, best))) {
            best = top
            bestHeap = heap
          }
        }
      }
      if (!best || !bestHeap) return undefined
      const wait = best.waiter as WaitState
      if (!wait.threshold || passes(wait, agent)) return best
      // skip it for this agent only: take it out and put it back afterwards
      bestHeap.pop()
      skipped.push({ heap: bestHeap, entry: best })
    }
    return undefined
  } finally {
    for (const { heap, entry } of skipped) heap.push(entry)
    void engine
  }
}

function passes(wait: WaitState, agent: AgentRecord): boolean {
  try {
    return wait.threshold!(agent)
  } catch {
    return false
  }
}

export function startWaitingTreatments(engine: Engine, run: InteractionRun): void {
  const wait = run.wait
  const list = (wait?.node.node as TargetNode | undefined)?.treatments ?? []
  if (!wait || list.length === 0 || wait.treatmentsActive) return
  wait.treatmentsActive = true
  wait.cycleStartedAt = engine.clock.now()
  requestTreatment(engine, run, wait)
}

function requestTreatment(engine: Engine, run: InteractionRun, wait: WaitState): void {
  const list = (wait.node.node as TargetNode).treatments ?? []
  const treatment = list[wait.treatmentIndex % list.length]
  if (!treatment) return
  const description = describeTreatment(treatment)
  run.treatments.push(description)
  engine.trace(run, {
    strategy: wait.frame.strategy.id,
    node: wait.node.id,
    kind: 'treatment',
    name: description,
  })
  engine.emit(run, { type: 'treatment', node: wait.node.id, treatment: { ...treatment }, description })
}

/** The host finished a waiting treatment: the next one in the list, cycling; a cycle of instant ones stops. */
export function waitingTreatmentDone(engine: Engine, run: InteractionRun): void {
  const wait = run.wait
  if (!wait?.treatmentsActive || !wait.waiting) return
  const list = (wait.node.node as TargetNode).treatments ?? []
  wait.treatmentIndex = (wait.treatmentIndex + 1) % list.length
  if (wait.treatmentIndex === 0) {
    if (engine.clock.now() === wait.cycleStartedAt) {
      wait.treatmentsActive = false
      return
    }
    wait.cycleStartedAt = engine.clock.now()
  }
  requestTreatment(engine, run, wait)
}

/** Wires the queue operations the engine calls back into. */
export function installVirtualQueue(engine: Engine): void {
  engine.leaveQueue = (run) => leaveQueue(engine, run)
  engine.releaseReservation = (run, requeue) => releaseReservation(engine, run, requeue)
}
