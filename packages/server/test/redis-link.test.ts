// The Redis link on a real redis-server: long script arguments arrive as the same text, a script call written to
// the socket in one piece; a Redis that stops answering fails commands after the command timeout, and the link works again once it answers.
import { Socket } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { CoordinatorUnavailable, connectRedis } from '../src/core/redis-link.ts'
import { redisForFile } from './redis-for-file.ts'
import { sampledBytes } from './sampled-bytes.ts'

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

  it('writes a script call with long arguments to the socket in one piece', async () => {
    const echo = shared.link.script('return #ARGV[1] + #ARGV[2] + #ARGV[3]')
    const long = (c: string) => c.repeat(2000)
    // loaded: the call below is the EVALSHA alone
    expect(await echo([], ['a', 'b', 'c'])).toBe(3)
    const write = vi.spyOn(Socket.prototype, 'write')
    try {
      expect(await echo([], [long('x'), 'short', long('y')])).toBe(4005)
      // a write request per argument sent as bytes, and one per text between them, cost more than the joined text
      expect(write).toHaveBeenCalledTimes(1)
      expect(String(write.mock.calls[0]![0])).toMatch(/^\*6\r\n\$7\r\nEVALSHA\r\n/)
    } finally {
      write.mockRestore()
    }
  })
})

describe('redis link script reload', () => {
  it('loads a script again when Redis lost it (SCRIPT FLUSH), and refuses a script error as Redis answered it', async () => {
    const answer = shared.link.script("return 'kept'")
    expect(await answer([], [])).toBe('kept')
    await shared.link.send(['SCRIPT', 'FLUSH'])
    expect(await answer([], [])).toBe('kept')
    const wrong = shared.link.script("return redis.call('NO-SUCH-COMMAND')")
    await expect(wrong([], [])).rejects.not.toBeInstanceOf(CoordinatorUnavailable)
  })
})

describe('redis link garbage', () => {
  // every commit is a script call (issue #8): an async wrapper's frame per call was young-generation garbage
  it('calls a loaded script without an async frame around the command', async () => {
    const answer = shared.link.script('return 1')
    const rounds = 300
    const run = async () => {
      for (let i = 0; i < rounds; i++) await answer(['k1', 'k2', 'k3'], ['a', 'b', 'c'])
    }
    for (let i = 0; i < 3; i++) await run()
    let least = Number.POSITIVE_INFINITY
    for (let sample = 0; sample < 5; sample++) least = Math.min(least, (await sampledBytes(run)) / rounds)
    // ~6,430 bytes with the async guard and script wrapper (the client's own ~5,800 stay)
    expect(least).toBeLessThan(6_150)
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
