// The StatProvider contract, one table of expectations run against every back end.

import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import type {
  AgentStatus,
  StatChange,
  StatEvent,
  StatProvider,
  StatSubject,
} from '@routewright/strategy-runtime'
import { createMemoryStatProvider, loggedInOnAnyMedia, StatReadError } from '@routewright/strategy-runtime'
import {
  createRedisStatProvider,
  publishSnapshot,
  writeAgentStatus,
  writeStatistics,
} from '@routewright/strategy-runtime/redis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { blendedDirectory as directory, type ManualClock, manualClock, T0 } from './stats-fixtures.ts'

/** How a test puts the world in a state, whatever the back end: events in memory, a feeder's writes in Redis. */
interface Harness {
  provider: StatProvider
  clock: ManualClock
  changes: StatChange[]
  setAgent(agent: string, status: AgentStatus): Promise<void>
  setFigure(subject: StatSubject, statistic: string, window: string, value: number): Promise<void>
  /**
   * Agent-state events as a host sends them, and the router's reservations; Redis gets them through the feeder path
   * (memory, then publishSnapshot).
   */
  agentEvents(events: readonly AgentEvent[], subjects: readonly StatSubject[]): Promise<void>
  close(): Promise<void>
}

/** `afterMs`: the clock moves on this much before the event (per-media times must cross the back end). */
type AgentStateEvent = Omit<Extract<StatEvent, { type: 'agent-state' }>, 'type' | 'at'> & { afterMs?: number }
/** A place the router holds (+1) or lets go of (-1) for an offer ringing at the agent. */
type ReservationEvent = Omit<Extract<StatEvent, { type: 'agent-reservation' }>, 'type' | 'at'> & {
  afterMs?: number
}
type AgentEvent = AgentStateEvent | ReservationEvent

/** The provider's event for a harness event at `at`. */
function statEvent({ afterMs: _, ...e }: AgentEvent, at: number): StatEvent {
  return 'held' in e ? { type: 'agent-reservation', ...e, at } : { type: 'agent-state', ...e, at }
}

/** The figures the per-media rule moves, as a feeder publishes them. */
const AGENT_COUNTS = ['AgentsLoggedIn', 'AgentsReady']

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
    async agentEvents(events) {
      for (const e of events) {
        clock.advance(e.afterMs ?? 0)
        provider.record(statEvent(e, clock.now()))
      }
    },
    async close() {},
  }
}

async function redisHarness(): Promise<Harness> {
  const clock = manualClock()
  const client = createClient({ url: server.url })
  await client.connect()
  const prefix = `contract${++prefixCount}:`
  // given the directory as the memory provider is: its capacities say which media the agent-wide state covers
  const provider = await createRedisStatProvider({ client, prefix, clock, staleAfterMs: 60_000, directory })
  // one source for the test's every batch of events, as one deployment's memory provider
  const source = createMemoryStatProvider({ clock, directory })
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
    async agentEvents(events, subjects) {
      // what a deployment runs: the memory provider takes the host's events, a publisher copies them to Redis
      for (const e of events) {
        clock.advance(e.afterMs ?? 0)
        source.record(statEvent(e, clock.now()))
      }
      const agents = [...new Set(events.map((e) => e.agent))]
      await publishSnapshot(client, {
        prefix,
        source,
        agents,
        subjects,
        statistics: AGENT_COUNTS,
        windows: ['current'],
        asOf: clock.now(),
      })
      await eventually(() => {
        for (const agent of agents) expect(provider.agentStatus(agent)).toEqual(source.agentStatus(agent))
        for (const subject of subjects)
          expect(provider.read({ subject, statistic: 'AgentsLoggedIn', window: 'current' }).asOf).toBe(
            clock.now(),
          )
        return true
      })
    },
    async close() {
      await provider.close()
      await client.close()
    },
  }
}

