// pure: serve's last refused reload as the Monitor shows it: the errors that stopped it and, beside them, the
// entries its walk skipped as not regular files (RW091: a strategy saved as a FIFO is why "not found" elsewhere).
import type { ControlEvent } from './monitor-types.ts'

/** Rows shown per list: a folder of thousands of pipes is a few rows and a count, not a wall. */
export const REFUSAL_ROWS_SHOWN = 5

/** One finding as a row: where, its code, and serve's message (RW091's ends with what to do). */
export interface RefusalRow {
  file: string
  code: string
  message: string
}

export interface ReloadRefusal {
  /** Server time of the refusal, ms. */
  at: number
  /** The first errors, and how many more serve counted (its `errors`, at least the findings it sent). */
  errors: RefusalRow[]
  moreErrors: number
  /** The first skipped entries, and how many more serve counted (its `skippedTotal`; it sends at most 20). */
  skipped: RefusalRow[]
  moreSkipped: number
}

type RefusedEvent = Extract<ControlEvent, { type: 'reload-refused' }>

/** Serve's event as rows, capped; a field that is not what serve writes shows empty rather than failing the view. */
export function refusalOf(event: RefusedEvent): ReloadRefusal {
  const errors = Array.isArray(event.diagnostics) ? event.diagnostics : []
  const skipped = Array.isArray(event.skipped) ? event.skipped : []
  const shown = errors.slice(0, REFUSAL_ROWS_SHOWN).map(rowOf)
  const skippedShown = skipped.slice(0, REFUSAL_ROWS_SHOWN).map(rowOf)
  return {
    at: event.at,
    errors: shown,
    // serve's counts are the truth: the rows shown plus "n more" add up to them (a serve before the total: the list)
    moreErrors: countOf(event.errors, errors.length) - shown.length,
    skipped: skippedShown,
    moreSkipped: countOf(event.skippedTotal, skipped.length) - skippedShown.length,
  }
}

/** Serve's count of a list it capped, never below the entries it sent (a count that is not a number is ignored). */
function countOf(count: unknown, sent: number): number {
  return Math.max(typeof count === 'number' && Number.isFinite(count) ? Math.floor(count) : 0, sent)
}

function rowOf(value: unknown): RefusalRow {
  const d = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const text = (field: unknown) => (typeof field === 'string' ? field : '')
  return { file: text(d.file), code: text(d.code), message: text(d.message) }
}
