// The figure sums of a sliding arrival window, kept up to date between reads: each read adds the records that came
// in since the last one and takes back those whose arrival left the window, so a 15-minute alarm window at 1,000
// interactions a second costs the records that moved, not a walk over the 900,000 it holds.
import type { FigureSums, LiveInteraction } from '@routewright/history'
import { BinaryHeap } from '@routewright/strategy-runtime'
import type { HistoryKit } from '../history/history-kit.ts'

/** What the live figures keep of an interaction record. */
export type WindowRecord = LiveInteraction

type Kit = Pick<HistoryKit, 'emptySums' | 'addInteraction' | 'addOverflowOut' | 'reportKeys'>

/** Per key the window sums by, the record's field naming the earlier queues (groups) it left for a later one. */
const LEFT = { queue: 'overflowQueue', group: 'overflowGroup' } as const

export class SlidingSums {
  private readonly sums = new Map<string, FigureSums>()
  /** Records in the window, the earliest arrival on top: the next to leave. */
  private readonly inside = new BinaryHeap<WindowRecord>((a, b) => a.arrivedAt < b.arrivedAt)
  /** Records that arrived after the last read's `now` (a clock behind the records'): looked at again next read. */
  private ahead: WindowRecord[] = []
  /** The absolute number of the first record not looked at yet, and the last read's window. */
  private next = 0
  private lastNow = Number.NEGATIVE_INFINITY

  constructor(
    private readonly kit: Kit,
    private readonly by: 'queue' | 'group',
    private readonly windowMs: number,
    private readonly thresholdSeconds: number,
    /** S of the short abandons; undefined: addInteraction's default (the report's). */
    private readonly shortAbandonSeconds?: number,
  ) {}

  /**
   * The sums of records arriving in [now - windowMs, now], given every record so far as `records` from absolute
   * number `base` (the ones before it dropped, older than the window). Undefined when the window moved back (a
   * clock set back): the caller starts a new one.
   */
  read(records: readonly WindowRecord[], base: number, now: number): Map<string, FigureSums> | undefined {
    const from = now - this.windowMs
    if (now < this.lastNow) return undefined
    const pending = this.ahead
    this.ahead = []
    for (const record of pending) this.take(record, from, now)
    for (let i = Math.max(0, this.next - base); i < records.length; i++) this.take(records[i]!, from, now)
    this.next = base + records.length
    for (let top = this.inside.peek(); top && top.arrivedAt < from; top = this.inside.peek()) {
      this.inside.pop()
      this.count(top, -1)
    }
    this.lastNow = now
    const out = new Map<string, FigureSums>()
    for (const [key, sums] of this.sums) out.set(key, { ...sums })
    return out
  }

  private take(record: WindowRecord, from: number, now: number): void {
    // never inside: in no row of this window, or before it (the window only moves on)
    if ((record[this.by] === undefined && record[LEFT[this.by]] === undefined) || record.arrivedAt < from)
      return
    if (record.arrivedAt > now) this.ahead.push(record)
    else {
      this.inside.push(record)
      this.count(record, 1)
    }
  }

  private count(record: WindowRecord, weight: 1 | -1): void {
    // several targets at once: the whole interaction in each (the history's docs/figures.md)
    for (const key of this.kit.reportKeys(record[this.by])) this.countIn(key, record, weight)
    // queues in turn: each earlier queue it left counts it entered and overflowed out, as the report's slots do
    const left = record[LEFT[this.by]]
    if (left !== undefined) for (const key of this.kit.reportKeys(left)) this.countLeft(key, weight)
  }

  private sumsOf(key: string): FigureSums {
    let sums = this.sums.get(key)
    if (!sums) {
      sums = this.kit.emptySums()
      this.sums.set(key, sums)
    }
    return sums
  }

  /** A key whose last record left is gone, as a walk over the window would not list it. */
  private forgetEmpty(key: string, sums: FigureSums): void {
    if (sums.offered === 0 && sums.entered === 0) this.sums.delete(key)
  }

  private countLeft(key: string, weight: 1 | -1): void {
    const sums = this.sumsOf(key)
    this.kit.addOverflowOut(sums, weight)
    this.forgetEmpty(key, sums)
  }

  private countIn(key: string, record: WindowRecord, weight: 1 | -1): void {
    const sums = this.sumsOf(key)
    this.kit.addInteraction(sums, record, this.thresholdSeconds, weight, this.shortAbandonSeconds)
    this.forgetEmpty(key, sums)
  }
}
