// Reads answered while the shared Redis is unreachable: what the process holds, marked stale (header and field),
// so a supervisor's screen can say since when; writes answer 503 meanwhile (CoordinatorUnavailable).
import type { RoutingCoordinator } from '../core/coordinator.ts'
import type { StaleMark } from '../core/types.ts'

export type { StaleMark }

/** The header a stale read carries, with the reason as its value. */
export const STALE_HEADER = 'routewright-stale'

/** The mark for a read answered now, or undefined while the coordinator's Redis (if any) is reachable. */
export function staleMark(coordinator: Pick<RoutingCoordinator, 'status'>): StaleMark | undefined {
  const since = coordinator.status?.().redis?.unreachableSince
  return since === undefined ? undefined : { reason: 'redis-unreachable', since }
}

/** A read's JSON body with the mark added (bodies of reads are objects). */
export function markedStale(body: unknown, mark: StaleMark): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, stale: mark } : body
}
