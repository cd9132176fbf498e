// The state of one interaction while the router runs it. Each frame and the interaction carry plain fields
// (what exportInteraction writes) beside live references (compiled nodes, timers) that stay in this process.
import type { Explanation, Outcome, TraceEntry } from '../api/types.ts'
import type { Waiter } from '../queue/wait-heap.ts'
import type { AgentRecord } from '../selection/agents.ts'
import type { SelectionTarget } from '../selection/select.ts'
import type { StatSubject } from '../stats/provider.ts'
import type { TimerHandle } from '../time/clock.ts'
import { emptyList } from '../util/small-array.ts'
import type { CompiledNode, CompiledStrategy } from './compile.ts'
import type { LaneEntry } from './delay-lanes.ts'
import { type TraceSlot, traceEntries } from './trace-log.ts'

export interface Frame {
  /** The strategy this frame runs (the interaction's, or a subroutine's). */
  strategy: string
  /** The node the frame is at. */
  node: string | undefined
  variables: Record<string, unknown>
  /** For subroutine frames: the inputs passed, read as `data.<name>` over the interaction's data. */
  inputs: Record<string, unknown> | undefined
  /** For subroutine frames: the calling node's id in the parent frame. */
  caller: string | undefined
  /** What the node waits for, if anything (`target`, `wait`, `treatment`, `function`, `subroutine`, `statistics`). */
  waitingFor: string | undefined
  /** When the current node was entered (its delays count from it). */
  enteredAt: number
  // --- live only ---
  run: InteractionRun
  compiled: CompiledStrategy
  current: CompiledNode | undefined
  parent: Frame | undefined
  /** Bumped on every node entry, so late answers from an earlier node are ignored. */
  token: number
  /**
   * Delays of the current node (waits, timeouts, escalation steps), cleared when it is left: none, the one (most
   * nodes have a single delay, and an array of one costs a waiting interaction 64 bytes), or a list.
   */
  timers: FrameTimer | FrameTimer[] | undefined
  /** True while the current node's entry runs: an output chosen now is taken when it returns. */
  entering: boolean
  /** The node to enter next, chosen during an entry. */
  next: string | undefined
  /** Values returned by `end: return`. */
  returned: Record<string, unknown> | undefined
  ended: boolean
  /** A list of this frame alone (a run's frames while it is the only one), made once per frame record. */
  solo: Frame[] | undefined
}

/** One armed delay: a record in a delay lane, or a clock timer of its own. */
export type FrameTimer = TimerHandle | LaneEntry<Frame>

/** An interaction waiting in a target node's virtual queue. */
export interface WaitState extends Waiter {
  frame: Frame
  node: CompiledNode
  targets: SelectionTarget[]
  /** Where each target comes from in the node (`targets.0`, `escalate.1.add.0`), to resolve them elsewhere. */
  targetPaths: string[]
  threshold: ((agent: AgentRecord) => boolean) | undefined
  /** Treatments cycling while waiting, and where the cycle is. */
  treatmentIndex: number
  cycleStartedAt: number
  treatmentsActive: boolean
  /** The wait expired while a reservation was pending: take `timeout` if it is rejected. */
  timedOut: boolean
  /** Its slot in the virtual queue's list of waits in line (-1 when not in line): in and out in O(1). */
  slot: number
}

/**
 * An agent's place held for the interaction until the host confirms or rejects it. Its id (`<interaction>#<seq>`) is
 * written in the `routed` event only, and its explanation is the run's `lastExplanation`: neither is kept here.
 */
export interface Reservation {
  agent: AgentRecord
  media: string
  target: string
  /** Its timeout in the engine's reservation lane; the entry's token is `seq`. */
  timer: LaneEntry<InteractionRun> | undefined
  seq: number
  /** When it was made (its `routed` event): a late confirm's answer time is never before it. */
  at: number
  /** Its id when another router made it (resumed from a snapshot); else `<interaction>#<tag><seq>` of this one. */
  id: string | undefined
}

/**
 * An interaction with an agent, from the confirmed reservation until complete(): all the router keeps of it then
 * (the run itself stays only among the finished ones kept for trace(), so tens of thousands of calls in progress
 * do not hold their traces and explanations).
 */
export interface Handling {
  agent: AgentRecord
  media: string
  /** Its ref on the statistics feed (StatEventRef), or -1: released when it completes. */
  feedRef: number
}

