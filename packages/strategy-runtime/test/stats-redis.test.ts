// What only the Redis back end does: freshness, keyspace notifications, bad hashes, loading what was there.

import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import type { StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider, createSimulatedClock } from '@routewright/strategy-runtime'
import {
  createRedisStatProvider,
  publishSnapshot,
  type RedisStatProvider,
  startRedisPublisher,
  writeAgentStatus,
  writeStatistics,
} from '@routewright/strategy-runtime/redis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { directory, manualClock, T0 } from './stats-fixtures.ts'

type Client = ReturnType<typeof createClient>
let server: RedisServer
let client: Client
let prefixCount = 0
const open: RedisStatProvider[] = []
const sales: StatSubject = { kind: 'group', id: 'sales' }

beforeAll(async () => {
  server = await startRedisServer()
  client = createClient({ url: server.url })
  await client.connect()
})
afterEach(async () => {
  for (const provider of open.splice(0)) await provider.close()
})
afterAll(async () => {
  await client?.close()
  await server?.stop()
})

async function make(options: { staleAfterMs?: number; onProblem?: (m: string) => void } = {}) {
  const clock = manualClock()
  const prefix = `redis${++prefixCount}:`
  const provider = await createRedisStatProvider({ client, prefix, clock, ...options })
  open.push(provider)
  return { clock, prefix, provider }
}

