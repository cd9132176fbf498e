// The live figures' memory: interaction records of the last minutes, node entries since start and the freshness of
// each statistics provider, fed by the same records the history store gets.

import type { FigureSums, HistoryItem } from '@routewright/history'
import { codeUnitOrder } from '@routewright/strategy-dsl'
import type { TraceEntry } from '@routewright/strategy-runtime'
import type { HistoryKit } from '../history/history-kit.ts'
import { SlidingSums, type WindowRecord } from './sliding-sums.ts'

/** Sliding windows kept between reads (per key, window and threshold); the oldest read goes beyond this many. */
const MAX_SLIDING = 16

export interface ProviderReading {
  /** When the last reading was taken, and when its figure was true at the source. */
  at: number
  asOf: number
  stale: boolean
}

export class RecordWindow {
  private kept: WindowRecord[] = []
  private head = 0
  /** How many records were dropped from the front of `kept`: a record's absolute number is this plus its index. */
  private dropped = 0
  private readonly sliding = new Map<string, SlidingSums>()
  private readonly entries = new Map<string, number>()
  /** Entries per node counted live, and for each open interaction how many of its trace's entries are counted. */
  private readonly liveEntries = new Map<string, number>()
  private readonly counted = new Map<string, number>()
  /** Nodes whose live entries grew since the last `takeLiveChanges()`. */
  private readonly liveChanged = new Set<string>()
  private readonly providers = new Map<string, ProviderReading>()

  /** Records older than `keepMs()` (by arrival) are forgotten. */
  constructor(
    private readonly kit: Pick<
      HistoryKit,
      'emptySums' | 'addInteraction' | 'addOverflowOut' | 'reportKeys' | 'liveInteraction'
    >,
    private readonly keepMs: () => number,
  ) {}

  add(item: HistoryItem): void {
    if (item.kind !== 'interaction') return
    this.kept.push(this.kit.liveInteraction(item.record))
  }

  /** An interaction's figures as the history recorder's writer thread sends them back. */
  addLive(record: WindowRecord): void {
    this.kept.push(record)
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
    while (this.head < this.kept.length && this.kept[this.head]!.arrivedAt < cutoff) this.head++
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head)
      this.dropped += this.head
      this.head = 0
    }
  }

  /**
   * The figure sums per key (queue or group) of interactions that arrived in [now - windowMs, now], the same rule
   * as a report's interval (interactions count where they arrive); unfinished ones are not in yet. Short abandons
   * are those within `shortAbandonSeconds` (default: the report's, @routewright/history's SHORT_ABANDON_SECONDS).
   */
  sums(
    by: 'queue' | 'group',
    now: number,
    windowMs: number,
    thresholdSeconds: number,
    shortAbandonSeconds?: number,
  ): Map<string, FigureSums> {
    this.prune(now)
    const key = `${by} ${windowMs} ${thresholdSeconds} ${shortAbandonSeconds ?? ''}`
    let window = this.sliding.get(key)
    let sums = window?.read(this.kept, this.dropped, now)
    if (!sums) {
      // a new window, or the clock went back: start one from the records kept
      window = new SlidingSums(this.kit, by, windowMs, thresholdSeconds, shortAbandonSeconds)
      sums = window.read(this.kept, this.dropped, now)!
    }
    this.sliding.delete(key) // re-inserted last: the map's order is the order of reads
    this.sliding.set(key, window!)
    if (this.sliding.size > MAX_SLIDING) this.sliding.delete(this.sliding.keys().next().value!)
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
