// pure: cumulative time series that answer "how much between t and now" in O(log n) with O(1) amortised writes.
import { BinaryHeap } from '../util/binary-heap.ts'
import { Fifo } from '../util/fifo.ts'
import { BUCKET_MS, FINE_MS, TimeRows } from './time-rows.ts'

/** Columns that grow by a rate (time-rows.ts coarsens them by their value at the edge). */
const TOTAL = [1] as const
const COUNTERS_ONLY = [] as const

/**
 * A running total that grows by steps (counters) and by a rate (time integrals such as logged-in milliseconds).
 * Each change appends one row `(time, total, rate)`; the value at any time inside the horizon is the last row's
 * total plus its rate times the time since, so a sliding window is two binary searches, never a scan of history.
 * Rows older than the horizon are dropped from the front (keeping one as the base), so memory follows activity.
 */
export class CumulativeSeries extends TimeRows {
  // rows interleaved as `time, total, rate` (TimeRows)

  /**
   * @param horizonMs how far back windows may start
   * @param resolutionMs changes closer than this to the last row fold into it (bounded memory at any event rate)
   */
  constructor(
    private readonly horizonMs: number,
    private readonly resolutionMs = 1000,
  ) {
    super()
  }

  /** Adds `delta` to the total at time `at` (events arrive in time order; earlier times are clamped). */
  add(at: number, delta: number): void {
    if (delta === 0) return
    this.change(at, delta, undefined)
  }

  /** Changes the rate (per millisecond) from time `at` on; the integral so far is kept. */
  setRate(at: number, rate: number): void {
    if (rate === this.currentRate()) return
    this.change(at, 0, rate)
  }

  currentRate(): number {
    const rows = this.rows
    return rows !== undefined && rows.length > this.head ? rows[rows.length - 1]! : 0
  }

  /** The total at time `t` (events at exactly `t` included). */
  valueAt(t: number): number {
    const k = this.rowAtOrBefore(t, 3)
    if (k < 0) return 0
    const rows = this.rows!
    return rows[k + 1]! + rows[k + 2]! * (t - rows[k]!)
  }

  /** The growth over `(from, to]`. */
  between(from: number, to: number): number {
    return this.valueAt(to) - this.valueAt(from)
  }

  /** Rows kept, for tests of the eviction. */
  get size(): number {
    return this.keptRows(3)
  }

  private change(at: number, delta: number, rate: number | undefined): void {
    const rows = this.rows
    if (rows === undefined || rows.length === this.head) {
      // no row yet: the first one, at its exact size
      const first = [at, delta, rate ?? 0]
      if (rows === undefined) this.rows = first
      else rows.push(at, delta, rate ?? 0)
      return
    }
    const last = rows.length - 3
    const lastTime = rows[last]!
    const t = Math.max(at, lastTime)
    // t is at or after the last row, so its value comes straight from that row
    const lastRate = rows[last + 2]!
    const base = rows[last + 1]! + lastRate * (t - lastTime)
    const nextRate = rate ?? lastRate
    if (t - lastTime < this.resolutionMs) {
      // fold into the last row so bursts cost no memory; exact from `t` on, approximate inside the fold
      rows[last + 1] = base + delta - nextRate * (t - lastTime)
      rows[last + 2] = nextRate
    } else {
      rows.push(t, base + delta, nextRate)
      this.coarsen(t, 3, TOTAL)
    }
    this.dropBefore(t - this.horizonMs, 3)
  }
}

/**
 * Two running totals that always move together (completions and their handle time, answers and their waits): one
 * row `(time, count, sum)` per change, so an event appends or folds one row instead of two and a window is one
 * search per end for both. Horizon and folding as in CumulativeSeries (its rate is always 0).
 */
export class PairSeries extends TimeRows {
  // rows interleaved as `time, count, sum` (TimeRows)

  constructor(
    private readonly horizonMs: number,
    private readonly resolutionMs = 1000,
  ) {
    super()
  }

