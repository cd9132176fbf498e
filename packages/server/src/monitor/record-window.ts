// The live figures' memory: the figure sums of the last arrivals in time buckets (bucket-sums.ts), node entries since
// start and the freshness of each statistics provider, fed by the same records the history store gets.
import type { FigureSums, HistoryItem } from '@routewright/history'
import { codeUnitOrder } from '@routewright/strategy-dsl'
import type { TraceEntry } from '@routewright/strategy-runtime'
import type { ServerEvent } from '../core/types.ts'
import type { HistoryKit } from '../history/history-kit.ts'
import { BucketSums, bucketWidth, finestFilledWidth, type WindowRecord } from './bucket-sums.ts'
import { DEFAULT_MONITOR, type MonitorSettings } from './monitor-settings.ts'
import { OpenEntries, type OpenEntry } from './open-entries.ts'

/**
 * Thresholds (T and S) whose buckets are kept; the least recently read goes beyond this many. Buckets hold sums
 * within T and S, so a T or S first read (a reload changing them) fills its windows from then on.
 */
const MAX_THRESHOLDS = 4

/**
 * The longest window whose alarm rules hold while the sums count only since serve's start (no store gave the window
 * before it): an alarm is blind at most this long after a restart; a longer window evaluates on what it has (its
 * `windowFrom` says so), as holding a 24h rule for 24 h after every start would leave it blind for a day.
 */
export const START_HOLD_MAX_MS = 60 * 60_000

type Thresholds = Pick<MonitorSettings, 'serviceLevelSeconds' | 'shortAbandonSeconds'>

/**
 * Why a window's figures count only since some time, as `GET /v1/monitor`'s `windowFromCause` says it: a reload
 * changed T or S; serve started without the window read back from a store; a store's read stopped short of it.
 */
export type WindowFromCause = 'thresholds-changed' | 'started' | 'read-cut'

/** Since when the sums of a T and S hold every arrival, and why not before (`from` -Infinity: every arrival). */
export interface CountedSince {
  from: number
  cause: WindowFromCause
}

interface ThresholdSums {
  queue: BucketSums
  group: BucketSums
  /**
   * Arrivals from this time on are all in (-Infinity: made before any record came, so it missed none): a window
   * reaching back before it is partial, as after a reload changing T or S.
   */
  started: number
}

/** The key of a T and S in `thresholds`. */
const thresholdsKey = (thresholdSeconds: number, shortAbandonSeconds: number) =>
  `${thresholdSeconds} ${shortAbandonSeconds}`

const DEFAULTS_KEY = thresholdsKey(DEFAULT_MONITOR.serviceLevelSeconds, DEFAULT_MONITOR.shortAbandonSeconds)

export interface ProviderReading {
  /** When the last reading was taken, and when its figure was true at the source. */
  at: number
  asOf: number
  stale: boolean
}

export class RecordWindow {
  /** Per T and S (`thresholdsKey`), the bucket sums by queue and by group, in the order they were last read. */
  private readonly thresholds = new Map<string, ThresholdSums>()
  /** Per bucket width, a window read with it: its level fills in the sums of every T and S (bucket-sums.ts). */
  private readonly expected = new Map<number, number>([
    [bucketWidth(DEFAULT_MONITOR.windowMs), DEFAULT_MONITOR.windowMs],
  ])
  /** The cutoff of the last prune: pruning again within a second frees next to nothing. */
  private prunedAt = Number.NEGATIVE_INFINITY
  private readonly entries = new Map<string, number>()
  /** Entries per node counted live, and for each open interaction how many of its trace's entries are counted. */
  private readonly liveEntries = new Map<string, number>()
  private readonly counted = new Map<string, number>()
  /** Nodes whose live entries grew since the last `takeLiveChanges()`. */
  private readonly liveChanged = new Set<string>()
  private readonly providers = new Map<string, ProviderReading>()
  /** Interactions queued and not ended yet: offered counts them at entry (monitor.ts openWaits). */
  private readonly openEntries = new OpenEntries()
  /** The latest `now` told (a reload's, a read's) or arrival added: when a set of sums made now starts. */
  private latestNow = Number.NEGATIVE_INFINITY
  /**
   * Arrivals before this time are not all in, whatever T and S: serve's start when no store gave the window before it,
   * the oldest arrival read back when the store's read stopped short (-Infinity: none missing).
   */
  private countedFrom = Number.NEGATIVE_INFINITY
  /** Why `countedFrom`: a start without the window read back, or a read of the store cut short. */
  private countedCause: Exclude<WindowFromCause, 'thresholds-changed'> = 'started'
  /** Records that finished before this came from the store's read at start: not counted again when they come live. */
  private readFinishedBefore = Number.NEGATIVE_INFINITY
  /** Whether a record came: a set made before missed none. */
  private anyRecord = false
  /** The last T and S of `current()` and their key: a key string per record is not built unless T or S changed. */
  private currentT = DEFAULT_MONITOR.serviceLevelSeconds
  private currentS = DEFAULT_MONITOR.shortAbandonSeconds
  private currentKey = DEFAULTS_KEY

