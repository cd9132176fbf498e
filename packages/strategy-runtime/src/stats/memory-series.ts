// pure: cumulative time series that answer "how much between t and now" in O(log n) with O(1) amortised writes.
import { BinaryHeap } from '../util/binary-heap.ts'

/**
 * A running total that grows by steps (counters) and by a rate (time integrals such as logged-in milliseconds).
 * Each change appends one row `(time, total, rate)`; the value at any time inside the horizon is the last row's
 * total plus its rate times the time since, so a sliding window is two binary searches, never a scan of history.
 * Rows older than the horizon are dropped from the front (keeping one as the base), so memory follows activity.
 */
export class CumulativeSeries {
  private times: number[] = []
  private totals: number[] = []
  private rates: number[] = []
  private head = 0

  /**
   * @param horizonMs how far back windows may start
   * @param resolutionMs changes closer than this to the last row fold into it (bounded memory at any event rate)
   */
  constructor(
    private readonly horizonMs: number,
    private readonly resolutionMs = 1000,
  ) {}

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
    const last = this.times.length - 1
    return last >= this.head ? (this.rates[last] ?? 0) : 0
  }

  /** The total at time `t` (events at exactly `t` included). */
  valueAt(t: number): number {
    const k = this.lastRowAtOrBefore(t)
    if (k < 0) return 0
    return (this.totals[k] ?? 0) + (this.rates[k] ?? 0) * (t - (this.times[k] ?? t))
  }

  /** The growth over `(from, to]`. */
  between(from: number, to: number): number {
    return this.valueAt(to) - this.valueAt(from)
  }

  /** Rows kept, for tests of the eviction. */
  get size(): number {
    return this.times.length - this.head
  }

  private change(at: number, delta: number, rate: number | undefined): void {
    const last = this.times.length - 1
    const hasRow = last >= this.head
    const lastTime = hasRow ? (this.times[last] ?? at) : at
    const t = Math.max(at, lastTime)
    // t is at or after the last row, so its value comes straight from that row
    const lastRate = hasRow ? (this.rates[last] ?? 0) : 0
    const base = hasRow ? (this.totals[last] ?? 0) + lastRate * (t - lastTime) : 0
    const nextRate = rate ?? lastRate
    if (hasRow && t - lastTime < this.resolutionMs) {
      // fold into the last row so bursts cost no memory; exact from `t` on, approximate inside the fold
      this.totals[last] = base + delta - nextRate * (t - lastTime)
      this.rates[last] = nextRate
    } else {
      this.times.push(t)
      this.totals.push(base + delta)
      this.rates.push(nextRate)
    }
    this.evict(t)
  }

  private evict(now: number): void {
    const limit = now - this.horizonMs
    // keep the last row at or before the horizon: it is the base for windows that start there
    while (this.head + 1 < this.times.length && (this.times[this.head + 1] ?? 0) <= limit) this.head++
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head)
      this.totals = this.totals.slice(this.head)
      this.rates = this.rates.slice(this.head)
      this.head = 0
    }
  }

  private lastRowAtOrBefore(t: number): number {
    let lo = this.head
    let hi = this.times.length - 1
    if (hi < lo || (this.times[lo] ?? 0) > t) return -1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.times[mid] ?? 0) <= t) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}

/** Waiting interactions by the time they started waiting (the one BinaryHeap); stale entries are skipped lazily. */
export class WaitingHeap {
  private heap = new BinaryHeap<{ since: number; id: string }>((a, b) => a.since < b.since)

  push(since: number, id: string): void {
    this.heap.push({ since, id })
  }

  /** The oldest entry still live according to `isLive`, dropping dead ones on the way. */
  peek(isLive: (id: string, since: number) => boolean): { since: number; id: string } | undefined {
    for (;;) {
      const top = this.heap.peek()
      if (top === undefined || isLive(top.id, top.since)) return top
      this.heap.pop()
    }
  }

  get size(): number {
    return this.heap.size
  }

  clear(): void {
    this.heap = new BinaryHeap<{ since: number; id: string }>((a, b) => a.since < b.since)
  }
}
