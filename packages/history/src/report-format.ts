// pure: a report as a text table, CSV or JSON, with the same columns and the same empty marks in each.
import type { Report, ReportRow } from './report.ts'
import type { ReportFormat } from './report-options.ts'

const HEADERS = [
  'interval',
  'key',
  'offered',
  'answered',
  'abandoned',
  'service_level',
  'asa_s',
  'aht_s',
  'occupancy',
  'transfers',
] as const

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z')
const fixed = (value: number | null, digits: number) => (value === null ? '' : value.toFixed(digits))

function cells(row: ReportRow, interval: string): string[] {
  return [
    interval,
    row.key,
    String(row.offered),
    String(row.answered),
    String(row.abandoned),
    fixed(row.serviceLevel, 3),
    fixed(row.asa, 1),
    fixed(row.aht, 1),
    fixed(row.occupancy, 3),
    String(row.transfers),
  ]
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function formatReport(report: Report, format: ReportFormat): string {
  const lines = [
    ...report.rows.map((row) => cells(row, iso(row.start))),
    ...report.totals.map((row) => cells(row, 'total')),
  ]
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`
    case 'csv':
      return `${[[...HEADERS], ...lines].map((line) => line.map(csvCell).join(',')).join('\n')}\n`
    case 'table': {
      if (lines.length === 0) return `No interactions between ${iso(report.from)} and ${iso(report.to)}.\n`
      const shown = lines.map((line) => line.map((cell, i) => (cell === '' && i >= 5 ? '-' : cell)))
      const all = [[...HEADERS], ...shown]
      const widths = HEADERS.map((_, i) => Math.max(...all.map((line) => (line[i] ?? '').length)))
      const render = (line: string[]) =>
        line
          .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
          .join('  ')
          .trimEnd()
      return `${[render(all[0] ?? []), ...shown.map(render)].join('\n')}\nservice level: answered within ${report.serviceLevelSeconds}s / (answered + abandoned); times in seconds\n`
    }
    default:
      return assertNever(format)
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown report format ${String(value)}`)
}
