// pure: a report's rows as chart series for one key (every interval of the range, empty ones included), and the
// period form's checks.

import type { Report } from '@routewright/history'
import { REPORT_INTERVALS, type ReportInterval } from '@routewright/history/report-options'
import { zonedSpan } from '@routewright/history/report-span'
import { instantOf } from '@routewright/history/time-zone'

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
  // the intervals the report had: on its zone's wall clock, 23 or 25 hours a day when the clocks change
  const { edges, count } = zonedSpan(
    report.from,
    report.to,
    report.interval,
    report.timeZone ?? 'UTC',
    MAX_CHART_INTERVALS * 2,
  )
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
    const start = edges[i] ?? report.from
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

/** A `datetime-local` value as epoch ms on the zone's wall clock (NaN when empty or not a time). */
export function parseInZone(text: string, zone: string): number {
  const wall = text === '' ? Number.NaN : Date.parse(`${text}Z`)
  return Number.isFinite(wall) ? instantOf(zone, wall) : Number.NaN
}

/** The period in ms, or what is wrong with it. `parse` reads a `datetime-local` value (parseInZone). */
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

/** A time shown on the report's zone's clock with the zone's short name (a repeated hour differs). */
export function zoneOptions(timeZone: string | undefined): Intl.DateTimeFormatOptions {
  return { timeZone: timeZone ?? 'UTC', timeZoneName: 'short' }
}

/** The chart's time axis ticks (seconds) on the zone's clock: `HH:mm`, the date under each day's first tick. */
export function timeAxisLabels(ticks: readonly number[], zone: string): string[] {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' })
  let last = ''
  return ticks.map((t) => {
    const date = day.format(t * 1000)
    const label = date === last ? time.format(t * 1000) : `${time.format(t * 1000)}\n${date}`
    last = date
    return label
  })
}

/** One interval start (seconds) on the zone's clock with its short name: the repeated hour reads BST, then GMT. */
export function pointLabel(at: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at * 1000)
}
