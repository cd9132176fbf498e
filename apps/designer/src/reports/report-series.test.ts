// Report rows as chart series for one key, and the period form's checks.
import { describe, expect, it } from 'vitest'
import { parseInZone, readPeriod, reportSeries } from './report-series.ts'
import type { ReportAnswer } from './reports-protocol.ts'

const H = 3_600_000
const row = (start: number, key: string, offered: number, serviceLevel: number | null) => ({
  start,
  key,
  offered,
  answered: offered,
  entered: offered,
  overflowOut: 0,
  abandoned: 0,
  abandonedCallerHangup: 0,
  abandonedQueueTimeout: 0,
  abandonedHost: 0,
  abandonedNoReason: 0,
  shortAbandoned: 0,
  serviceLevel,
  asa: serviceLevel === null ? null : 4,
  aht: null,
  occupancy: null,
  transfers: 0,
  loggedInTime: null,
  readyTime: null,
  notReadyTime: null,
  busyTime: null,
  reservedTime: null,
  wrapUpTime: null,
})

describe('reportSeries', () => {
  it('has one point per interval of the range, empty intervals at zero or a gap', () => {
    const report: ReportAnswer = {
      by: 'queue',
      interval: '1h',
      timeZone: 'UTC',
      from: 0,
      to: 3 * H,
      asOf: 3 * H,
      serviceLevelSeconds: 20,
      shortAbandonSeconds: 5,
      slAbandons: 'against',
      serviceLevelBasis: 'handled',
      excludeShortAbandons: false,
      rows: [row(0, 'group:a', 5, 0.8), row(0, 'group:b', 9, 1), row(2 * H, 'group:a', 2, 0.5)],
      totals: [],
      transfersTo: [],
    }
    expect(reportSeries(report, 'group:a')).toEqual({
      x: [0, 3600, 7200],
      offered: [5, 0, 2],
      answered: [5, 0, 2],
      abandoned: [0, 0, 0],
      serviceLevel: [0.8, null, 0.5],
      asa: [4, null, 4],
      aht: [null, null, null],
    })
  })

  it('has a point per interval of the report zone: 25 hours on the day London puts its clocks back', () => {
    const from = Date.UTC(2026, 9, 24, 23)
    const report: ReportAnswer = {
      by: 'queue',
      interval: '1h',
      timeZone: 'Europe/London',
      from,
      to: from + 25 * H,
      asOf: from + 25 * H,
      serviceLevelSeconds: 20,
      shortAbandonSeconds: 5,
      slAbandons: 'against',
      serviceLevelBasis: 'handled',
      excludeShortAbandons: false,
      // the second 01:00 (GMT), an hour after the first (BST)
      rows: [row(from + 2 * H, 'group:a', 3, 1)],
      totals: [],
      transfersTo: [],
    }
    const series = reportSeries(report, 'group:a')
    expect(series.x).toHaveLength(25)
    expect(series.offered.slice(0, 4)).toEqual([0, 0, 3, 0])
  })
})

describe('parseInZone', () => {
  it('reads a datetime-local value on the zone clock, the repeated hour as its first', () => {
    expect(parseInZone('2026-10-25T01:30', 'Europe/London')).toBe(Date.UTC(2026, 9, 25, 0, 30))
    expect(parseInZone('2026-03-29T00:00', 'Europe/London')).toBe(Date.UTC(2026, 2, 29))
    // a time the clock skips lands after the gap (01:30 GMT = 02:30 BST)
    expect(parseInZone('2026-03-29T01:30', 'Europe/London')).toBe(Date.UTC(2026, 2, 29, 1, 30))
    expect(parseInZone('', 'UTC')).toBeNaN()
  })
})

describe('readPeriod', () => {
  const parse = (text: string) => (text === '' ? Number.NaN : Date.parse(`${text}Z`))
  it.each([
    [{ from: '', to: '2026-01-05T10:00', interval: '1h' as const }, 'Give the start of the period.'],
    [
      { from: '2026-01-05T10:00', to: '2026-01-05T09:00', interval: '1h' as const },
      'The period must end after it starts.',
    ],
    [
      { from: '2026-01-01T00:00', to: '2026-03-01T00:00', interval: '15m' as const },
      '5664 intervals of 15m is too many to chart: pick a longer interval or a shorter period.',
    ],
  ])('refuses %j', (form, error) => {
    expect(readPeriod(form, parse)).toEqual({ ok: false, error })
  })

  it('reads a period', () => {
    expect(readPeriod({ from: '2026-01-05T08:00', to: '2026-01-05T10:00', interval: '15m' }, parse)).toEqual({
      ok: true,
      from: Date.UTC(2026, 0, 5, 8),
      to: Date.UTC(2026, 0, 5, 10),
    })
  })
})
