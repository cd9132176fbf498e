// pure: what one report may hold. Its range, interval and keys come from the caller, and a year of 15-minute
// intervals by agent is 35,040 rows per agent: 20 agents took 26 s and 1.2 GB (docs/performance-log.md, 2026-12-06).

/** Rows of a report (a key's figures in one interval) at most: a CSV of about 70 MB. */
export const MAX_REPORT_ROWS = 1_000_000
/** Per-interval figures kept while a report is built (an agent's time in a state, one an interval): 160 MB. */
export const MAX_REPORT_SLOTS = 20_000_000

/** Thrown when a report would hold more than its budget. */
export class ReportTooBig extends Error {
  constructor(
    readonly max: number,
    readonly what: string,
  ) {
    super(`more than ${max.toLocaleString('en')} ${what}`)
  }
}

export interface ReportBudget {
  /** Counts `n` more; throws ReportTooBig past the budget. */
  take(n: number): void
  /** Throws ReportTooBig when `n` more would be past the budget, counting none: a refusal before building them. */
  ahead(n: number): void
}

/** A budget of `max` `what`s (`rows`), which ReportTooBig names. */
export function reportBudget(max: number, what: string): ReportBudget {
  let used = 0
  return {
    take(n) {
      used += n
      if (used > max) throw new ReportTooBig(max, what)
    },
    ahead(n) {
      if (used + n > max) throw new ReportTooBig(max, what)
    },
  }
}

/** The two budgets of one report: its rows, and the per-interval figures kept while it is built. */
export interface ReportBudgets {
  rows: ReportBudget
  slots: ReportBudget
}

/** A report's budgets: the defaults, or smaller ones (tests). */
export function reportBudgets(
  max: { rows: number; slots: number } = {
    rows: MAX_REPORT_ROWS,
    slots: MAX_REPORT_SLOTS,
  },
): ReportBudgets {
  return {
    rows: reportBudget(max.rows, 'rows'),
    slots: reportBudget(max.slots, 'figures per interval in memory'),
  }
}
