// Handlings by the wrap-up code the agent picked (serve's complete `disposition`), as an ACD's disposition report:
// per code over the whole range, the handlings that ended in it and their AHT (talk and hold; wrap-up time is the
// agent's after-call-work state, in the agent report).
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { type ReportOptions, type ReportRange, reportHead, reportNow, reportSpan } from './report.ts'
import { alignedRows, csvCell, tableCell } from './report-format.ts'
import type { ReportFormat } from './report-options.ts'
import type { HistoryStore } from './store.ts'

/** A handling whose complete gave no disposition (or recorded before the history kept it). */
export const NO_DISPOSITION = '(none)'

/** The most codes a report lists: a host inventing a code per call must not make an unbounded answer. */
export const MAX_DISPOSITION_ROWS = 1000

export interface DispositionRow {
  /** The code, as the complete gave it; `(none)` without one. */
  disposition: string
  /** Handlings ended in the range with it (a truncated one is left out, as the report's AHT does). */
  handled: number
  /** Their mean handling time in seconds, answer to complete. */
  ahtSeconds: number
}

export interface DispositionReport extends ReportRange {
  by: 'disposition'
  /** One row per code over the whole range, most handlings first; at most MAX_DISPOSITION_ROWS. */
  totals: DispositionRow[]
  /** Codes left out past MAX_DISPOSITION_ROWS (the fewest handlings), 0 when none. */
  omitted: number
}

type DispositionOptions = Pick<ReportOptions, 'from' | 'to' | 'clock' | 'interval' | 'timeZone' | 'media'>

export async function buildDispositionReport(
  store: HistoryStore,
  options: DispositionOptions,
): Promise<DispositionReport> {
  const span = reportSpan(options)
  const now = reportNow(options.clock)
  const media = options.media === undefined ? '' : ' AND media = ?'
  const rows = await store.database.all<{ d: string | null; n: number | string; ms: number | string | null }>(
    `SELECT disposition AS d, COUNT(*) AS n, SUM(ended_at - started_at) AS ms FROM handling
     WHERE ended_at >= ? AND ended_at < ? AND COALESCE(truncated, 0) = 0${media}
     GROUP BY 1`,
    options.media === undefined ? [span.from, span.to] : [span.from, span.to, options.media],
  )
  const all = rows
    .map((row) => {
      const handled = Number(row.n)
      return {
        disposition: row.d ?? NO_DISPOSITION,
        handled,
        ahtSeconds: handled === 0 ? 0 : Math.round(Number(row.ms ?? 0) / handled) / 1000,
      }
    })
    .sort((a, b) => b.handled - a.handled || codeUnitOrder(a.disposition, b.disposition))
  return {
    ...reportHead('disposition', options, span.from, span.to, now),
    totals: all.slice(0, MAX_DISPOSITION_ROWS),
    omitted: Math.max(0, all.length - MAX_DISPOSITION_ROWS),
  }
}

const DISPOSITION_HEADERS = ['disposition', 'handled', 'aht_s'] as const

/** The report as a text table, CSV or JSON, with report-format.ts's cell rules (no formula, no escape). */
export function formatDispositionReport(report: DispositionReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`
  const lines = report.totals.map((row) => [row.disposition, String(row.handled), String(row.ahtSeconds)])
  if (format === 'csv')
    return `${[[...DISPOSITION_HEADERS], ...lines].map((line) => line.map(csvCell).join(',')).join('\n')}\n`
  const iso = (ms: number) => new Date(ms).toISOString()
  const range = `${iso(report.from)} to ${iso(report.to)}`
  if (lines.length === 0) return `No handlings ended between ${range}.\n`
  const shown = lines.map(([code, ...figures]) => [tableCell(code ?? ''), ...figures])
  const more = report.omitted > 0 ? `; ${report.omitted} more codes with fewer handlings left out` : ''
  return `${alignedRows([[...DISPOSITION_HEADERS], ...shown]).join('\n')}\nhandlings by the disposition of their complete, ${range}; aht in seconds (answer to complete)${more}\n`
}
