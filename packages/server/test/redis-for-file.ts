// A real redis-server and one Redis link to it for the tests of one file: started before them, closed and stopped
// after them (the tests share the server, so each keeps its keys under a prefix of its own).
import {
  type RedisServer,
  type RedisServerOptions,
  startRedisServer,
} from '@routewright/node-support/testing'
import { afterAll, beforeAll } from 'vitest'
import { connectRedis, type RedisLink } from '../src/core/redis-link.ts'

export interface RedisForFile {
  /** The server; read it inside a test or a hook (it starts in beforeAll). */
  readonly redis: RedisServer
  /** A link to it that logs nowhere. */
  readonly link: RedisLink
}

/** Call once at a test file's top level (or a describe's, for a server of its own, e.g. an older Redis's commands). */
export function redisForFile(options: RedisServerOptions = {}): RedisForFile {
  let redis: RedisServer | undefined
  let link: RedisLink | undefined
  beforeAll(async () => {
    redis = await startRedisServer(options)
    link = await connectRedis(redis.url, () => {})
  })
  afterAll(async () => {
    await link?.close()
    await redis?.stop()
  })
  return {
    get redis() {
      if (!redis)
        throw new Error('redisForFile(): the server starts in beforeAll; read it inside a test or hook')
      return redis
    },
    get link() {
      if (!link) throw new Error('redisForFile(): the link opens in beforeAll; read it inside a test or hook')
      return link
    },
  }
}
