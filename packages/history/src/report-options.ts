// pure: the choices a report takes, importable without loading the database drivers (the CLI's flags use them).

export const REPORT_DIMENSIONS = ['queue', 'group', 'agent', 'strategy', 'node'] as const
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number]

/** What `--by` takes: a dimension of the figures, or `reason` (not-ready time by reason, its own columns). */
export const REPORT_BREAKDOWNS = [...REPORT_DIMENSIONS, 'reason'] as const
export type ReportBreakdown = (typeof REPORT_BREAKDOWNS)[number]

/** Every report `--by` offers: the breakdowns, and handlings by wrap-up code (disposition-report.ts, its own columns). */
export const REPORT_KINDS = [...REPORT_BREAKDOWNS, 'disposition'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

/**
 * The refusal of options of waits and abandons given with `--by disposition` (handlings by wrap-up code count
 * neither), each named as its caller spells it (`--sl`, `?sl`), or undefined when none was given.
 */
export function dispositionRefusal(given: readonly string[]): string | undefined {
  if (given.length === 0) return undefined
  return `${given.join(' and ')} ${given.length > 1 ? 'do' : 'does'} not apply to --by disposition (handlings by wrap-up code count no waits nor abandons): leave ${given.length > 1 ? 'them' : 'it'} out`
}

/** The column of the interactions and handling tables each dimension is keyed by. */
export const DIMENSION_COLUMNS: Readonly<Record<ReportDimension, string>> = {
  queue: 'queue',
  group: 'grp',
  agent: 'agent',
  strategy: 'strategy',
  node: 'node',
}

/**
 * The refusal of a service level's T given with `--by reason` (not-ready time by reason has none), or undefined
 * when the two go together: the one check `routewright report` and the designer's reports endpoint both make, so
 * neither ignores a T it was given.
 */
export function serviceLevelRefusal(by: ReportBreakdown, serviceLevelGiven: boolean): string | undefined {
  if (by !== 'reason' || !serviceLevelGiven) return undefined
  return '--sl does not apply to --by reason (not-ready time by reason has no service level): leave --sl out, or report --by queue, group, agent, strategy or node'
}

/**
 * The short-abandon threshold S when none is given, seconds: an abandon with a wait of at most S is a short abandon
 * (Ivanti Voice's default Short Abandon Threshold; Talkdesk and InfoMart leave it to the admin).
 */
export const SHORT_ABANDON_SECONDS = 5

/**
 * The refusal of a short-abandon threshold given with `--by reason` (not-ready time counts no abandons), or undefined:
 * the one check `routewright report` and the designer's reports endpoint both make.
 */
export function shortAbandonRefusal(by: ReportBreakdown, shortAbandonGiven: boolean): string | undefined {
  if (by !== 'reason' || !shortAbandonGiven) return undefined
  return '--short-abandon does not apply to --by reason (not-ready time by reason counts no abandons): leave --short-abandon out, or report --by queue, group, agent, strategy or node'
}

/**
 * How abandons within T count in the service level (Cisco ICM's service level type): `against` (default, and this
 * build's behaviour before the option) counts them in the denominator only; `ignore` leaves them out of both;
 * `for` counts them as met. Abandons after T always count against.
 */
export const SL_ABANDONS = ['against', 'ignore', 'for'] as const
export type SlAbandons = (typeof SL_ABANDONS)[number]

/**
 * What the service level is a share of: `handled` (the report's default) answered + abandoned in a queue; `offered`
 * every arrival (simulate's default, so calls ending any other way count as late). Both reports and simulate take
 * either (`--service-level-basis`) and name the one they used.
 */
export const SERVICE_LEVEL_BASES = ['handled', 'offered'] as const
export type ServiceLevelBasis = (typeof SERVICE_LEVEL_BASES)[number]

/**
 * The refusal of `--sl-abandons` or `--exclude-short-abandons` given with `--by reason` (not-ready time counts no
 * abandons and has no service level), or undefined: the one check the CLI and the designer's endpoint make.
 */
export function abandonTreatmentRefusal(by: ReportBreakdown, given: readonly string[]): string | undefined {
  if (by !== 'reason' || given.length === 0) return undefined
  return `${given.join(' and ')} ${given.length > 1 ? 'do' : 'does'} not apply to --by reason (not-ready time by reason counts no abandons): leave ${given.length > 1 ? 'them' : 'it'} out, or report --by queue, group, agent, strategy or node`
}

/** Seconds from `5`, `5s` or `2.5s`, else undefined: how `--short-abandon` and the designer's `?short=` read S. */
export function parseSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/.exec(text)
  return match ? Number(match[1]) : undefined
}

/** Interval widths in ms; intervals start at the report's `from`. */
export const REPORT_INTERVALS = {
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  day: 86_400_000,
} as const
export type ReportInterval = keyof typeof REPORT_INTERVALS

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/i

/**
 * `2026-03-02` (UTC midnight) or an ISO 8601 time (`2026-03-02T08:00:00+01:00`; without an offset, local time) as
 * epoch ms; undefined for anything else, a day the calendar does not have (`2026-02-30`) included, which
 * `Date.parse` would quietly move to another day.
 */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO_TIME.exec(text.trim())
  if (!match) return undefined
  const [, year, month, day, hour = '0', minute = '0', second = '0', offset] = match
  const fields = [year, month, day].map(Number) as [number, number, number]
  const calendar = new Date(Date.UTC(fields[0], fields[1] - 1, fields[2]))
  if (calendar.getUTCMonth() !== fields[1] - 1 || calendar.getUTCDate() !== fields[2]) return undefined
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined
  if (offset !== undefined && offset.toUpperCase() !== 'Z' && Number(offset.slice(1, 3)) > 23)
    return undefined
  const at = Date.parse(text.trim())
  return Number.isFinite(at) ? at : undefined
}
