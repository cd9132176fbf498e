// The router's public shapes: what a host submits, the events it receives, explanations and traces.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { AgentStatus, StatFeed, StatProvider, StatSubject } from '../stats/provider.ts'
import type { Clock, Random } from '../time/clock.ts'

/** An interaction the host asks the router to route. */
export interface InteractionInput {
  /** Unique among the interactions the router currently knows. */
  id: string
  /** The strategy to run, by its `strategy:` id. */
  strategy: string
  /** Default `voice`. */
  media?: string
  ani?: string
  dnis?: string
  /** Starting priority (higher is served first); default 0. */
  priority?: number
  /** Attached data; the strategy's `inputs` are checked against it. */
  data?: Record<string, unknown>
  /**
   * The interaction arrives already connected to this agent (a call dialled straight to the agent's extension and
   * answered there): its strategy does not run, nothing is offered or reserved for anyone else, and it is recorded
   * as the agent's from its arrival: `routed` (with `connected: true`, `direct: true`, explanation rule `direct`)
   * and `finished { outcome: 'routed' }` at once (Genesys: a direct call to an agent DN is the agent's call, never
   * routed; Cisco ICM: a non-routed call counted on the agent). Offers of other interactions holding the agent's
   * places are withdrawn and those served again, as with `connectAgent`. Refused with an `error` event, nothing
   * created, when the agent is unknown, the note or time is wrong (`answer-time`), or its confirmed work leaves no
   * place for the media (`no-free-place`). `at`: when the agent answered, if earlier than now (the arrival then).
   * @example
   * router.submit({ id: 'call-9', strategy: 'inbound', connectedTo: { agent: 'a17', note: 'dialled 2017' } })
   */
  connectedTo?: ConnectAnswer
}

/** A function the host registers for `function` nodes. May answer synchronously or with a promise. */
export type HostFunction = (args: unknown[], context: HostFunctionContext) => unknown

export interface HostFunctionContext {
  interaction: string
  /** The function's timeout in ms; the router stops waiting after it. */
  timeoutMs: number
}

/** Bounds that protect the router from one bad strategy or host. */
export interface RouterLimits {
  /** Nodes an interaction may enter (loops included) before it fails. */
  maxSteps: number
  /** Interactions that may wait in virtual queues at once; the next one fails instead. */
  maxWaiting: number
  /** Subroutine nesting. */
  maxDepth: number
  /** A reservation not confirmed within this many ms puts the interaction back in its place. */
  reservationTimeoutMs: number
  /** Host functions with no timeout of their own. */
  functionTimeoutMs: number
  /** Statistics that answer with a promise must answer within this many ms. */
  statTimeoutMs: number
  /**
   * Characters of text (keys and string values, at any depth) in the data a host hands the router: an
   * interaction's attached data at submit and a host function's answer (not a resumed snapshot's, which holds what the
   * strategy attached too). More fails that
   * interaction (or refuses the snapshot); default 65536 (64 KB of text), far above real attached data.
   */
  maxDataChars: number
  /** Keys and list items, at any depth, in the data a host hands the router (see maxDataChars); default 10000. */
  maxDataEntries: number
  /** Levels of maps and lists in the data a host hands the router (see maxDataChars); default 8. */
  maxDataDepth: number
  /**
   * Characters of a submitted interaction's `id` and `strategy`; default 256. A longer one (or one holding a control
   * character) is refused at submit with an `error` event (`code: 'over-limit'`), and nothing is created.
   */
  maxIdChars: number
  /** Characters of a submitted interaction's `ani` and `dnis` (see maxIdChars); default 128. */
  maxAddressChars: number
  /** Trace entries kept per interaction. */
  traceEntries: number
  /** Finished interactions whose trace stays available. */
  keptFinished: number
  /**
   * Candidates listed per target in an explanation. 0: a routed decision is not explained (its explanation names
   * the node, rule and winner, lists no candidate and gives a fixed reason), for hosts that read no explanation.
   */
  explainCandidates: number
  /**
   * true: where the usual decision allows (longest idle, one target with agents ready, no pool listed whole), a routed
   * decision's explanation is a summary: node, rule, winner and reason as with candidates listed, and `weighed`, how
   * many candidates it would have listed, in place of the candidate objects. For hosts whose listeners keep only a
   * summary (history records); the designer and the trace API read full explanations (the default, false).
   */
  explainSummary: boolean
  /**
   * false (with explainSummary and `record`): a summary's reason text is not built on the routing thread. Its
   * explanation's `reason` is a fixed text and the run record carries the figures it is written from (winner's idle
   * time, who freed up, priority, wait), from which the record's reader writes the same text (idleLongestReason,
   * firstInLineReason). For a host whose only reader of explanations is its run records (simulate with `record` and
   * no `onEvent`); default true.
   */
  reasonText: boolean
  /**
   * false: a `routed` event's `reservation` is '' instead of its id text (`<interaction>#<n>`), for a host that never
   * answers a reservation by its id (simulate without a listener: one string built and dropped per decision). The
   * router's own checks of a host's answer build the id when they need it; default true.
   */
  reservationIds: boolean
}

