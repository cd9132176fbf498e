// The vendor-neutral statistics interface (the Stat Server's role). Pure types: implementations live beside it.
import type { AgentState, StatSubjectKind, StatWindow } from '@routewright/strategy-dsl'

/** What a statistic is about: `{ kind: 'group', id: 'vip_team' }`. Written `group:vip_team` in text. */
export interface StatSubject {
  kind: StatSubjectKind
  id: string
}

/** One statistic of one subject over a window, e.g. ExpectedWaitTime of queue:sales, current. */
export interface StatRequest {
  subject: StatSubject
  /** A name from the DSL's STATISTICS catalogue, possibly with a parameter: `ServiceLevel(20s)`. */
  statistic: string
  window: StatWindow
}

/** A figure and how fresh it is; routing decisions record both. */
export interface StatReading {
  value: number
  /** Clock time (ms) at which the figure was true at the source. */
  asOf: number
  /** Set by remote providers when `asOf` is older than their freshness limit; the figure may no longer hold. */
  stale?: boolean
}

/** An agent's live status as the router needs it for selection. */
export interface AgentStatus {
  state: AgentState
  /** Clock time (ms) the agent entered `state`; for `ready` this orders longest idle. */
  since: number
  /** Interactions in progress per media. */
  load: Readonly<Record<string, number>>
  /** Per media: when the agent's last interaction there ended (longest idle counts from it). */
  idleSince?: Readonly<Record<string, number>>
  /**
   * States set for one media only (ready for voice while logged out agent-wide); absent: none. Logged in on a
   * media of her capacity is logged in: `loggedInOnAnyMedia(state, mediaStates, capacity.media)`.
   */
  mediaStates?: Readonly<Record<string, AgentState>>
  /** Per media in `mediaStates`: when it entered that state (ms); a media missing here counts from `since`. */
  mediaSince?: Readonly<Record<string, number>>
}

/** A change the router reacts to: an agent became ready, a statistic moved. */
export type StatChange =
  | { kind: 'agent'; agent: string; status: AgentStatus }
  | { kind: 'statistic'; subject: StatSubject; statistic: string }
  /** The provider lost its source and got it back: what it knows may have changed, the router reloads it all. */
  | { kind: 'reconnected' }

export type MaybePromise<T> = T | Promise<T>

/**
 * A source of statistics. Sync answers keep the router's hot path free of awaits; remote back ends may answer
 * with promises, and the router bounds every call with a timeout and turns throws, time-outs and non-finite
 * values into the node's error output.
 */
export interface StatProvider {
  /** For traces: `"memory"`, `"redis"`. */
  readonly name: string
  read(request: StatRequest): MaybePromise<StatReading>
  /** The live status of an agent, or undefined when the provider does not know the agent. */
  agentStatus(agent: string): MaybePromise<AgentStatus | undefined>
  /** Change notifications; returns the function that unsubscribes. */
  subscribe(listener: (change: StatChange) => void): () => void
  /**
   * Every agent's live status at once (the Stat Server's snapshot): the router loads it at start and after a
   * `reconnected` change, so a restarted router routes at once. Optional; statuses are checked before use.
   */
  agentStatuses?(): MaybePromise<Readonly<Record<string, AgentStatus>>>
}

/**
 * Optional on every interaction event: a small integer (>= 0) the feeder gives the interaction while it feeds it,
 * reused once the interaction is gone. A provider may keep its record of the interaction in an array slot by it
 * and so find it without a look-up by id. A feeder that gives refs names an interaction by the same ref on every
 * event from its first to its last; events without a ref are looked up by id, and two feeders may number their
 * refs alike (a ref another feeder's interaction holds is looked up by id), but one interaction is never fed under
 * two refs at once. The router sets it.
 */
export interface StatEventRef {
  ref?: number
}

/** Facts the router reports so a provider can compute statistics from them (the T-Server event feed). */
export type StatEvent =
  | { type: 'agent-state'; agent: string; state: AgentState; media?: string; reason?: string; at: number }
  | {
      /**
       * The router holds (+1) or let go of (-1) a place of the agent's on `media` for an offer ringing at her (a
       * reservation; confirmed, it becomes the routed interaction's load): free places count it as the router does.
       */
      type: 'agent-reservation'
      agent: string
      media: string
      held: 1 | -1
      at: number
    }
  | ({
      type: 'interaction-queued'
      interaction: string
      targets: readonly StatSubject[]
      media: string
      at: number
      /** When the interaction first queued (its age in line), if earlier than `at`. */
      since?: number
    } & StatEventRef)
  | ({
      type: 'interaction-routed'
      interaction: string
      agent: string
      targets: readonly StatSubject[]
      media: string
      at: number
      /**
       * When the agent answered, if earlier than `at` (the host heard of it late): the wait and the handle time count
       * from it; the changes themselves are at `at`.
       */
      answeredAt?: number
    } & StatEventRef)
  | ({
      type: 'interaction-abandoned'
      interaction: string
      targets: readonly StatSubject[]
      at: number
    } & StatEventRef)
  | ({
      type: 'interaction-left-queue'
      interaction: string
      targets: readonly StatSubject[]
      at: number
    } & StatEventRef)
  | ({
      type: 'interaction-completed'
      interaction: string
      agent: string
      media: string
      at: number
    } & StatEventRef)

/** A provider the router can feed with events (the in-memory provider is one). */
export interface StatFeed {
  /**
   * `from`: the feeder's own listener (as it gave it to `subscribe`), when the feeder listens too. It made the
   * changes the event brings, so the provider need not tell it of them (and builds no change when nobody else
   * listens); every other listener is told as before.
   */
  record(event: StatEvent, from?: (change: StatChange) => void): void
}
