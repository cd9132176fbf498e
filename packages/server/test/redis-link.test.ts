// The Redis link on a real redis-server: long script arguments travel as bytes and arrive as the same text; a
// Redis that stops answering fails commands after the command timeout, and the link works again once it answers.
import { describe, expect, it } from 'vitest'
import { CoordinatorUnavailable, connectRedis } from '../src/core/redis-link.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()

describe('redis link scripts', () => {
  it('hands every argument to the script as sent, short or long, ASCII or not', async () => {
    const echo = shared.link.script(
      "redis.call('SET', KEYS[1], ARGV[2]) return {ARGV[1], redis.call('GET', KEYS[1])}",
    )
    const long = JSON.stringify({ note: 'Zoë’s 🚀 queue', pad: 'x'.repeat(300) })
    expect(long.length).toBeGreaterThan(256)
    expect(await echo(['link:echo'], ['short é', long])).toEqual(['short é', long])
    expect(await shared.link.send(['STRLEN', 'link:echo'])).toBe(Buffer.byteLength(long))
  })
})

describe('redis link deadlines', () => {
  it('fails a command Redis does not answer within the timeout, and answers the next once Redis does', async () => {
    const quick = await connectRedis(shared.redis.url, () => {}, { commandTimeoutMs: 200 })
    try {
      // another client holds Redis busy for 1.5 s (under its own 5 s busy limit, so no BUSY reply comes)
      const busy = shared.link.send([
        'EVAL',
        "local t = redis.call('TIME') local s = t[1] * 1000000 + t[2] repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - s > 1500000 return 1",
        '0',
      ])
      await new Promise((resolve) => setTimeout(resolve, 50))
      const started = Date.now()
      const late = quick.send(['PING'])
      await expect(late).rejects.toThrow(CoordinatorUnavailable)
      await expect(late).rejects.toThrow(/did not answer within 200 ms/)
      expect(Date.now() - started).toBeLessThan(1200)
      expect(await busy).toBe(1)
      expect(await quick.send(['PING'])).toBe('PONG')
    } finally {
      await quick.close()
    }
  })
})