describe('Redis provider', () => {
  it('loads the figures a feeder wrote before it started', async () => {
    const prefix = `redis${++prefixCount}:`
    await writeAgentStatus(client, {
      prefix,
      agent: 'a1',
      status: { state: 'busy', since: T0, load: { voice: 1 } },
      asOf: T0,
    })
    await writeStatistics(client, {
      prefix,
      subject: sales,
      window: '15m',
      figures: { AgentsReady: 4 },
      asOf: T0,
    })
    const provider = await createRedisStatProvider({ client, prefix, clock: manualClock() })
    open.push(provider)
    expect(provider.agentStatus('a1')).toEqual({ state: 'busy', since: T0, load: { voice: 1 } })
    expect(provider.read({ subject: sales, statistic: 'AgentsReady', window: '15m' })).toEqual({
      value: 4,
      asOf: T0,
    })
  })

  it('marks a figure stale once its asOf is older than staleAfterMs', async () => {
    const { provider, prefix, clock } = await make({ staleAfterMs: 5_000 })
    await writeStatistics(client, {
      prefix,
      subject: sales,
      window: 'current',
      figures: { ExpectedWaitTime: 30 },
      asOf: T0,
    })
    const read = () => provider.read({ subject: sales, statistic: 'ExpectedWaitTime', window: 'current' })
    await eventually(() => expect(read().value).toBe(30))
    clock.advance(5_000)
    expect(read()).toEqual({ value: 30, asOf: T0 })
    clock.advance(1)
    expect(read()).toEqual({ value: 30, asOf: T0, stale: true })
  })

  it('follows plain HSET writes through keyspace notifications, without the changes channel', async () => {
    await client.configSet('notify-keyspace-events', 'Khg')
    const { provider, prefix } = await make()
    await client.hSet(`${prefix}agent:a9`, {
      state: 'ready',
      since: String(T0),
      load: '{}',
      asOf: String(T0),
    })
    await eventually(() => expect(provider.agentStatus('a9')?.state).toBe('ready'))
    await client.del(`${prefix}agent:a9`)
    await eventually(() => expect(provider.agentStatus('a9')).toBeUndefined())
  })

  it('ignores an unusable hash and says what is wrong with it', async () => {
    const problems: string[] = []
    const { provider, prefix } = await make({ onProblem: (m) => problems.push(m) })
    await client.hSet(`${prefix}agent:a5`, { state: 'dancing', since: String(T0) })
    await client.hSet(`${prefix}stat:group:sales:current`, { AgentsReady: 'lots', asOf: String(T0) })
    await client.publish(`${prefix}changes`, `${prefix}agent:a5`)
    await client.publish(`${prefix}changes`, `${prefix}stat:group:sales:current`)
    await eventually(() => expect(problems).toHaveLength(2))
    expect(provider.agentStatus('a5')).toBeUndefined()
    expect(problems[0]).toMatch(/agent:a5: state "dancing" is not one of logged-out, not-ready, ready/)
    expect(problems[1]).toMatch(/AgentsReady = "lots" is not a finite number/)
    expect(provider.problems().size).toBe(2)
    expect(() => provider.read({ subject: sales, statistic: 'AgentsReady', window: 'current' })).toThrow(
      /No AgentsReady for group:sales over current in Redis: the feeder must write HSET/,
    )
  })

  it('refuses per-media since times that are not times, saying which media', async () => {
    const problems: string[] = []
    const { provider, prefix } = await make({ onProblem: (m) => problems.push(m) })
    const agent = { state: 'logged-out', since: String(T0), media: '{"voice":"ready"}' }
    await client.hSet(`${prefix}agent:a6`, { ...agent, mediaSince: '{"voice":"soon"}' })
    await client.hSet(`${prefix}agent:a7`, { ...agent, mediaSince: '[1]' })
    await client.publish(`${prefix}changes`, `${prefix}agent:a6`)
    await client.publish(`${prefix}changes`, `${prefix}agent:a7`)
    await eventually(() => expect(problems).toHaveLength(2))
    expect(provider.agentStatus('a6')).toBeUndefined()
    expect(problems.join('\n')).toMatch(/agent:a6: mediaSince of voice is "soon", not a time in ms/)
    expect(problems.join('\n')).toMatch(/agent:a7: mediaSince "\[1\]" is not an object/)
  })

  it('reports a broken hash once however often it is read, and again when it breaks anew', async () => {
    const problems: string[] = []
    const { provider, prefix } = await make({ onProblem: (m) => problems.push(m) })
    const key = `${prefix}agent:a6`
    await client.hSet(key, { state: 'dancing', since: String(T0) })
    for (let i = 0; i < 3; i++) await client.publish(`${prefix}changes`, key)
    await eventually(() => expect(provider.problems().size).toBe(1))
    await new Promise((r) => setTimeout(r, 100))
    expect(problems).toHaveLength(1)
    await client.hSet(key, { state: 'ready', load: '{}', asOf: String(T0) })
    await client.publish(`${prefix}changes`, key)
    await eventually(() => expect(provider.agentStatus('a6')?.state).toBe('ready'))
    await client.hSet(key, { state: 'sleeping' })
    await client.publish(`${prefix}changes`, key)
    await eventually(() => expect(problems).toHaveLength(2))
    expect(problems[1]).toMatch(/state "sleeping"/)
  })

  it('reloads what it missed once its subscription reconnects', async () => {
    await client.configSet('notify-keyspace-events', '')
    const problems: string[] = []
    const { provider, prefix } = await make({ onProblem: (m) => problems.push(m) })
    // written without announcing it: the cache cannot know
    await client.hSet(`${prefix}agent:a7`, {
      state: 'ready',
      since: String(T0),
      load: '{}',
      asOf: String(T0),
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(provider.agentStatus('a7')).toBeUndefined()
    await client.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])
    await eventually(() => expect(provider.agentStatus('a7')?.state).toBe('ready'), 4_000)
    expect(problems.join('\n')).toMatch(/Redis subscription: .*reconnecting/)
  })

  it('carries a memory provider figures to another process through publishSnapshot', async () => {
    const source = createMemoryStatProvider({ clock: manualClock(), directory })
    source.setAgent('a1', { state: 'ready', since: T0 - 10_000 })
    source.setAgent('a2', 'not-ready')
    source.record({
      type: 'interaction-queued',
      interaction: 'i1',
      targets: [sales],
      media: 'voice',
      at: T0 - 5_000,
    })
    const { provider, prefix } = await make()
    const statistics = ['AgentsLoggedIn', 'AgentsReady', 'InteractionsWaiting', 'OldestWaiting']
    await publishSnapshot(client, {
      prefix,
      source,
      agents: ['a1', 'a2'],
      subjects: [sales],
      statistics,
      windows: ['current'],
      asOf: T0,
    })
    await eventually(() => expect(provider.agentStatus('a2')?.state).toBe('not-ready'))
    for (const statistic of statistics) {
      const request = { subject: sales, statistic, window: 'current' as const }
      await eventually(() => expect(provider.read(request)).toEqual(source.read(request)))
    }
    expect(
      provider.read({
        subject: { kind: 'agent', id: 'a1' },
        statistic: 'TimeInReadyState',
        window: 'current',
      }).value,
    ).toBe(10)
  })

  // a server reload hands the provider the new directory: its capacities decide what the agent-wide ready covers
  it('follows the capacities of a changed directory when timing ready', async () => {
    const { provider, prefix, clock } = await make()
    await writeAgentStatus(client, {
      prefix,
      agent: 'a1',
      status: {
        state: 'ready',
        since: T0,
        load: {},
        mediaStates: { voice: 'not-ready' },
        mediaSince: { voice: T0 },
      },
      asOf: T0,
    })
    await eventually(() => expect(provider.agentStatus('a1')?.mediaStates).toEqual({ voice: 'not-ready' }))
    clock.advance(5_000)
    const ready = () =>
      provider.read({
        subject: { kind: 'agent', id: 'a1' },
        statistic: 'TimeInReadyState',
        window: 'current',
      }).value
    // no directory: the agent-wide ready covers a media of its own
    expect(ready()).toBe(5)
    provider.updateDirectory(directory)
    // a1 works voice alone, and voice is not ready
    expect(ready()).toBe(0)
    provider.updateDirectory({
      ...directory,
      agents: { a1: { groups: ['sales'], capacity: { voice: 1, chat: 1 } } },
    })
    expect(ready()).toBe(5)
  })

  it('keeps Redis up to date on a timer until stopped', async () => {
    const clock = createSimulatedClock(T0)
    const source = createMemoryStatProvider({ clock, directory })
    const { provider, prefix } = await make({ staleAfterMs: 60_000 })
    const request = { subject: sales, statistic: 'AgentsReady', window: 'current' as const }
    const stop = startRedisPublisher({
      client,
      prefix,
      source,
      clock,
      everyMs: 1000,
      subjects: [sales],
      statistics: ['AgentsReady'],
      windows: ['current'],
    })
    clock.advance(0)
    await eventually(() => expect(provider.read(request).value).toBe(0))
    // the next tick is scheduled once the write has finished; let that happen before moving the clock
    await new Promise((r) => setTimeout(r, 50))
    source.setAgent('a1', 'ready')
    clock.advance(1000)
    await eventually(() => expect(provider.read(request)).toEqual({ value: 1, asOf: T0 + 1000 }))
    stop()
    source.setAgent('a2', 'ready')
    clock.advance(5000)
    await new Promise((r) => setTimeout(r, 100))
    expect(provider.read(request).value).toBe(1)
  })
})
