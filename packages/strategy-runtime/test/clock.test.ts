import { createRealClock, createSeededRandom, createSimulatedClock } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it, vi } from 'vitest'

describe('simulated clock', () => {
  it('fires timers in due order, ties in creation order, only when advanced', () => {
    const clock = createSimulatedClock(1000)
    const fired: string[] = []
    clock.setTimeout(() => fired.push('b@20'), 20)
    clock.setTimeout(() => fired.push('a@10'), 10)
    clock.setTimeout(() => fired.push('c@20'), 20)
    expect(fired).toEqual([])
    clock.advance(15)
    expect(fired).toEqual(['a@10'])
    expect(clock.now()).toBe(1015)
    clock.runUntil(1020)
    expect(fired).toEqual(['a@10', 'b@20', 'c@20'])
  })

  it('runs timers scheduled by timers, sees their own time, and honours clearTimeout', () => {
    const clock = createSimulatedClock(0)
    const seen: number[] = []
    const cleared = clock.setTimeout(() => seen.push(-1), 5)
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 3)
    }, 4)
    clock.clearTimeout(cleared)
    clock.advance(100)
    expect(seen).toEqual([4, 7])
    expect(clock.now()).toBe(100)
    expect(clock.pending()).toBe(0)
  })

  it('fires repeated delays (FIFO lanes) and one-off delays (heap) in one due order, clears included', () => {
    const clock = createSimulatedClock(0)
    const random = createSeededRandom(7)
    const fired: number[] = []
    const expected: Array<{ due: number; id: number }> = []
    const handles: Array<ReturnType<typeof clock.setTimeout>> = []
    let id = 0
    // 40 repeated delays (more than the lanes), random one-off ones, a third cleared, time moving in between
    for (let round = 0; round < 60; round++) {
      for (let k = 0; k < 100; k++) {
        const delay =
          random.next() < 0.7 ? 1000 * (1 + Math.floor(random.next() * 40)) : random.next() * 50_000
        const mine = id++
        const handle = clock.setTimeout(() => fired.push(mine), delay)
        if (random.next() < 0.33) clock.clearTimeout(handle)
        else expected.push({ due: clock.now() + delay, id: mine })
        handles.push(handle)
      }
      clock.advance(700)
    }
    expect(clock.pending()).toBe(expected.length - fired.length)
    clock.runAll()
    expected.sort((a, b) => a.due - b.due || a.id - b.id)
    expect(fired).toEqual(expected.map((e) => e.id))
    expect(clock.pending()).toBe(0)
  })

  it('reports the next due timer and never goes backwards', () => {
    const clock = createSimulatedClock(50)
    clock.setTimeout(() => {}, 30)
    expect(clock.nextDue()).toBe(80)
    clock.runUntil(10)
    expect(clock.now()).toBe(50)
    expect(clock.runAll()).toBe(1)
  })
})

describe('seeded random', () => {
  it('replays the same sequence for the same seed, in [0, 1)', () => {
    const a = createSeededRandom(42)
    const b = createSeededRandom(42)
    const xs = Array.from({ length: 100 }, () => a.next())
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(createSeededRandom(43).next()).not.toBe(xs[0])
  })
})

describe('simulated clock start', () => {
  it.each([['2026-01-05T10:00:00Z'], [new Date(0)], [Number.NaN]])(
    'refuses %o as a start, saying how to write one',
    (start) => {
      expect(() => createSimulatedClock(start as never)).toThrow(
        /^createSimulatedClock: startMs must be a time in ms since the epoch, such as Date\.parse/,
      )
    },
  )
})

describe('real clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits out a delay longer than the platform timer takes (2^31 - 1 ms) instead of firing at once', () => {
    // the fake timers fire an over-long delay after 1 ms as Node does. No spy on setTimeout: a spy made over the fake
    // keeps it as its original, and Vitest's restoreAllMocks after the file put the fake back for the next file
    vi.useFakeTimers()
    const clock = createRealClock()
    let fired = false
    const month = 30 * 86_400_000
    clock.setTimeout(() => (fired = true), month)
    vi.advanceTimersByTime(month - 1)
    expect(fired).toBe(false)
    vi.advanceTimersByTime(1)
    expect(fired).toBe(true)
  })

  it('reads the wall clock and runs timers', async () => {
    const clock = createRealClock()
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000)
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 1))
    let ran = false
    clock.clearTimeout(clock.setTimeout(() => (ran = true), 1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ran).toBe(false)
  })

  it('lets a cleared newest timer of a delay leave at once, the only one of its delay included', () => {
    const clock = createSimulatedClock(0)
    const fired: string[] = []
    clock.setTimeout(() => fired.push('a@15'), 15)
    const newest = clock.setTimeout(() => fired.push('x'), 15)
    clock.clearTimeout(newest)
    // the only timer of its delay: its lane empties and leaves the order of lanes
    const only = clock.setTimeout(() => fired.push('y'), 7)
    clock.clearTimeout(only)
    clock.clearTimeout(only)
    expect(clock.pending()).toBe(1)
    clock.advance(1)
    clock.setTimeout(() => fired.push('b@8'), 7)
    clock.setTimeout(() => fired.push('c@16'), 15)
    expect([clock.pending(), clock.nextDue()]).toEqual([3, 8])
    clock.runAll()
    expect(fired).toEqual(['b@8', 'a@15', 'c@16'])
    expect(clock.pending()).toBe(0)
  })
})
