// The shapes the history keeps: one record per finished interaction, one row per handling, agent state changes.

/** A node the interaction entered, with when it entered and the output it left by. */
export interface PathStep {
  strategy: string
  node: string
  at: number
  /** The output taken (`next`, `timeout`, a switch case ...), when the trace shows it. */
  exit?: string
}

/** A wait in a virtual queue (a target node) from `entered` to `left`. */
export interface QueueSegment {
  strategy: string
  node: string
  targets: string[]
  priority: number
  entered: number
  left: number
  /** How the wait ended: routed from here, abandoned, timed out, or the strategy moved on. */
  result: 'routed' | 'abandoned' | 'timeout' | 'left'
}

/** One reservation the router made for an agent, and what became of it. */
export interface ReservationAttempt {
  at: number
  agent: string
  target: string
  /**
   * `rejected`: the agent declined or did not answer (the router's timeout, or a host's `no-answer`: `reason` tells
   * them apart); `withdrawn`: the host took the offer back (not the agent's doing).
   */
  result: 'confirmed' | 'rejected' | 'withdrawn' | 'pending'
  reason?: string
}

/** The explanation of the last selection, in a few fields (the full one stays in the trace). */
export interface SelectionSummary {
  node: string
  rule: string
  reason: string
  winner?: string
  candidates: number
  /** Candidates left out, by reason (`not-ready: 3`). */
  excluded: Record<string, number>
}

/** One finished interaction: what a reporting analyst reads back. */
export interface InteractionRecord {
  /** The interaction's id as the host gave it. */
  id: string
  /** Which router wrote it (several routers may share a PostgreSQL store). */
  router: string
  strategy: string
  /** A content hash of the strategy document that ran (sha-256, 16 hex digits); the strategy id when unknown. */
  strategyVersion: string
  media: string
  /** When it entered the strategy (ms since the epoch). */
  arrivedAt: number
  /** When an agent took it (the outcome `routed`). */
  answeredAt?: number
  finishedAt: number
  outcome: string
  /** Milliseconds waited before the answer or the end, from the first queueing (0 when routed at once). */
  waitMs: number
  agent?: string
  /** The target that brought the agent (`group:sales`). */
  target?: string
  /**
   * The targets of the last queue segment (where the interaction ended: docs/figures.md), several joined by
   * REPORT_KEY_SEPARATOR (`reportKeys` splits them): the virtual queues of reports.
   */
  queue?: string
  /** The group target that answered and the groups of the last segment, else the last group waited for; joined as queue. */
  group?: string
  /**
   * Queues in turn: the keys of the earlier queues it left for a later one and did not end in (their overflow out,
   * docs/figures.md "Entered and overflow out"), joined as queue; absent when it ended in every queue it entered.
   */
  overflowQueue?: string
  /** The same for groups: the groups of those earlier queues it did not end in; joined as queue. */
  overflowGroup?: string
  /** `strategy/node` of the target node that answered or was the last waited in. */
  node?: string
  priority: number
  destination?: string
  /** Abandoned: why, as the host said (`caller-hangup`, `queue-timeout`, `host`); absent when it gave none. */
  abandonReason?: string
  /** Abandoned: the host's note beside its reason. */
  abandonNote?: string
  path: PathStep[]
  segments: QueueSegment[]
  reservations: ReservationAttempt[]
  selection?: SelectionSummary
  /** Attached data the strategy chose to keep (its `attach` nodes), bounded in size. */
  data: Record<string, unknown>
  /**
   * The history gave this interaction up while it was open (more than `maxOpen` open at once, the recorder's
   * `givenUp` counter): what it saw before then (path, waits, reservations, data) is missing from this record.
   */
  truncated?: true
}

/** An agent's time with one interaction, from the answer to the host's `complete` or transfer. */
export interface HandlingRecord {
  interaction: string
  router: string
  agent: string
  media: string
  startedAt: number
  endedAt: number
  endedBy: 'completed' | 'transferred'
  /** Transferred: where to, as the host's complete said (`to`: a destination or an agent); absent when it gave none. */
  transferredTo?: string
  /** The wrap-up code the agent picked (serve's complete `disposition`); absent when the host gave none. */
  disposition?: string
  strategy: string
  queue?: string
  group?: string
  node?: string
  /**
   * The history gave this handling up before the host ended it (more than `maxOpen` answered and not completed at
   * once, the recorder's `handlingGivenUp` counter): `endedAt` is when it was given up, not the host's complete.
   */
  truncated?: true
}

/** An agent state change reported by the host (`router.agentEvent`). */
export interface AgentStateRecord {
  router: string
  agent: string
  /** Empty for a change of the agent as a whole, else the media it applies to. */
  media: string
  state: string
  at: number
  /** The agent's groups at the time, for group occupancy. */
  groups: string[]
  /** Why the agent is in `state` (`lunch`), when the host said (AgentEventInput's `reason`). */
  reason?: string
  /**
   * Who set the state (serve's AgentStateBy): `host` (the host's state call), `supervisor` (one with `by:
   * "supervisor"`), `router` (the router made the agent not ready after a host's reject), `timeout` (after a
   * reservation nobody answered: RONA); absent when unknown.
   */
  by?: string
  /** With `by: "supervisor"`: her name, when the call gave one (absent in rows written before 0010). */
  supervisor?: string
}

/** Anything the writer sends to a store. */
export type HistoryItem =
  | { kind: 'interaction'; record: InteractionRecord }
  | { kind: 'handling'; record: HandlingRecord }
  | { kind: 'agent-state'; record: AgentStateRecord }
