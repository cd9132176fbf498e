// pure: the storage the windowed series share: rows of numbers in one array, the oldest dropped from the front.

/** Rows newer than this keep their 1 s resolution: windows up to 2 h (and the 'current' figures) stay as exact as the rows. */
export const FINE_MS = 2 * 3_600_000
/**
 * Beyond FINE_MS the rows become one sample per bucket of this size, on multiples of it since the epoch (so local
 * midnight, always on a quarter hour, is a bucket edge): a series holds at most FINE_MS / 1 s + horizon / BUCKET_MS
 * rows, whatever the traffic.
 */
export const BUCKET_MS = 15 * 60_000
const NO_ROWS: readonly number[] = []
/** A bucket number before any clock's time (a small integer still). */
const NOTHING_SAMPLED = -1_000_000_000

/**
 * Rows of `stride` numbers each, a row's time first, interleaved in one array created on the first change (most of
 * 50,000 agents' series hold one row or none). Rows older than the horizon leave from the front, keeping one as
 * the base for windows that start there; a window end is one binary search. Subclasses pass their stride to each
 * call (a constant of theirs, so no field per object).
 */
export abstract class TimeRows {
  protected rows: number[] | undefined = undefined
  /** Index of the first kept row's time in `rows` (a multiple of the stride). */
  protected head = 0
  /**
   * Rows before this bucket's start (a count of BUCKET_MS since the epoch) are samples already; a small integer, so
   * the field holds no boxed number (about 24 B an agent). The start value is before any time a clock gives.
   */
  private coarseBucket = NOTHING_SAMPLED

  /** The kept rows (a copy), for window-snapshot.ts. */
  exportRows(): number[] {
    return this.rows === undefined ? [] : this.rows.slice(this.head)
  }

  /**
   * The rows themselves, the kept ones from `keptFrom()` on, to read at once (the next change moves them): an agent's
   * export reads a few columns of them, and a copy of its hours of rows per write was most of the windows' bytes.
   */
  sharedRows(): readonly number[] {
    return this.rows ?? NO_ROWS
  }

  /** Where sharedRows()'s kept rows start. */
  keptFrom(): number {
    return this.rows === undefined ? 0 : this.head
  }

  /**
   * Appends what tells a changed series from an unchanged one (window-snapshot.ts reuses the export of one that
   * did not change): the count of kept numbers and the last seven (a whole row of every stride up to 7). A change
   * adds a row, drops old ones, or updates the last row in place, and each moves one of these.
   */
  markInto(out: number[]): void {
    const rows = this.rows
    if (rows === undefined) {
      out.push(-1)
      return
    }
    out.push(rows.length - this.head)
    for (let i = Math.max(this.head, rows.length - 7); i < rows.length; i++) out.push(rows[i]!)
  }

  /** Replaces every row with `rows` (whole rows in time order), for window-restore.ts. */
  importRows(rows: readonly number[]): void {
    this.rows = rows.length === 0 ? undefined : rows.slice()
    this.head = 0
    // resampling a bucket sample gives itself, so the next pass may start from the first row
    this.coarseBucket = NOTHING_SAMPLED
  }

  /** Times before this read as the bucket edge at or before them (tests and the README's resolution). */
  get coarseBefore(): number {
    return this.coarseBucket * BUCKET_MS
  }

  protected keptRows(stride: number): number {
    return this.rows === undefined ? 0 : (this.rows.length - this.head) / stride
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
    const rows = this.rows!
    // first row at or after the last pass: rows before it are samples already
    let from = this.head
    while (from < rows.length && rows[from]! < until) from += stride
    this.coarseBucket = cutBucket
    if (from === rows.length || rows[from]! >= cut) return
    let to = from
    while (to < rows.length && rows[to]! < cut) to += stride
    // the samples replace rows [from, to) in place (the rows after them move in one splice, no copy in a loop);
    // they start after the row before `from`, if kept, so an equal first sample is left out
    const before = from > this.head ? from - stride : from
    const out = rows.slice(before, from)
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
    if (to === rows.length || rows[to]! !== cut)
      sampleInto(out, rows, to - stride, cut, stride, integrals, true)
    rows.splice(before, to - before, ...out)
  }

  /** Drops rows older than `limit` but the last one at or before it; compacts the array now and then. */
  protected dropBefore(limit: number, stride: number): void {
    const rows = this.rows!
    while (this.head + stride < rows.length && rows[this.head + stride]! <= limit) this.head += stride
    if (this.head > stride * 1024 && this.head * 2 > rows.length) {
      this.rows = rows.slice(this.head)
      this.head = 0
    }
  }

  /** Index in `rows` of the last row at or before `t`, or -1. */
  protected rowAtOrBefore(t: number, stride: number): number {
    const rows = this.rows
    if (rows === undefined) return -1
    let lo = this.head / stride
    let hi = rows.length / stride - 1
    if (hi < lo || rows[lo * stride]! > t) return -1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (rows[mid * stride]! <= t) lo = mid
      else hi = mid - 1
    }
    return lo * stride
  }
}

/** Whether row `r` grows by no rate. */
function ratesZero(rows: readonly number[], r: number, integrals: readonly number[]): boolean {
  for (let i = 0; i < integrals.length; i++) if (rows[r + integrals[i]! + 1] !== 0) return false
  return true
}

/**
 * Appends row `r` of `rows` moved on to time `at` (at or after it): integrals grow by their rate, counters stay. With
 * `keepRates` false the rates become 0, and a sample equal to the last row appended (rates 0 too) is left out.
 */
function sampleInto(
  out: number[],
  rows: readonly number[],
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
