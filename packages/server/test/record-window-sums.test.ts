// The live figures' windows slide (records added since the last read, records leaving at the back) and must give
// exactly what a walk over every record kept would: any order of arrivals, reads, windows and a clock set back.

import type { FigureSums } from '@routewright/history'
import * as history from '@routewright/history'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { bucketWidth, type WindowRecord } from '../src/monitor/bucket-sums.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'

// few windows, so a window is read again after the clock moved (a new one would start from the records)
const WINDOWS = [5_000, 30_000]
const KEEP_MS = 60_000

/** The definition: every record with the key whose arrival is in [now - windowMs, now], summed from nothing. */
function walked(
  records: WindowRecord[],
  by: 'queue' | 'group',
  now: number,
  windowMs: number,
  t: number,
): Map<string, FigureSums> {
  const out = new Map<string, FigureSums>()
  for (const r of records) {
    if (r.arrivedAt < now - windowMs || r.arrivedAt > now) continue
    // several targets at once: the whole record in each (the history's docs/figures.md)
    for (const key of history.reportKeys(r[by])) {
      const sums = out.get(key) ?? history.emptySums()
      history.addInteraction(sums, r, t)
      out.set(key, sums)
    }
    // queues in turn: each earlier queue (group) it left, entered and overflowed out (docs/figures.md)
    for (const key of history.reportKeys(by === 'queue' ? r.overflowQueue : r.overflowGroup)) {
      const sums = out.get(key) ?? history.emptySums()
      history.addOverflowOut(sums)
      out.set(key, sums)
    }
  }
  return out
}

const sorted = (m: Map<string, FigureSums>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1))

const step = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    // a record finishes some time after it arrived: arrivals come out of order (whole seconds, so some fall on a
    // window's edge exactly)
    lag: fc.integer({ min: 0, max: 20 }).map((s) => s * 1000),
    outcome: fc.constantFrom('routed', 'abandoned', 'default-route'),
    waitMs: fc.integer({ min: 0, max: 60_000 }),
    queue: fc.constantFrom('q1', 'q2', 'q3', history.joinReportKeys(['q1', 'q3']), undefined),
    group: fc.constantFrom('g1', 'g2', history.joinReportKeys(['g2', 'g1']), undefined),
    // the earlier queues (groups) it left; q4 and g3 only ever overflow, so only entered and overflowOut hold them
    overflowQueue: fc.constantFrom('q4', 'q2', history.joinReportKeys(['q4', 'q1']), undefined, undefined),
    overflowGroup: fc.constantFrom('g3', history.joinReportKeys(['g3', 'g2']), undefined, undefined),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    by: fc.constantFrom('queue' as const, 'group' as const),
    window: fc.constantFrom(...WINDOWS),
    t: fc.constant(20),
  }),
  fc.record({
    kind: fc.constant('tick' as const),
    ms: fc.integer({ min: -3, max: 15 }).map((s) => s * 1000),
  }),
)

it('slides each window to exactly the sums of a walk over every record in it', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 20, maxLength: 300, size: 'large' }), (steps) => {
      const window = new RecordWindow(history, () => KEEP_MS)
      // the readers' windows, known before the records come (serve's alarms.yaml): their buckets fill from the start
      window.expectWindows(WINDOWS, 0)
      const all: WindowRecord[] = []
      let now = 100_000
      for (const s of steps) {
        if (s.kind === 'tick') now = Math.max(0, now + s.ms)
        else if (s.kind === 'add') {
          const record = {
            arrivedAt: now - s.lag,
            outcome: s.outcome,
            waitMs: s.waitMs,
            queue: s.queue,
            group: s.group,
            ...(s.overflowQueue === undefined ? {} : { overflowQueue: s.overflowQueue }),
            ...(s.overflowGroup === undefined ? {} : { overflowGroup: s.overflowGroup }),
          } as WindowRecord
          all.push(record)
          window.addLive(record)
        } else {
          // only records the window still keeps can be in it: those older than KEEP_MS may be dropped
          const kept = all.filter((r) => r.arrivedAt >= now - KEEP_MS)
          expect(sorted(window.sums(s.by, now, s.window, s.t))).toEqual(
            sorted(walked(kept, s.by, now, s.window, s.t)),
          )
        }
      }
    }),
    { numRuns: 300 },
  )
})

