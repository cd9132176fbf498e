// The server's shapes: what hosts read about interactions, versions and events (plain JSON data).
import type {
  AbandonReason,
  AgentEventInput,
  Explanation,
  InteractionInput,
  RouterErrorCode,
  RouterEvent,
  StatEvent,
  TraceEntry,
} from '@routewright/strategy-runtime'
import type { AlarmFigure } from '../alarms/alarm-schema.ts'

/** Where an interaction stands, as the server tracks it from the router's events. */
export type InteractionState =
  | 'routing'
  | 'queued'
  | 'reserved'
  | 'connected'
  | 'completed'
  | 'finished'
  | 'failed'

/** States after which an interaction holds nothing in any router. */
export const CLOSED_STATES: ReadonlySet<InteractionState> = new Set(['completed', 'finished', 'failed'])

/**
 * An event as hosts receive it: the router's event with the strategy version that produced it, the strategy the
 * interaction runs, and on a `reservation-rejected` whether it timed out (rather than the host rejecting it).
 */
export type ServerEvent = RouterEvent & { version: string; strategy?: string; timedOut?: boolean }

/** A numbered event of the stream (ids only grow; SSE resumes from one). */
export interface StreamEvent {
  id: number
  event: ServerEvent | ControlEvent
}

/** Events of the server itself: a version applied or a change refused; an alarm raised or cleared. */
export type ControlEvent =
  | VersionDeployedEvent
  | {
      type: 'reload-refused'
      at: number
      errors: number
      diagnostics: unknown[]
      /** RW091 entries, at most 20; `skippedTotal` counts them all (absent from servers before 2026-12-04). */
      skipped?: unknown[]
      skippedTotal?: number
    }
  | ({ type: 'alarm-raised' | 'alarm-cleared'; at: number } & AlarmView)
  | MonitorLiveEvent
  | WorkspaceDriftEvent
  | AgentStateEvent
  | CapabilitiesChangedEvent

/**
 * This process's answer to GET /v1/capabilities changed (several processes: the routing lease moved, or the list the
 * routing process published did): hosts that cached it read it again at their next need. This process's stream only.
 */
export interface CapabilitiesChangedEvent {
  type: 'capabilities-changed'
  at: number
  /** What GET /v1/capabilities answers now. */
  capabilities: string[]
}

/**
 * Who changed an agent's state: `host` (PUT /v1/agents/{id}/state or a batch `agent-state`), `supervisor` (the same
 * call with `by: "supervisor"`: the Monitor's agent grid), `router` (a host's reject, `no-answer` or `declined`, made
 * the agent not ready), `timeout` (a reservation expired unanswered: RONA).
 */
export const AGENT_STATE_BY = ['host', 'supervisor', 'router', 'timeout'] as const
export type AgentStateBy = (typeof AGENT_STATE_BY)[number]

/** Who may be named as the setter in a state call (`by`): the router's own values are its own to give. */
export const AGENT_STATE_CALLERS = ['host', 'supervisor'] as const satisfies readonly AgentStateBy[]

/**
 * A state call as serve carries it, to whichever process routes (forwarded as JSON, kept with the agent's last word
 * in Redis): the router's input plus who made the call; absent `by` is `host`. The router itself never sees these.
 */
export interface AgentStateCall extends AgentEventInput {
  by?: (typeof AGENT_STATE_CALLERS)[number]
  /** The supervisor's name, with `by: "supervisor"`: streamed on the `agent-state` event. */
  supervisor?: string
}

/**
 * An agent's state (for one media, or for every media without `media`) changed: once per real change, on every
 * process's stream. The statistics feed's `agent-state` event with who made the change.
 */
export type AgentStateEvent = Extract<StatEvent, { type: 'agent-state' }> & {
  by: AgentStateBy
  supervisor?: string
}

/** This process's workspace is not the version the cluster starts new interactions on (several processes, one Redis). */
export interface WorkspaceDriftView {
  /** The version new interactions start on, which another process deployed. */
  current: string
  /** This process's own workspace version. */
  workspace: string
  /** What it means and what to do. */
  warning: string
}

