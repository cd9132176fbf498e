// The state of one interaction while the router runs it: a stack of frames (strategy, then subroutines),
// its place in the virtual queues, its reservation, its trace.
import type { AnyActorRef } from 'xstate'
import type { AgentRecord } from './agents.ts'
import type { CompiledNode, CompiledStrategy } from './compile.ts'
import type { SelectionTarget } from './selection.ts'
import type { Explanation, Outcome, TraceEntry } from './types.ts'
import type { Waiter } from './wait-heap.ts'

export interface Frame {
  run: InteractionRun
  strategy: CompiledStrategy
  variables: Record<string, unknown>
  /** The output the current node chose; the machine's guards read it. */
  out: string | undefined
  node: CompiledNode | undefined
  /** Bumped on every node entry, so late answers from an earlier node are ignored. */
  token: number
  actor: AnyActorRef | undefined
  parent: Frame | undefined
  /** For subroutine frames: the caller's node. */
  caller: CompiledNode | undefined
  /** Values returned by `end: return`. */
  returned: Record<string, unknown> | undefined
  /** For subroutine frames: the inputs passed, read as `data.<name>` over the interaction's data. */
  inputs: Record<string, unknown> | undefined
  /** True while the machine runs the node's entry, so outputs need no OUT event. */
  entering?: boolean
  /** Timers of the current node (waits, timeouts, escalation steps), cleared when it is left. */
  timers: import('./clock.ts').TimerHandle[]
  /** What the node waits for, if anything (`function`, `treatment`, `subroutine`, `statistics`). */
  waitingFor?: string | undefined
}

/** An interaction waiting in a target node's virtual queue. */
export interface WaitState extends Waiter {
  frame: Frame
  node: CompiledNode
  targets: SelectionTarget[]
  threshold: ((agent: AgentRecord) => boolean) | undefined
  /** Treatments cycling while waiting, and where the cycle is. */
  treatmentIndex: number
  cycleStartedAt: number
  treatmentsActive: boolean
  /** The wait expired while a reservation was pending: take `timeout` if it is rejected. */
  timedOut: boolean
}

export interface Reservation {
  id: string
  agent: AgentRecord
  media: string
  target: string
  explanation: Explanation
  timer: import('./clock.ts').TimerHandle | undefined
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
  steps: number
  /** Node ids of the top-level strategy, in the order visited. */
  path: string[]
  treatments: string[]
  trace: TraceEntry[]
  frames: Frame[]
  finished: boolean
  outcome: Outcome | undefined
  wait: WaitState | undefined
  reservation: Reservation | undefined
  /** After a confirmed reservation: whom the interaction is with, until complete(). */
  handledBy: { agent: AgentRecord; media: string } | undefined
  /** A treatment node waits for the host: which frame and node asked. */
  treatmentFrame: { frame: Frame; token: number; collect: boolean } | undefined
  lastExplanation: Explanation | undefined
  target: string | undefined
  agent: string | undefined
  destination: string | undefined
  values: Record<string, unknown> | undefined
}

export function currentFrame(run: InteractionRun): Frame | undefined {
  return run.frames[run.frames.length - 1]
}
