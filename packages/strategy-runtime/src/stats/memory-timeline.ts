// pure: an agent side's four running figures (logged-in time, handling time, completions, handle time) in one series.
import { TimeRows } from './time-rows.ts'

/** Numbers per row: time, then total and rate of logged-in time, of handling time, then completions and their sum. */
export const TIMELINE_STRIDE = 7
const STRIDE = TIMELINE_STRIDE
const LOGGED_IN = 1
const HANDLING = 3
const COUNT = 5
const SUM = 6
/** Columns that grow by a rate (the rate in the next column). */
const INTEGRALS = [LOGGED_IN, HANDLING] as const

/**
 * What one agent (or a group's agents) did over time, as one series of rows
 * `(time, loggedIn total, loggedIn rate, handling total, handling rate, completions, handle ms)`.
 * An agent's figures change together (a completion ends handling at the same instant), so one change appends or folds
 * one row in one array: per agent one object fewer per figure, and one memory line touched per event instead of one
 * per figure. Windows are two binary searches; rows older than the horizon drop from the front (keeping one as the
 * base), and changes closer than `resolutionMs` to the last row fold into it, so memory follows activity.
 * Shared by a group's figures and an agent's own record (both extend it).
 */
export class AgentTimeline extends TimeRows {
  constructor(
    private readonly horizonMs: number,
    private readonly resolutionMs = 1000,
  ) {
    super()
  }

  /** Logged-in and handling rates (agents counted, per ms) from time `at` on; the integrals so far are kept. */
  setRates(at: number, loggedIn: number, handling: number): void {
    const rows = this.rows
    if (rows !== undefined) {
      const last = rows.length - STRIDE
      if (rows[last + LOGGED_IN + 1] === loggedIn && rows[last + HANDLING + 1] === handling) return
    } else if (loggedIn === 0 && handling === 0) return
    this.change(at, loggedIn, handling, 0, 0)
  }

  /** One completion at `at` that took `handleMs`. */
  complete(at: number, handleMs: number): void {
    const rows = this.rows
    const last = rows === undefined ? -1 : rows.length - STRIDE
    const loggedIn = last < 0 ? 0 : rows![last + LOGGED_IN + 1]!
    const handling = last < 0 ? 0 : rows![last + HANDLING + 1]!
    this.change(at, loggedIn, handling, 1, handleMs)
  }

  /** Logged-in time (agent-ms) over `(from, to]`. */
  loggedInMs(from: number, to: number): number {
    return this.integral(to, LOGGED_IN) - this.integral(from, LOGGED_IN)
  }

  /** Handling time (agent-ms) over `(from, to]`. */
  handlingMs(from: number, to: number): number {
    return this.integral(to, HANDLING) - this.integral(from, HANDLING)
  }

  /** Completions over `(from, to]`. */
  completed(from: number, to: number): number {
    return this.step(to, COUNT) - this.step(from, COUNT)
  }

  /** Handle time (ms) of the completions over `(from, to]`. */
  handleMs(from: number, to: number): number {
    return this.step(to, SUM) - this.step(from, SUM)
  }

  /** Whether any completion is kept (a provider that counted some must not be restored over). */
  hasCompletions(): boolean {
    const rows = this.rows
    return rows !== undefined && rows.length > this.head && rows[rows.length - STRIDE + COUNT]! > 0
  }

  /** Logged-in and handling rates now (what the agents' states give). */
  currentRates(): { loggedIn: number; handling: number } {
    const rows = this.rows
    if (rows === undefined || rows.length === this.head) return { loggedIn: 0, handling: 0 }
    const last = rows.length - STRIDE
    return { loggedIn: rows[last + LOGGED_IN + 1]!, handling: rows[last + HANDLING + 1]! }
  }

  /** Rows kept, for tests of the eviction. */
  get rowCount(): number {
    return this.keptRows(STRIDE)
  }

  private change(at: number, loggedIn: number, handling: number, count: number, sum: number): void {
    const rows = this.rows
    if (rows === undefined) {
      this.rows = [at, 0, loggedIn, 0, handling, count, sum]
      return
    }
    const last = rows.length - STRIDE
    const lastTime = rows[last]!
    const t = Math.max(at, lastTime)
    const dt = t - lastTime
    // totals at t come straight from the last row (t is at or after it)
    const li = rows[last + LOGGED_IN]! + rows[last + LOGGED_IN + 1]! * dt
    const h = rows[last + HANDLING]! + rows[last + HANDLING + 1]! * dt
    if (dt < this.resolutionMs) {
      // fold into the last row so bursts cost no memory; exact from `t` on, approximate inside the fold
      rows[last + LOGGED_IN] = li - loggedIn * dt
      rows[last + LOGGED_IN + 1] = loggedIn
      rows[last + HANDLING] = h - handling * dt
      rows[last + HANDLING + 1] = handling
      rows[last + COUNT] = rows[last + COUNT]! + count
      rows[last + SUM] = rows[last + SUM]! + sum
      return
    }
    rows.push(t, li, loggedIn, h, handling, rows[last + COUNT]! + count, rows[last + SUM]! + sum)
    this.coarsen(t, STRIDE, INTEGRALS)
    this.dropBefore(t - this.horizonMs, STRIDE)
  }

  /** A time integral's total at `t`. */
  private integral(t: number, column: number): number {
    const k = this.rowAtOrBefore(t, STRIDE)
    if (k < 0) return 0
    const rows = this.rows!
    return rows[k + column]! + rows[k + column + 1]! * (t - rows[k]!)
  }

  /** A counter's total at `t` (events at exactly `t` included). */
  private step(t: number, column: number): number {
    const k = this.rowAtOrBefore(t, STRIDE)
    return k < 0 ? 0 : this.rows![k + column]!
  }
}