/**
 * The drift began or changed (`drift`), or ended (`drift: null`: the cluster routes on this workspace again, `version`).
 * On this process's stream only, once per change of state.
 */
export interface WorkspaceDriftEvent {
  type: 'workspace-drift'
  at: number
  version: string
  drift: WorkspaceDriftView | null
}

/** A strategy version is live: new interactions start on it (on every process's stream, once). */
export interface VersionDeployedEvent {
  type: 'version-deployed'
  version: string
  strategies: string[]
  at: number
}

/**
 * This process's live monitor figures as they move, at most a few times a second while traffic runs (never sent to
 * webhooks): `GET /v1/monitor` gives the whole picture with the `liveSeq` of the last one sent, these keep it current.
 */
export interface MonitorLiveEvent {
  type: 'monitor-live'
  at: number
  /** Grows by one per event (per process, from 1): an event with `seq` <= a snapshot's `liveSeq` is older than it. */
  seq: number
  /** Live entries (totals since start) of the `strategy/node`s entered since the last event; the others did not move. */
  liveNodes: Record<string, number>
  /**
   * Every target with an interaction waiting for it (`group:support`, queues); a target not listed has none. Absent:
   * not read (a process that does not route, with Redis unreachable): the waits last sent still stand.
   */
  waiting?: Array<{ id: string; waiting: number; oldestWaitingSeconds: number }>
  /**
   * Interactions waiting, each once (one waiting for several targets is in each of their `waiting` rows): with
   * `waiting`, absent when it is.
   */
  waitingTotal?: number
  /**
   * Entered and overflow out over the monitor's window as of `at`, per queue and per group (as `GET /v1/monitor`
   * names them), every one with any; one not listed has 0. Absent: not read (no workspace yet, or the waits could not
   * be read): the last ones stand.
   */
  entered?: LiveEntered
  /** Set while Redis is unreachable: these figures are what this process holds, frozen since then; absent once fresh. */
  stale?: StaleMark
}

/** A queue's or group's entered and overflow out over the window (history docs/figures.md "Entered and overflow out"). */
export interface EnteredRow {
  id: string
  entered: number
  overflowOut: number
}

/** The `entered` of a `monitor-live` event. */
export interface LiveEntered {
  queues: EnteredRow[]
  groups: EnteredRow[]
}

/** On what is answered while the shared Redis is unreachable: what this process held, as of `since`. */
export interface StaleMark {
  reason: 'redis-unreachable'
  /** Since when (epoch ms, on the server's clock) Redis has been unreachable. */
  since: number
}

/** An alarm (alarms.yaml rule x subject) as the monitor, `GET /v1/alarms` and the event stream show it. */
export interface AlarmView {
  /** `rule/subject`. */
  id: string
  rule: string
  /** The queue (`group:support`) or statistics provider the figure is about. */
  subject: string
  severity: 'warning' | 'critical'
  message: string
  /** What the rule measures: says how to read `value` and `threshold` (ratios, seconds or a count). */
  figure: AlarmFigure
  /** The figure at the last evaluation (null: nothing to measure); a cleared alarm's is the last one measured. */
  value: number | null
  threshold: number
  raisedAt: number
  clearedAt?: number
  /** Why a cleared alarm cleared (ALARM_CLEAR_REASONS); absent while it is active. */
  clearReason?: AlarmClearReason
}

/**
 * Why an alarm cleared: `recovered` (back past `clear` for `clearAfter`), `subject-gone` (its queue or provider no
 * longer reported for `clearAfter`), `rule-changed` (a reload removed or changed its rule).
 */
export const ALARM_CLEAR_REASONS = ['recovered', 'subject-gone', 'rule-changed'] as const
export type AlarmClearReason = (typeof ALARM_CLEAR_REASONS)[number]

