// After Redis lost its data (the Redis-restart cluster test's unfinished interactions): the routing process writes
// the events the other processes may not have read back into the stream before any event it made later (a reader
// drops an event whose tag is not above the last it delivered, so a later event committed first hid the older ones
// for good, and a host following that reader never confirmed or completed their interactions), and it keeps
// renewing its lease while the re-seed is written, and takes lease and epoch back at once (a re-seed slower than
// the lease, or another process's ACQUIRE between the epoch and the lease, let that process take over from a Redis
// without the re-seed: the interactions the first one held were unknown there).
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, type ServerEvent } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandRunner } from '../src/core/redis-commands.ts'
import { createEventStream } from '../src/core/redis-event-stream.ts'
import type { Forwarder } from '../src/core/redis-forward.ts'
import type { Leader } from '../src/core/redis-leader.ts'
import { createLease } from '../src/core/redis-lease.ts'
import { connectRedis, type RedisLink } from '../src/core/redis-link.ts'
import { createRoutingState } from '../src/core/redis-routing-state.ts'
import { ACQUIRE, redisKeys } from '../src/core/redis-scripts.ts'
import type { WindowKeeper } from '../src/core/redis-windows.ts'
import { workspaceOf } from './coordinator-contract.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

describe('a Redis that lost its data', () => {
  it('gets the events a reader missed back before any later event, so the reader misses none', async () => {
    const prefix = 'order:'
    const keys = redisKeys(prefix)
    const routing = await createRedisCoordinator({ url: redis.url, prefix, takeoverMs: 1000 })
    // another process's stream reader, read only when the test says (it "lags" behind the routing process)
    const link = await connectRedis(redis.url, () => {})
    const reader = createEventStream(link, keys)
    const seen: ServerEvent[] = []
    reader.listeners.add((event) => seen.push(event))
    try {
      await routing.deploy(workspaceOf('v1'))
      await reader.skipToEnd()
      await routing.agentEvent({ agent: 'ann', state: 'ready' })
      // committed, not yet read by the reader
      expect(await routing.submit({ id: 'early', strategy: 'support' })).toMatchObject({ ok: true })
      const all = (await link.send(['KEYS', `${prefix}*`])) as string[]
      await link.send(['DEL', ...all])
      // hosts go on submitting meanwhile (refused with 503 until the re-seed, then taken): their commits run
      // beside the lease's re-seed
      let n = 0
      let taken = 0
      const deadline = Date.now() + 8000
      while (taken < 20 && Date.now() < deadline) {
        const answers = await Promise.all(
          Array.from({ length: 8 }, () =>
            // a 503 over HTTP: the coordinator throws CoordinatorUnavailable
            routing.submit({ id: `later${++n}`, strategy: 'support' }).catch(() => ({ ok: false })),
          ),
        )
        taken += answers.filter((a) => a.ok).length
      }
      expect(taken).toBeGreaterThanOrEqual(20)
      await eventually(async () => {
        await reader.read(false)
        return expect(seen.filter((e) => e.interaction.startsWith('later')).length).toBeGreaterThanOrEqual(20)
      }, 5000)
      expect(seen.filter((e) => e.interaction === 'early').map((e) => e.type)).toEqual(['routed'])
      // and in the order they were made: the missed one first
      expect(seen[0]).toMatchObject({ type: 'routed', interaction: 'early' })
    } finally {
      await link.close()
      await routing.stop()
    }
  })

  /**
   * The lease of process p1, routing under epoch 1, on `link` (the test's, or one that interjects), with a leader
   * whose re-seed commit never ends (Redis busy with it, a loaded machine); Redis has just lost its data.
   */
  async function routingLease(prefix: string, link: RedisLink) {
    const keys = redisKeys(prefix)
    const state = createRoutingState()
    const seen = { reseeds: 0 }
    const leader = {
      setEpoch: () => {},
      dataLost: () => {},
      reseed: () => {
        seen.reseeds++
        return new Promise<void>(() => {})
      },
      flushed: async () => {},
      stop: () => {},
      local: {},
    } as unknown as Leader
    const lease = createLease({
      link,
      keys,
      processId: 'p1',
      leaseMs: 600,
      state,
      known: new Map(),
      leader: {} as never,
      events: createEventStream(link, keys),
      forwarder: {} as Forwarder,
      commands: { serve: async () => {} } as unknown as CommandRunner,
      windows: { invalidate: () => {}, write: async () => {} } as unknown as WindowKeeper,
      capabilities: [],
      log: () => {},
    })
    Object.assign(state, { leader, leading: true, epoch: 1, knownEpoch: 1 })
    await link.send(['SET', keys.epoch, '1'])
    await link.send(['SET', keys.leader, 'p1', 'PX', '600'])
    await link.send(['DEL', keys.epoch, keys.leader])
    return { keys, state, lease, seen }
  }

  it('keeps renewing the lease while the re-seed is written, however long that takes', async () => {
    const link = await connectRedis(redis.url, () => {})
    const { keys, state, lease, seen } = await routingLease('slow:', link)
    const reseeds = () => seen.reseeds
    try {
      const stuck = new Promise<string>((resolve) => setTimeout(() => resolve('tick still waiting'), 2000))
      expect(await Promise.race([lease.tick().then(() => 'ticked'), stuck])).toBe('ticked')
      expect(reseeds()).toBe(1)
      expect(await link.send(['GET', keys.epoch])).toBe('2')
      // past the lease's 600 ms, ticked every 200 ms: still this process's, under the same epoch
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        await lease.tick()
      }
      expect(await link.send(['GET', keys.leader])).toBe('p1')
      expect(state.leading).toBe(true)
      expect(reseeds()).toBe(1)
    } finally {
      state.stopping = true
      await link.close()
    }
  })

  it('takes lease and epoch back at once: no other process takes the lease in between', async () => {
    const link = await connectRedis(redis.url, () => {})
    const acquire = link.script(ACQUIRE)
    let interjecting = false
    const answers: number[] = []
    const keys = redisKeys('gap:')
    // before each command the lease sends, another process tries to take the lease (its missing epoch not
    // accepted: Redis lost its data a moment ago)
    const interject = async () => {
      if (interjecting) answers.push(Number(await acquire([keys.leader, keys.epoch], ['p2', '600', '0'])))
    }
    const spied: RedisLink = {
      ...link,
      send: async (args) => {
        await interject()
        return link.send(args)
      },
      script(source) {
        const run = link.script(source)
        return async (k, a) => {
          await interject()
          return run(k, a)
        }
      },
    }
    const { state, lease } = await routingLease('gap:', spied)
    try {
      interjecting = true
      await lease.tick()
      interjecting = false
      // p2 was refused each time (-1: no epoch yet; 0: the lease is p1's), and p1 routes on under epoch 2
      expect(answers.length).toBeGreaterThan(1)
      expect(answers.every((a) => a <= 0)).toBe(true)
      expect(await link.send(['GET', keys.leader])).toBe('p1')
      expect(await link.send(['GET', keys.epoch])).toBe('2')
      expect(state).toMatchObject({ leading: true, epoch: 2 })
    } finally {
      state.stopping = true
      await link.close()
    }
  })
})