  /** Adds to both totals at time `at` (events arrive in time order; earlier times are clamped). */
  add(at: number, count: number, sum: number): void {
    if (count === 0 && sum === 0) return
    const rows = this.rows
    if (rows === undefined) {
      this.rows = [at, count, sum]
      return
    }
    if (rows.length === this.head) {
      rows.push(at, count, sum)
      return
    }
    const last = rows.length - 3
    const lastTime = rows[last]!
    const t = Math.max(at, lastTime)
    if (t - lastTime < this.resolutionMs) {
      // fold into the last row so bursts cost no memory; exact from `t` on, approximate inside the fold
      rows[last + 1] = rows[last + 1]! + count
      rows[last + 2] = rows[last + 2]! + sum
    } else {
      rows.push(t, rows[last + 1]! + count, rows[last + 2]! + sum)
      this.coarsen(t, 3, COUNTERS_ONLY)
    }
    this.dropBefore(t - this.horizonMs, 3)
  }

  /** Growth of the count over `(from, to]`. */
  count(from: number, to: number): number {
    return this.valueAt(to, 1) - this.valueAt(from, 1)
  }

  /** Growth of the sum over `(from, to]`. */
  sum(from: number, to: number): number {
    return this.valueAt(to, 2) - this.valueAt(from, 2)
  }

  /** Rows kept, for tests of the eviction. */
  get size(): number {
    return this.keptRows(3)
  }

  /** Column `column` (1 count, 2 sum) of the last row at or before `t`, or 0. */
  private valueAt(t: number, column: 1 | 2): number {
    const k = this.rowAtOrBefore(t, 3)
    return k < 0 ? 0 : this.rows![k + column]!
  }
}

/**
 * A running count that grows by steps only (Entered, OverflowOut): one row `(time, total)` per change, a third fewer
 * numbers than a CumulativeSeries whose rate stays 0. Horizon and folding as in CumulativeSeries.
 */
export class CountSeries extends TimeRows {
  // rows interleaved as `time, total` (TimeRows)

  constructor(
    private readonly horizonMs: number,
    private readonly resolutionMs = 1000,
  ) {
    super()
  }

  /** Adds `delta` to the total at time `at` (events arrive in time order; earlier times are clamped). */
  add(at: number, delta: number): void {
    if (delta === 0) return
    const rows = this.rows
    if (rows === undefined) {
      this.rows = [at, delta]
      return
    }
    if (rows.length === this.head) {
      rows.push(at, delta)
      return
    }
    const last = rows.length - 2
    const lastTime = rows[last]!
    const t = Math.max(at, lastTime)
    // fold into the last row so bursts cost no memory; exact from `t` on, approximate inside the fold
    if (t - lastTime < this.resolutionMs) rows[last + 1] = rows[last + 1]! + delta
    else {
      rows.push(t, rows[last + 1]! + delta)
      this.coarsen(t, 2, COUNTERS_ONLY)
    }
    this.dropBefore(t - this.horizonMs, 2)
  }

  /** The growth over `(from, to]`. */
  between(from: number, to: number): number {
    return this.valueAt(to) - this.valueAt(from)
  }

  /** Rows kept, for tests of the eviction. */
  get size(): number {
    return this.keptRows(2)
  }

  /** The total at time `t` (events at exactly `t` included). */
  private valueAt(t: number): number {
    const k = this.rowAtOrBefore(t, 2)
    return k < 0 ? 0 : this.rows![k + 1]!
  }
}

/**
 * Every answer's time and wait over the last FINE_MS, oldest first, in a ring of numbers (no object or array per
 * answer, no copy when old ones drop out), and older ones as a count per wait in whole seconds per quarter hour
 * (time-rows.ts's BUCKET_MS): a service level threshold read for the first time is built from it, and what it keeps
 * is bounded by the quarter hours of the horizon, not by the answers.
 */
