// The figure sums of arrivals kept in time buckets, per key (queue or group), so a window's memory follows buckets x
// keys, not arrivals (a 24h window at 200 interactions a second held 17 M records, ~1.7 GB). Levels of buckets 1 ms,
// 2 ms, 4 ms ... 2^19 ms wide each keep their newest LEVEL_BUCKETS buckets; a window of W reads the finest level
// spanning it, whose bucket is at most 2W/(LEVEL_BUCKETS - 1) (under W/127) wide: its old edge is exact to one bucket.
// Only the levels of the windows read (or expected) and every third one from 1 s wide fill: a window's first read,
// before its own level has filled, reads a coarser one (a bucket at most 8 times as wide for windows over ~16 s,
// whose own buckets are 128 ms or more; a shorter window first reads 1024 ms buckets).
import type { FigureSums, LiveInteraction } from '@routewright/history'
import type { HistoryKit } from '../history/history-kit.ts'

/** What the live figures keep of an interaction record while adding it. */
export type WindowRecord = LiveInteraction

type Kit = Pick<HistoryKit, 'emptySums' | 'addInteraction' | 'addOverflowOut' | 'reportKeys'>

/**
 * A key's sums in a bucket or window, in the order of the kit's emptySums(): adding arrays is what a read does
 * thousands of times, and it is several times faster than adding objects by each sum's name.
 */
type Sums = Float64Array

/** What one record adds to a key: (index in Sums, amount) pairs, the sums it leaves at 0 left out. */
type Delta = Float64Array

const NO_KEYS: readonly string[] = []

/** Buckets a level keeps (its span is this many of its width); more than these and the oldest go. */
export const LEVEL_BUCKETS = 256
/** Widths 1 ms to 2^19 ms (~8.7 min): the coarsest spans ~37 h, past the longest window (24h, alarm-schema). */
const LEVELS = 20
/** A level drops its oldest buckets once it holds this many, down to LEVEL_BUCKETS: a sort per quarter filled. */
const LEVEL_SLACK = LEVEL_BUCKETS + LEVEL_BUCKETS / 4

/** Levels always filled (1 s, 8 s, 65 s, 8.7 min wide): what a window reads before its own level filled. */
const ALWAYS = [10, 13, 16, 19]

/** Sliding windows kept between reads; the least recently read goes beyond this many. */
const MAX_SLIDING = 16

/** Per key the window sums by, the record's field naming the earlier queues (groups) it left for a later one. */
const LEFT = { queue: 'overflowQueue', group: 'overflowGroup' } as const

/** The bucket width a window of `windowMs` reads, ms: the finest level spanning it (a coarser one after a drop). */
export function bucketWidth(windowMs: number): number {
  return 2 ** Math.min(LEVELS - 1, Math.max(0, Math.ceil(Math.log2(windowMs / (LEVEL_BUCKETS - 1)))))
}

/**
 * The finest bucket width filled for windows of `windowsMs` (theirs and the always filled): arrivals summed per bucket
 * this wide land in the same bucket of every level as one by one.
 */
export function finestFilledWidth(windowsMs: Iterable<number>): number {
  return Math.min(2 ** ALWAYS[0]!, ...[...windowsMs].map(bucketWidth))
}

interface Level {
  width: number
  /** Bucket number (arrival / width, floored) to the sums of each key with arrivals in it. */
  buckets: Map<number, Map<string, Sums>>
  /**
   * The highest bucket number dropped or not filled (before the level filled): a window reaching back to it would
   * miss arrivals, so it reads a coarser level.
   */
  dropped: number
  /** The sliding windows reading this level: an arrival in their buckets counts in their sums at once. */
  sliding: Sliding[]
}

/** A window's sums kept between reads: the buckets `first` to `last` of its level, moved along as `now` moves. */
interface Sliding {
  windowMs: number
  level: Level
  first: number
  last: number
  sums: Map<string, Sums>
}

export class BucketSums {
  private readonly levels: Level[] = Array.from({ length: LEVELS }, (_, i) => ({
    width: 2 ** i,
    buckets: new Map(),
    dropped: Number.NEGATIVE_INFINITY,
    sliding: [],
  }))
  /** Per window length, its sliding sums, in the order of reads. */
  private readonly sliding = new Map<number, Sliding>()
  /** The levels records go to, finest first. */
  private filled: Level[] = ALWAYS.map((i) => this.levels[i]!)
  /** The latest arrival added: a level filled from now on takes none up to it (it would miss those before). */
  private latest = Number.NEGATIVE_INFINITY
  /** The sums' names in their order in a Sums, and where offered and entered are. */
  private readonly names: Array<keyof FigureSums>
  private readonly offered: number
  private readonly entered: number
  /** A record's sums while its delta is worked out, cleared for each record. */
  private readonly scratch: FigureSums
  /** A record's delta: room for every sum. */
  private readonly recordDelta: Delta
  /** What a queue left for a later one adds: the same for every record. */
  private readonly overflowDelta: Delta

