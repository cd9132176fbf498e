// The Redis link's scripts on a real redis-server: long arguments travel as bytes, and arrive as the same text.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis, type RedisLink } from '../src/core/redis-link.ts'

let redis: RedisServer
let link: RedisLink
beforeAll(async () => {
  redis = await startRedisServer()
  link = await connectRedis(redis.url, () => {})
})
afterAll(async () => {
  await link?.close()
  await redis?.stop()
})

describe('redis link scripts', () => {
  it('hands every argument to the script as sent, short or long, ASCII or not', async () => {
    const echo = link.script(
      "redis.call('SET', KEYS[1], ARGV[2]) return {ARGV[1], redis.call('GET', KEYS[1])}",
    )
    const long = JSON.stringify({ note: 'Zoë’s 🚀 queue', pad: 'x'.repeat(300) })
    expect(long.length).toBeGreaterThan(256)
    expect(await echo(['link:echo'], ['short é', long])).toEqual(['short é', long])
    expect(await link.send(['STRLEN', 'link:echo'])).toBe(Buffer.byteLength(long))
  })
})
