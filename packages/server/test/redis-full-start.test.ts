// A Redis that is full (maxmemory, noeviction) when `serve --redis` starts: the start fails with what to do, never
// "failed unexpectedly", and the coordinator's connections are let go.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, startServer } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis } from '../src/core/redis-link.ts'
import { makeWorkspace } from './helpers.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

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
        /^Cannot deploy the workspace: OOM .*Redis is full: raise its maxmemory/,
      )
    } finally {
      await coordinator.stop()
      await admin.send(['CONFIG', 'SET', 'maxmemory', '0'])
      await admin.close()
      workspace.remove()
    }
  })
})
