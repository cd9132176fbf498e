// Waiting interactions out of and into a router as plain JSON: the routing server stores them (Redis) and
// another process resumes them with their variables, their place in line and their remaining timers.
import type { FrameSnapshot, InteractionSnapshot, ReservationSnapshot } from '../api/types.ts'
import { exportWait, resumeWait } from '../nodes/target.ts'
import { feedReservation, reservationIdOf } from '../nodes/target-select.ts'
import { resendTreatment } from '../nodes/treatment.ts'
import { releasePlace } from '../selection/capacity.ts'
import type { StatSubject } from '../stats/provider.ts'
import { append } from '../util/small-array.ts'
import type { Engine } from './engine.ts'
import { type Frame, type InteractionRun, newRun, type Reservation, traceOf } from './run.ts'
import { traceSlots } from './trace-log.ts'

const FORMAT = 'routewright-interaction/1'
/** What a top frame may be waiting for and still move: nothing is in flight with the host or a provider. */
const MOVABLE = new Set(['target', 'wait', 'treatment'])
const SUBJECT_KINDS = new Set(['agent', 'group', 'queue'])

/** A snapshot's `leftQueue`: statistics subjects as JSON. */
function isSubjectList(value: unknown): value is StatSubject[] {
  return (
    Array.isArray(value) &&
    value.every((s) => s && typeof s === 'object' && SUBJECT_KINDS.has(s.kind) && typeof s.id === 'string')
  )
}

/** Why the interaction cannot be exported now, or undefined when it can. */
function notMovable(run: InteractionRun): string | undefined {
  const top = run.frames[run.frames.length - 1]
  // a reservation moves with its wait (the host's answer to it works in the router that resumes it)
  if (run.reservation && (top?.waitingFor !== 'target' || !run.wait))
    return 'it has a reservation pending outside a target node; confirm or reject it first'
  if (!top || !MOVABLE.has(top.waitingFor ?? ''))
    return `it is not waiting in a queue, a wait or a treatment (${top?.waitingFor ?? 'running'})`
  return undefined
}

function exportReservation(engine: Engine, run: InteractionRun, r: Reservation): ReservationSnapshot {
  return {
    agent: r.agent.id,
    target: r.target,
    id: reservationIdOf(engine, run, r),
    at: r.at,
    expiresAt: r.timer?.due ?? engine.clock.now() + engine.limits.reservationTimeoutMs,
  }
}

export function exportInteraction(engine: Engine, run: InteractionRun): InteractionSnapshot | string {
  const why = notMovable(run)
  if (why) return why
  const frames: FrameSnapshot[] = run.frames.map((f) => ({
    strategy: f.strategy,
    node: f.node ?? '',
    variables: structuredClone(f.variables),
    ...(f.inputs ? { inputs: structuredClone(f.inputs) } : {}),
    ...(f.caller !== undefined ? { caller: f.caller } : {}),
    ...(f.waitingFor !== undefined ? { waitingFor: f.waitingFor } : {}),
    enteredAt: f.enteredAt,
  }))
  return {
    format: FORMAT,
    exportedAt: engine.clock.now(),
    id: run.id,
    strategy: run.strategy,
    media: run.media,
    ani: run.ani,
    dnis: run.dnis,
    data: structuredClone(run.data),
    priority: run.priority,
    startedAt: run.startedAt,
    ...(run.firstQueuedAt !== undefined ? { firstQueuedAt: run.firstQueuedAt } : {}),
    ...(run.leftQueue !== undefined
      ? { leftQueue: run.leftQueue.map(({ kind, id }) => ({ kind, id })) }
      : {}),
    steps: run.steps,
    path: [...run.path],
    treatments: [...run.treatments],
    frames,
    ...(run.wait ? { wait: exportWait(run.wait) } : {}),
    ...(run.reservation ? { reservation: exportReservation(engine, run, run.reservation) } : {}),
    trace: structuredClone(traceOf(run)),
  }
}

/** Lets go of an exported interaction without finishing it: out of line, timers cleared, forgotten. */
export function releaseInteraction(engine: Engine, run: InteractionRun): void {
  const r = run.reservation
  if (r) {
    // the agent's place goes with the interaction: the router resuming it holds it now
    run.reservation = undefined
    if (r.timer) engine.reservationLane.cancel(r.timer)
    releasePlace(engine.agents, r.agent, r.media)
    feedReservation(engine, r.agent.id, r.media, -1)
  }
  if (run.wait) engine.queue.leave(run, run.wait)
  for (const frame of run.frames) {
    engine.clearTimers(frame)
    frame.ended = true
  }
  run.finished = true
  if (engine.lastReserved === run) engine.lastReserved = undefined
  engine.runs.delete(run.id)
  engine.releaseFeedRef(run.feedRef)
  run.feedRef = -1
}

