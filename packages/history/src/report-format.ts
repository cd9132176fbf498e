// pure: a report as a text table, CSV or JSON, with the same columns and the same empty marks in each.
import { printableName } from '@routewright/node-support/printable'
import { shortenedToWidth } from '@routewright/strategy-dsl/cut-text'
import { alignedCells } from '@routewright/strategy-dsl/display-width'
import type { ReasonReport, ReasonRow } from './reason-report.ts'
import type { Report, ReportRow } from './report.ts'
import type { ReportFormat } from './report-options.ts'
import { localIso } from './time-zone.ts'

const HEADERS = [
  'interval',
  'key',
  'offered',
  'answered',
  'abandoned',
  'abandoned_caller_hangup',
  'abandoned_queue_timeout',
  'abandoned_host',
  'abandoned_no_reason',
  'short_abandoned',
  'service_level',
  'asa_s',
  'aht_s',
  'occupancy',
  'transfers',
  'logged_in_s',
  'ready_s',
  'not_ready_s',
  'busy_s',
  'reserved_s',
  'wrap_up_s',
  // last, so a reader of the columns before them by position reads what it did
  'entered',
  'overflow_out',
] as const

// set_by, supervisor (the name, with set_by supervisor) and state (not-ready, logged-out) last, so a reader of the
// columns before them by position reads what it did
const REASON_HEADERS = [
  'interval',
  'reason',
  'agents',
  'count',
  'not_ready_s',
  'set_by',
  'supervisor',
  'state',
] as const

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z')

/** How the report's times read: UTC as before, else the zone's wall time with its offset (a repeated hour differs). */
function timeOf(report: Report | ReasonReport): (ms: number) => string {
  const zone = report.timeZone
  if (zone === undefined || zone === 'UTC') return iso
  // rows share their interval's start: an agent report's 19,500 rows have 96, each an Intl look-up
  const known = new Map<number, string>()
  return (ms) => {
    let text = known.get(ms)
    if (text === undefined) {
      text = localIso(zone, ms)
      if (known.size < 250_000) known.set(ms, text)
    }
    return text
  }
}
const fixed = (value: number | null, digits: number) => (value === null ? '' : value.toFixed(digits))

function cells(row: ReportRow, interval: string): string[] {
  return [
    interval,
    row.key,
    String(row.offered),
    String(row.answered),
    String(row.abandoned),
    String(row.abandonedCallerHangup),
    String(row.abandonedQueueTimeout),
    String(row.abandonedHost),
    String(row.abandonedNoReason),
    String(row.shortAbandoned),
    fixed(row.serviceLevel, 3),
    fixed(row.asa, 1),
    fixed(row.aht, 1),
    fixed(row.occupancy, 3),
    String(row.transfers),
    fixed(row.loggedInTime, 0),
    fixed(row.readyTime, 0),
    fixed(row.notReadyTime, 0),
    fixed(row.busyTime, 0),
    fixed(row.reservedTime, 0),
    fixed(row.wrapUpTime, 0),
    fixed(row.entered, 0),
    fixed(row.overflowOut, 0),
  ]
}

function reasonCells(row: ReasonRow, interval: string): string[] {
  return [
    interval,
    row.reason,
    String(row.agents),
    String(row.count),
    fixed(row.notReadyTime, 0),
    row.setBy,
    row.supervisor ?? '',
    row.state,
  ]
}

/** A figure as the report writes it (`12`, `0.85`, `-3`): never a formula, left as it is. */
const NUMBER = /^-?\d+(\.\d+)?$/

/**
 * A cell of caller text (a reason, a supervisor's name, an agent or queue id): one a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is written after a `'`, which shows it as text.
 */
export function csvCell(text: string): string {
  const inert = /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert
}

/** A table cell's budget in terminal columns: a key or reason of 10 kB from an API caller would push every other column off screen. */
const MAX_CELL_COLUMNS = 64

/**
 * A table cell as a terminal shows it: caller text (a queue, agent, strategy or reason name) cannot send escapes,
 * reorder the line (bidi controls), break the row (line feed) or widen it past MAX_CELL_COLUMNS (cut by display width: 64 CJK characters would take 128).
 */
export const tableCell = (text: string) => shortenedToWidth(printableName(text), MAX_CELL_COLUMNS)

/** The header and the lines of a report, rows then totals. */
function lines(report: Report | ReasonReport): { headers: readonly string[]; lines: string[][] } {
  const time = timeOf(report)
  if (report.by === 'reason') {
    return {
      headers: REASON_HEADERS,
      lines: [
        ...report.rows.map((row) => reasonCells(row, time(row.start))),
        ...report.totals.map((row) => reasonCells(row, 'total')),
      ],
    }
  }
  return {
    headers: HEADERS,
    lines: [
      ...report.rows.map((row) => cells(row, time(row.start))),
      ...report.totals.map((row) => cells(row, 'total')),
    ],
  }
}

