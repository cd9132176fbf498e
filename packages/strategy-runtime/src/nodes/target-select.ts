// Choosing an agent for a waiting interaction and the reservation that follows: on arrival, on escalation, and
// when an agent frees up (the first in line then takes the best agent by its own rule among all eligible ones).
import type { PickRule, TargetNode } from '@routewright/strategy-dsl'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { Explanation, RouterEvent, TraceEntry } from '../api/types.ts'
import type { CompiledNode } from '../engine/compile.ts'
import type { EnginePort, EventBody } from '../engine/port.ts'
import type { InteractionRun, Reservation, WaitState } from '../engine/run.ts'
import { isListed } from '../engine/run-record.ts'
import type { TraceRecord } from '../engine/trace-log.ts'
import { subjectsOf } from '../queue/virtual-queue.ts'
import { type AgentRecord, stateFor } from '../selection/agents.ts'
import { confirmPlace, releasePlace, reservePlace } from '../selection/capacity.ts'
import { NOT_READY_REASONS, type NotReadyReason } from '../selection/not-ready.ts'
import { firstInLineReason, isFigured } from '../selection/reasons.ts'
import { anyReady, longestIdle, nobodyReady, type SelectionResult, selectAgent } from '../selection/select.ts'
import type { StatEvent } from '../stats/provider.ts'
import { joinQueue, startWaitingTreatments, timeOut } from './target-wait.ts'

/** Pools and directories this small are listed whole in explanations (who is not ready, who lacks skills). */
const SMALL = 32

/** Selects among ready agents for a waiting interaction and reserves the winner. True when it reserved or failed. */
export function trySelect(
  port: EnginePort,
  run: InteractionRun,
  why: string,
  trigger?: AgentRecord,
): boolean {
  const wait = run.wait
  if (!wait || run.finished) return false
  const n = wait.node.node as TargetNode
  const cursorKey = n.pick === 'round-robin' ? `${wait.frame.strategy}/${wait.node.id}` : ''
  const everyone = port.agents.agents.size <= SMALL
  const rule = n.pick ?? 'longest-idle'
  // nobody ready in any target (every arrival while calls queue), or the usual longest-idle decision: selectAgent's
  // answer without a request built
  const nobody = everyone || anyReady(wait.targets, run.media) ? undefined : nobodyAt(wait.node, rule)
  const result =
    (everyone
      ? undefined
      : nobody !== undefined
        ? nobody.answer
        : rule === 'longest-idle' && wait.threshold === undefined
          ? longestIdle(
              wait.node.id,
              wait.targets,
              run.media,
              port.clock.now(),
              port.limits.explainCandidates,
              SMALL,
              port.limits.explainSummary,
              !port.limits.reasonText,
            )
          : undefined) ??
    selectAgent({
      node: wait.node.id,
      targets: wait.targets,
      media: run.media,
      rule: n.pick,
      now: port.clock.now(),
      threshold: wait.threshold,
      agentStat: port.agentStat,
      random: port.random,
      cursor: cursorKey === '' ? undefined : port.cursors.get(cursorKey),
      limit: port.limits.explainCandidates,
      listAllBelow: SMALL,
      everyone: everyone ? [...port.agents.agents.values()] : undefined,
    })
  const frame = wait.frame
  const explanation = result.explanation
  if (trigger && result.winner && port.limits.explainCandidates > 0) {
    const ms = port.clock.now() - wait.enqueuedAt
    if (isFigured(explanation)) {
      // the run record's reader writes the text from these (firstInLineReason)
      explanation.trigger = trigger.id
      explanation.priority = wait.priority
      explanation.waitedMs = ms
    } else explanation.reason = firstInLineReason(run.id, trigger.id, wait.priority, ms, explanation.reason)
  }
  // nobody ready and nothing to list (a large pool): the reason alone, so a waiting interaction stays small; each
  // shape is one literal, so the kept record holds its fields in itself (a field added later goes out of it)
  if (port.traces(run)) {
    const strategy = frame.strategy
    const node = wait.node.id
    const listed = result.winner !== undefined || explanation.candidates.length > 0
    const entry: Omit<TraceEntry, 'at'> = result.winner
      ? { strategy, node, kind: 'selection', name: why, value: explanation }
      : listed
        ? {
            strategy,
            node,
            kind: 'selection',
            name: why,
            value: explanation,
            message: result.error ?? explanation.reason,
          }
        : result.error === undefined && Object.isFrozen(explanation)
          ? waitingRecord(nobody ?? nobodyAt(wait.node, rule), strategy, why, explanation.reason)
          : { strategy, node, kind: 'selection', name: why, message: result.error ?? explanation.reason }
    port.trace(run, entry)
  }
  run.lastExplanation = explanation
  if (isListed(explanation)) run.listedExplanation = explanation
  if (result.error) {
    port.nodeError(frame, wait.node, result.error)
    return true
  }
  if (!result.winner) return false
  if (n.pick === 'round-robin') port.cursors.set(cursorKey, result.winner.agent.index)
  reserve(port, run, result.winner.agent, result.winner.target, explanation)
  return true
}