  /**
   * Arrivals older than `keepMs()` are forgotten; `current()` names the T and S the monitor reads with now, whose
   * buckets every record goes to even before their first read.
   */
  constructor(
    private readonly kit: Pick<
      HistoryKit,
      'emptySums' | 'addInteraction' | 'addOverflowOut' | 'reportKeys' | 'liveInteraction'
    >,
    private readonly keepMs: () => number,
    private readonly current: () => Thresholds = () => DEFAULT_MONITOR,
  ) {}

  /**
   * A record this thread built (a Redis follower's, serve without a store). A follower's first events can be of
   * interactions that finished before its start (a commit late to the stream, the routing host's clock behind):
   * those the store's read gave (`readBackBefore`) are skipped.
   */
  add(item: HistoryItem): void {
    if (item.kind !== 'interaction' || item.record.finishedAt < this.readFinishedBefore) return
    this.addLive(this.kit.liveInteraction(item.record))
  }

  /** An event as it comes: a `queued` one opens an entry, the interaction's end closes it (open-entries.ts). */
  note(event: ServerEvent): void {
    this.openEntries.note(event)
  }

  /** The interactions queued and not ended, as waiting-list lines: those ringing at an agent are here, too. */
  openLines(): OpenEntry[] {
    return this.openEntries.lines()
  }

  /** Says the records that finished before `at` come from the store's read at start, not live. */
  readBackBefore(at: number): void {
    this.readFinishedBefore = at
  }

  /** An interaction's figures as the history recorder's writer thread sends them back. */
  addLive(record: WindowRecord): void {
    const now = this.current()
    if (now.serviceLevelSeconds !== this.currentT || now.shortAbandonSeconds !== this.currentS) {
      this.currentT = now.serviceLevelSeconds
      this.currentS = now.shortAbandonSeconds
      this.currentKey = thresholdsKey(this.currentT, this.currentS)
    }
    if (record.arrivedAt > this.latestNow) this.latestNow = record.arrivedAt
    if (!this.thresholds.has(this.currentKey))
      this.sumsFor(now.serviceLevelSeconds, now.shortAbandonSeconds, false)
    // the defaults' too: a reload back to them (the file's monitor settings taken out) reads a full window at once
    if (!this.thresholds.has(DEFAULTS_KEY))
      this.sumsFor(DEFAULT_MONITOR.serviceLevelSeconds, DEFAULT_MONITOR.shortAbandonSeconds, false)
    this.anyRecord = true
    for (const sums of this.thresholds.values()) {
      sums.queue.add(record)
      sums.group.add(record)
    }
  }

  /**
   * The T and S pairs every record goes to now (the current ones, the defaults' and any other kept): a read-back of
   * interval totals brings the sums of each, in this order, to `addTotals`.
   */
  fedThresholds(): Array<[number, number]> {
    const now = this.current()
    this.sumsFor(now.serviceLevelSeconds, now.shortAbandonSeconds, false)
    this.sumsFor(DEFAULT_MONITOR.serviceLevelSeconds, DEFAULT_MONITOR.shortAbandonSeconds, false)
    return [...this.thresholds.keys()].map((key) => key.split(' ').map(Number) as [number, number])
  }

  /**
   * How a read-back may sum the records of a window of `longestMs` (SeedTotals bucketMs, oldBucketMs): per the finest
   * bucket filled near the start, per the longest window's bucket before the shorter windows' reach.
   */
  summedBuckets(longestMs: number): { bucketMs: number; oldBucketMs: number } {
    return { bucketMs: finestFilledWidth(this.expected.values()), oldBucketMs: bucketWidth(longestMs) }
  }

