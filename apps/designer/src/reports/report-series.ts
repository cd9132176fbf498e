// pure: a report's rows as chart series for one key (every interval of the range, empty ones included), and the
// period form's checks.

import type { Report } from '@routewright/history'
import { REPORT_INTERVALS, type ReportInterval } from '@routewright/history/report-options'

export interface ReportSeries {
  /** Interval starts, seconds since the epoch (uPlot's time scale). */
  x: number[]
  offered: number[]
  answered: number[]
  abandoned: number[]
  serviceLevel: Array<number | null>
  asa: Array<number | null>
  aht: Array<number | null>
}

/** Intervals drawn at most; longer ranges are refused by the form before they reach the server. */
export const MAX_CHART_INTERVALS = 5000

export function reportSeries(report: Report, key: string): ReportSeries {
  const width = REPORT_INTERVALS[report.interval]
  const count = Math.max(0, Math.ceil((report.to - report.from) / width))
  const out: ReportSeries = {
    x: [],
    offered: [],
    answered: [],
    abandoned: [],
    serviceLevel: [],
    asa: [],
    aht: [],
  }
  const rows = new Map(report.rows.filter((r) => r.key === key).map((r) => [r.start, r]))
  for (let i = 0; i < count; i++) {
    const start = report.from + i * width
    const row = rows.get(start)
    out.x.push(start / 1000)
    out.offered.push(row?.offered ?? 0)
    out.answered.push(row?.answered ?? 0)
    out.abandoned.push(row?.abandoned ?? 0)
    out.serviceLevel.push(row?.serviceLevel ?? null)
    out.asa.push(row?.asa ?? null)
    out.aht.push(row?.aht ?? null)
  }
  return out
}

export interface PeriodForm {
  from: string
  to: string
  interval: ReportInterval
}

/** The period in ms, or what is wrong with it. `parse` reads a `datetime-local` value (the browser's clock zone). */
export function readPeriod(
  form: PeriodForm,
  parse: (text: string) => number,
): { ok: true; from: number; to: number } | { ok: false; error: string } {
  const from = parse(form.from)
  const to = parse(form.to)
  if (!Number.isFinite(from)) return { ok: false, error: 'Give the start of the period.' }
  if (!Number.isFinite(to)) return { ok: false, error: 'Give the end of the period.' }
  if (to <= from) return { ok: false, error: 'The period must end after it starts.' }
  const intervals = Math.ceil((to - from) / REPORT_INTERVALS[form.interval])
  if (intervals > MAX_CHART_INTERVALS)
    return {
      ok: false,
      error: `${intervals} intervals of ${form.interval} is too many to chart: pick a longer interval or a shorter period.`,
    }
  return { ok: true, from, to }
}
