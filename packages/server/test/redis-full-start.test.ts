// A Redis that is full (maxmemory, noeviction): a start fails with what to do, never "failed unexpectedly"; a
// running serve answers 503 saying Redis is full (not 500 "internal error"), and routes the retry once it has room.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, startServer } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis } from '../src/core/redis-link.ts'
import { makeWorkspace, stoppedAfterEachTest } from './helpers.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

const started = stoppedAfterEachTest()

describe('serve --redis on a full Redis', () => {
  it('refuses to start, saying Redis is full and what to change', async () => {
    const coordinator = await createRedisCoordinator({ url: redis.url, prefix: 'full:' })
    const admin = await connectRedis(redis.url, () => {})
    await admin.send(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'])
    await admin.send(['CONFIG', 'SET', 'maxmemory', '1'])
    const workspace = makeWorkspace()
    try {
      const start = startServer({
        workspace: workspace.dir,
        port: 0,
        coordinator,
        watch: false,
        log: () => {},
      })
      await expect(start).rejects.toThrow(
        /^Cannot deploy the workspace: Redis at .* is full \(maxmemory\).*raise its maxmemory/,
      )
    } finally {
      await coordinator.stop()
      await admin.send(['CONFIG', 'SET', 'maxmemory', '0'])
      await admin.close()
      workspace.remove()
    }
  })

  it('answers 503 "Redis is full" while it is, and routes the retried submit once it has room', async () => {
    const redisLogs: string[] = []
    const log = (_level: string, message: string) => redisLogs.push(message)
    const t = await started.serve({
      coordinator: await createRedisCoordinator({ url: redis.url, prefix: 'full2:', log }),
    })
    const admin = await connectRedis(redis.url, () => {})
    try {
      await admin.send(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'])
      await admin.send(['CONFIG', 'SET', 'maxmemory', '1'])
      const refused = await t.request('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })
      expect(refused.status).toBe(503)
      expect(refused.body.error).toMatch(/^Redis at redis:\/\/.* is full \(maxmemory\); retry shortly/)
      const full = 'redis is full: commands that write answer 503 until it has room'
      expect(redisLogs.filter((m) => m === full)).toHaveLength(1)
    } finally {
      await admin.send(['CONFIG', 'SET', 'maxmemory', '0'])
      await admin.close()
    }
    const retried = await t.request('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })
    // the refused submit may have been stored before Redis said full: the retry is then answered as its replay
    if (retried.status === 200) expect(retried.body.replayed).toBe(true)
    else expect(retried.status).toBe(201)
    expect((await t.request('GET', '/v1/interactions/c1')).body).toMatchObject({
      id: 'c1',
      state: 'queued',
    })
  })
})