// arrivals 10 ms apart: the window's old edge is that of its bucket (bucket-sums.ts), not now - windowMs exactly
it('keeps up with thousands of records dropped at the front between reads', () => {
  const window = new RecordWindow(history, () => KEEP_MS)
  window.expectWindows([30_000], 0)
  const all: WindowRecord[] = []
  let now = 0
  for (let i = 0; i < 20_000; i++) {
    now += 10
    const record: WindowRecord = {
      arrivedAt: now - (i % 7) * 100,
      outcome: i % 5 === 0 ? 'abandoned' : 'routed',
      waitMs: (i * 37) % 40_000,
      queue: `q${i % 3}`,
      group: undefined,
    }
    all.push(record)
    window.addLive(record)
    if (i % 997 === 0) {
      const kept = all.filter((r) => r.arrivedAt >= now - KEEP_MS)
      const edge = Math.floor((now - 30_000) / bucketWidth(30_000)) * bucketWidth(30_000)
      expect(sorted(window.sums('queue', now, 30_000, 20))).toEqual(
        sorted(walked(kept, 'queue', now, now - edge, 20)),
      )
    }
  }
})

it('sums any window to a per-record walk over the arrivals from its bucket-aligned edge to now', () => {
  const arrival = fc.record({
    // arrivals anywhere in the ms, up to a day back, out of order
    back: fc.integer({ min: 0, max: 86_400_000 }),
    outcome: fc.constantFrom('routed', 'abandoned', 'default-route'),
    waitMs: fc.integer({ min: 0, max: 60_000 }),
    queue: fc.constantFrom('q1', 'q2', history.joinReportKeys(['q1', 'q2']), undefined),
    overflowQueue: fc.constantFrom('q3', undefined),
  })
  fc.assert(
    fc.property(
      fc.array(arrival, { minLength: 1, maxLength: 200 }),
      fc.array(fc.integer({ min: 1, max: 86_400_000 }), { minLength: 1, maxLength: 6 }),
      (arrivals, windows) => {
        const now = 1_000_000_000
        const window = new RecordWindow(history, () => 86_400_000)
        // the readers' windows, known before the records come (serve's alarms.yaml)
        window.expectWindows(windows, 0)
        const records = arrivals.map(
          (a) =>
            ({
              arrivedAt: now - a.back,
              outcome: a.outcome,
              waitMs: a.waitMs,
              queue: a.queue,
              group: undefined,
              ...(a.overflowQueue === undefined ? {} : { overflowQueue: a.overflowQueue }),
            }) as WindowRecord,
        )
        for (const r of records) window.addLive(r)
        for (const w of windows) {
          const edge = Math.floor((now - w) / bucketWidth(w)) * bucketWidth(w)
          // one bucket at most past the window's edge: under 1/100 of it, or 1 ms
          expect(now - w - edge).toBeLessThanOrEqual(Math.max(0, Math.floor(w / 100)))
          expect(sorted(window.sums('queue', now, w, 20))).toEqual(
            sorted(walked(records, 'queue', now, now - edge, 20)),
          )
        }
      },
    ),
    { numRuns: 200 },
  )
})

it('keeps a day of 600,000 arrivals in a bounded count of buckets, however many arrive', () => {
  const DAY = 86_400_000
  const QUEUES = 20
  const window = new RecordWindow(history, () => DAY)
  window.expectWindows([DAY, 15 * 60_000, 60_000], 0)
  const RECORDS = 600_000
  let now = 0
  const sizes: number[] = []
  for (let i = 0; i < RECORDS; i++) {
    // spread evenly over a simulated day
    now = Math.floor((i * DAY) / RECORDS)
    window.addLive({
      arrivedAt: now,
      outcome: i % 7 === 0 ? 'abandoned' : 'routed',
      waitMs: (i * 13) % 30_000,
      queue: `q${i % QUEUES}`,
      group: undefined,
    })
    if (i % 30_000 === 29_999) {
      expect(window.sums('queue', now, DAY, 20, 5).get('q0')?.offered).toBe((i + 1) / QUEUES)
      sizes.push(window.size())
    }
  }
  // 20 levels of at most 320 buckets, each with a sums per queue: what arrives later changes nothing
  const bound = 20 * 320 * QUEUES
  expect(Math.max(...sizes)).toBeLessThanOrEqual(bound)
  expect(sizes.at(-1)).toBeLessThanOrEqual(sizes[sizes.length / 2]! * 1.25)
})

it('reads a window expected late from coarser buckets until its length has passed, then from its own', () => {
  const window = new RecordWindow(history, () => 60_000)
  const all: WindowRecord[] = []
  const add = (arrivedAt: number) => {
    const record: WindowRecord = { arrivedAt, outcome: 'routed', waitMs: 1000, queue: 'q1', group: undefined }
    all.push(record)
    window.addLive(record)
  }
  // one arrival every 100 ms; a 5 s window's own bucket is 32 ms, the finest always filled 1 s (bucket-sums.ts)
  let now = 100_000
  for (; now < 110_000; now += 100) add(now)
  now -= 100
  window.expectWindows([5_000], now)
  const edge = (width: number) => Math.floor((now - 5_000) / width) * width
  const offered = (from: number) => all.filter((r) => r.arrivedAt >= from && r.arrivedAt <= now).length
  // 1 s buckets: the old edge goes back to the second, not to the 32 ms
  expect(window.sums('queue', now, 5_000, 20).get('q1')?.offered).toBe(offered(edge(1024)))
  for (const stop = now + 5_100; now < stop; ) {
    now += 100
    add(now)
  }
  expect(bucketWidth(5_000)).toBe(32)
  expect(window.sums('queue', now, 5_000, 20).get('q1')?.offered).toBe(offered(edge(32)))
})