/** The service level's formula as the table's note says it, per basis and treatment of abandons within T. */
const SERVICE_LEVEL_NOTES = {
  handled: {
    against: 'answered within T / (answered + abandoned)',
    ignore: 'answered within T / (answered + abandoned after T)',
    for: '(answered + abandoned) within T / (answered + abandoned)',
  },
  offered: {
    against: 'answered within T / offered',
    ignore: 'answered within T / (offered - abandoned within T)',
    for: '(answered + abandoned) within T / offered',
  },
} as const

/** `service level: answered within 20s / (answered + abandoned), abandons in a queue only`: what the figure is. */
export function serviceLevelNote(
  report: Pick<Report, 'serviceLevelBasis' | 'slAbandons' | 'serviceLevelSeconds'>,
): string {
  const formula = SERVICE_LEVEL_NOTES[report.serviceLevelBasis][report.slAbandons]
  return `service level (basis ${report.serviceLevelBasis}): ${formula.replaceAll('T', `${report.serviceLevelSeconds}s`)}, abandons in a queue only`
}

export function formatReport(report: Report | ReasonReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(withLocalTimes(report), null, 2)}\n`
    case 'csv': {
      const { headers, lines: body } = lines(report)
      return `${[[...headers], ...body].map((line) => line.map(csvCell).join(',')).join('\n')}\n`
    }
    case 'table': {
      const { headers, lines: body } = lines(report)
      if (body.length === 0) {
        const what = report.by === 'reason' ? 'No agent not ready and no log-out' : 'No interactions'
        const time = timeOf(report)
        return `${what} between ${time(report.from)} and ${time(report.to)}${asOfNote(report)}.\n`
      }
      const shown = body.map((line) => line.map((cell, i) => (cell === '' && i >= 2 ? '-' : tableCell(cell))))
      const all = [[...headers], ...shown]
      const note =
        report.by === 'reason'
          ? 'not ready time in seconds, clipped to each interval; count: entries into not ready with the reason; state logged-out: log-outs, no time'
          : `${serviceLevelNote(report)}; short abandoned: within ${report.shortAbandonSeconds}s${report.excludeShortAbandons ? ', left out of offered, abandoned and the service level' : ''}; times in seconds`
      const media =
        report.media === undefined
          ? ''
          : `; state times for media ${tableCell(report.media)} (its rows, else agent-wide)`
      const zone =
        report.timeZone === undefined || report.timeZone === 'UTC'
          ? ''
          : `; intervals and times on the wall clock of ${report.timeZone}`
      const table = `${alignedRows(all).join('\n')}\n`
      const open = report.by === 'reason' ? '' : openNote(report)
      return `${table}${note}${media}${zone}${open}${asOfNote(report)}\n${transfersTable(report)}`
    }
    default:
      return assertNever(format)
  }
}

/** Where the transfers went, under the table: by key and destination over the range (none: nothing). */
function transfersTable(report: Report | ReasonReport): string {
  if (report.by === 'reason' || report.transfersTo.length === 0) return ''
  const all = [
    ['key', 'transferred_to', 'transfers'],
    ...report.transfersTo.map((t) => [tableCell(t.key), tableCell(t.to), String(t.transfers)]),
  ]
  return `\nTransfers by destination, ${timeOf(report)(report.from)} to ${timeOf(report)(report.to)}:\n${alignedRows(all).join('\n')}\n`
}

/** The report's table lines: interval and key left-aligned, figures right-aligned, by display width. */
export function alignedRows(all: readonly (readonly string[])[]): string[] {
  return alignedCells(all, (column) => column >= 2).map((line) => line.join('  ').trimEnd())
}

/** In a zone other than UTC, each row's start as the zone's wall time too (`local`): the ms alone hide the day. */
function withLocalTimes(report: Report | ReasonReport): object {
  if (report.timeZone === undefined || report.timeZone === 'UTC') return report
  const time = timeOf(report)
  const local = (row: { start: number }) => ({ ...row, local: time(row.start) })
  return { ...report, rows: report.rows.map(local), totals: report.totals.map(local) }
}

/**
 * While the range is not over: the records behind offered exist only once an interaction ends, so those still open
 * (waiting, ringing) are not counted yet; each counts in the interval it arrived in once it ends (docs/figures.md).
 */
export const OPEN_INTERACTIONS_NOTE =
  'interactions still open at report time are not in offered yet: each counts in its arrival interval once it ends'

function openNote(report: Report): string {
  return report.asOf < report.to ? `; ${OPEN_INTERACTIONS_NOTE}` : ''
}

/** Said only when the report's now cut the range: its figures then stop there, not at `to`. */
function asOfNote(report: Report | ReasonReport): string {
  return report.asOf < report.to
    ? `; as of ${timeOf(report)(report.asOf)}: states still open counted up to then`
    : ''
}

function assertNever(value: never): never {
  throw new Error(`Unknown report format ${String(value)}`)
}
