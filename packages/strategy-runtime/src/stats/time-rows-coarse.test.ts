// Rows older than FINE_MS become quarter-hour samples: windows read as a plain replay of every change would, with a
// start older than the cut moved back to the bucket edge before it (not before the first row), and rows bounded whatever the traffic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CumulativeSeries, PairSeries } from './memory-series.ts'
import { AgentTimeline } from './memory-timeline.ts'
import { BUCKET_MS, FINE_MS } from './time-rows.ts'

const HORIZON = 26 * 3_600_000
const T0 = Date.UTC(2026, 11, 1)

type Op =
  | { at: number; kind: 'rates'; loggedIn: number; handling: number }
  | { at: number; kind: 'done'; ms: number }

/** The straightforward reference: totals at `t` by replaying every change. */
function reference(ops: readonly Op[]) {
  return (t: number) => {
    let loggedIn = 0
    let handling = 0
    let completed = 0
    let handleMs = 0
    let rateL = 0
    let rateH = 0
    let since = Number.NEGATIVE_INFINITY
    for (const op of ops) {
      if (op.at > t) break
      if (op.kind === 'rates') {
        if (since > Number.NEGATIVE_INFINITY) {
          loggedIn += rateL * (op.at - since)
          handling += rateH * (op.at - since)
        }
        since = op.at
        rateL = op.loggedIn
        rateH = op.handling
      } else {
        completed++
        handleMs += op.ms
      }
    }
    if (since > Number.NEGATIVE_INFINITY) {
      loggedIn += rateL * (t - since)
      handling += rateH * (t - since)
    }
    return { loggedIn, handling, completed, handleMs }
  }
}

/** Where a window starting at `from` starts in rows sampled before `cut`: its edge, not before the first row. */
function roundedStart(from: number, cut: number, first: number): number {
  if (from >= cut || from < first) return from
  return Math.max(Math.floor(from / BUCKET_MS) * BUCKET_MS, first)
}

const opsArb = fc
  .array(
    fc.record({
      // whole seconds (changes within a second fold), now and then hours of nothing
      gap: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 4 * 3600 })),
      kind: fc.integer({ min: 0, max: 2 }),
      a: fc.integer({ min: 0, max: 3 }),
      b: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 200 },
  )
  .chain((steps) => fc.tuple(fc.constant(steps), fc.integer({ min: 0, max: 900 })))
  .map(([steps, offset]) => {
    // the first change anywhere in its quarter hour
    let at = T0 + offset * 1000
    const ops: Op[] = [{ at, kind: 'rates', loggedIn: 1, handling: 0 }]
    for (const s of steps) {
      at += s.gap * 1000
      ops.push(
        s.kind === 0
          ? { at, kind: 'rates', loggedIn: s.a, handling: Math.min(s.a, s.b) }
          : { at, kind: 'done', ms: s.b * 1000 + s.a },
      )
    }
    return ops
  })

describe('time rows older than the fine horizon', () => {
  it('read as the replay of every change, a start before the cut moved back to its quarter-hour edge', () => {
    let sampled = 0
    fc.assert(
      fc.property(
        opsArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (ops, picks) => {
          const timeline = new AgentTimeline(HORIZON)
          const counters = new PairSeries(HORIZON)
          const loggedIn = new CumulativeSeries(HORIZON)
          for (const op of ops) {
            if (op.kind === 'rates') {
              timeline.setRates(op.at, op.loggedIn, op.handling)
              loggedIn.setRate(op.at, op.loggedIn)
            } else {
              timeline.complete(op.at, op.ms)
              counters.add(op.at, 1, op.ms)
            }
          }
          const end = ops[ops.length - 1]!.at
          const at = reference(ops)
          const cut = timeline.coarseBefore
          if (cut > T0) sampled++
          // every quarter-hour edge of the horizon, a time inside each bucket, and random times
          const inside = Math.floor(picks[0]! * BUCKET_MS)
          const starts = [
            T0,
            ops[0]!.at,
            ops[0]!.at + 1000,
            end - FINE_MS,
            end - 60_000,
            end,
            ...picks.map((p) => end - Math.floor(p * HORIZON)),
          ]
          for (let edge = Math.floor((end - HORIZON) / BUCKET_MS) * BUCKET_MS; edge < end; edge += BUCKET_MS)
            starts.push(edge, edge + inside)
          for (const from of starts.filter((t) => t >= T0 && t >= end - HORIZON)) {
            const rounded = roundedStart(from, cut, ops[0]!.at)
            const a = at(rounded)
            const z = at(end)
            expect([from, timeline.loggedInMs(from, end)]).toEqual([from, z.loggedIn - a.loggedIn])
            expect([from, timeline.handlingMs(from, end)]).toEqual([from, z.handling - a.handling])
            expect([from, timeline.completed(from, end)]).toEqual([from, z.completed - a.completed])
            expect([from, timeline.handleMs(from, end)]).toEqual([from, z.handleMs - a.handleMs])
            const firstDone = ops.find((op) => op.kind === 'done')?.at ?? end
            const roundedC = roundedStart(from, counters.coarseBefore, firstDone)
            expect(counters.count(from, end)).toBe(z.completed - at(roundedC).completed)
            expect(counters.sum(from, end)).toBe(z.handleMs - at(roundedC).handleMs)
            const roundedL = roundedStart(from, loggedIn.coarseBefore, ops[0]!.at)
            expect(loggedIn.between(from, end)).toBe(z.loggedIn - at(roundedL).loggedIn)
          }
        },
      ),
      { numRuns: 100, seed: 20261201 },
    )
    // most feeds span hours: their old rows were sampled
    expect(sampled).toBeGreaterThan(50)
  })

  it('keeps at most one row a second for 2 h and one a quarter hour beyond, at any traffic', () => {
    const timeline = new AgentTimeline(HORIZON)
    const counters = new PairSeries(HORIZON)
    const end = T0 + 3 * 24 * 3_600_000
    let peak = 0
    // a change every 1.5 s for three days: rows every 1.5 s would be 57,600 a day
    for (let t = T0, k = 0; t < end; t += 1500, k++) {
      if (k % 2 === 0) timeline.setRates(t, 1, k % 4 === 0 ? 1 : 0)
      else timeline.complete(t, 1000)
      counters.add(t, 1, 1000)
      peak = Math.max(peak, timeline.rowCount, counters.size)
    }
    const bound = FINE_MS / 1500 + HORIZON / BUCKET_MS + BUCKET_MS / 1500 + 2
    expect(peak).toBeLessThanOrEqual(bound)
    expect(timeline.rowCount).toBeLessThan(6_000)
    // a day at a quarter-hour edge: the same completions as counted one by one
    const dayStart = end - 24 * 3_600_000
    expect(timeline.completed(dayStart, end)).toBe((24 * 3600) / 3)
    // the change at dayStart itself is outside (dayStart, end]
    expect(counters.count(dayStart, end)).toBe(24 * 2400 - 1)
  })
})
