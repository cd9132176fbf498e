// The StatProvider contract, one table of expectations run against every back end.

import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import type { AgentStatus, StatChange, StatProvider, StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider, StatReadError } from '@routewright/strategy-runtime'
import {
  createRedisStatProvider,
  writeAgentStatus,
  writeStatistics,
} from '@routewright/strategy-runtime/redis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { directory, type ManualClock, manualClock, T0 } from './stats-fixtures.ts'

/** How a test puts the world in a state, whatever the back end: events in memory, a feeder's writes in Redis. */
interface Harness {
  provider: StatProvider
  clock: ManualClock
  changes: StatChange[]
  setAgent(agent: string, status: AgentStatus): Promise<void>
  setFigure(subject: StatSubject, statistic: string, window: string, value: number): Promise<void>
  close(): Promise<void>
}

let server: RedisServer
let prefixCount = 0
beforeAll(async () => {
  server = await startRedisServer()
})
afterAll(async () => {
  await server?.stop()
})

async function memoryHarness(): Promise<Harness> {
  const clock = manualClock()
  const provider = createMemoryStatProvider({ clock, directory })
  const changes: StatChange[] = []
  provider.subscribe((c) => changes.push(c))
  return {
    provider,
    clock,
    changes,
    async setAgent(agent, status) {
      provider.setAgent(agent, status)
    },
    async setFigure(subject, statistic, _window, value) {
      provider.override(subject, statistic, value)
    },
    async close() {},
  }
}

async function redisHarness(): Promise<Harness> {
  const clock = manualClock()
  const client = createClient({ url: server.url })
  await client.connect()
  const prefix = `contract${++prefixCount}:`
  const provider = await createRedisStatProvider({ client, prefix, clock, staleAfterMs: 60_000 })
  const changes: StatChange[] = []
  provider.subscribe((c) => changes.push(c))
  return {
    provider,
    clock,
    changes,
    async setAgent(agent, status) {
      await writeAgentStatus(client, { prefix, agent, status, asOf: clock.now() })
      await eventually(() => expect(provider.agentStatus(agent)).toEqual(status))
    },
    async setFigure(subject, statistic, window, value) {
      await writeStatistics(client, {
        prefix,
        subject,
        window,
        figures: { [statistic]: value },
        asOf: clock.now(),
      })
      await eventually(() =>
        expect(provider.read({ subject, statistic, window: window as 'current' }).value).toBe(value),
      )
    },
    async close() {
      await provider.close()
      await client.close()
    },
  }
}

const sales: StatSubject = { kind: 'group', id: 'sales' }
const a1: StatSubject = { kind: 'agent', id: 'a1' }

describe.each([
  ['memory', memoryHarness],
  ['redis', redisHarness],
])('StatProvider contract: %s', (_name, makeHarness) => {
  // a harness per test (its own clock, subscribers and Redis prefix): no test reads what another one set
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('returns an agent status as it was set and notifies subscribers of it', async () => {
    const status: AgentStatus = { state: 'ready', since: T0 - 30_000, load: { chat: 1 } }
    await h.setAgent('a1', status)
    expect(await h.provider.agentStatus('a1')).toEqual(status)
    expect(h.changes).toContainEqual({ kind: 'agent', agent: 'a1', status })
  })

  it.each([
    ['TimeInReadyState', 30],
    ['TimeInState', 30],
    ['CurrentLoad', 1],
  ])('derives the agent statistic %s from its status', async (statistic, expected) => {
    await h.setAgent('a1', { state: 'ready', since: T0 - 30_000, load: { chat: 1 } })
    const reading = await h.provider.read({ subject: a1, statistic, window: 'current' })
    expect(reading.value).toBe(expected)
    expect(reading.asOf).toBe(T0)
  })

  it.each([
    ['ExpectedWaitTime', 'current', 42.5],
    ['ServiceLevel(20s)', '30m', 0.8],
    ['AgentsReady', 'current', 3],
    ['AbandonRate', 'since-midnight', 0.05],
  ])('answers %s over %s with the published figure and its time', async (statistic, window, value) => {
    await h.setFigure(sales, statistic, window, value)
    expect(await h.provider.read({ subject: sales, statistic, window: window as 'current' })).toEqual({
      value,
      asOf: T0,
    })
    expect(h.changes).toContainEqual({ kind: 'statistic', subject: sales, statistic })
  })

  it('does not know an agent nobody reported', async () => {
    expect(await h.provider.agentStatus('nobody')).toBeUndefined()
  })

  it.each([
    ['Speed', 'current', /Unknown statistic "Speed"/],
    ['AgentsReady', '99999m', /Unknown window/],
  ])(
    'rejects %s over %s with a StatReadError that says how to fix it',
    async (statistic, window, message) => {
      const read = async () => h.provider.read({ subject: sales, statistic, window: window as 'current' })
      await expect(read()).rejects.toThrow(StatReadError)
      await expect(read()).rejects.toThrow(message)
    },
  )

  it('stops notifying after unsubscribe', async () => {
    const seen: StatChange[] = []
    const off = h.provider.subscribe((c) => seen.push(c))
    await h.setAgent('a2', { state: 'not-ready', since: T0, load: {} })
    off()
    await h.setAgent('a2', { state: 'ready', since: T0, load: {} })
    expect(seen.filter((c) => c.kind === 'agent')).toEqual([
      { kind: 'agent', agent: 'a2', status: { state: 'not-ready', since: T0, load: {} } },
    ])
  })
})