export interface RouterOptions {
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
  stats?: StatProvider & Partial<StatFeed>
  clock: Clock
  random?: Random
  functions?: Record<string, HostFunction>
  onEvent?: (event: RouterEvent) => void
  /**
   * Told of data the router refused from its statistics provider (an agent status with an unknown state, a
   * load that is not a count); without it each becomes an `error` event.
   */
  onProblem?: (problem: string) => void
  limits?: Partial<RouterLimits>
  /**
   * Written into every reservation id (`<interaction>#<tag><seq>`), so routers that replace one another (a
   * server's strategy versions, the next routing process after a takeover) never give out the same id twice, and a
   * late answer to an old reservation cannot match a new one. At most 64 printable characters, no `#`. Default none.
   */
  reservationTag?: string
  /**
   * A compact record of each run, written by the router as it routes (RUN_RECORD's entries: nodes entered and
   * left, queue waits, reservations, attached data, the finish with its selection's summary), for a history recorder
   * that would otherwise read every trace and explanation back. Traces stay as `limits` keep them.
   */
  record?: RunRecordWriter
}

/**
 * Where the router writes run records (RouterOptions.record): a host's reusable numeric buffer, e.g. a history
 * recorder's packer. An entry is `begin(code)`, its fields in RUN_RECORD's order, `end()`.
 */
export interface RunRecordWriter {
  /** Starts an entry: its RUN_RECORD code. */
  begin(code: number): void
  /** A text seldom seen twice (an interaction id, a selection's reason): `i`. */
  id(text: string): void
  /** A repeated string (strategy, node, agent, target, output, outcome), or null: `s`, `S`. */
  shared(text: string | null): void
  /** A number, or null: `n`, `N`. */
  num(value: number | null): void
  /** The attached data of a `data` entry: `D`. */
  data(value: Record<string, unknown>): void
  end(): void
}

/** Why a candidate agent was not chosen. */
export type ExclusionReason =
  | 'not-ready'
  | 'no-capacity'
  | 'below-threshold'
  | 'skill-mismatch'
  | 'reserved'
  | 'statistic-unavailable'

export interface ExplainedCandidate {
  agent: string
  /** The target that brought the agent in: `group:sales`, `queue:support`, `skill:skills.vip >= 5`, `agent:a1`. */
  target: string
  /** Statistic values the rule compared (seconds ready, occupancy ...). */
  values: Record<string, number>
  excluded?: ExclusionReason
  /** 1 for the winner, 2 for the runner-up ... among eligible candidates. */
  rank?: number
}

/** Why a target selection chose its agent (or nobody). */
export interface Explanation {
  node: string
  rule: string
  candidates: ExplainedCandidate[]
  winner?: string
  reason: string
  /**
   * A summary's count of candidates weighed (RouterLimits.explainSummary), whose `candidates` are not listed: as
   * many as the list would have held. Absent when `candidates` lists them.
   */
  weighed?: number
}

interface EventBase {
  interaction: string
  /** Clock time (ms). */
  at: number
}

