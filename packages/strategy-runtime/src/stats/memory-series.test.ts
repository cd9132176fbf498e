import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnswerLog, CountSeries, CumulativeSeries, PairSeries, WaitingHeap } from './memory-series.ts'

describe('CumulativeSeries', () => {
  it('answers counts over any window from the rows it keeps', () => {
    const s = new CumulativeSeries(3_600_000)
    for (let t = 0; t < 100; t++) s.add(t * 10_000, 1)
    expect(s.between(0, 990_000)).toBe(99)
    expect(s.between(500_000, 990_000)).toBe(49)
    expect(s.valueAt(-1)).toBe(0)
  })

  it('integrates a rate exactly between changes', () => {
    const s = new CumulativeSeries(3_600_000)
    s.setRate(0, 2)
    s.setRate(10_000, 0)
    s.setRate(20_000, 1)
    expect(s.valueAt(30_000)).toBe(30_000)
    expect(s.between(5_000, 25_000)).toBe(15_000)
  })

  it('keeps memory bounded by the horizon and the resolution at any event rate', () => {
    const s = new CumulativeSeries(600_000, 1000)
    const end = 2 * 3_600_000
    for (let t = 0; t < end; t += 100) s.add(t, 1)
    // one row per second over the ten-minute horizon, plus the base row
    expect(s.size).toBeLessThanOrEqual(602)
    // a window edge inside a folded second is off by at most that second's events
    expect(Math.abs(s.between(end - 300_000, end) - 3_000)).toBeLessThanOrEqual(10)
  })

  it('stays exact at the newest time when changes fold into one row', () => {
    const s = new CumulativeSeries(3_600_000, 1000)
    s.setRate(0, 1)
    s.setRate(400, 3)
    s.setRate(900, 0)
    expect(s.valueAt(5_000)).toBe(400 + 3 * 500)
  })
})

describe('PairSeries', () => {
  it('answers count and sum over any window, as two CumulativeSeries fed the same events would', () => {
    const pair = new PairSeries(3_600_000)
    const count = new CumulativeSeries(3_600_000)
    const sum = new CumulativeSeries(3_600_000)
    for (let t = 0; t < 200; t++) {
      // steps of 0.7 s fold into the row before them, like CumulativeSeries does
      const at = t * 700
      // no zero sums: CumulativeSeries skips a zero change, so its rows (and folds) would start elsewhere
      pair.add(at, 1, t * 3 + 1)
      count.add(at, 1)
      sum.add(at, t * 3 + 1)
    }
    for (const [from, to] of [
      [-1, 140_000],
      [10_000, 90_000],
      [70_350, 70_351],
      [139_300, 139_300],
    ] as const) {
      expect(pair.count(from, to)).toBe(count.between(from, to))
      expect(pair.sum(from, to)).toBe(sum.between(from, to))
    }
    expect(pair.count(-1, 140_000)).toBe(200)
    expect(pair.sum(-1, 140_000)).toBe(3 * ((199 * 200) / 2) + 200)
  })

  it('keeps one row per resolution step within the horizon and ignores empty changes', () => {
    const pair = new PairSeries(600_000, 1000)
    pair.add(0, 0, 0)
    expect(pair.size).toBe(0)
    const end = 2 * 3_600_000
    for (let t = 0; t < end; t += 100) pair.add(t, 1, 5)
    expect(pair.size).toBeLessThanOrEqual(602)
    expect(Math.abs(pair.count(end - 300_000, end) - 3_000)).toBeLessThanOrEqual(10)
    expect(Math.abs(pair.sum(end - 300_000, end) - 15_000)).toBeLessThanOrEqual(50)
  })
})

describe('CountSeries', () => {
  it('reads every window as a CumulativeSeries fed the same steps, over days of coarsening, with 2 numbers a row', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            // bursts inside the 1 s resolution (folded) and gaps past FINE_MS and the horizon (coarsened, dropped)
            fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 40 * 60_000 })),
            fc.integer({ min: -2, max: 3 }),
          ),
          {
            minLength: 1,
            maxLength: 120,
          },
        ),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (steps, windows) => {
          const horizon = 26 * 3_600_000
          const count = new CountSeries(horizon)
          const full = new CumulativeSeries(horizon)
          let at = Date.UTC(2026, 11, 1)
          const start = at
          for (const [gap, delta] of steps) {
            at += gap
            count.add(at, delta)
            full.add(at, delta)
          }
          for (const [a, b] of windows) {
            const from = start - 1 + Math.floor(a * (at - start + 2))
            const to = Math.max(from, start - 1 + Math.floor(b * (at - start + 2)))
            expect(count.between(from, to)).toBe(full.between(from, to))
          }
          expect(count.size).toBe(full.size)
          expect(count.exportRows().length).toBe((full.exportRows().length / 3) * 2)
        },
      ),
      { seed: 7, numRuns: 300 },
    )
  })
})