/** A node's "nobody ready" answer (nobodyReady's for its id and rule) and the trace record of it made last. */
interface NobodyHere {
  readonly node: CompiledNode
  readonly answer: SelectionResult
  record: TraceRecord | undefined
}

/** By node: an arrival while interactions queue looks up one record here (no rule text, node id or cause maps). */
const nobodyHere = new WeakMap<CompiledNode, NobodyHere>()

function nobodyAt(node: CompiledNode, rule: PickRule): NobodyHere {
  let here = nobodyHere.get(node)
  if (here === undefined) {
    here = { node, answer: nobodyReady(node.id, rule), record: undefined }
    nobodyHere.set(node, here)
  }
  return here
}

/**
 * The frozen record of a selection that found nobody and lists nobody (the shared explanation of nobodyReady):
 * the same fields every time, so tens of thousands of waiting interactions need no record of their own. The node
 * keeps the last one made (almost always the arrival's); another cause makes a new one.
 */
function waitingRecord(here: NobodyHere, strategy: string, why: string, reason: string): TraceRecord {
  const last = here.record
  if (last !== undefined && last.name === why && last.message === reason && last.strategy === strategy)
    return last
  const record: TraceRecord = Object.freeze({
    strategy,
    node: here.node.id,
    kind: 'selection',
    name: why,
    message: reason,
  })
  here.record = record
  return record
}

/** Reserves `agent` for `run` and emits `routed`; `connected`: the host said the agent has it already (connectAgent). */
export function reserve(
  port: EnginePort,
  run: InteractionRun,
  agent: AgentRecord,
  target: string,
  explanation: Explanation,
  connected = false,
): void {
  const wait = run.wait
  if (!wait) return
  reservePlace(port.agents, agent, run.media)
  feedReservation(port, agent.id, run.media, 1)
  port.queue.leave(run, wait)
  wait.treatmentsActive = false
  const seq = port.nextReservationSeq()
  const timer = port.reservationLane.add(run, seq, port.clock.now() + port.limits.reservationTimeoutMs)
  const at = port.clock.now()
  const spent = run.spentReservation
  if (spent === undefined)
    run.reservation = { agent, media: run.media, target, timer, seq, at, id: undefined }
  else {
    run.spentReservation = undefined
    spent.agent = agent
    spent.media = run.media
    spent.target = target
    spent.timer = timer
    spent.seq = seq
    spent.at = at
    spent.id = undefined
    run.reservation = spent
  }
  port.lastReserved = run
  run.target = target
  run.agent = agent.id
  if (port.traces(run))
    port.trace(run, {
      strategy: wait.frame.strategy,
      node: wait.node.id,
      kind: 'value',
      name: 'reserved',
      value: { agent: agent.id, target, priority: run.priority },
    })
  // `interaction` and `at` in the literal (where emit would add them, same key order): adding them later would
  // allocate the event a property store of its own on every decision
  const event: RouterEvent & { type: 'routed' } = {
    type: 'routed',
    node: wait.node.id,
    target,
    agent: agent.id,
    reservation: port.limits.reservationIds ? port.reservationId(run, seq) : '',
    priority: run.priority,
    explanation,
    interaction: run.id,
    at,
  }
  // rare (a host's connectAgent): a store of its own only then
  if (connected) event.connected = true
  port.emit(run, event)
}

/** A reservation's id as the host has it: the one another router gave it when resumed here, else this router's. */
export function reservationIdOf(port: EnginePort, run: InteractionRun, r: Reservation): string {
  return r.id ?? port.reservationId(run, r.seq)
}

/** A reservation's timeout fell due: if it is still the one pending, the agent did not take it (RONA). */
export function reservationTimedOut(port: EnginePort, run: InteractionRun, seq: number): void {
  const r = run.reservation
  if (r?.seq !== seq) return
  const why = NOT_READY_REASONS.timedOut
  reservationRejected(
    port,
    run,
    r,
    `not confirmed within ${port.limits.reservationTimeoutMs} ms`,
    false,
    why,
    true,
  )
  releaseReservation(port, run, 'declined', why)
}

