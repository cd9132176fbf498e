// A StatProvider over Redis: an external feeder writes hashes, a local cache answers reads synchronously.
// Loaded through the `@routewright/strategy-runtime/redis` subpath only, so browser bundles never see it.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import type { Clock } from '../time/clock.ts'
import { agentCapacityOf, readySinceOf, stateChangedAt } from './agent-media-rule.ts'
import { parseStatistic, StatReadError, subjectKey, windowSpanMs } from './memory-names.ts'
import type { AgentStatus, StatChange, StatProvider, StatReading, StatRequest } from './provider.ts'
import {
  changesChannel,
  type DecodedFigures,
  decodeAgent,
  decodeFigures,
  parseKey,
  statKey,
} from './redis-keys.ts'

type Listener = (message: string, channel: string) => unknown

/** The few commands the provider needs; a connected client of the `redis` package (v5/v6) fits. */
export interface RedisStatClient {
  hGetAll(key: string): Promise<Record<string, string>>
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[]>
  duplicate(): RedisStatSubscriber
}

/** A second connection in subscriber mode, made by `client.duplicate()`. */
export interface RedisStatSubscriber {
  connect(): Promise<unknown>
  subscribe(channel: string, listener: Listener): Promise<void>
  pSubscribe(pattern: string, listener: Listener): Promise<void>
  close(): Promise<void>
  /** Connection events; on `ready` after a reconnect the provider reloads what it may have missed. */
  on?(event: 'ready' | 'error', listener: (...args: unknown[]) => void): unknown
}

export interface RedisStatProviderOptions {
  /** A connected client; the provider duplicates it for its subscription and never closes it. */
  client: RedisStatClient
  /** Key prefix of this deployment, default `rw:`. */
  prefix?: string
  clock: Clock
  /** Readings whose `asOf` is older than this are marked `stale`. Default 10,000 ms. */
  staleAfterMs?: number
  /** Called with a clear message when a hash holds something unusable (it is then ignored). */
  onProblem?: (message: string) => void
  /**
   * The directory whose capacities give each agent's media, as the memory provider's does (an agent it does not
   * name: one voice call): agent-wide ready with her only media not ready is then ready on none. Redis holds no
   * capacities; without it the agent-wide state counts as covering a media of its own.
   */
  directory?: DirectoryDocument
}

export interface RedisStatProvider extends StatProvider {
  read(request: StatRequest): StatReading
  agentStatus(agent: string): AgentStatus | undefined
  agentStatuses(): Record<string, AgentStatus>
  /** Reloads every key under the prefix (after a reconnect, say). */
  refresh(): Promise<void>
  /** Unsubscribes and closes the provider's own connection. */
  close(): Promise<void>
  /** Unusable hashes by key, with what is wrong. */
  problems(): ReadonlyMap<string, string>
  /** Follows a changed directory's capacities (a server's reload); the feeder's agents stay, Redis owns them. */
  updateDirectory(directory: DirectoryDocument): void
}

const DERIVED = new Set(['TimeInReadyState', 'TimeInState', 'CurrentLoad'])

/**
 * Connects the cache: subscribes to change notifications first, then loads every key, so no write is missed.
 * @example
 * const client = await createClient({ url }).connect()
 * const stats = await createRedisStatProvider({ client, prefix: 'rw:', clock: createRealClock() })
 */
