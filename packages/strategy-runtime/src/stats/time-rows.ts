// pure: the storage the windowed series share: rows of numbers in one array, the oldest dropped from the front.

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

  /** The kept rows (a copy), for window-snapshot.ts. */
  exportRows(): number[] {
    return this.rows === undefined ? [] : this.rows.slice(this.head)
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
  }

  protected keptRows(stride: number): number {
    return this.rows === undefined ? 0 : (this.rows.length - this.head) / stride
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
