// pure: the storage the windowed series share: rows of numbers in a block of one slab, the oldest dropped from the front.
import { blockSize, classFor, RowSlab } from './row-slab.ts'

/** Rows newer than this keep their 1 s resolution: windows up to 2 h (and the 'current' figures) stay as exact as the rows. */
export const FINE_MS = 2 * 3_600_000
/**
 * Beyond FINE_MS the rows become one sample per bucket of this size, on multiples of it since the epoch (so local
 * midnight, always on a quarter hour, is a bucket edge): a series holds at most FINE_MS / 1 s + horizon / BUCKET_MS
 * rows, whatever the traffic.
 */
export const BUCKET_MS = 15 * 60_000
/** A bucket number before any clock's time (a small integer still). */
const NOTHING_SAMPLED = -1_000_000_000

/** Every series' rows, off the JS heap (row-slab.ts); the subclasses read `rowSlab.data` anew after a row is added. */
export const rowSlab = new RowSlab()
/**
 * The block of each series by slot (offset * 32 + class, -1 for none): a series registers once, on its first block,
 * with its slot as the held value, so a move to another block rewrites a number instead of unregistering and
 * registering again.
 */
const blockOfSlot: number[] = []
const freeSlots: number[] = []
/** A series collected with a block still held gives the block back, and its slot. */
const reclaim = new FinalizationRegistry<number>((slot) => {
  const held = blockOfSlot[slot]!
  if (held >= 0) rowSlab.release(Math.floor(held / 32), held % 32)
  blockOfSlot[slot] = -1
  freeSlots.push(slot)
})
/** Rows a series' first block holds: most series that change once change again, and each move costs a copy. */
const FIRST_ROWS = 4
/** Moves of at most this many numbers copy in a loop (copyWithin is a runtime call, dear for a row or two). */
const LOOP_COPY = 64

/**
 * Rows of `stride` numbers each, a row's time first, interleaved in one block of the shared slab taken on the first
 * change (most of 50,000 agents' series hold one row or none). Rows older than the horizon leave from the front,
 * keeping one as the base for windows that start there; a window end is one binary search. A full block moves its
 * kept rows to its own front when a quarter or more of it was dropped, else to a block twice the size; a block a
 * quarter full moves to a smaller one. Subclasses pass their stride to each call (a constant of theirs, so no field
 * per object).
 */
export abstract class TimeRows {
  /** Offset of this series' block in `rowSlab.data`, -1 before the first row. */
  private base = -1
  /** The block's size class (row-slab.ts). */
  private cls = 0
  /** This series' entry in `blockOfSlot`, -1 until its first block. */
  private slot = -1
  /** Index in `rowSlab.data` of the first kept row's time. */
  protected head = 0
  /** Index in `rowSlab.data` just past the last row. */
  protected end = 0
  /**
   * Rows before this bucket's start (a count of BUCKET_MS since the epoch) are samples already; a small integer, so
   * the field holds no boxed number (about 24 B an agent). The start value is before any time a clock gives.
   */
  private coarseBucket = NOTHING_SAMPLED

  /** The kept rows (a copy), for window-snapshot.ts. */
  exportRows(): number[] {
    const data = rowSlab.data
    const out: number[] = []
    for (let i = this.head; i < this.end; i++) out.push(data[i]!)
    return out
  }

  /**
   * Appends what tells a changed series from an unchanged one (window-snapshot.ts reuses the export of one that
   * did not change): the count of kept numbers and the last seven (a whole row of every stride up to 7). A change
   * adds a row, drops old ones, or updates the last row in place, and each moves one of these.
   */
  markInto(out: number[]): void {
    if (this.base < 0) {
      out.push(-1)
      return
    }
    const data = rowSlab.data
    out.push(this.end - this.head)
    for (let i = Math.max(this.head, this.end - 7); i < this.end; i++) out.push(data[i]!)
  }

  /** Replaces every row with `rows` (whole rows in time order), for window-restore.ts. */
  importRows(rows: readonly number[]): void {
    this.giveBack()
    if (rows.length > 0) {
      this.take(classFor(rows.length))
      rowSlab.data.set(rows, this.base)
      this.end = this.base + rows.length
    }
    // resampling a bucket sample gives itself, so the next pass may start from the first row
    this.coarseBucket = NOTHING_SAMPLED
  }