export interface InteractionRun {
  id: string
  strategy: string
  media: string
  ani: string
  dnis: string
  data: Record<string, unknown>
  priority: number
  startedAt: number
  /** When it first queued, across target nodes, escalations and subroutines: its place in line. */
  firstQueuedAt: number | undefined
  /**
   * The statistics subjects it last stopped waiting in (a time-out), while nothing answered it: an abandon names
   * them, so a provider that never saw its wait (a process that took it over) counts it there too.
   */
  leftQueue: readonly StatSubject[] | undefined
  steps: number
  /** Node ids of the top-level strategy, in the order visited. */
  path: string[]
  treatments: string[]
  /** The trace in pairs of (time since `startedAt`, record): see trace-log.ts; `traceOf(run)` gives the entries. */
  trace: TraceSlot[]
  frames: Frame[]
  finished: boolean
  outcome: Outcome | undefined
  wait: WaitState | undefined
  reservation: Reservation | undefined
  lastExplanation: Explanation | undefined
  /** The last explanation with a winner or candidates listed (what a trace keeps last): a run record's selection. */
  listedExplanation: Explanation | undefined
  target: string | undefined
  agent: string | undefined
  destination: string | undefined
  values: Record<string, unknown> | undefined
  /** Live only: its ref on the statistics feed (StatEventRef), given on its first event there, or -1. */
  feedRef: number
  /** Set when the host confirmed it, until it finishes `routed` (then the handling alone stays under its id). */
  handling: Handling | undefined
  /** The wait it left when the host confirmed it, kept only to be reused with the run (Spares). */
  spentWait: WaitState | undefined
  /**
   * Its confirmed reservation's record, kept with the run (a recycled run keeps it too) for the next reservation
   * made on this record to fill in place.
   */
  spentReservation: Reservation | undefined
}

/** What a new or resumed run brings; the rest (frames, wait, reservation, results) always starts empty. */
export type RunStart = Pick<
  InteractionRun,
  | 'id'
  | 'strategy'
  | 'media'
  | 'ani'
  | 'dnis'
  | 'data'
  | 'priority'
  | 'startedAt'
  | 'firstQueuedAt'
  | 'leftQueue'
  | 'steps'
  | 'path'
  | 'treatments'
  | 'trace'
>

/**
 * A run record with every field in one fixed order, so all runs share one hidden class (no spread: it would move
 * fields out of the object); `spare`, a recycled run (Spares), is filled in place instead of a new one made.
 */
export function newRun(start: RunStart, spare?: InteractionRun): InteractionRun {
  if (spare === undefined)
    return {
      id: start.id,
      strategy: start.strategy,
      media: start.media,
      ani: start.ani,
      dnis: start.dnis,
      data: start.data,
      priority: start.priority,
      startedAt: start.startedAt,
      firstQueuedAt: start.firstQueuedAt,
      leftQueue: start.leftQueue,
      steps: start.steps,
      path: start.path,
      treatments: start.treatments,
      trace: start.trace,
      frames: emptyList(),
      finished: false,
      outcome: undefined,
      wait: undefined,
      reservation: undefined,
      lastExplanation: undefined,
      listedExplanation: undefined,
      target: undefined,
      agent: undefined,
      destination: undefined,
      values: undefined,
      feedRef: -1,
      handling: undefined,
      spentWait: undefined,
      spentReservation: undefined,
    }
  const run = spare
  run.id = start.id
  run.strategy = start.strategy
  run.media = start.media
  run.ani = start.ani
  run.dnis = start.dnis
  run.data = start.data
  run.priority = start.priority
  run.startedAt = start.startedAt
  run.firstQueuedAt = start.firstQueuedAt
  run.leftQueue = start.leftQueue
  run.steps = start.steps
  run.path = start.path
  run.treatments = start.treatments
  run.trace = start.trace
  run.frames = emptyList()
  run.finished = false
  run.outcome = undefined
  run.wait = undefined
  run.reservation = undefined
  run.lastExplanation = undefined
  run.listedExplanation = undefined
  run.target = undefined
  run.agent = undefined
  run.destination = undefined
  run.values = undefined
  run.feedRef = -1
  run.handling = undefined
  run.spentWait = undefined
  // spentReservation stays: a record with nothing of the interaction it served in use (see confirmReservation)
  return run
}

/** The run's trace entries with their times, new objects (`at` first, as hosts read them). */
export function traceOf(run: InteractionRun): TraceEntry[] {
  return traceEntries(run.trace, run.startedAt)
}

export function currentFrame(run: InteractionRun): Frame | undefined {
  return run.frames[run.frames.length - 1]
}

export function currentNodeId(run: InteractionRun): string {
  return currentFrame(run)?.node ?? ''
}