/** Checks an imported snapshot against the strategies loaded here; the reason when it does not fit. */
function check(engine: Engine, s: InteractionSnapshot): string | undefined {
  if (!s || typeof s !== 'object' || s.format !== FORMAT)
    return `resumeInteraction: not an interaction snapshot (format must be "${FORMAT}")`
  if (typeof s.id !== 'string' || s.id === '') return 'resumeInteraction: the snapshot has no id'
  if (engine.live.has(s.id)) return `resumeInteraction: interaction "${s.id}" is already being routed here`
  if (!Array.isArray(s.frames) || s.frames.length === 0) return `resumeInteraction: "${s.id}" has no frames`
  for (const f of s.frames) {
    const strategy = engine.strategies.get(f.strategy)
    if (!strategy)
      return `resumeInteraction: strategy "${f.strategy}" of "${s.id}" is not loaded in this router`
    if (!strategy.nodes.has(f.node))
      return `resumeInteraction: strategy "${f.strategy}" has no node "${f.node}" (changed since the export?)`
  }
  // no data limit here: a snapshot carries what the submit's limits let in plus what the strategy's own attach nodes
  // added, and refusing it would lose the interaction at a takeover
  if (s.leftQueue !== undefined && !isSubjectList(s.leftQueue))
    return `resumeInteraction: "${s.id}" has a leftQueue that is not a list of { kind, id } subjects`
  const top = s.frames[s.frames.length - 1]!
  if (!MOVABLE.has(top.waitingFor ?? '')) return `resumeInteraction: "${s.id}" was not waiting when exported`
  if (top.waitingFor === 'target' && !s.wait)
    return `resumeInteraction: "${s.id}" waits in line but has no wait`
  const r = s.reservation
  if (r !== undefined) {
    if (top.waitingFor !== 'target')
      return `resumeInteraction: "${s.id}" has a reservation but does not wait in a target node`
    const texts =
      r && typeof r === 'object' && [r.agent, r.target, r.id].every((v) => typeof v === 'string' && v !== '')
    if (!texts || !Number.isFinite(r.at) || !Number.isFinite(r.expiresAt))
      return `resumeInteraction: "${s.id}" has a reservation without its agent, target, id, at and expiresAt`
  }
  return undefined
}

export function resumeInteraction(engine: Engine, s: InteractionSnapshot): string | undefined {
  const problem = check(engine, s)
  if (problem) return problem
  const run = newRun({
    id: s.id,
    strategy: s.strategy,
    media: s.media,
    ani: s.ani,
    dnis: s.dnis,
    data: structuredClone(s.data),
    priority: s.priority,
    startedAt: s.startedAt,
    firstQueuedAt: s.firstQueuedAt,
    leftQueue: s.leftQueue,
    steps: s.steps,
    path: [...s.path],
    treatments: [...s.treatments],
    trace: traceSlots(structuredClone(s.trace ?? []), s.startedAt),
  })
  engine.finished.delete(run.id)
  engine.runs.add(run)
  let parent: Frame | undefined
  for (const saved of s.frames) {
    const compiled = engine.strategies.get(saved.strategy)!
    const frame = engine.newFrame(run, compiled, parent, saved.caller, saved.inputs)
    frame.node = saved.node
    frame.current = compiled.nodes.get(saved.node)
    frame.variables = structuredClone(saved.variables)
    frame.waitingFor = saved.waitingFor
    frame.enteredAt = saved.enteredAt
    frame.token = 1
    run.frames = append(run.frames, frame)
    parent = frame
  }
  const top = run.frames[run.frames.length - 1]!
  const node = top.current!
  engine.trace(run, { strategy: top.strategy, node: node.id, kind: 'wait', name: 'resumed' })
  // delays due before the export already ran there (escalations applied, saved in the wait); later ones run here
  engine.armTimers(top, node, top.enteredAt, s.exportedAt)
  if (top.waitingFor === 'target' && s.wait) resumeWait(engine, top, node, s.wait, s.reservation)
  else if (top.waitingFor === 'treatment') resendTreatment(engine, top)
  return undefined
}
