// The seconds of a long-idle reason, written from integers, read exactly as the double's own form would.
import { createSeededRandom } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { secondsText } from '../src/selection/reasons.ts'

/** What reasons wrote before: the rounded double's shortest form. */
const asDouble = (n: number) => String(Math.round(n * 1000) / 1000)

describe('secondsText', () => {
  it('writes whole seconds, trailing zeros dropped and leading fraction zeros kept', () => {
    expect(secondsText(0)).toBe('0')
    expect(secondsText(7)).toBe('7')
    expect(secondsText(12.3)).toBe('12.3')
    expect(secondsText(0.045)).toBe('0.045')
    expect(secondsText(0.0004)).toBe('0')
    expect(secondsText(0.0005)).toBe('0.001')
    expect(secondsText(100.05)).toBe('100.05')
    expect(secondsText(1_000_000.001)).toBe('1000000.001')
    expect(secondsText(59.9996)).toBe('60')
  })

  it('falls back to the double for values an idle time never takes', () => {
    for (const n of [-1, -0.25, Number.NaN, Number.POSITIVE_INFINITY, 1e16])
      expect(secondsText(n)).toBe(asDouble(n))
  })

  it('agrees with the rounded double over a million seeded values of every magnitude', () => {
    const random = createSeededRandom(11)
    const wrong: number[] = []
    for (let i = 0; i < 1_000_000; i++) {
      // magnitudes from a microsecond to 30 years, and values near whole milliseconds (ties and carries)
      const n =
        i % 2 === 0 ? random.next() * 10 ** (random.next() * 15 - 6) : i / 1000 + (random.next() - 0.5) * 1e-6
      if (secondsText(n) !== asDouble(n) && wrong.length < 5) wrong.push(n)
    }
    expect(wrong).toEqual([])
  })

  it('writes a wait of whole milliseconds exactly as the wait in seconds reads (the first-in-line reason)', () => {
    const random = createSeededRandom(5)
    const wrong: number[] = []
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(random.next() * 10 ** (1 + (i % 12)))
      if (secondsText(ms / 1000) !== String(ms / 1000)) wrong.push(ms)
    }
    expect(wrong).toEqual([])
  })
})