export type RouterEvent =
  | (EventBase & {
      type: 'treatment'
      node: string
      treatment: Record<string, unknown>
      /** `music music/hold`, as the DSL's describeTreatment writes it. */
      description: string
    })
  | (EventBase & {
      type: 'routed'
      node: string
      target: string
      agent: string
      reservation: string
      priority: number
      explanation: Explanation
      /**
       * true: the host said the interaction is connected to this agent already (`connectAgent`): nothing is to be
       * offered, and the `finished` event follows at once.
       */
      connected?: true
      /**
       * true: the interaction arrived connected (submit's `connectedTo`): no strategy ran, no routing decision was
       * made and nothing was offered; the event only says whose it is.
       */
      direct?: true
    })
  | (EventBase & {
      type: 'reservation-rejected'
      agent: string
      /** The id of the reservation that ended (the `routed` event's `reservation`). */
      reservation: string
      reason: string
      /**
       * true: the host withdrew the offer (`rejectReservation` with `reason: 'withdrawn'`), not the agent's doing:
       * the agent's state was left as it was. Absent when the agent declined or did not answer (in the router's time or
       * as the host says: `reason: 'no-answer'`).
       */
      withdrawn?: true
      /**
       * Not withdrawn: the reason the router made the agent not ready with (NOT_READY_REASONS). Absent too when the
       * agent had logged out of the offer's media meanwhile: she stays logged out.
       */
      notReady?: import('../selection/not-ready.ts').NotReadyReason
      /**
       * true: nobody confirmed the reservation within the router's reservation timeout (the router's own RONA).
       * Absent when a host rejected or withdrew it.
       */
      timedOut?: true
    })
  | (EventBase & { type: 'queued'; node: string; priority: number; targets: string[] })
  | (EventBase & { type: 'timeout'; node: string })
  | (EventBase & {
      type: 'priority-changed'
      /** The host's setPriority: the priority before and after (higher is served first). */
      from: number
      to: number
      /** The node it was at (its target node when waiting in line). */
      node?: string
      /**
       * true: it waits in line at `node` and moved to its new place now (the history reads it as the same wait at a
       * new priority, as an escalation). Absent: not in line (reserved, or not at a target yet): the priority applies
       * when it queues.
       */
      inLine?: true
    })
  | (EventBase & { type: 'failed'; reason: string; node?: string })
  | (EventBase & {
      type: 'finished'
      outcome: Outcome
      destination?: string
      values?: Record<string, unknown>
      /**
       * Routed, confirmed late (`confirmReservation`/`connectAgent` with `at` earlier than now): when the agent
       * answered. The wait ends and the handling starts then; `at` stays the time the router heard of it. Absent
       * when the answer is now.
       */
      answeredAt?: number
      /** Abandoned: why, as the host said (`abandon`'s `how.reason`); absent when it gave none. */
      abandonReason?: AbandonReason
      /** Abandoned: the host's note, when it gave one. */
      note?: string
    })
  | (EventBase & { type: 'data-attached'; node: string; data: Record<string, unknown> })
  | (EventBase & {
      type: 'error'
      reason: string
      agent?: string
      /**
       * What went wrong, as data. `stale-reservation`: a confirm or reject named a reservation that is not the one
       * pending (see `current`). `answer-time`: a confirm's or connect's `at` is in the future or too early.
       * `no-free-place`: the agent a connect names has no free place for the interaction's media. `over-limit`,
       * `control-character`: a submit's text field is longer than its limit (limits.maxIdChars, maxAddressChars)
       * or holds a control character; `media-name`: its media is no media name (the DSL's rule); `unknown-strategy`:
       * its strategy is not loaded (the reason lists those that are); `wrong-input`: a submit with `connectedTo` whose `data` is
       * not a map or does not match its strategy's inputs (a normal submit fails its run instead). Nothing was created.
       * A command in the wrong state, nothing changed: `run-finished`: the interaction's strategy run already finished
       * (the reason names the outcome; `routed`: it is with its agent, only `complete` applies); `no-treatment`:
       * `treatmentDone` while no treatment is awaited; `no-reservation`: a confirm or reject while none is pending;
       * `not-connected`: a `complete` of an interaction no agent has (still routing, waiting, or its offer unconfirmed).
       * `not-movable`: an `exportInteraction` of one that is not waiting (reserved outside a target, calling a host
       * function): a host that asked only to learn whether it moves can drop it by this code.
       */
      code?: RouterErrorCode
      /** With `stale-reservation`: the reservation pending now, `null` when none is. */
      current?: string | null
      /** With `unknown-strategy`: the loaded strategy whose name is close, as the DSL's diagnostics carry it. */
      fix?: import('@routewright/strategy-dsl').NameFix
    })

export type RouterEventType = RouterEvent['type']

/** The codes of the `error` events a host may act on (see the event's `code`). */
export type RouterErrorCode =
  | 'stale-reservation'
  | 'answer-time'
  | 'no-free-place'
  | 'over-limit'
  | 'control-character'
  | 'media-name'
  | 'unknown-strategy'
  | 'wrong-input'
  | 'run-finished'
  | 'no-treatment'
  | 'no-reservation'
  | 'not-connected'
  | 'not-movable'

