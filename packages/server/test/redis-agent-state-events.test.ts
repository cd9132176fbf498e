// Agents' state changes as the hosts of several `serve --redis` processes see them: the routing process makes them
// (a host's PUT through any process, the router's not ready after a reject), every process's /v1/events carries each
// once, in the same order.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { serve, stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'
import { eventsOfType } from './sse-client.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

const onRedis = {
  coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix: 'agent-states:' }),
}

describe('serve --redis: agent-state on every process', () => {
  it('streams each change on the process that does not route too, whichever process the host called', async () => {
    const routing = await started.serve(onRedis)
    const other = await started.serve(onRedis)
    expect(routing.server.coordinator.primary?.()).toBe(true)
    expect(other.server.coordinator.primary?.()).toBe(false)
    const closers: Array<() => void> = []
    try {
      const onRouting = await eventsOfType(routing.server.url, 'agent-state', closers)
      const onOther = await eventsOfType(other.server.url, 'agent-state', closers)
      // forwarded to the routing process, then the same state again through it (no change), then a reject
      await other.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await routing.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      expect(await other.ok('POST', '/v1/interactions', { id: 'r1', strategy: 'support' })).toMatchObject({
        agent: 'ann',
      })
      await other.ok('POST', '/v1/interactions/r1/reject', { reason: 'declined' })
      await routing.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready', reason: 'training' })
      await eventually(() => onRouting.length >= 3 && onOther.length >= 3)
      const at = expect.any(Number)
      expect(onOther).toEqual([
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
        { type: 'agent-state', agent: 'ann', state: 'not-ready', reason: 'declined', by: 'router', at },
        { type: 'agent-state', agent: 'bob', state: 'not-ready', reason: 'training', by: 'host', at },
      ])
      expect(onRouting).toEqual(onOther)
    } finally {
      for (const close of closers) close()
    }
  })

  it("streams a supervisor's change as by supervisor on every process, sent through the one that does not route", async () => {
    const prefix = {
      coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix: 'agent-supervisor:' }),
    }
    const routing = await started.serve(prefix)
    const other = await started.serve(prefix)
    expect(other.server.coordinator.primary?.()).toBe(false)
    const closers: Array<() => void> = []
    try {
      const onRouting = await eventsOfType(routing.server.url, 'agent-state', closers)
      const onOther = await eventsOfType(other.server.url, 'agent-state', closers)
      await other.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await other.ok('PUT', '/v1/agents/ann/state', {
        state: 'not-ready',
        reason: 'coaching',
        by: 'supervisor',
        supervisor: 'sam',
      })
      await eventually(() => onRouting.length >= 2 && onOther.length >= 2)
      const at = expect.any(Number)
      expect(onOther).toEqual([
        { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
        {
          type: 'agent-state',
          agent: 'ann',
          state: 'not-ready',
          reason: 'coaching',
          by: 'supervisor',
          supervisor: 'sam',
          at,
        },
      ])
      expect(onRouting).toEqual(onOther)
    } finally {
      for (const close of closers) close()
    }
  })

  it('streams no agent-state for the states a takeover gives its routers again (they are no change)', async () => {
    const prefix = {
      coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix: 'agent-takeover:' }),
    }
    const first = await serve(prefix)
    const closers: Array<() => void> = []
    try {
      const next = await started.serve(prefix)
      const onNext = await eventsOfType(next.server.url, 'agent-state', closers)
      await first.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await eventually(() => onNext.length === 1)
      // handed over at once: the next process replays ann's ready into its routers
      await first.stop()
      await eventually(() => next.server.coordinator.primary?.() === true)
      await next.ok('PUT', '/v1/agents/bob/state', { state: 'ready' })
      await eventually(() => onNext.length >= 2)
      expect(onNext.map((e) => `${e.agent} ${(e as { state?: string }).state}`)).toEqual([
        'ann ready',
        'bob ready',
      ])
    } finally {
      for (const close of closers) close()
      await first.stop().catch(() => {})
    }
  })
})
