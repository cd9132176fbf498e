// After Redis lost its data, the routing process writes the events the other processes may not have read back into
// the stream before any event it made later: a reader drops an event whose tag is not above the last it delivered,
// so a later event committed first (under the new epoch, before the re-seed) hid the older ones for good, and the
// host following that reader never confirmed or completed their interactions (the Redis-restart cluster test).
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, type ServerEvent } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventStream } from '../src/core/redis-event-stream.ts'
import { connectRedis } from '../src/core/redis-link.ts'
import { redisKeys } from '../src/core/redis-scripts.ts'
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
})