/** How an interaction's strategy finished. */
export type Outcome =
  | 'routed'
  | 'timeout'
  | 'default-route'
  | 'abandon'
  | 'abandoned'
  | 'reject'
  | 'return'
  | 'route'
  | 'error'

/** One step of an interaction's run, for the designer's debugger. */
export interface TraceEntry {
  at: number
  strategy: string
  node: string
  kind: 'enter' | 'exit' | 'value' | 'stat' | 'selection' | 'wait' | 'treatment' | 'error' | 'finish'
  /** The output taken (`exit`), the variable or key written (`value`), the statistic read (`stat`). */
  name?: string
  value?: unknown
  /** For statistics: when the figure was true and which provider gave it. */
  asOf?: number
  provider?: string
  /** The provider marked the figure as older than it should be (e.g. a Redis feed that stopped). */
  stale?: boolean
  message?: string
  /** With an `error` whose message has a did-you-mean (a subroutine not loaded): the name written and the one meant. */
  fix?: import('@routewright/strategy-dsl').NameFix
}

export interface AgentEventInput {
  agent: string
  state: import('@routewright/strategy-dsl').AgentState
  media?: string
  /**
   * When it happened (ms); defaults to now, and a time ahead of the router's clock counts as now. Events older than
   * the agent's last one are refused.
   */
  at?: number
  /**
   * Why the agent is in `state` (`lunch`, `training`): short text, at most limits.maxIdChars characters and no control
   * character; refused with `ready`. Kept with the state until the next event (the router's own is `no-answer` or
   * `declined` when it makes the agent not ready after a RONA: NOT_READY_REASONS).
   */
  reason?: string
}

export type TreatmentResult = { digits?: string } | { error: string }

/** An agent's state as `agentStates()` reads it. */
export interface AgentStateRead {
  id: string
  state: import('@routewright/strategy-dsl').AgentState
  /** States set for one media only, by media. */
  media?: Record<string, import('@routewright/strategy-dsl').AgentState>
}

/**
 * A waiting interaction as `waitingInAnyOrder()` reads it: `waiting()`'s entry and its place among equals. Line order
 * is priority (higher first), then `since` (older first), then `arrival` (lower first: the router's queueing order).
 */
export type WaitingRead = RouterSnapshot['waiting'][number] & {
  /** The router's arrival order (a count it keeps), for entries of the same priority and age. */
  arrival: number
}

export interface RouterSnapshot {
  at: number
  agents: Array<
    { id: string } & AgentStatus & {
        reserved: number
        /** Places reserved per media. */
        reservations: Record<string, number>
        /** Why the agent is in `state`, when it was given one (AgentEventInput's, or the router's after a RONA). */
        reason?: string
        /** States set for one media only. */
        media?: Record<
          string,
          { state: import('@routewright/strategy-dsl').AgentState; since: number; reason?: string }
        >
      }
  >
  waiting: Array<{ interaction: string; node: string; priority: number; since: number; targets: string[] }>
  active: number
}

/** Which reservation a host's confirm or reject answers: the `reservation` of the `routed` event it saw. */
export interface ReservationAnswer {
  reservation?: string
}

/** A host's confirm: the reservation it answers, and when the agent answered if the host heard of it late. */
export interface ConfirmAnswer extends ReservationAnswer {
  /**
   * When the agent answered (clock ms), if earlier than now: the host heard of it late (a link down). Handle time
   * and speed of answer count from it. Never in the future, never before the reservation's `routed` event.
   */
  at?: number
}

/**
 * The host's word that an interaction is connected to `agent` already, whichever agent the router offered it to
 * (Genesys: a call answered at a DN the router did not choose is still reported and taken out of queue; TaskRouter:
 * a host accepts a task for a worker).
 * @example
 * router.connectAgent('call-1', { agent: 'a17', at: answeredAt, note: 'answered while the link was down' })
 */
export interface ConnectAnswer {
  agent: string
  /** When the agent answered (clock ms), if earlier than now: never in the future, never before the interaction arrived. */
  at?: number
  /** Why, in a few words (at most 200 characters), kept in the trace and the event of a reservation it takes back. */
  note?: string
}

/**
 * Why a host ends a reservation without the agent taking it. `declined`: the agent said no (busy, refused): the
 * agent is made not ready with reason `declined`. `no-answer`: the offer reached the agent and rang out (the host's
 * own ring timeout, as TaskRouter's `reservation.timeout`): the agent is made not ready with reason `no-answer`, as
 * by the router's own reservation timeout (RONA). `withdrawn`: the host takes the offer back for a reason that is not
 * the agent's (the phone was never rung, the offer could not be delivered): the agent keeps its state.
 */