  /** Times before this read as the bucket edge at or before them (tests and the README's resolution). */
  get coarseBefore(): number {
    return this.coarseBucket * BUCKET_MS
  }

  /** Whether no row was ever added (or the last import was empty). */
  protected get empty(): boolean {
    return this.base < 0
  }

  protected keptRows(stride: number): number {
    return (this.end - this.head) / stride
  }

  /**
   * Room for one more row at the end: its index in `rowSlab.data` (read `data` after this, it may have grown). The
   * row counts as kept from here on; the caller writes all `stride` numbers.
   */
  protected pushRow(stride: number): number {
    if (this.base < 0) this.take(classFor(stride * FIRST_ROWS))
    else if (this.end + stride > this.base + blockSize(this.cls)) this.makeRoom(this.end - this.head + stride)
    const at = this.end
    this.end = at + stride
    return at
  }

  /** Room for `kept` numbers: the kept rows to the block's front if a quarter of it is dropped rows, else a bigger block. */
  private makeRoom(kept: number): void {
    const size = blockSize(this.cls)
    if (this.head - this.base >= size >> 2 && kept <= size) {
      copyRows(rowSlab.data, this.base, this.head, this.end)
      this.end -= this.head - this.base
      this.head = this.base
      return
    }
    this.move(Math.max(this.cls + 1, classFor(kept)))
  }

  /** Moves the kept rows to the front of a new block of class `cls`, giving the old block back. */
  private move(cls: number): void {
    const from = this.head
    const to = this.end
    const oldBase = this.base
    const oldCls = this.cls
    this.take(cls)
    // take() may have grown the slab: copy inside the new data
    copyRows(rowSlab.data, this.base, from, to)
    this.end = this.base + (to - from)
    rowSlab.release(oldBase, oldCls)
  }

  /** Takes a block of class `cls` (empty: head and end at its front). */
  private take(cls: number): void {
    const base = rowSlab.alloc(cls)
    this.base = base
    this.cls = cls
    this.head = base
    this.end = base
    if (this.slot < 0) {
      this.slot = freeSlots.pop() ?? blockOfSlot.length
      reclaim.register(this, this.slot)
    }
    blockOfSlot[this.slot] = base * 32 + cls
  }

  /** Gives the block back: no rows. */
  private giveBack(): void {
    if (this.base >= 0) {
      rowSlab.release(this.base, this.cls)
      blockOfSlot[this.slot] = -1
    }
    this.base = -1
    this.cls = 0
    this.head = 0
    this.end = 0
  }

  /**
   * Once `now` is a bucket past the last pass, turns the rows older than the last bucket edge before `now - FINE_MS`
   * into one sample per bucket edge (and one at the series' first row if that is not on an edge): the series' exact value at the edge, its rates set to 0 (so a time inside a
   * bucket reads as its starting edge), a sample left out when it equals the one before. A row at the cut carries
   * the exact value and rates on, so every time from the cut on reads as before. `integrals` are the columns of
   * totals that grow by a rate (the rate in the next column); the others are counters.
   */
  protected coarsen(now: number, stride: number, integrals: readonly number[]): void {
    // the cut moved on by a bucket (a compare per row added; the pass itself runs once a quarter hour at most)
    if (now - FINE_MS < (this.coarseBucket + 1) * BUCKET_MS) return
    this.sample(Math.floor((now - FINE_MS) / BUCKET_MS), stride, integrals)
  }

