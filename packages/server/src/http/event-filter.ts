// What one event stream carries: GET /v1/events?types=routed,finished&interaction=<id>&agent=<id>, checked before
// the stream opens (an unknown parameter or type is a 400 naming the ones there are, never a silent full stream).
import { didYouMean } from '@routewright/strategy-dsl'
import { CACHE_BUSTER } from '../api/run-route.ts'
import type { StreamEvent } from '../core/types.ts'

type EventType = StreamEvent['event']['type']

/** Every event type the stream carries; `satisfies` fails the build when a new type is not listed here. */
export const STREAM_EVENT_TYPES = Object.keys({
  treatment: true,
  routed: true,
  'reservation-rejected': true,
  queued: true,
  timeout: true,
  failed: true,
  finished: true,
  'data-attached': true,
  'priority-changed': true,
  error: true,
  'version-deployed': true,
  'reload-refused': true,
  'alarm-raised': true,
  'alarm-cleared': true,
  'monitor-live': true,
  'workspace-drift': true,
  'agent-state': true,
  'capabilities-changed': true,
} satisfies Record<EventType, true>) as EventType[]
const KNOWN_TYPES: ReadonlySet<string> = new Set(STREAM_EVENT_TYPES)

/**
 * What is wrong with a list of event types (`?types=`, a webhook's `events`), in words naming the closest type and
 * those there are; undefined when every one is a type the stream carries.
 */
export function unknownEventTypes(listed: readonly string[], where: string): string | undefined {
  const wrong = listed.filter((t) => !KNOWN_TYPES.has(t))
  if (wrong.length === 0) return undefined
  const first = wrong[0]!.slice(0, 64)
  return `Unknown event type ${wrong
    .slice(0, 5)
    .map((t) => JSON.stringify(t.slice(0, 64)))
    .join(
      ', ',
    )} in ${where}.${didYouMean(first, STREAM_EVENT_TYPES)} The stream's types are ${STREAM_EVENT_TYPES.join(', ')}`
}

/** The query parameters /v1/events reads. */
export const EVENT_QUERY = ['lastEventId', 'types', 'interaction', 'agent', 'errorEvent'] as const

/** The events a stream keeps; absent fields keep every event. */
export interface EventFilter {
  types?: ReadonlySet<string>
  interaction?: string
  agent?: string
}

export interface QueryRefusal {
  error: string
  code: 'unknown-query-parameter' | 'unknown-event-type' | 'invalid-query'
  /** What may be sent instead: the parameters, or the event types. */
  known?: string[]
}

/** What a stream's query asks for: the filter (undefined: every event), `routerError`: errors named `router-error`. */
export interface EventQuery {
  filter: EventFilter | undefined
  routerError: boolean
}

/** The stream's query read, or the 400's body. */
export function eventFilterOf(query: URLSearchParams): EventQuery | QueryRefusal {
  // the cache-buster, read as nothing as on every GET
  const names = [...new Set(query.keys())].filter((name) => name !== CACHE_BUSTER)
  const unknown = names.filter((name) => !(EVENT_QUERY as readonly string[]).includes(name))
  if (unknown.length > 0)
    return {
      error: `Unknown query parameter ${unknown.map((n) => JSON.stringify(n.slice(0, 64))).join(', ')} for /v1/events; it reads ${EVENT_QUERY.join(', ')}`,
      code: 'unknown-query-parameter',
      known: [...EVENT_QUERY],
    }
  for (const name of names)
    if (query.getAll(name).length > 1 || query.get(name) === '')
      return {
        error: `Query parameter "${name}" of /v1/events must be given once, not empty (types takes a comma-separated list)`,
        code: 'invalid-query',
      }
  const filter: { types?: Set<string>; interaction?: string; agent?: string } = {}
  const types = query.get('types')
  if (types !== null) {
    const listed = types.split(',').map((t) => t.trim())
    const wrong = unknownEventTypes(listed, 'types')
    if (wrong !== undefined) return { error: wrong, code: 'unknown-event-type', known: STREAM_EVENT_TYPES }
    filter.types = new Set(listed)
  }
  const interaction = query.get('interaction')
  if (interaction !== null) filter.interaction = interaction
  const agent = query.get('agent')
  if (agent !== null) filter.agent = agent
  const errorEvent = query.get('errorEvent')
  if (errorEvent !== null && errorEvent !== 'error' && errorEvent !== 'router-error')
    return {
      error: 'Query parameter "errorEvent" of /v1/events is "router-error" (or "error", the default)',
      code: 'invalid-query',
    }
  return {
    filter: Object.keys(filter).length === 0 ? undefined : filter,
    routerError: errorEvent === 'router-error',
  }
}

/** Whether the stream with `filter` carries `event`: its type listed, and its interaction and agent the ones named. */
export function keeps(filter: EventFilter, event: StreamEvent['event']): boolean {
  if (filter.types && !filter.types.has(event.type)) return false
  if (
    filter.interaction !== undefined &&
    !('interaction' in event && event.interaction === filter.interaction)
  )
    return false
  if (filter.agent !== undefined && !('agent' in event && event.agent === filter.agent)) return false
  return true
}

/**
 * An `error` event's frame under the SSE event name `router-error` (`?errorEvent=router-error`): a browser's
 * EventSource hands an event named `error` to onerror, its lost-connection handler. The data is unchanged.
 */
export function asRouterError(frame: string): string {
  return frame.replace('\nevent: error\n', '\nevent: router-error\n')
}