/**
 * A reservation the agent did not take (or the host refused or withdrew): in the trace, where a recorder reads it,
 * and told. A withdrawal is traced as `withdrawn` and its event carries `withdrawn: true`; otherwise the event
 * carries the reason the agent is made not ready with (`notReady`).
 */
export function reservationRejected(
  port: EnginePort,
  run: InteractionRun,
  r: Reservation,
  reason: string,
  withdrawn: boolean,
  notReady: NotReadyReason = NOT_READY_REASONS.declined,
  timedOut = false,
): void {
  const wait = run.wait
  const agent = r.agent.id
  if (wait && port.traces(run))
    port.trace(run, {
      strategy: wait.frame.strategy,
      node: wait.node.id,
      kind: 'wait',
      name: withdrawn ? 'withdrawn' : 'rejected',
      value: { agent, reason },
    })
  const reservation = reservationIdOf(port, run, r)
  const event: EventBody & { type: 'reservation-rejected' } = withdrawn
    ? { type: 'reservation-rejected', agent, reservation, reason, withdrawn: true }
    : loggedOutMeanwhile(r)
      ? { type: 'reservation-rejected', agent, reservation, reason }
      : { type: 'reservation-rejected', agent, reservation, reason, notReady }
  // the router's own timeout, told as data: a host need not read it from the reason's text
  if (timedOut) event.timedOut = true
  port.emit(run, event)
}

/**
 * The agent logged out of the offer's media while it was pending (a supervisor's log out, the end of a shift): a RONA
 * then leaves her logged out, not made not ready, which would count her as staffed again in every report.
 */
function loggedOutMeanwhile(r: Reservation): boolean {
  return stateFor(r.agent, r.media) === 'logged-out'
}

/**
 * Why a host's answer naming `reservation` may not apply to `run`: it is not the reservation pending now (one
 * that timed out and was made again, perhaps with another agent, or none pending), with the one pending now (null:
 * none). Undefined: it is the current one.
 */
export function staleReservation(
  port: EnginePort,
  run: InteractionRun,
  reservation: string,
  action: string,
): { reason: string; current: string | null } | undefined {
  const r = run.reservation
  const current = r ? reservationIdOf(port, run, r) : undefined
  if (reservation === current) return undefined
  const shown = JSON.stringify(shortened(reservation, 203, '...'))
  return current === undefined
    ? {
        reason: `${action}: reservation ${shown} of interaction "${run.id}" is not current: it has no reservation pending now; nothing changed`,
        current: null,
      }
    : {
        reason: `${action}: reservation ${shown} of interaction "${run.id}" is not current: the current one is "${current}"; nothing changed`,
        current,
      }
}

/**
 * How a reservation ends without the agent taking it. `declined` (RONA: the router's timeout, a host's reject as
 * `declined` or `no-answer`): the agent is made not ready with `notReady` (`no-answer` or `declined`) and the
 * interaction goes back to its place in line (same age). `withdrawn` (the host took the offer back, not the
 * agent's doing): the same return, the agent's state left as it was and its freed place offered to whoever waits.
 * `leaving`: the interaction finishes; the freed place is offered to whoever waits. `handed-over`: another agent has
 * the interaction, or a host's connect takes the place for another one (connectAgent): nothing else changes; the
 * caller puts the interaction back in line (backInLine) and offers freed places once the handover is done.
 */
export type ReservationRelease = 'declined' | 'withdrawn' | 'leaving' | 'handed-over'

/** Gives the reserved place back, as `how` says. */
export function releaseReservation(
  port: EnginePort,
  run: InteractionRun,
  how: ReservationRelease,
  notReady: NotReadyReason = NOT_READY_REASONS.declined,
): void {
  const r = run.reservation
  if (!r) return
  run.reservation = undefined
  if (r.timer) port.reservationLane.cancel(r.timer)
  r.timer = undefined
  releasePlace(port.agents, r.agent, r.media)
  feedReservation(port, r.agent.id, r.media, -1)
  run.target = undefined
  run.agent = undefined
  if (how === 'declined' && !loggedOutMeanwhile(r)) {
    // the agent did not take it (RONA): not ready, so it is not offered the same interaction again
    port.agents.setState(r.agent, 'not-ready', port.clock.now(), undefined, notReady)
    if (port.feeds)
      port.feed({
        type: 'agent-state',
        agent: r.agent.id,
        state: 'not-ready',
        reason: notReady,
        at: port.clock.now(),
      })
  }
  if (how === 'handed-over') return
  if (how !== 'leaving') backInLine(port, run)
  if (how !== 'declined') serveAgent(port, r.agent)
}