  /**
   * A key's interval totals read back from the store (arrivals of a slot, put at `at`), `sums[i]` counted with the
   * T and S of `thresholds[i]` (fedThresholds).
   */
  addTotals(
    by: 'queue' | 'group',
    at: number,
    key: string,
    thresholds: ReadonlyArray<readonly [number, number]>,
    sums: readonly FigureSums[],
  ): void {
    if (at > this.latestNow) this.latestNow = at
    this.anyRecord = true
    for (const [i, [t, s]] of thresholds.entries())
      this.thresholds.get(thresholdsKey(t, s))?.[by].addTotals(at, key, sums[i]!)
  }

  /**
   * The windows the readers will read (the monitor's, each rule's): their bucket levels fill from `now` on, so their
   * figures are exact to their own bucket once a window's length has passed (a coarser bucket until then).
   */
  expectWindows(windowsMs: Iterable<number>, now: number): void {
    if (now > this.latestNow) this.latestNow = now
    // the windows of this reload only: a level no window reads any more stops costing per record
    this.expected.clear()
    this.expected.set(bucketWidth(DEFAULT_MONITOR.windowMs), DEFAULT_MONITOR.windowMs)
    for (const windowMs of windowsMs) if (windowMs > 0) this.expected.set(bucketWidth(windowMs), windowMs)
    for (const sums of this.thresholds.values()) {
      sums.queue.expectOnly(this.expected.values(), now)
      sums.group.expectOnly(this.expected.values(), now)
    }
  }

  /**
   * Whether the sums of T and S hold every arrival of [now - windowMs, now]: not while a set made after a reload (a T
   * or S changed) has not yet seen a window's length; its figures then count only arrivals since, and read low.
   */
  complete(
    now: number,
    windowMs: number,
    thresholdSeconds: number,
    shortAbandonSeconds: number = DEFAULT_MONITOR.shortAbandonSeconds,
  ): boolean {
    if (this.reloadedSince(now, thresholdSeconds, shortAbandonSeconds) > now - windowMs) return false
    // partial since the start: only a window short enough to wait for holds (START_HOLD_MAX_MS)
    return windowMs > START_HOLD_MAX_MS || this.countedFrom <= now - windowMs
  }

  /**
   * From when the sums of T and S hold every arrival, and why: since a reload that changed them, or since serve's
   * start when no store gave the window before it, or the oldest arrival a cut read reached (-Infinity: every one).
   */
  countsSince(now: number, thresholdSeconds: number, shortAbandonSeconds: number): CountedSince {
    const reloaded = this.reloadedSince(now, thresholdSeconds, shortAbandonSeconds)
    // a tie is the start's: the thresholds' sums were made when serve started
    return reloaded > this.countedFrom
      ? { from: reloaded, cause: 'thresholds-changed' }
      : { from: this.countedFrom, cause: this.countedCause }
  }

  /** From when the sums of T and S, made at a reload that changed them, hold every arrival (-Infinity: from the first). */
  private reloadedSince(now: number, thresholdSeconds: number, shortAbandonSeconds: number): number {
    const sums = this.thresholds.get(thresholdsKey(thresholdSeconds, shortAbandonSeconds))
    return sums ? sums.started : this.anyRecord ? now : Number.NEGATIVE_INFINITY
  }

  /**
   * Says the sums miss the arrivals before `at`: serve's start without a store to read the window back from
   * (`started`), or the oldest arrival a read of the store reached before its budget ran out (`read-cut`).
   */
  countFrom(at: number, cause: Exclude<WindowFromCause, 'thresholds-changed'>): void {
    this.countedFrom = at
    this.countedCause = cause
  }

  /** Bucket sums held, over every threshold and key: what the window's memory follows, whatever the arrivals. */
  size(): number {
    let n = 0
    for (const sums of this.thresholds.values()) n += sums.queue.size() + sums.group.size()
    return n
  }

  trace(trace: readonly TraceEntry[]): void {
    for (const entry of trace) {
      if (entry.kind === 'enter') {
        const key = `${entry.strategy}/${entry.node}`
        this.entries.set(key, (this.entries.get(key) ?? 0) + 1)
      } else if (entry.kind === 'stat' && entry.provider !== undefined) {
        const last = this.providers.get(entry.provider)
        if (last && last.at > entry.at) continue
        this.providers.set(entry.provider, {
          at: entry.at,
          asOf: entry.asOf ?? entry.at,
          stale: entry.stale === true,
        })
      }
    }
  }