  constructor(
    private readonly kit: Kit,
    private readonly by: 'queue' | 'group',
    private readonly thresholdSeconds: number,
    private readonly shortAbandonSeconds: number,
    /** Windows whose levels fill from the first record. */
    windowsMs: Iterable<number> = [],
  ) {
    for (const windowMs of windowsMs) this.expect(windowMs, Number.NEGATIVE_INFINITY)
    this.names = Object.keys(kit.emptySums()) as Array<keyof FigureSums>
    this.offered = this.names.indexOf('offered')
    this.entered = this.names.indexOf('entered')
    this.scratch = kit.emptySums()
    this.recordDelta = new Float64Array(2 * this.names.length)
    const overflow = kit.emptySums()
    kit.addOverflowOut(overflow)
    const delta = new Float64Array(2 * this.names.length)
    this.overflowDelta = delta.slice(0, this.deltaInto(overflow, delta))
  }

  add(record: WindowRecord): void {
    const keys = this.kit.reportKeys(record[this.by])
    const leftValue = record[LEFT[this.by]]
    const left = leftValue === undefined ? NO_KEYS : this.kit.reportKeys(leftValue)
    // in no row of this window: nothing to count
    if (keys.length === 0 && left.length === 0) return
    if (record.arrivedAt > this.latest) this.latest = record.arrivedAt
    // several targets at once: the whole interaction in each (the history's docs/figures.md), by the history's one
    // rule, worked out once for every level in buffers every record reuses (a record per interaction: no garbage)
    if (keys.length > 0) {
      const sums = this.scratch
      for (const name of this.names) sums[name] = 0
      this.kit.addInteraction(sums, record, this.thresholdSeconds, 1, this.shortAbandonSeconds)
      this.put(record.arrivedAt, keys, this.recordDelta, this.deltaInto(sums, this.recordDelta))
    }
    // queues in turn: each earlier queue it left counts it entered and overflowed out, as the report's slots do
    if (left.length > 0) this.put(record.arrivedAt, left, this.overflowDelta, this.overflowDelta.length)
  }

  /**
   * A key's sums of many arrivals at once (a slot's interval totals read back from the store), as if they all
   * arrived at `at`: the window's edge moves past them together.
   */
  addTotals(at: number, key: string, sums: FigureSums): void {
    if (at > this.latest) this.latest = at
    const delta = new Float64Array(2 * this.names.length)
    this.put(at, [key], delta, this.deltaInto(sums, delta))
  }

  /**
   * Adds a delta (its first `n` numbers) to each key's sums in the buckets of `at` in every filled level (and the
   * sliding windows holding them).
   */
  private put(at: number, keys: readonly string[], delta: Delta, n: number): void {
    for (const level of this.filled) {
      const number = Math.floor(at / level.width)
      if (number <= level.dropped) continue
      let bucket = level.buckets.get(number)
      if (!bucket) {
        bucket = new Map()
        level.buckets.set(number, bucket)
        if (level.buckets.size > LEVEL_SLACK) this.keepNewest(level)
        if (number <= level.dropped) continue
      }
      for (const key of keys) this.addInto(bucket, key, delta, n)
      // a late arrival (records come when the interaction ends) in buckets a sliding window already summed
      for (const window of level.sliding)
        if (number >= window.first && number <= window.last)
          for (const key of keys) this.addInto(window.sums, key, delta, n)
    }
  }

  /** Writes the sums that are not 0 into `out` as (index, amount) pairs one after the other; answers how many. */
  private deltaInto(sums: FigureSums, out: Delta): number {
    let n = 0
    for (let i = 0; i < this.names.length; i++) {
      const amount = sums[this.names[i]!]
      if (amount === 0) continue
      out[n++] = i
      out[n++] = amount
    }
    return n
  }

  private sumsOf(into: Map<string, Sums>, key: string): Sums {
    let sums = into.get(key)
    if (!sums) {
      sums = new Float64Array(this.names.length)
      into.set(key, sums)
    }
    return sums
  }

  /** Adds a record's delta (its first `n` numbers) to the key's sums. */
  private addInto(into: Map<string, Sums>, key: string, add: Delta, n: number): void {
    const sums = this.sumsOf(into, key)
    for (let i = 0; i < n; i += 2) sums[add[i]!]! += add[i + 1]!
  }

  /** Adds a bucket's sums (weight -1: takes them back); a key whose last arrival left is gone, as in a walk. */
  private addSums(into: Map<string, Sums>, key: string, add: Sums, weight: 1 | -1): void {
    const sums = this.sumsOf(into, key)
    for (let i = 0; i < sums.length; i++) sums[i]! += weight * add[i]!
    if (sums[this.offered] === 0 && sums[this.entered] === 0) into.delete(key)
  }