/**
 * An interaction whose reservation ended without an agent taking it goes on: served again at once by its own rule
 * (perhaps by another agent), else back in line with its age kept, or out by `timeout` when its wait expired meanwhile.
 */
export function backInLine(port: EnginePort, run: InteractionRun): void {
  const wait = run.wait
  if (!wait || run.finished) return
  if (wait.timedOut) timeOut(port, run, wait)
  else if (!trySelect(port, run, 'reservation rejected') && !run.finished && run.wait === wait) {
    if (joinQueue(port, run, wait, false)) startWaitingTreatments(port, run)
  }
}

/**
 * Tells the provider the router holds (+1) or let go of (-1) a place of the agent's for an offer, so its free places
 * (`AgentsReady`) count the router's reservations as the router does (docs/statistics.md "Free places").
 */
export function feedReservation(
  port: Pick<EnginePort, 'feeds' | 'feed' | 'clock'>,
  agent: string,
  media: string,
  held: 1 | -1,
): void {
  if (port.feeds) port.feed({ type: 'agent-reservation', agent, media, held, at: port.clock.now() })
}

/**
 * The host confirmed the reservation: the agent has the interaction, which finishes `routed`. `answeredAt`: when the
 * agent answered, earlier than now (checked by the caller): the statistics and the history records (the finished
 * event's `answeredAt`) time the wait and the handling from it.
 */
export function confirmReservation(port: EnginePort, run: InteractionRun, answeredAt?: number): boolean {
  const r = run.reservation
  if (!r || !run.wait) return false
  run.reservation = undefined
  if (r.timer) port.reservationLane.cancel(r.timer)
  r.timer = undefined
  confirmPlace(r.agent, r.media)
  // its ref on the feed goes with it to its handling (finish below would give it back)
  const feedRef = port.feeds ? port.feedRef(run) : -1
  run.feedRef = -1
  port.handled.confirm(run, port.handled.handling(r.agent, r.media, feedRef))
  // a late answer (the host heard of it after the fact): the statistics and the finished event say when it was
  const late = answeredAt !== undefined && answeredAt < port.clock.now() ? answeredAt : undefined
  if (port.feeds) {
    const now = port.clock.now()
    const routed: StatEvent & { type: 'interaction-routed' } = {
      type: 'interaction-routed',
      interaction: run.id,
      agent: r.agent.id,
      targets: subjectsOf(run.wait),
      media: r.media,
      at: now,
      ref: feedRef,
    }
    // rare (an answer heard late): a store of its own only then
    if (late !== undefined) routed.answeredAt = late
    port.feed(routed)
    // after the load it became: her place stays taken throughout (no free place for an instant)
    feedReservation(port, r.agent.id, r.media, -1)
  }
  run.target = r.target
  run.agent = r.agent.id
  // out of line for good: the wait is reused with the run once it leaves the finished ring
  run.spentWait = run.wait
  run.wait = undefined
  // its trace's `finish` entry names the node it is at (finish reads it there)
  if (late === undefined) port.finish(run, 'routed')
  else port.finish(run, 'routed', { answeredAt: late })
  // nothing reads the record now: the run's next reservation (once it is reused) fills it in place
  run.spentReservation = r
  return true
}

/**
 * An agent has a free place: while it has one, the first interaction in line it could serve (priority, then age)
 * chooses by its own pick rule among every agent eligible now, which may be another agent (Genesys URS and
 * TaskRouter both re-run the target's selection when a resource frees up; the waking agent is only the trigger).
 */
export function serveAgent(port: EnginePort, agent: AgentRecord): void {
  // interactions whose selection found nobody this time (a threshold no agent passes yet): not asked again now
  let tried: Set<WaitState> | undefined
  for (let guard = 0; guard < 100 && port.agents.listed(agent); guard++) {
    const wait = port.queue.firstFor(agent, tried)
    if (!wait) return
    // the wait's own run (no look-up by id): a run that finished or moved on to another wait is not served
    const run = wait.frame.run
    if (run.finished || run.wait !== wait) return
    if (!trySelect(port, run, 'agent available', agent)) {
      tried ??= new Set()
      tried.add(wait)
    }
  }
}