export class AnswerLog {
  /** Pairs `time, wait` from `start` (a pair index), `length` of them, wrapping around. */
  private ring = new Float64Array(32)
  private start = 0
  private length = 0
  /** Quarter hours `(end - BUCKET_MS, end]` older than the ring, oldest first: `[end, waitSeconds, count, ...]`. */
  private readonly buckets: number[][] = []
  private bins = 0
  /** The oldest pair's time (Infinity when empty): a push compares it, not the ring's cold front, with its limit. */
  private oldest = Number.POSITIVE_INFINITY

  constructor(readonly horizonMs: number) {}

  /** Answers in the ring plus (wait, count) bins of the older quarter hours: what it keeps. */
  get size(): number {
    return this.length + this.bins
  }

  /** Logs an answer at `at` (time order); whole quarter hours older than FINE_MS move to their bins. */
  push(at: number, wait: number): void {
    // older than the horizon: gone; older than the last quarter hour before FINE_MS: binned
    const limit = Math.max(Math.floor((at - FINE_MS) / BUCKET_MS) * BUCKET_MS, at - this.horizonMs - 1)
    const ring = this.ring
    let capacity = ring.length >> 1
    const gone = at - this.horizonMs
    while (this.oldest <= limit) {
      const time = this.oldest
      if (time >= gone) this.bin(time, ring[(this.start << 1) + 1]!)
      this.start = this.start + 1 === capacity ? 0 : this.start + 1
      this.length--
      this.oldest = this.length > 0 ? ring[this.start << 1]! : Number.POSITIVE_INFINITY
    }
    const buckets = this.buckets
    while (buckets.length > 0 && buckets[0]![0]! < at - this.horizonMs)
      this.bins -= (buckets.shift()!.length - 1) / 2
    if (this.length === capacity) {
      this.grow()
      capacity = this.ring.length >> 1
    }
    const slot = (this.start + this.length) % capacity
    this.ring[slot << 1] = at
    this.ring[(slot << 1) + 1] = wait
    if (this.length++ === 0) this.oldest = at
  }

  /**
   * Calls `each(time, count)` with the answers that waited at most `thresholdMs`, oldest first: a quarter hour's
   * at its end (exact for a whole-second threshold: waits are binned rounded up to the second), then one by one.
   */
  forEachWithin(thresholdMs: number, each: (time: number, count: number) => void): void {
    for (const bucket of this.buckets) {
      let count = 0
      for (let i = 1; i < bucket.length; i += 2) if (bucket[i]! * 1000 <= thresholdMs) count += bucket[i + 1]!
      if (count > 0) each(bucket[0]!, count)
    }
    const capacity = this.ring.length >> 1
    for (let i = 0; i < this.length; i++) {
      const slot = (this.start + i) % capacity
      if (this.ring[(slot << 1) + 1]! <= thresholdMs) each(this.ring[slot << 1]!, 1)
    }
  }

  /** Counts an answer in the bins of its quarter hour `(end - BUCKET_MS, end]`. */
  private bin(time: number, wait: number): void {
    const end = Math.ceil(time / BUCKET_MS) * BUCKET_MS
    const seconds = Math.ceil(wait / 1000)
    let bucket = this.buckets[this.buckets.length - 1]
    if (bucket === undefined || bucket[0] !== end) {
      bucket = [end]
      this.buckets.push(bucket)
    }
    for (let i = 1; i < bucket.length; i += 2)
      if (bucket[i] === seconds) {
        bucket[i + 1]!++
        return
      }
    bucket.push(seconds, 1)
    this.bins++
  }

  /** Calls `each(time, wait)` for the last `count` answers kept, oldest first (window-snapshot.ts). */
  forEachLast(count: number, each: (time: number, wait: number) => void): void {
    const capacity = this.ring.length >> 1
    for (let i = Math.max(0, this.length - count); i < this.length; i++) {
      const slot = (this.start + i) % capacity
      each(this.ring[slot << 1]!, this.ring[(slot << 1) + 1]!)
    }
  }