  /**
   * The sums of arrivals in [now - windowMs, now] as whole buckets of the finest level that spans the window: up to
   * one bucket more at the old edge (and at the new one, arrivals after `now` in now's bucket).
   */
  read(now: number, windowMs: number): Map<string, FigureSums> {
    const from = now - windowMs
    this.expect(windowMs, now)
    const finest = bucketWidth(windowMs)
    const level =
      this.filled.find((l) => l.width >= finest && l.dropped < Math.floor(from / l.width)) ??
      this.levels[LEVELS - 1]!
    const first = Math.floor(from / level.width)
    const last = Math.floor(now / level.width)
    let window = this.sliding.get(windowMs)
    // moved on within what it holds: add the buckets that came in, take back those that left; else sum it afresh
    // (a new window, another level, the clock set back, or a bucket it holds dropped)
    if (
      window?.level === level &&
      first >= window.first &&
      last >= window.last &&
      first <= window.last &&
      level.dropped < window.first
    ) {
      this.move(window, window.last + 1, last, 1)
      this.move(window, window.first, first - 1, -1)
    } else {
      if (window) this.unslide(window)
      window = { windowMs, level, first, last, sums: new Map() }
      level.sliding.push(window)
      this.move(window, first, last, 1)
    }
    window.first = first
    window.last = last
    this.sliding.delete(windowMs) // re-inserted last: the map's order is the order of reads
    this.sliding.set(windowMs, window)
    if (this.sliding.size > MAX_SLIDING) this.unslide(this.sliding.values().next().value!)
    const out = new Map<string, FigureSums>()
    for (const [key, sums] of window.sums) {
      const figures = this.kit.emptySums()
      for (let i = 0; i < sums.length; i++) figures[this.names[i]!] = sums[i]!
      out.set(key, figures)
    }
    return out
  }

  /** Adds (weight 1) or takes back (-1) the buckets `from` to `to` of the window's level in its sums. */
  private move(window: Sliding, from: number, to: number, weight: 1 | -1): void {
    const { level, sums } = window
    for (let number = from; number <= to; number++) {
      const bucket = level.buckets.get(number)
      if (!bucket) continue
      for (const [key, add] of bucket) this.addSums(sums, key, add, weight)
    }
  }

  private unslide(window: Sliding): void {
    this.sliding.delete(window.windowMs)
    window.level.sliding = window.level.sliding.filter((w) => w !== window)
  }

  /** Fills the level of a window of `windowMs` from now on (arrivals after `now` and the latest added). */
  expect(windowMs: number, now: number): void {
    const level = this.levels[Math.log2(bucketWidth(windowMs))]!
    if (this.filled.includes(level)) return
    level.dropped = Math.floor(Math.max(now, this.latest) / level.width)
    this.filled = [...this.filled, level].sort((a, b) => a.width - b.width)
  }

  /**
   * Fills the levels of `windowsMs` (and the always filled) only: a level whose windows are gone (a reload) stops
   * costing per record, its buckets and sliding windows let go.
   */
  expectOnly(windowsMs: Iterable<number>, now: number): void {
    const keep = new Set(ALWAYS.map((i) => this.levels[i]!))
    const windows = [...windowsMs]
    for (const windowMs of windows) keep.add(this.levels[Math.log2(bucketWidth(windowMs))]!)
    for (const level of this.filled) {
      if (keep.has(level)) continue
      for (const window of level.sliding) this.sliding.delete(window.windowMs)
      level.sliding = []
      level.buckets.clear()
    }
    this.filled = this.filled.filter((level) => keep.has(level))
    for (const windowMs of windows) this.expect(windowMs, now)
  }

  /** Drops the buckets wholly before `cutoff`: no window reaches them. */
  forgetBefore(cutoff: number): void {
    for (const level of this.filled) {
      const below = Math.floor(cutoff / level.width)
      for (const number of level.buckets.keys()) {
        if (number >= below) continue
        level.buckets.delete(number)
        if (number > level.dropped) level.dropped = number
      }
    }
  }

  /** Bucket sums held (one per key per bucket per level): what the memory follows. */
  size(): number {
    let n = 0
    for (const level of this.filled) for (const bucket of level.buckets.values()) n += bucket.size
    return n
  }

  private keepNewest(level: Level): void {
    const numbers = [...level.buckets.keys()].sort((a, b) => b - a)
    for (const number of numbers.slice(LEVEL_BUCKETS)) level.buckets.delete(number)
    level.dropped = Math.max(level.dropped, numbers[LEVEL_BUCKETS]!)
  }
}
