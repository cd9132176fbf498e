// The load generator's keep-alive pool (bench/serve-load.mjs): a connection idle for about the server's keep-alive
// timeout is retired, not sent on, since the server may be closing it (the loader's 1-in-10 ECONNRESET).
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_KEEP_ALIVE_MS,
  KEEP_ALIVE_MARGIN_MS,
  keepAliveHintMs,
  staleIdleCount,
} from '../bench/keep-alive-idle.mjs'

const idleAt = (...times: number[]) => times.map((idleSince) => ({ idleSince }))

describe("the server's keep-alive hint", () => {
  it('reads Node\'s "Keep-Alive: timeout=5" in ms, in any letter case', () => {
    expect(keepAliveHintMs('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5')).toBe(5000)
    expect(keepAliveHintMs('HTTP/1.1 200 OK\r\nkeep-alive: max=100, timeout=72\r\n')).toBe(72_000)
  })

  it('is undefined when the head has none (the default then stands)', () => {
    expect(keepAliveHintMs('HTTP/1.1 200 OK\r\nContent-Length: 2')).toBeUndefined()
    expect(DEFAULT_KEEP_ALIVE_MS).toBe(5000)
  })
})

describe('idle connections retired before the server closes them', () => {
  const limit = DEFAULT_KEEP_ALIVE_MS - KEEP_ALIVE_MARGIN_MS

  it('retires the oldest ones idle for the timeout less the margin, and keeps the younger', () => {
    const now = 100_000
    // oldest first, as the pool keeps them: two at the limit or past it, one just under it
    expect(staleIdleCount(idleAt(now - limit - 500, now - limit, now - limit + 1), now)).toBe(2)
  })

  it('keeps every connection used within the margin of the hint', () => {
    expect(staleIdleCount(idleAt(10, 20, 30), 10 + limit - 1)).toBe(0)
    expect(staleIdleCount([], 1_000_000)).toBe(0)
  })

  it('follows the hint: a 2 s server makes a connection idle 1 s stale', () => {
    expect(staleIdleCount(idleAt(0), 1000, 2000)).toBe(1)
    expect(staleIdleCount(idleAt(0), 999, 2000)).toBe(0)
  })
})