  /**
   * Counts the node entries of an interaction's trace it has not counted yet (the trace only grows), so entries
   * show while the interaction is still in the strategy; `ended` forgets the interaction.
   */
  progress(interaction: string, trace: readonly TraceEntry[], ended: boolean): void {
    let seen = 0
    const already = this.counted.get(interaction) ?? 0
    for (const entry of trace) {
      if (entry.kind !== 'enter') continue
      if (++seen <= already) continue
      const key = `${entry.strategy}/${entry.node}`
      this.liveEntries.set(key, (this.liveEntries.get(key) ?? 0) + 1)
      this.liveChanged.add(key)
    }
    if (ended) this.counted.delete(interaction)
    else this.counted.set(interaction, Math.max(seen, already))
  }

  /** Entries per node of finished and open interactions, as of their last event. */
  liveNodeEntries(): Record<string, number> {
    return Object.fromEntries([...this.liveEntries].sort(([a], [b]) => codeUnitOrder(a, b)))
  }

  /** The live entries of the nodes counted since the last call (totals, not increments), and forgets them. */
  takeLiveChanges(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const key of [...this.liveChanged].sort()) out[key] = this.liveEntries.get(key) ?? 0
    this.liveChanged.clear()
    return out
  }

  /** Drops what no window needs any more. */
  prune(now: number): void {
    const cutoff = now - this.keepMs()
    if (cutoff >= this.prunedAt && cutoff - this.prunedAt < 1000) return
    this.prunedAt = cutoff
    this.openEntries.forgetBefore(cutoff)
    for (const sums of this.thresholds.values()) {
      sums.queue.forgetBefore(cutoff)
      sums.group.forgetBefore(cutoff)
    }
  }

  /**
   * The figure sums per key (queue or group) of interactions that arrived in [now - windowMs, now], the same rule
   * as a report's interval (interactions count where they arrive), to one bucket at the edges (bucket-sums.ts: under
   * 1/127 of the window); unfinished ones are not in yet. Short abandons are those within `shortAbandonSeconds`
   * (default the monitor's, which is the report's SHORT_ABANDON_SECONDS).
   */
  sums(
    by: 'queue' | 'group',
    now: number,
    windowMs: number,
    thresholdSeconds: number,
    shortAbandonSeconds: number = DEFAULT_MONITOR.shortAbandonSeconds,
  ): Map<string, FigureSums> {
    this.prune(now)
    if (now > this.latestNow) this.latestNow = now
    return this.sumsFor(thresholdSeconds, shortAbandonSeconds, true)[by].read(now, windowMs)
  }

  /**
   * The bucket sums of T and S, new (empty) when not kept; `read` moves them last in the order of reads. The current
   * T and S and the defaults' are never the ones evicted: they are fed without being read.
   */
  private sumsFor(thresholdSeconds: number, shortAbandonSeconds: number, read: boolean): ThresholdSums {
    const key = thresholdsKey(thresholdSeconds, shortAbandonSeconds)
    let sums = this.thresholds.get(key)
    if (sums && !read) return sums
    if (!sums) {
      sums = {
        queue: new BucketSums(
          this.kit,
          'queue',
          thresholdSeconds,
          shortAbandonSeconds,
          this.expected.values(),
        ),
        group: new BucketSums(
          this.kit,
          'group',
          thresholdSeconds,
          shortAbandonSeconds,
          this.expected.values(),
        ),
        // made after records came: those of arrivals before the latest time known went to other sums
        started: this.anyRecord ? this.latestNow : Number.NEGATIVE_INFINITY,
      }
    }
    this.thresholds.delete(key) // re-inserted last: the map's order is the order of reads
    this.thresholds.set(key, sums)
    if (this.thresholds.size > MAX_THRESHOLDS) {
      const now = this.current()
      const fed = thresholdsKey(now.serviceLevelSeconds, now.shortAbandonSeconds)
      for (const old of this.thresholds.keys()) {
        if (old === key || old === fed || old === DEFAULTS_KEY) continue
        this.thresholds.delete(old)
        break
      }
    }
    return sums
  }

  nodeEntries(): Record<string, number> {
    return Object.fromEntries([...this.entries].sort(([a], [b]) => codeUnitOrder(a, b)))
  }

  /** Seconds a provider's figures have been stale (0 when its last reading was fresh); undefined if never read. */
  providerStaleSeconds(provider: string, now: number): number | undefined {
    const reading = this.providers.get(provider)
    if (!reading) return undefined
    return reading.stale ? Math.max(0, now - reading.asOf) / 1000 : 0
  }

  providerNames(): string[] {
    return [...this.providers.keys()].sort()
  }
}