export type RejectReason = 'declined' | 'no-answer' | 'withdrawn'

/** A host's reject: the reservation it answers, and why (TaskRouter's rejected vs rescinded). */
export interface RejectAnswer extends ReservationAnswer {
  /** Default `declined`. */
  reason?: RejectReason
  /** Why, in a few words (at most 200 characters), kept in the event's `reason` and the history's attempt. */
  note?: string
}

/** Why the host gave an interaction up: the caller hung up, its queue time ran out at the host, or the host's own doing. */
export type AbandonReason = 'caller-hangup' | 'queue-timeout' | 'host'

export interface AbandonHow {
  /** Absent (an older host): no reason given. */
  reason?: AbandonReason
  /** Why, in a few words (at most 200 characters), kept in the trace and the history record. */
  note?: string
}

/** A host's relative priority change: `{ by: 10 }` raises it by 10, `{ by: -5 }` lowers it by 5. */
export interface PriorityChange {
  by: number
}

export interface Router {
  submit(interaction: InteractionInput): void
  agentEvent(event: AgentEventInput): void
  treatmentDone(interaction: string, result?: TreatmentResult): void
  /**
   * The agent took the interaction. With `{ reservation }` (the `routed` event's id) the answer is for that
   * reservation only: one that is no longer pending (it timed out and the interaction was reserved again, perhaps
   * for another agent) is refused with an `error` event naming the current one, and nothing changes. Without it, the
   * answer is for the current reservation, whichever it is.
   */
  confirmReservation(interaction: string, answer?: ConfirmAnswer): void
  /**
   * The interaction is connected to `agent` already (the agent answered it, whatever the router offered): it leaves
   * its place in line, or its pending reservation for another agent is withdrawn (that agent keeps its state, no
   * RONA), and it is reserved for and confirmed with `agent` at once: `routed` (with `connected: true`) and
   * `finished { outcome: 'routed' }`, as a confirmed reservation. When `agent`'s places are held by pending offers
   * of other interactions, the fewest of them are withdrawn (the most recent first; `reservation-rejected` with
   * `withdrawn: true`, no RONA) and those interactions are served again by the usual rules. Refused with an `error`
   * event, nothing changed, when `agent` is unknown, its confirmed work leaves no place for the interaction's media
   * (`code: 'no-free-place'`), or the interaction waits for no agent.
   */
  connectAgent(interaction: string, answer: ConnectAnswer): void
  /**
   * The agent declined (`reason: 'declined'`, the default): not ready, and the interaction back in its place in
   * line. `reason: 'no-answer'`: the same, the agent's not-ready reason `no-answer` (as after the router's own
   * reservation timeout) and the event's text `not answered (host)`. `reason: 'withdrawn'`: the host takes the offer back for a reason that is not the agent's: only the
   * reserved place is given back (the agent's state and load stay as they were) and the interaction goes back in
   * its place in line; the event carries `withdrawn: true`. `{ reservation }` as for confirmReservation.
   * @example
   * router.rejectReservation('call-1', { reservation, reason: 'withdrawn', note: 'offer never reached the phone' })
   */
  rejectReservation(interaction: string, answer?: RejectAnswer): void
  /**
   * The interaction ended before an agent took it: taken out of line, or its offer withdrawn. `how.reason` (and
   * `note`) go into the trace's finish entry and the `finished` event (`abandonReason`, `note`); an unknown reason
   * or an over-long note is refused with an `error` event and changes nothing.
   */
  abandon(interaction: string, how?: AbandonHow): void
  complete(interaction: string): void
  /**
   * The host changes a live interaction's priority (higher is served first): a whole number, or `{ by }` relative to
   * its priority now, within PRIORITY_BOUNDS (as in a strategy). Waiting in line, it moves to its new place at once
   * (priority, then its age: its first queueing is kept) in every pool it waits in, and an agent ready for it now
   * takes it as at any wake-up; reserved, a reject puts it back at the new priority; not queued yet (a treatment, a
   * wait node), it queues with it later unless its target node sets its own. A `value` trace entry and a
   * `priority-changed` event (`from`, `to`) record it, and exportInteraction carries it. Refused with an `error`
   * event, nothing changed, for an unknown or finished interaction (`run-finished`), a value that is not a whole
   * number, or one out of range (`over-limit`). Mirrors Amazon Connect's UpdateContactRoutingData (QueuePriority)
   * and TaskRouter's task Priority update.
   * @example
   * router.setPriority('call-1', 50)
   * router.setPriority('call-1', { by: 10 })
   */
  setPriority(interaction: string, priority: number | PriorityChange): void
  /**
   * Changes an agent's skills, groups or capacity at run time; skill targets re-evaluate only that agent. A definition
   * that does not fit the directory's agent format, or names a group or capacity rule the directory lacks, is refused
   * with an `error` event and changes nothing.
   */
  updateAgent(agent: string, definition: import('@routewright/strategy-dsl').Agent): void
  snapshot(): RouterSnapshot
  /** `snapshot().waiting` alone: the interactions waiting now in line order (priority, then age), without copying every agent. */
  waiting(): RouterSnapshot['waiting']
  /**
   * The interactions waiting now, in no order, each with what puts it in line order (WaitingRead): what a page of the
   * line picks from without the copy and sort of the whole line that `waiting()` does on every call.
   */
  waitingInAnyOrder(): WaitingRead[]
  /**
   * Every agent's id, state and states set for one media only, in no order: what a page of agents filters on,
   * without copying each agent's counts and times (and the waiting line) as `snapshot()` does.
   */
  agentStates(): AgentStateRead[]
  /** `snapshot().agents`' entry for one agent, or undefined for an id the directory lacks. */
  agent(id: string): RouterSnapshot['agents'][number] | undefined
  trace(interaction: string): TraceEntry[] | undefined
  /**
   * A waiting interaction (in a queue, a wait or a treatment) as plain JSON, to store (Redis) and resume in
   * another router with `resumeInteraction`. With `release` this router lets go of it (no `finished` event).
   * Undefined, with an `error` event saying why (`code: 'not-movable'`), when it is not waiting (reserved, calling
   * a host function ...).
   */
  exportInteraction(interaction: string, options?: { release?: boolean }): InteractionSnapshot | undefined
  /** Takes over an exported interaction: its variables, its place in line (same age), its remaining timers. */
  resumeInteraction(snapshot: InteractionSnapshot): void
  /**
   * Finishes every live interaction (`error`, "The router stopped"), unsubscribes from the provider (what it sends
   * later is ignored) and releases the clock timer. A stopped router refuses `submit` and `resumeInteraction` with
   * an `error` event; calling `stop` again does nothing.
   */
  stop(): void
}