export async function createRedisStatProvider(options: RedisStatProviderOptions): Promise<RedisStatProvider> {
  const { client, clock } = options
  const prefix = options.prefix ?? 'rw:'
  const staleAfterMs = options.staleAfterMs ?? 10_000
  let directory = options.directory
  const agents = new Map<string, { status: AgentStatus; asOf: number }>()
  const figures = new Map<string, DecodedFigures>()
  const problems = new Map<string, string>()
  const listeners = new Set<(change: StatChange) => void>()
  const inFlight = new Set<string>()
  const dirty = new Set<string>()

  function notify(change: StatChange): void {
    for (const listener of [...listeners]) listener(change)
  }

  // what onProblem was last told per key: a hash read twice (a keyspace event and a published change) is one
  // problem, reported once, and again only after it was fixed and broke anew
  const reported = new Map<string, string>()

  function problem(key: string, message: string): void {
    const text = `Redis key ${key}: ${message}; it is ignored until the feeder rewrites it.`
    problems.set(key, text)
    if (reported.get(key) === text) return
    reported.set(key, text)
    options.onProblem?.(text)
  }

  function apply(key: string, fields: Record<string, string>): void {
    applyFields(key, fields)
    if (!problems.has(key)) reported.delete(key)
  }

  function applyFields(key: string, fields: Record<string, string>): void {
    const parsed = parseKey(prefix, key)
    const present = Object.keys(fields).length > 0
    problems.delete(key)
    if (parsed.kind === 'agent') {
      const decoded = present ? decodeAgent(fields) : undefined
      if (decoded && 'problem' in decoded) problem(key, decoded.problem)
      if (decoded && 'status' in decoded) agents.set(parsed.agent, decoded)
      else agents.delete(parsed.agent)
      const status = decoded && 'status' in decoded ? decoded.status : undefined
      if (status) notify({ kind: 'agent', agent: parsed.agent, status })
    } else if (parsed.kind === 'stat') {
      if (!present) {
        figures.delete(key)
        return
      }
      const decoded = decodeFigures(fields)
      if (decoded.problems.length > 0) problem(key, decoded.problems.join('; '))
      figures.set(key, decoded)
      for (const statistic of decoded.values.keys())
        notify({ kind: 'statistic', subject: parsed.subject, statistic })
    }
  }

  async function reload(key: string): Promise<void> {
    if (inFlight.has(key)) {
      dirty.add(key)
      return
    }
    inFlight.add(key)
    try {
      do {
        dirty.delete(key)
        apply(key, await client.hGetAll(key))
      } while (dirty.has(key))
    } catch (error) {
      problem(key, `could not be read (${error instanceof Error ? error.message : String(error)})`)
    } finally {
      inFlight.delete(key)
    }
  }

  async function refresh(): Promise<void> {
    const seen = new Set<string>()
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      for (const key of keys) seen.add(key)
      await Promise.all(keys.map((key) => reload(key)))
    }
    // keys deleted while we were away
    for (const agent of [...agents.keys()]) if (!seen.has(`${prefix}agent:${agent}`)) agents.delete(agent)
    for (const key of [...figures.keys()]) if (!seen.has(key)) figures.delete(key)
  }

  const subscriber = client.duplicate()
  let connected = false
  // notifications sent while the subscription was down are lost: reload everything once it is back
  subscriber.on?.('ready', () => {
    if (connected)
      void refresh()
        .then(() => notify({ kind: 'reconnected' }))
        .catch((error) => problem(`${prefix}*`, `reload failed (${String(error)})`))
  })
  // a dropped connection reconnects by itself; without a listener the client would throw the error
  subscriber.on?.('error', (error) => {
    options.onProblem?.(
      `Redis subscription: ${error instanceof Error ? error.message : String(error)}; reconnecting.`,
    )
  })
  await subscriber.connect()
  await subscriber.subscribe(changesChannel(prefix), (key) => void reload(key))
  // keyspace notifications, when the server has them on (notify-keyspace-events with K and h/g)
  await subscriber.pSubscribe(`__keyspace@*__:${prefix}*`, (_event, channel) => {
    void reload(channel.slice(channel.indexOf('__:') + 3))
  })
  await refresh()
  connected = true

  function stamp(value: number, asOf: number): StatReading {
    return clock.now() - asOf > staleAfterMs ? { value, asOf, stale: true } : { value, asOf }
  }

  function derived(request: StatRequest): StatReading | undefined {
    if (request.subject.kind !== 'agent' || !DERIVED.has(request.statistic)) return undefined
    const known = agents.get(request.subject.id)
    if (!known) return undefined
    const { status, asOf } = known
    const now = clock.now()
    let value = 0
    if (request.statistic === 'CurrentLoad') for (const m in status.load) value += status.load[m] ?? 0
    else if (request.statistic === 'TimeInState')
      value = (now - stateChangedAt(status.since, status.mediaSince)) / 1000
    else {
      // capacity is not in Redis: the directory's, as the memory provider counts it; none given, not known
      const capacity = directory === undefined ? undefined : agentCapacityOf(directory, request.subject.id)
      const ready = readySinceOf(status, capacity)
      if (ready !== undefined) value = (now - ready) / 1000
    }
    return stamp(Math.max(0, value), asOf)
  }

  function read(request: StatRequest): StatReading {
    parseStatistic(request.statistic)
    windowSpanMs(request.window)
    const key = statKey(prefix, request.subject, request.window)
    const set = figures.get(key)
    const value = set?.values.get(request.statistic)
    if (value === undefined || set === undefined) {
      const fallback = derived(request)
      if (fallback) return fallback
      throw new StatReadError(
        `No ${request.statistic} for ${subjectKey(request.subject)} over ${request.window} in Redis: ` +
          `the feeder must write HSET ${key} ${request.statistic} <value> asOf <ms>.`,
      )
    }
    if (set.asOf === undefined) {
      throw new StatReadError(
        `Redis key ${key} has no asOf field: the feeder must write the time (ms) of its figures.`,
      )
    }
    return stamp(value, set.asOf)
  }

  return {
    name: 'redis',
    read,
    agentStatus: (agent) => agents.get(agent)?.status,
    agentStatuses: () => Object.fromEntries([...agents].map(([id, known]) => [id, known.status])),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refresh,
    problems: () => problems,
    updateDirectory(next) {
      directory = next
    },
    async close() {
      listeners.clear()
      await subscriber.close()
    },
  }
}