it("keeps the defaults' sums through reloads to other thresholds, so a reload back to them reads a whole window", () => {
  let current = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 }
  const window = new RecordWindow(
    history,
    () => 60_000,
    () => current,
  )
  window.expectWindows([30_000], 0)
  let now = 0
  const add = () =>
    window.addLive({ arrivedAt: now, outcome: 'routed', waitMs: 1000, queue: 'q1', group: undefined })
  for (; now < 40_000; now += 1000) add()
  // reloads to four other T, each read a while as the monitor does (more T than are kept)
  for (const t of [30, 40, 50, 60]) {
    current = { serviceLevelSeconds: t, shortAbandonSeconds: 5 }
    window.expectWindows([30_000], now)
    for (const stop = now + 5000; now < stop; now += 1000) {
      add()
      window.sums('queue', now, 30_000, t)
    }
  }
  // back to the defaults (the file's monitor settings taken out): their sums were fed all along
  current = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 }
  window.expectWindows([30_000], now)
  expect(window.complete(now, 30_000, 20)).toBe(true)
  expect(window.sums('queue', now, 30_000, 20).get('q1')?.offered).toBe(30)
  // a T read for the first time holds only what came since
  expect(window.complete(now, 30_000, 60)).toBe(false)
})

it('stops filling the levels of windows a reload took out', () => {
  // one that expected a 5 s window and a 30 s one until a reload took the 5 s one out, one that only ever had the 30 s
  const reloaded = new RecordWindow(history, () => 60_000)
  const only = new RecordWindow(history, () => 60_000)
  let now = 0
  const add = () => {
    for (const window of [reloaded, only])
      window.addLive({ arrivedAt: now, outcome: 'routed', waitMs: 1000, queue: 'q1', group: undefined })
  }
  reloaded.expectWindows([5_000, 30_000], 0)
  only.expectWindows([30_000], 0)
  for (; now < 30_000; now += 100) add()
  reloaded.expectWindows([30_000], now)
  for (const stop = now + 5_000; now < stop; now += 100) add()
  // the 5 s window's 32 ms buckets (hundreds) are gone: both hold the same
  expect(reloaded.size()).toBe(only.size())
  expect(reloaded.sums('queue', now, 30_000, 20)).toEqual(only.sums('queue', now, 30_000, 20))
})

it('says why a window counts only since some time: the later of a start, a cut read and a reload changing T', () => {
  let current = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 }
  const window = new RecordWindow(
    history,
    () => 60_000,
    () => current,
  )
  expect(window.countsSince(0, 20, 5)).toEqual({ from: Number.NEGATIVE_INFINITY, cause: 'started' })
  window.countFrom(1000, 'started')
  expect(window.countsSince(2000, 20, 5)).toEqual({ from: 1000, cause: 'started' })
  // the store's read reached back to 500 only
  window.countFrom(500, 'read-cut')
  expect(window.countsSince(2000, 20, 5)).toEqual({ from: 500, cause: 'read-cut' })
  window.addLive({ arrivedAt: 3000, outcome: 'routed', waitMs: 1000, queue: 'q1', group: undefined })
  // a reload to a T not counted before: its sums start at the latest time known, after the read's edge
  current = { serviceLevelSeconds: 30, shortAbandonSeconds: 5 }
  window.expectWindows([30_000], 4000)
  window.sums('queue', 4000, 30_000, 30)
  expect(window.countsSince(5000, 30, 5)).toEqual({ from: 4000, cause: 'thresholds-changed' })
  // the defaults' sums were fed all along: still the read's edge
  expect(window.countsSince(5000, 20, 5)).toEqual({ from: 500, cause: 'read-cut' })
})

it("counts a record built here once when the store's read at start gave those finished before it", () => {
  const window = new RecordWindow(history, () => 60_000)
  window.readBackBefore(10_000)
  // a Redis follower's first events: one finished before its start (the store's read has it), one after
  const built = (id: string, finishedAt: number) =>
    ({
      kind: 'interaction',
      record: { id, arrivedAt: 5_000, finishedAt, outcome: 'abandoned', waitMs: 1000, queue: 'q1' },
    }) as never
  window.add(built('read-back', 9_999))
  window.add(built('live', 10_000))
  expect(window.sums('queue', 20_000, 30_000, 20).get('q1')?.offered).toBe(1)
})