const sales: StatSubject = { kind: 'group', id: 'sales' }
const a1: StatSubject = { kind: 'agent', id: 'a1' }
const a3: StatSubject = { kind: 'agent', id: 'a3' }

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

  // Genesys derives the agent-wide status from the per-media ones: ready for voice alone is logged in and ready,
  // on every back end (docs/statistics.md "States per media"), and a router reading Redis may offer it voice
  it('counts an agent ready for voice alone, logged out agent-wide, as logged in and ready', async () => {
    await h.agentEvents(
      [
        { agent: 'a1', state: 'logged-out' },
        { agent: 'a1', state: 'ready', media: 'voice' },
      ],
      [sales, a1],
    )
    const status = await h.provider.agentStatus('a1')
    expect(status).toMatchObject({ state: 'logged-out', mediaStates: { voice: 'ready' } })
    expect(loggedInOnAnyMedia(status!.state, status!.mediaStates)).toBe(true)
    const read = async (subject: StatSubject, statistic: string) =>
      (await h.provider.read({ subject, statistic, window: 'current' })).value
    expect(await read(sales, 'AgentsLoggedIn')).toBe(1)
    expect(await read(sales, 'AgentsReady')).toBe(1)
    expect(await read(a1, 'AgentsLoggedIn')).toBe(1)
  })

  // a voice-only-ready agent has been ready since voice became ready, not 0 s (nor since her agent-wide logout)
  it('times ready and in-state from the per-media states', async () => {
    await h.agentEvents(
      [
        { agent: 'a1', state: 'logged-out' },
        { agent: 'a1', state: 'ready', media: 'voice', afterMs: 10_000 },
        { agent: 'a1', state: 'ready', media: 'chat', afterMs: 5_000 },
      ],
      [a1],
    )
    const voiceAt = h.clock.now() - 5_000
    expect((await h.provider.agentStatus('a1'))?.mediaSince).toEqual({
      voice: voiceAt,
      chat: voiceAt + 5_000,
    })
    h.clock.advance(3_000)
    const read = async (statistic: string) =>
      (await h.provider.read({ subject: a1, statistic, window: 'current' })).value
    // ready on two media: since the earlier of them
    expect(await read('TimeInReadyState')).toBe(8)
    // in its state: since its last change, chat's
    expect(await read('TimeInState')).toBe(3)
  })

  // the agent-wide state covers the media of her capacity with no state of their own: a1 works voice alone
  it('reads no ready time for an agent ready agent-wide whose only media is not ready', async () => {
    await h.agentEvents(
      [
        { agent: 'a1', state: 'ready' },
        { agent: 'a1', state: 'not-ready', media: 'voice', afterMs: 10_000 },
      ],
      [a1],
    )
    h.clock.advance(3_000)
    const read = async (subject: StatSubject, statistic: string) =>
      (await h.provider.read({ subject, statistic, window: 'current' })).value
    expect(await read(a1, 'TimeInReadyState')).toBe(0)
    // a3 works voice and chat: not ready for voice, she is still ready for chat, since her agent-wide ready
    await h.agentEvents(
      [
        { agent: 'a3', state: 'ready' },
        { agent: 'a3', state: 'not-ready', media: 'voice', afterMs: 10_000 },
      ],
      [a3],
    )
    h.clock.advance(3_000)
    expect(await read(a3, 'TimeInReadyState')).toBe(13)
  })

  // a4's media come from her named rule (one call, or up to three chats): the router offers her chats, so not ready
  // for voice she is still ready for chat, in her ready time and her group's counts, as a3 with chat in `capacity`
  it('covers the media of an agent named capacity rule with her agent-wide state', async () => {
    const blended: StatSubject = { kind: 'group', id: 'blended' }
    const a4: StatSubject = { kind: 'agent', id: 'a4' }
    await h.agentEvents(
      [
        { agent: 'a4', state: 'ready' },
        { agent: 'a4', state: 'not-ready', media: 'voice', afterMs: 10_000 },
      ],
      [blended, a4],
    )
    h.clock.advance(3_000)
    const read = async (subject: StatSubject, statistic: string) =>
      (await h.provider.read({ subject, statistic, window: 'current' })).value
    expect(await read(a4, 'TimeInReadyState')).toBe(13)
    expect(await read(blended, 'AgentsReady')).toBe(1)
    expect(await read(blended, 'AgentsLoggedIn')).toBe(1)
  })

  // logged in only where her capacity has no media (a1 works voice alone, a4's named rule voice or chats): the
  // router offers her nothing there, so she is not logged in (nor staffed), as the wallboard and report rank her
  it('counts an agent logged in only for a media outside her capacity as logged out', async () => {
    const blended: StatSubject = { kind: 'group', id: 'blended' }
    const a4: StatSubject = { kind: 'agent', id: 'a4' }
    await h.agentEvents(
      [
        { agent: 'a1', state: 'logged-out' },
        { agent: 'a1', state: 'ready', media: 'chat' },
        { agent: 'a4', state: 'logged-out' },
        { agent: 'a4', state: 'ready', media: 'email' },
      ],
      [sales, a1, blended],
    )
    const read = async (subject: StatSubject, statistic: string) =>
      (await h.provider.read({ subject, statistic, window: 'current' })).value
    expect(await read(sales, 'AgentsLoggedIn')).toBe(0)
    expect(await read(sales, 'AgentsReady')).toBe(0)
    expect(await read(blended, 'AgentsLoggedIn')).toBe(0)
    expect(await read(a1, 'AgentsLoggedIn')).toBe(0)
    // a media of her named rule logs her in
    await h.agentEvents([{ agent: 'a4', state: 'ready', media: 'chat' }], [blended, a4])
    expect(await read(blended, 'AgentsLoggedIn')).toBe(1)
    expect(await read(blended, 'AgentsReady')).toBe(1)
  })

  // the router's reservation holds her place as her load does (Genesys: a ringing DN is not free): the router offers
  // her nothing more, so the free-place count must not either; a3 (one voice, two chats) still has a chat place
  it('counts the places the router holds for offers ringing at her as taken', async () => {
    const support: StatSubject = { kind: 'group', id: 'support' }
    const agentsReady = async (subject: StatSubject) =>
      (await h.provider.read({ subject, statistic: 'AgentsReady', window: 'current' })).value
    await h.agentEvents(
      [
        { agent: 'a1', state: 'ready' },
        { agent: 'a3', state: 'ready' },
        { agent: 'a1', media: 'voice', held: 1, afterMs: 1_000 },
        { agent: 'a3', media: 'voice', held: 1 },
      ],
      [sales, support],
    )
    expect(await agentsReady(sales)).toBe(0)
    expect(await agentsReady(support)).toBe(1)
    await h.agentEvents([{ agent: 'a1', media: 'voice', held: -1, afterMs: 1_000 }], [sales])
    expect(await agentsReady(sales)).toBe(1)
  })

  it('takes the per-media states away again with an agent-wide state', async () => {
    await h.agentEvents(
      [
        { agent: 'a1', state: 'ready', media: 'voice' },
        { agent: 'a1', state: 'logged-out' },
      ],
      [sales],
    )
    const status = await h.provider.agentStatus('a1')
    expect(status?.mediaStates).toBeUndefined()
    expect(
      await h.provider.read({ subject: sales, statistic: 'AgentsLoggedIn', window: 'current' }),
    ).toMatchObject({
      value: 0,
    })
  })

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