  private sample(cutBucket: number, stride: number, integrals: readonly number[]): void {
    const cut = cutBucket * BUCKET_MS
    const until = this.coarseBucket * BUCKET_MS
    const rows = rowSlab.data
    const end = this.end
    // first row at or after the last pass: rows before it are samples already
    let from = this.head
    while (from < end && rows[from]! < until) from += stride
    this.coarseBucket = cutBucket
    if (from === end || rows[from]! >= cut) return
    let to = from
    while (to < end && rows[to]! < cut) to += stride
    // the samples replace rows [from, to); they start after the row before `from`, if kept, so an equal first
    // sample is left out
    const before = from > this.head ? from - stride : from
    const out: number[] = []
    for (let i = before; i < from; i++) out.push(rows[i]!)
    let edge = Math.ceil(rows[from]! / BUCKET_MS) * BUCKET_MS
    // the series' first row, before any edge: kept at its time as a sample too (a time before the cut never reads
    // as earlier than the oldest row kept)
    if (rows[from]! < edge) sampleInto(out, rows, from, rows[from]!, stride, integrals, false)
    for (let r = from; edge < cut; edge += BUCKET_MS) {
      while (r + stride < to && rows[r + stride]! <= edge) r += stride
      sampleInto(out, rows, r, edge, stride, integrals, false)
      // nothing grows until the next row: skip the edges before it (a series idle for days costs no loop)
      if (ratesZero(rows, r, integrals)) {
        const next = r + stride < to ? rows[r + stride]! : cut
        edge = Math.max(edge, Math.ceil(next / BUCKET_MS) * BUCKET_MS - BUCKET_MS)
      }
    }
    if (to === end || rows[to]! !== cut) sampleInto(out, rows, to - stride, cut, stride, integrals, true)
    this.replace(before, to, out)
  }

  /** Replaces the numbers at `[from, to)` of `rowSlab.data` (inside the kept rows) with `values`. */
  private replace(from: number, to: number, values: readonly number[]): void {
    const grows = values.length - (to - from)
    if (this.end + grows > this.base + blockSize(this.cls)) {
      // a bigger block first; the indexes move with the rows
      const shift = this.head
      this.move(Math.max(this.cls + 1, classFor(this.end - this.head + grows)))
      from += this.head - shift
      to += this.head - shift
    }
    const data = rowSlab.data
    data.copyWithin(from + values.length, to, this.end)
    data.set(values, from)
    this.end += grows
  }

  /** Drops rows older than `limit` but the last one at or before it; a block a quarter full moves to a smaller one. */
  protected dropBefore(limit: number, stride: number): void {
    const rows = rowSlab.data
    const head = this.head
    while (this.head + stride < this.end && rows[this.head + stride]! <= limit) this.head += stride
    if (this.head === head || this.cls === 0) return
    const kept = this.end - this.head
    if (kept * 4 <= blockSize(this.cls)) this.move(classFor(kept * 2))
  }

  /** Index in `rowSlab.data` of the last row at or before `t`, or -1. */
  protected rowAtOrBefore(t: number, stride: number): number {
    const rows = rowSlab.data
    const head = this.head
    let lo = 0
    let hi = (this.end - head) / stride - 1
    if (hi < lo || rows[head]! > t) return -1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (rows[head + mid * stride]! <= t) lo = mid
      else hi = mid - 1
    }
    return head + lo * stride
  }
}

/** Copies `data[from, to)` to `target` (a lower index, or another block). */
function copyRows(data: Float64Array, target: number, from: number, to: number): void {
  if (to - from > LOOP_COPY) {
    data.copyWithin(target, from, to)
    return
  }
  for (let i = from; i < to; i++) data[target + i - from] = data[i]!
}

/** Whether row `r` grows by no rate. */
function ratesZero(rows: ArrayLike<number>, r: number, integrals: readonly number[]): boolean {
  for (let i = 0; i < integrals.length; i++) if (rows[r + integrals[i]! + 1] !== 0) return false
  return true
}

/**
 * Appends row `r` of `rows` moved on to time `at` (at or after it): integrals grow by their rate, counters stay. With
 * `keepRates` false the rates become 0, and a sample equal to the last row appended (rates 0 too) is left out.
 */
function sampleInto(
  out: number[],
  rows: ArrayLike<number>,
  r: number,
  at: number,
  stride: number,
  integrals: readonly number[],
  keepRates: boolean,
): void {
  const start = out.length
  out.push(at)
  for (let c = 1; c < stride; c++) out.push(rows[r + c]!)
  const dt = at - rows[r]!
  for (let i = 0; i < integrals.length; i++) {
    const c = integrals[i]!
    out[start + c] = rows[r + c]! + rows[r + c + 1]! * dt
    if (!keepRates) out[start + c + 1] = 0
  }
  if (keepRates || start < stride) return
  for (let c = 1; c < stride; c++) if (out[start + c] !== out[start - stride + c]) return
  for (let i = 0; i < integrals.length; i++) if (out[start - stride + integrals[i]! + 1] !== 0) return
  out.length = start
}
