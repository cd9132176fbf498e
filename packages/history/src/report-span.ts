// pure: a report's intervals in its time zone (docs/figures.md "Time zone"): where each starts and which holds a time.
import { REPORT_INTERVALS, type ReportInterval } from './report-options.ts'
import { OFFSET_SAMPLE_MS, offsetAt, offsetChanges } from './time-zone.ts'

export interface Span {
  from: number
  to: number
  count: number
  /** count + 1 instants: interval i is [edges[i], edges[i + 1]); the last is `to`. */
  edges: readonly number[]
  /**
   * ms dividing every edge's distance from `from` (the interval's width in a zone of one offset): SQL groups times by
   * it, each group inside one interval (`unitInterval`).
   */
  unit: number
}

/** Thrown when a range would hold more than `max` intervals. */
export class TooManyIntervals extends Error {
  constructor(readonly count: number) {
    super(`${count} intervals`)
  }
}

const DAY_MS = REPORT_INTERVALS.day

/**
 * The intervals of [from, to) of width `interval` on the zone's wall clock, counted from `from`'s wall time. A 15m,
 * 30m or 1h interval is a run of instants with the same wall-clock interval and the same offset: a change of offset
 * always starts one (the repeated hour in autumn is a row of its own), and an interval a shift cuts is shorter (a
 * 30-minute shift in a 1h interval: a 30-minute row). A day runs from one wall-clock day start to the next: 23 or
 * 25 hours on a change day; a day whose start the clock skips starts when the clock passes it.
 */
export function zonedSpan(
  from: number,
  to: number,
  interval: ReportInterval,
  zone: string,
  max: number,
): Span {
  const width = REPORT_INTERVALS[interval]
  // sampled at least once an interval: a change and its return inside one sample would go unseen
  const changes = offsetChanges(zone, from, to, Math.min(width, OFFSET_SAMPLE_MS))
  const first = offsetAt(zone, from)
  if (changes.length === 0) {
    // one offset: the arithmetic of a UTC report, unchanged
    const count = Math.ceil((to - from) / width)
    if (count > max) throw new TooManyIntervals(count)
    const edges = Array.from({ length: count }, (_, i) => from + i * width)
    edges.push(to)
    return { from, to, count, edges, unit: width }
  }
  const wallFrom = from + first
  const edges = [from]
  let reached = 0
  const push = (at: number, key: number) => {
    if (at <= (edges[edges.length - 1] ?? from) || at >= to) return
    edges.push(at)
    reached = Math.max(reached, key)
    if (edges.length > max + 1) throw new TooManyIntervals(Math.ceil((to - from) / width))
  }
  const starts = [from, ...changes]
  starts.forEach((start, s) => {
    const end = starts[s + 1] ?? to
    const offset = s === 0 ? first : offsetAt(zone, start)
    const keyAt = Math.floor((start + offset - wallFrom) / width)
    // a sub-day interval starts at every change; a day only when the change passed its wall-clock start
    if (s > 0 && (interval !== 'day' || keyAt > reached)) push(start, keyAt)
    for (let key = interval === 'day' ? Math.max(keyAt, reached) + 1 : keyAt + 1; ; key++) {
      const at = wallFrom + key * width - offset
      if (at >= end) break
      push(at, key)
    }
  })
  edges.push(to)
  return { from, to, count: edges.length - 1, edges, unit: unitOf(edges, from, to) }
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a)
  let y = Math.abs(b)
  while (y > 0) [x, y] = [y, x % y]
  return x
}

/** The largest ms dividing each inner edge's distance from `from` (all of the range when there is none). */
function unitOf(edges: readonly number[], from: number, to: number): number {
  let unit = 0
  for (let i = 1; i < edges.length - 1; i++) unit = gcd(unit, (edges[i] ?? from) - from)
  return unit === 0 ? to - from : unit
}

/** The interval holding `at` (clamped to the first and last). */
export function intervalOf(span: Span, at: number): number {
  const { edges } = span
  let lo = 0
  let hi = span.count - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((edges[mid] ?? 0) <= at) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The interval of SQL's group `b` (times from `from + b * unit` on, for one unit). */
export function unitInterval(span: Span, b: number): number {
  return intervalOf(span, span.from + b * span.unit)
}

/** The day after `from` on the zone's wall clock (a report's default end): 23 or 25 hours on a change day. */
export function dayAfter(from: number, zone: string): number {
  const span = zonedSpan(from, from + 2 * DAY_MS, 'day', zone, 3)
  return span.edges[1] ?? from + DAY_MS
}