/** One frame of an exported interaction: the strategy (or subroutine) and the node it is at. */
export interface FrameSnapshot {
  strategy: string
  node: string
  variables: Record<string, unknown>
  inputs?: Record<string, unknown>
  /** The calling node in the frame below, for subroutine frames. */
  caller?: string
  waitingFor?: string
  /** When the node was entered (ms): its timeouts and escalation steps count from it. */
  enteredAt: number
}

/** An interaction's place in a target node's virtual queue. */
export interface WaitSnapshot {
  priority: number
  /** Its age in line: when it first queued. */
  enqueuedAt: number
  /** Target specs by their path in the node (`targets.0`, `escalate.1.add.0`). */
  targets: string[]
  treatmentIndex: number
  treatmentsActive: boolean
  cycleStartedAt: number
}

/** A reservation pending when its interaction was exported: resumed, it is still the one the host answers. */
export interface ReservationSnapshot {
  agent: string
  target: string
  /** Its id as the host has it (the `routed` event's `reservation`): kept by the router that resumes it. */
  id: string
  /** When it was made. */
  at: number
  /** When it times out (RONA) unless answered. */
  expiresAt: number
}

/** A waiting interaction as plain JSON (exportInteraction / resumeInteraction). */
export interface InteractionSnapshot {
  format: 'routewright-interaction/1'
  exportedAt: number
  id: string
  strategy: string
  media: string
  ani: string
  dnis: string
  data: Record<string, unknown>
  priority: number
  startedAt: number
  firstQueuedAt?: number
  /** The subjects it last left unanswered (a time-out) and has not waited in since: an abandon is counted there. */
  leftQueue?: StatSubject[]
  steps: number
  path: string[]
  treatments: string[]
  frames: FrameSnapshot[]
  wait?: WaitSnapshot
  /** The reservation pending at the export, if any (the wait is then the one it goes back to if rejected). */
  reservation?: ReservationSnapshot
  trace: TraceEntry[]
}
