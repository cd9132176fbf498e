// The engine as node kinds see it (types only): node modules import this, never the engine, so the engine can
// import every node kind without a cycle and without hook fields wired after construction.
import type { DirectoryDocument, NameFix, StrategyNode } from '@routewright/strategy-dsl'
import type {
  AbandonReason,
  HostFunction,
  Outcome,
  RouterEvent,
  RouterLimits,
  TraceEntry,
} from '../api/types.ts'
import type { VirtualQueue } from '../queue/virtual-queue.ts'
import type { AgentIndex } from '../selection/agent-index.ts'
import type { AgentRecord } from '../selection/agents.ts'
import type { StatEvent, StatFeed, StatProvider } from '../stats/provider.ts'
import type { StatResult } from '../stats/stat-reader.ts'
import type { Clock, Random } from '../time/clock.ts'
import type { CompiledNode, CompiledStrategy } from './compile.ts'
import type { DelayLane } from './delay-lanes.ts'
import type { ExpressionHooks, ExpressionValues } from './expressions.ts'
import type { LiveHandled, LiveRuns } from './live-ids.ts'
import type { Frame, InteractionRun } from './run.ts'
import type { Spares } from './spares.ts'

export type EventBody = RouterEvent extends infer E
  ? E extends RouterEvent
    ? Omit<E, 'interaction' | 'at'>
    : never
  : never

export interface FinishExtra {
  reason?: string
  node?: string
  destination?: string
  values?: Record<string, unknown>
  /** A routed finish the host confirmed late: when the agent answered (earlier than now). */
  answeredAt?: number
  /** An abandoned finish: the host's reason and note, carried in the `finished` event. */
  abandonReason?: AbandonReason
  note?: string
}

export interface EnginePort {
  readonly clock: Clock
  readonly random: Random
  readonly limits: RouterLimits
  readonly directory: DirectoryDocument
  readonly stats: StatProvider & Partial<StatFeed>
  /** The provider takes the router's events: build them only then. */
  readonly feeds: boolean
  readonly functions: Record<string, HostFunction>
  readonly agents: AgentIndex
  readonly queue: VirtualQueue
  readonly strategies: ReadonlyMap<string, CompiledStrategy>
  readonly runs: LiveRuns
  /** Interactions with an agent, until complete(). */
  readonly handled: LiveHandled
  /** Round-robin cursors by strategy and node: directory index of the agent chosen last. */
  readonly cursors: Map<string, number>
  /** A number for the next reservation (its id is reservationId's text for it). */
  nextReservationSeq(): number
  /** A reservation's id as hosts see it: `<interaction>#<reservationTag><seq>`, never repeated by this router. */
  reservationId(run: InteractionRun, seq: number): string
  readonly reservationLane: DelayLane<InteractionRun>
  /** The run reserved last: the host's confirmation usually follows at once, and finds it without a look-up. */
  lastReserved: InteractionRun | undefined
  /** Recycled runs, frames and waits (a new wait takes one here first). */
  readonly spares: Spares
  emit(run: InteractionRun | string, body: EventBody): void
  /** The run keeps one more trace entry: build an entry only when this is true. */
  traces(run: InteractionRun): boolean
  trace(run: InteractionRun, entry: Omit<TraceEntry, 'at'>): void
  feed(event: StatEvent): void
  /** The run's ref on the statistics feed (StatEventRef), given now if it has none. */
  feedRef(run: InteractionRun): number
  /** The feed hears no more of the interaction that held `ref` here: the ref may be given again. */
  releaseFeedRef(ref: number): void
  takeOutput(frame: Frame, node: CompiledNode, output: string): void
  /** `fix`: a misspelt name's fix the reason's did-you-mean says, kept as data on the trace entry. */
  nodeError(frame: Frame, node: CompiledNode, reason: string, detail?: unknown, fix?: NameFix): void
  fail(run: InteractionRun, reason: string, node?: string): void
  finish(run: InteractionRun, outcome: Outcome, extra?: FinishExtra): void
  startFrame(
    run: InteractionRun,
    strategy: CompiledStrategy,
    parent?: Frame,
    caller?: CompiledNode,
    inputs?: Record<string, unknown>,
  ): void
  /** Ends a subroutine frame that returned, handing control back to its caller. */
  endFrame(frame: Frame): void
  /** Evaluates the node's expression at `key` (throws with the expression's source on failure). */
  evaluate(frame: Frame, node: CompiledNode, key: string, stats?: Map<string, StatResult>): unknown
  valuesOf(frame: Frame): ExpressionValues
  hooksFor(frame: Frame, node: CompiledNode, prefetched?: Map<string, StatResult>): ExpressionHooks
  /** An agent statistic now, or undefined when the provider cannot give it synchronously. */
  agentStat(agent: AgentRecord, statistic: string): number | undefined
}

/** What one node kind does. `run` takes an output now or waits; the rest answer what the node waited for. */
export interface NodeBehaviour<TNode extends StrategyNode = StrategyNode> {
  run(
    port: EnginePort,
    frame: Frame,
    node: CompiledNode & { node: TNode },
    stats: Map<string, StatResult>,
  ): void
  /** One of the node's delays elapsed (`delays` of the compiled node). */
  onTimer?(port: EnginePort, frame: Frame, node: CompiledNode & { node: TNode }, delay: number): void
}