  /** An independent log holding what this one holds (answer-log-sharing.ts: a subject leaving a shared log). */
  copyInto<TLog extends AnswerLog>(into: TLog): TLog {
    into.ring = this.ring.slice()
    into.start = this.start
    into.length = this.length
    for (const bucket of this.buckets) into.buckets.push(bucket.slice())
    into.bins = this.bins
    into.oldest = this.oldest
    return into
  }

  /** Twice the room, the kept pairs moved to the front in order. */
  private grow(): void {
    const capacity = this.ring.length >> 1
    const next = new Float64Array(this.ring.length * 2)
    const first = Math.min(this.length, capacity - this.start)
    next.set(this.ring.subarray(this.start << 1, (this.start + first) << 1), 0)
    next.set(this.ring.subarray(0, (this.length - first) << 1), first << 1)
    this.ring = next
    this.start = 0
  }
}

/**
 * One interaction's place in the waiting lists of the subjects it waits in: one mark shared by all of them, so
 * leaving is one flag (`live = false`) and each list drops dead marks lazily, never looking an id up.
 */
export interface WaitMark {
  readonly since: number
  live: boolean
  /** Told once per list that drops the (dead) mark: an owner that recycles marks knows when none holds it. */
  dropped?(): void
}

/**
 * Waiting interactions by the time they started waiting; dead marks are skipped lazily. Marks mostly come in time
 * order (an arrival waits from now), so they queue in a FIFO: a push appends and compares with the newest time kept
 * here, never touching an older mark. Only a mark older than the newest (a requeue keeps its first queueing time)
 * goes to a heap (the one BinaryHeap); the oldest is the older of the two fronts.
 */
export class WaitingHeap {
  private readonly inOrder = new Fifo<WaitMark>()
  /** `since` of the newest mark in `inOrder` (its own field: a push reads no mark). */
  private newest = Number.NEGATIVE_INFINITY
  private late: BinaryHeap<WaitMark> | undefined = undefined

  push(mark: WaitMark): void {
    const since = mark.since
    if (since >= this.newest || this.inOrder.size === 0) {
      this.inOrder.push(mark)
      this.newest = since
      return
    }
    this.late ??= new BinaryHeap<WaitMark>((a, b) => a.since < b.since)
    this.late.push(mark)
  }

  /**
   * Drops `mark` (dead now) when it is first in order: the one served usually is. Nothing behind it is read (the next
   * in line's mark is another interaction's record, not touched since it queued); dead marks behind it go when a read
   * or a later drop reaches them, or in a sweep.
   */
  dropFirst(mark: WaitMark): void {
    const inOrder = this.inOrder
    for (;;) {
      const head = inOrder.peek()
      if (head === undefined) return
      if (head !== mark && head.live) return
      // dead marks before it (they left from behind the first) go on the way
      inOrder.shift()
      head.dropped?.()
      if (head === mark) return
    }
  }

  /** The oldest live mark, dropping dead ones on the way. */
  peek(): WaitMark | undefined {
    const inOrder = this.inOrder
    let first: WaitMark | undefined
    for (;;) {
      first = inOrder.peek()
      if (first === undefined || first.live) break
      inOrder.shift()
      first.dropped?.()
    }
    const late = this.late
    if (late === undefined) return first
    let top: WaitMark | undefined
    for (;;) {
      top = late.peek()
      if (top === undefined || top.live) break
      late.pop()
      top.dropped?.()
    }
    if (top === undefined) return first
    return first === undefined || top.since < first.since ? top : first
  }

  get size(): number {
    return this.inOrder.size + (this.late?.size ?? 0)
  }

  /** Drops every dead mark, in O(n). */
  sweep(): void {
    const keep = (mark: WaitMark) => {
      if (mark.live) return true
      mark.dropped?.()
      return false
    }
    this.inOrder.retain(keep)
    this.late?.filter(keep)
  }
}
