// What the parts of a Redis coordinator share in one process: whether it routes, under which epoch, and what ended
// under earlier routing processes (redis-lease.ts changes it; redis-commands.ts and redis-coordinator.ts read it).
import type { TakeoverOutcome } from './coordinator.ts'
import type { Leader } from './redis-leader.ts'

export interface RoutingState {
  /** Set once this process routes (the takeover is done). */
  leader: Leader | undefined
  /** Holds the lease (from the moment it is taken; `leader` is set once the takeover is done). */
  leading: boolean
  epoch: number
  /** The epoch last seen in Redis (a change while following means routing moved). */
  knownEpoch: number
  /** Since when Redis has had no epoch, after one was seen (it lost its data). */
  missingSince: number | undefined
  /**
   * Ids that ended under an earlier routing process, as Redis kept them when this one took over: only these need
   * a look in Redis before a command or a submit (ids this process closed are in its own book, kept as long).
   */
  endedBefore: Set<string>
  /**
   * The capability names the routing process (another one) published with its lease, as this process's last lease
   * check (or GET /v1/capabilities) read them; undefined when it published none (an older build), when nobody holds
   * the lease (routing changes hands) or none was read yet.
   */
  routingCapabilities: readonly string[] | undefined
  stopping: boolean
  /**
   * A takeover resumes the interactions Redis holds: from here this process's events are its own (its history
   * records them), though `leader` is set only once the takeover is done.
   */
  resuming: boolean
  /** A stop handed routing over (or is about to): this process takes the lease no more and reads no more events. */
  leaving: boolean
  /** What this process's last takeover did, once it took over. */
  lastTakeover: TakeoverOutcome | undefined
}

export function createRoutingState(): RoutingState {
  return {
    leader: undefined,
    leading: false,
    epoch: 0,
    knownEpoch: 0,
    missingSince: undefined,
    endedBefore: new Set(),
    routingCapabilities: undefined,
    stopping: false,
    resuming: false,
    leaving: false,
    lastTakeover: undefined,
  }
}