export interface InteractionView {
  id: string
  strategy: string
  media: string
  /** The strategy version it runs on, to the end, even after a reload. */
  version: string
  state: InteractionState
  submittedAt: number
  updatedAt: number
  agent?: string
  target?: string
  reservation?: string
  outcome?: string
  /** Where a `route` outcome sends it. */
  destination?: string
  reason?: string
  /** Abandoned: why, as the host said (`caller-hangup`, `queue-timeout`, `host`); absent when it gave none. */
  abandonReason?: AbandonReason
  /** Abandoned: the host's note beside its reason, when it gave one. */
  abandonNote?: string
  /** Completed: the wrap-up code the host's complete gave (`resolved`, `sale`); absent when it gave none. */
  disposition?: string
  /**
   * The data the strategy attached, as its host heard it last (the latest `data-attached` event): a host that takes
   * the interaction over from another (a SIP bridge gone) shows and sends the same.
   */
  data?: Record<string, unknown>
  /** What the host submitted that a strategy reads, as it arrived (a replay rebuilds the decision's inputs from it). */
  submitted?: SubmittedInput
  /** Node ids entered, in order (`strategy/node` inside subroutines). */
  path: string[]
  /** Why the last selection chose its agent (or nobody). */
  explanation?: Explanation
  trace: TraceEntry[]
  /** A submit's answer only: the same request was submitted before, so this is the interaction as it is now. */
  replayed?: true
}

/** A submit's fields a strategy reads, as given (absent when not given: the router's defaults apply). */
export type SubmittedInput = Pick<InteractionInput, 'media' | 'ani' | 'dnis' | 'priority' | 'data'>

/** An agent as GET /v1/agents lists it. */
export interface AgentView {
  id: string
  /** The state for every media without one of its own. */
  state: string
  load: Record<string, number>
  reserved: number
  /** Why the agent is in `state` (the host's reason, or the router's `no-answer` / `declined` after a RONA). */
  reason?: string
  /** States set for one media only (`PUT .../state` with `media`), by media. */
  media?: Record<string, string>
  /** The reasons of those per-media states that have one, by media. */
  mediaReasons?: Record<string, string>
}

export interface WaitingView {
  interaction: string
  version: string
  node: string
  priority: number
  since: number
  targets: string[]
}

export interface VersionInfo {
  version: string
  /** `current` takes new interactions; `draining` finishes the ones that started on it. */
  status: 'current' | 'draining'
  strategies: string[]
  directory: string
  deployedAt: number
  /** Interactions on this version not yet closed. */
  open: number
}

/**
 * A refusal's code where the router has none: `unknown-interaction`, `unknown-agent` (404); `duplicate-id` (409, a
 * submit of an id open or already ended, from another request); `already-ended` (409, a command on an ended interaction); `connected` (409,
 * a command other than complete on one taken over connected); `no-media`, `out-of-order` (409, an agent state for a
 * media the agent has no capacity for, or older than its last); `no-version` (409, nothing deployed yet).
 */
export const REFUSAL_CODES = [
  'unknown-interaction',
  'unknown-agent',
  'duplicate-id',
  'already-ended',
  'connected',
  'no-media',
  'out-of-order',
  'no-version',
] as const
export type RefusalCode = (typeof REFUSAL_CODES)[number]

/** The answer to a host command: done, or why not, with an HTTP-like status. */
export type CommandResult<T = undefined> = { ok: true; value: T } | CommandRefusal

/** Why a command changed nothing; `code` and `current` as the router's error event gives them (a stale answer). */
export interface CommandRefusal {
  ok: false
  status: 404 | 409 | 422
  error: string
  /**
   * `stale-reservation`: a confirm or reject named a reservation that is not pending; `current` is the one that is.
   * `answer-time`: a late answer time out of range. `no-free-place`: a connect's agent has no free place.
   * `state-changed`: a conditional agent state change (`ifState`, `ifReason`) found the agent in another state or
   * with another reason.
   */
  code?: RouterErrorCode | 'state-changed' | RefusalCode
  /**
   * With `stale-reservation`: the reservation pending now, `null` when none is. With `state-changed`: the agent's
   * state now.
   */
  current?: string | null
  /** With `state-changed` of a change with `ifReason`: the agent's reason now, `null` when it has none. */
  currentReason?: string | null
  /** With `unknown-strategy`: the strategy of the current version whose name is close (the router's event has it too). */
  fix?: import('@routewright/strategy-dsl').NameFix
}
