// The writing side of the Redis layout: what an external feeder (or a memory provider's process) puts in Redis.
import type { Clock } from '../time/clock.ts'
import type { AgentStatus, StatProvider, StatSubject } from './provider.ts'
import { agentKey, changesChannel, statKey } from './redis-keys.ts'

/** The commands a feeder needs; a connected client of the `redis` package fits. */
export interface RedisFeederClient {
  hSet(key: string, fields: Record<string, string>): Promise<number>
  publish(channel: string, message: string): Promise<number>
}

/** Writes an agent's status and announces the key on the changes channel. */
export async function writeAgentStatus(
  client: RedisFeederClient,
  input: { prefix?: string; agent: string; status: AgentStatus; asOf: number },
): Promise<void> {
  const prefix = input.prefix ?? 'rw:'
  const key = agentKey(prefix, input.agent)
  await client.hSet(key, {
    state: input.status.state,
    since: String(input.status.since),
    load: JSON.stringify(input.status.load),
    // always written: HSET keeps old fields, and an agent-wide state must clear the per-media ones
    media: input.status.mediaStates === undefined ? '' : JSON.stringify(input.status.mediaStates),
    mediaSince: input.status.mediaSince === undefined ? '' : JSON.stringify(input.status.mediaSince),
    asOf: String(input.asOf),
  })
  await client.publish(changesChannel(prefix), key)
}

/** Writes figures of one subject over one window, all true at `asOf`, and announces the key. */
export async function writeStatistics(
  client: RedisFeederClient,
  input: {
    prefix?: string
    subject: StatSubject
    window: string
    figures: Readonly<Record<string, number>>
    asOf: number
  },
): Promise<void> {
  const prefix = input.prefix ?? 'rw:'
  const key = statKey(prefix, input.subject, input.window)
  const fields: Record<string, string> = { asOf: String(input.asOf) }
  for (const [name, value] of Object.entries(input.figures)) fields[name] = String(value)
  await client.hSet(key, fields)
  await client.publish(changesChannel(prefix), key)
}

/**
 * Copies figures from any provider (typically the memory provider fed by the telephony events) into Redis,
 * so routers elsewhere read them through the Redis provider. Call it on a timer; each call writes one snapshot.
 */
export async function publishSnapshot(
  client: RedisFeederClient,
  input: {
    prefix?: string
    source: StatProvider
    agents?: readonly string[]
    subjects: readonly StatSubject[]
    statistics: readonly string[]
    windows: readonly string[]
    asOf: number
  },
): Promise<void> {
  const prefix = input.prefix ?? 'rw:'
  for (const agent of input.agents ?? []) {
    const status = await input.source.agentStatus(agent)
    if (status) await writeAgentStatus(client, { prefix, agent, status, asOf: input.asOf })
  }
  for (const subject of input.subjects) {
    for (const window of input.windows) {
      const figures: Record<string, number> = {}
      for (const statistic of input.statistics) {
        const reading = await input.source.read({ subject, statistic, window: window as 'current' })
        figures[statistic] = reading.value
      }
      await writeStatistics(client, { prefix, subject, window, figures, asOf: input.asOf })
    }
  }
}

/** What `startRedisPublisher` copies on each tick. */
export interface RedisPublisherOptions {
  client: RedisFeederClient
  prefix?: string
  source: StatProvider
  clock: Clock
  /** Milliseconds between snapshots; default 1,000 (Amazon Connect lags 5 to 10 s, Stat Server about 1 s). */
  everyMs?: number
  agents?: readonly string[]
  subjects: readonly StatSubject[]
  statistics: readonly string[]
  windows: readonly string[]
  /** A snapshot that failed (Redis down, a read that threw): the next tick tries again. */
  onError?: (error: unknown) => void
}

/**
 * Publishes a snapshot every `everyMs` on the injected clock, never two at once; returns the function that stops it.
 * @example const stop = startRedisPublisher({ client, source: memoryStats, clock, subjects, statistics, windows: ['current'] })
 */
export function startRedisPublisher(options: RedisPublisherOptions): () => void {
  const everyMs = options.everyMs ?? 1000
  let stopped = false
  let timer = options.clock.setTimeout(tick, 0)
  function tick(): void {
    if (stopped) return
    const snapshot = publishSnapshot(options.client, { ...options, asOf: options.clock.now() })
    snapshot
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = options.clock.setTimeout(tick, everyMs)
      })
  }
  return () => {
    stopped = true
    options.clock.clearTimeout(timer)
  }
}
