// The seam between the HTTP server and routing: one process (local-coordinator.ts) today, a Redis-backed set of
// processes later. The server and its tests use only this interface.
import type { AgentState, DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type {
  AbandonHow,
  ConnectAnswer,
  InteractionInput,
  InteractionSnapshot,
  PriorityChange,
  RejectAnswer,
  TraceEntry,
  TreatmentResult,
} from '@routewright/strategy-runtime'
import type { InteractionRecord } from './interaction-book.ts'
import type { AgentQuery, Page, WaitingQuery } from './list-page.ts'
import type {
  AgentStateCall,
  AgentStateEvent,
  AgentView,
  CommandResult,
  InteractionView,
  ServerEvent,
  VersionDeployedEvent,
  VersionInfo,
  WaitingView,
} from './types.ts'

/** How a host's reject ends the reservation: the router's RejectAnswer without the reservation it names. */
export type RejectHow = Omit<RejectAnswer, 'reservation'>

/**
 * How a handling ended, as the host's complete says: absent, a plain end; `transferred`, a transfer away (and to
 * where); `disposition`, the wrap-up code the agent picked (checked by the API: short, an id's characters).
 */
export interface CompleteHow {
  transferred?: boolean
  to?: string
  disposition?: string
}

/** A host call that makes no event, run by the routing process for another one (`onForwardedCall`). */
export type ForwardedHostCall =
  | { op: 'complete'; id: string; how?: CompleteHow }
  | { op: 'agentEvent'; event: AgentStateCall }

/** A validated set of strategies and its directory, named by a content hash (loadWorkspace's result). */
export interface DeployableWorkspace {
  version: string
  strategies: ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
}

/** An interaction a takeover resumes here, as the last routing process left it (Redis's StoredInteraction). */
export interface ResumedHere {
  record: InteractionRecord
  /** Its last waiting snapshot (with the pending reservation when handed over at SIGTERM). */
  snapshot?: InteractionSnapshot
  /** A connected one's trace. */
  trace?: TraceEntry[]
}

/** What /readyz and /metrics read of a coordinator that depends on a shared store. */
export interface CoordinatorStatus {
  ready: boolean
  /** Why not ready, for /readyz's answer. */
  reason?: string
  /**
   * With Redis: whether every connection to it is up, and whether this process routes now; while a connection is
   * lost, since when (epoch ms): the routing process's reads answer from what it holds meanwhile, marked stale.
   */
  redis?: { connected: boolean; primary: boolean; unreachableSince?: number; takeover?: TakeoverOutcome }
}

/** What this process's last takeover did (shown while it routes and after): /healthz's `takeover`. */
export interface TakeoverOutcome {
  /** When it started routing (ms since the epoch), under which lease epoch. */
  at: number
  epoch: number
  resumed: number
  withdrawnReservations: number
  /**
   * Stored interactions it could not resume: each ended as failed (or, unreadable, its entry was removed). A count
   * only (/healthz answers without the token): their ids and reasons are in the log.
   */
  failed: number
  /** Agents whose stored states were not readable (dropped; the host's next event sets them), when any. */
  unreadableAgents?: number
}

/**
 * Routes interactions for the server. Every method answers with a promise, so an implementation may keep its
 * state elsewhere (Redis); commands never reject: they answer `{ ok: false, status, error }` for an unknown
 * interaction (404), a command that does not fit its state (409) or input the strategy refuses (422).
 *
 * A Redis coordinator implements the same contract across processes: `deploy` publishes the version to every
 * process; interactions are owned under a lease and resumed from their snapshots; reservations are atomic in
 * Redis; `subscribe` delivers the events of the interactions this process owns, each once.
 */
export interface RoutingCoordinator {
  /** Makes `workspace` the version new interactions start on; running ones finish on theirs. */
  deploy(workspace: DeployableWorkspace): Promise<VersionInfo>
  /** The current version and the older ones still finishing interactions. */
  versions(): Promise<VersionInfo[]>
  submit(input: InteractionInput): Promise<CommandResult<InteractionView>>
  treatmentDone(id: string, result?: TreatmentResult): Promise<CommandResult>
  /**
   * The agent took the interaction. `reservation` (the routed event's id) ties the answer to that reservation: one
   * that is not pending any more (it timed out and the interaction was reserved again, perhaps for another agent)
   * answers 409 naming the current one (or none) and changes nothing. Without it: the current reservation. `at`:
   * when the agent answered, if the host heard of it late (not in the future, not before the routed event): the
   * wait and the handle time count from it.
   */
  confirmReservation(id: string, reservation?: string, at?: number): Promise<CommandResult>
  /**
   * The interaction is connected to `answer.agent` already, whatever the router offered (the router's
   * connectAgent): out of line, or its pending offer to another agent withdrawn (no RONA), confirmed with that
   * agent; pending offers of other interactions holding the agent's places are withdrawn to make room (those of
   * another strategy version too). 409 with why when confirmed work leaves the agent no free place for its media
   * (`no-free-place`) or it waits for no agent.
   */
  connectAgent(id: string, answer: ConnectAnswer): Promise<CommandResult>
  /**
   * The agent declined: not ready, and the interaction back in line. `how.reason: 'no-answer'`: the same, the agent's
   * reason `no-answer` (it rang out) instead of `declined`. `how.reason: 'withdrawn'`: the host takes the
   * offer back (not the agent's doing): the agent keeps its state. `reservation` as for confirmReservation.
   */
  rejectReservation(id: string, reservation?: string, how?: RejectHow): Promise<CommandResult>
  /**
   * The host changes the interaction's priority (the router's setPriority): `{ priority }` or `{ by }`. In line it
   * moves at once; with Redis, its stored snapshot carries the new priority when this answers (a takeover keeps it).
   */
  setPriority(id: string, change: { priority: number } | PriorityChange): Promise<CommandResult>
  /** The interaction ended before an agent took it; `how`: why, as the host said (absent: no reason given). */
  abandon(id: string, how?: AbandonHow): Promise<CommandResult>
  /** The agent finished; `how`: whether the handling ended by a transfer (only the history records it). */
  complete(id: string, how?: CompleteHow): Promise<CommandResult>
  /**
   * An agent's state change. With `ifState`, only while the agent is still in that state (for `event.media`, else
   * for every media it has), checked and applied at once where the agents are kept (the Redis leader); else 409
   * `state-changed` with its state now, nothing changed. With `ifReason`, likewise only while the agent's reason is
   * that one (its `currentReason` in the 409): a host acting on a state it set with a reason of its own (the SIP
   * bridge's `Signed out: logs out after this call`) does so in one request, nothing landing between.
   */
  agentEvent(event: AgentStateCall, ifState?: AgentState, ifReason?: string): Promise<CommandResult>
  interaction(id: string): Promise<InteractionView | undefined>
  /**
   * `interaction(id)?.trace` without building the rest of the view (the monitor reads it on every event).
   * Absent: read from `interaction`.
   */
  trace?(id: string): Promise<readonly TraceEntry[] | undefined>
  /** Waiting interactions over all versions, first in line first. */
  waiting(): Promise<WaitingView[]>
  /** Agents by id with their state and load, as the current version sees them. */
  agents(): Promise<AgentView[]>
  /** One page of `waiting()` (list-page.ts), cut where the list is held; absent: cut from `waiting()`. */
  waitingPage?(query: WaitingQuery): Promise<Page<WaitingView>>
  /** One page of `agents()`, by id, cut where the agents are held; absent: cut from `agents()`. */
  agentsPage?(query: AgentQuery): Promise<Page<AgentView>>
  /**
   * Every event, in order per interaction, with its version and strategy; a `reservation-rejected` the host did
   * not ask for (the reservation timed out) carries `timedOut: true`. Returns the unsubscribe function. `json`, when
   * given, is the event's JSON.stringify already made (the text committed to Redis), for a listener that needs it.
   */
  subscribe(listener: (event: ServerEvent, json?: string) => void): () => void
  /**
   * Every change of an agent's state (for one media or all), once per real change: a host's (a state it repeats is
   * none), or the router's own not ready after a reject or an unanswered reservation. Several processes: every
   * process hears every change, whichever process the host called (the routing one makes them). Returns the
   * unsubscribe function. `json`, when given, is the event's JSON already made. Absent: agent states are not streamed.
   */
  onAgentState?(listener: (event: AgentStateEvent, json?: string) => void): () => void
  /** Interactions not closed, over all versions. */
  openCount(): Promise<number>
  /** Several processes: whether this one sends the webhooks (the one routing now). Absent: always. */
  primary?(): boolean
  /**
   * Several processes: whether the events heard now are this process's own, whose history it records: from the
   * moment a takeover resumes the interactions Redis holds (before `primary()`, set once it is done). Absent: `primary`.
   */
  recording?(): boolean
  /**
   * Several processes: the interactions a takeover resumes in this process (connected, offered, waiting), told after
   * the last routing process's events and before any of this one's, so the history goes on with their records.
   * Returns the unsubscribe function. Absent: no process takes another's interactions over.
   */
  onResumed?(listener: (resumed: readonly ResumedHere[]) => void): () => void
  /**
   * Several processes: hands routing over to another process now (a stop's first step, so its history records
   * every event this process made before it closes) and takes it no more; reads and commands go to the next
   * routing process. Only for a stop: the process hears no more events after it (its monitor and event stream
   * stand still). Absent: nothing to hand over.
   */
  handOver?(): Promise<void>
  /**
   * Several processes: a dead routing process is replaced within this many ms, so a command refused while routing
   * changes hands (CoordinatorUnavailable.moving) answers 503 with a Retry-After of it. Absent: no Retry-After.
   */
  readonly takeoverMs?: number
  /**
   * Several processes: in how many ms a command refused because Redis is away (or full) may be answered, the
   * Redis link's next reconnect attempt: the Retry-After of such a 503. Absent: no Retry-After.
   */
  retryAfterMs?(): number
  /**
   * Several processes: the capability names a host may rely on through this process (GET /v1/capabilities), those
   * the routing process applies only while it takes them too (read from Redis when asked, so never a previous routing
   * process's). Absent: every name this build takes.
   */
  capabilities?(): readonly string[] | Promise<readonly string[]>
  /**
   * Several processes: called with `capabilities()`'s new answer each time it changes (checked at each lease tick, at
   * once when another process takes the lease, and at each `capabilities()`), so hosts that cached it hear of it
   * without their stream reopening. Returns the unsubscribe function.
   */
  onCapabilities?(listener: (names: readonly string[]) => void): () => void
  /**
   * Several processes: the input of every interaction submitted through any of them, just before its first event
   * reaches `subscribe`, so each process's history and monitor records carry its media, priority and data.
   * Returns the unsubscribe function. Absent: only the process's own submits (it sees them itself).
   */
  onSubmitted?(listener: (input: InteractionInput) => void): () => void
  /**
   * Several processes: the host calls no event shows (a completion, an agent's state change) that another process
   * forwarded to this one and this one ran, so the routing process's history records them as its own hosts' calls.
   * Returns the unsubscribe function. Absent: every host call reaches the process that runs it directly.
   */
  onForwardedCall?(listener: (call: ForwardedHostCall) => void): () => void
  /**
   * Several processes: every version deployed through any of them, once, in the order of the events around it (a
   * host following one process hears of a deploy made through another). Returns the unsubscribe function. Absent:
   * the server announces its own deploys.
   */
  onDeployed?(listener: (event: VersionDeployedEvent, json: string) => void): () => void
  /** Whether this process can serve now (/readyz), and its shared store's connection (/metrics). Absent: ready. */
  status?(): CoordinatorStatus
  /** Called each time `status()`'s Redis reachability changes (lost, back), so stale marks can be sent as it does. */
  onReachability?(listener: () => void): () => void
  /** Stops every router and timer (a Redis coordinator hands its interactions over first). */
  stop(): Promise<void>
}