describe('AnswerLog', () => {
  it('keeps the answers of the horizon in order while it wraps around and grows', () => {
    const log = new AnswerLog(10_000)
    const kept = () => {
      const out: Array<[number, number]> = []
      log.forEachLast(Number.POSITIVE_INFINITY, (time, wait) => {
        out.push([time, wait])
      })
      return out
    }
    // 40 answers a second apart: the ring wraps (old ones drop) and grows past its first 16 places
    for (let t = 0; t < 40; t++) log.push(t * 1000, t)
    expect(kept()).toEqual(Array.from({ length: 11 }, (_, k) => [(29 + k) * 1000, 29 + k]))
    // a burst inside the horizon (29 s drops out) grows it with the kept answers still oldest first
    for (let k = 0; k < 50; k++) log.push(39_500, 100 + k)
    const all = kept()
    expect(all).toHaveLength(60)
    expect(all[0]).toEqual([30_000, 30])
    expect(all.at(-1)).toEqual([39_500, 149])
    expect(all.map(([time]) => time)).toEqual([...all.map(([time]) => time)].sort((a, b) => a - b))
  })

  it('keeps whole-second wait bins per quarter hour beyond 2 h: bounded, and a threshold counts as the answers do', () => {
    const horizon = 26 * 3_600_000
    const log = new AnswerLog(horizon)
    const answers: Array<[number, number]> = []
    const start = Date.UTC(2026, 11, 1, 0, 7)
    let seed = 7
    let peak = 0
    // an answer every 2 s for 30 h, waits up to a minute in ms
    for (let t = start; t < start + 30 * 3_600_000; t += 2000) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      const wait = seed % 60_000
      log.push(t, wait)
      answers.push([t, wait])
      peak = Math.max(peak, log.size)
    }
    const end = answers.at(-1)![0]
    // 2 h 15 min of answers (3,600 an hour) and at most 61 wait seconds a quarter hour for 26 h
    expect(peak).toBeLessThanOrEqual(2.25 * 3600 + (26 * 4 + 1) * 61)
    for (const threshold of [0, 1000, 20_000, 59_000]) {
      const series = new CumulativeSeries(horizon)
      log.forEachWithin(threshold, (time, count) => series.add(time, count))
      // a quarter-hour edge of the binned part, and times inside the last 2 h
      for (const from of [
        start + 7 * 3_600_000 + 53 * 60_000,
        start + 20 * 3_600_000 + 8 * 60_000,
        end - 7_200_000,
        end - 60_000,
      ]) {
        const expected = answers.filter(([t, w]) => t > from && t > end - horizon && w <= threshold).length
        expect([threshold, from, series.between(from, end)]).toEqual([threshold, from, expected])
      }
    }
  })
})

describe('WaitingHeap', () => {
  it('gives the oldest live mark, skips dead ones and sweeps them', () => {
    const heap = new WaitingHeap()
    const a = { since: 30, live: true }
    const b = { since: 10, live: true }
    const c = { since: 20, live: true }
    for (const mark of [a, b, c]) heap.push(mark)
    expect(heap.peek()).toBe(b)
    b.live = false
    expect(heap.peek()).toBe(c)
    c.live = false
    heap.sweep()
    expect(heap.size).toBe(1)
    expect(heap.peek()).toBe(a)
    a.live = false
    expect(heap.peek()).toBeUndefined()
  })

  it('tells a dead mark each time a list drops it, by peek or by sweep, and never a live one', () => {
    const heap = new WaitingHeap()
    const drops: number[] = []
    const mark = (since: number) => ({ since, live: true, dropped: () => drops.push(since) })
    const [a, b, c, d] = [mark(10), mark(20), mark(30), mark(40)]
    // c and d in time order, then a and b older than the newest (a requeue keeps its first queueing time)
    for (const m of [c, d, a, b]) heap.push(m)
    a.live = false
    d.live = false
    expect(heap.peek()).toBe(b)
    expect(drops).toEqual([10])
    heap.sweep()
    expect(drops).toEqual([10, 40])
    expect(heap.size).toBe(2)
    b.live = false
    expect(heap.peek()).toBe(c)
    expect(drops).toEqual([10, 40, 20])
  })

  it('drops the first mark as it leaves without reading the mark behind it (another interaction, cold)', () => {
    const heap = new WaitingHeap()
    const drops: number[] = []
    let reads = 0
    const mark = (since: number) => ({ since, live: true, dropped: () => drops.push(since) })
    const [a, b, c] = [mark(10), mark(20), mark(30)]
    const watched = {
      since: 25,
      get live() {
        reads++
        return true
      },
      dropped: () => drops.push(25),
    }
    for (const m of [a, b, watched, c]) heap.push(m)
    a.live = false
    heap.dropFirst(a)
    expect(drops).toEqual([10])
    // a mark that left from behind the first is dropped on the way when the first leaves; nothing past it is read
    c.live = false
    heap.dropFirst(c)
    expect(drops).toEqual([10])
    b.live = false
    heap.dropFirst(b)
    expect(drops).toEqual([10, 20])
    expect(reads).toBe(0)
    expect(heap.peek()).toBe(watched)
    expect(heap.size).toBe(2)
  })

  it('agrees with a sorted list over random pushes (mostly in time order), deaths, peeks and sweeps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -50, max: 50 })), {
          maxLength: 200,
        }),
        (ops) => {
          const heap = new WaitingHeap()
          const all: Array<{ since: number; live: boolean; drops: number; dropped(): void }> = []
          let now = 0
          for (const [op, arg] of ops) {
            if (op < 5) {
              // an arrival waits from now; one in five requeues with an earlier time
              now += Math.abs(arg) % 3
              const since = op === 0 ? now - Math.abs(arg) : now
              const m = { since, live: true, drops: 0, dropped: () => m.drops++ }
              all.push(m)
              heap.push(m)
            } else if (op < 8) {
              const live = all.filter((m) => m.live)
              if (live.length > 0) live[Math.abs(arg) % live.length]!.live = false
            } else if (op === 8) heap.sweep()
            const oldest = Math.min(...all.filter((m) => m.live).map((m) => m.since))
            expect(heap.peek()?.since ?? Number.POSITIVE_INFINITY).toBe(oldest)
            for (const m of all) expect(m.drops).toBeLessThanOrEqual(m.live ? 0 : 1)
          }
          heap.sweep()
          for (const m of all) expect(m.drops).toBe(m.live ? 0 : 1)
          expect(heap.size).toBe(all.filter((m) => m.live).length)
        },
      ),
    )
  })
})
