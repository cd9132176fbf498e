// Interval reports over the history (InfoMart's role): figures per interval and per queue, group, agent,
// strategy or node, plus a total per key over the whole range.

import { codeUnitOrder, type DirectoryDocument } from '@routewright/strategy-dsl'
import { agentCapacityOf } from '@routewright/strategy-runtime'
import { agentStateTime } from './agent-state-time.ts'
import {
  type AbandonTreatment,
  addSums,
  emptySums,
  type FigureSums,
  type Figures,
  figuresOf,
  type LoggedInState,
  STATE_TIME_SUMS,
} from './figures.ts'
import {
  ABANDON_REASON_COLUMNS,
  ARRIVAL_SUM_COLUMNS,
  addColumns,
  HANDLING_SUM_COLUMNS,
  readStats,
  SLOT_MS,
  shortReasonAlias,
  slotsHold,
} from './interval-stats.ts'
import { busyTime } from './occupancy.ts'
import { type ReportBudgets, ReportTooBig, reportBudgets } from './report-budget.ts'
import { loggedInRows } from './report-estimate.ts'
import { reportKeys } from './report-keys.ts'
import {
  DIMENSION_COLUMNS,
  REPORT_DIMENSIONS,
  REPORT_INTERVALS,
  type ReportDimension,
  type ReportInterval,
  SERVICE_LEVEL_BASES,
  type ServiceLevelBasis,
  SHORT_ABANDON_SECONDS,
  SL_ABANDONS,
  type SlAbandons,
} from './report-options.ts'
import { type Span, TooManyIntervals, unitInterval, zonedSpan } from './report-span.ts'
import { getOrCreate, type SqlDatabase } from './sql-database.ts'
import type { HistoryStore } from './store.ts'
import { resolveTimeZone, TimeZoneError } from './time-zone-name.ts'
import { type TransferTarget, transferTargets } from './transfer-targets.ts'

export type { ReportDimension, ReportInterval }

export interface ReportOptions extends AbandonTreatment {
  /** Start of the first interval (inclusive), ms since the epoch. */
  from: number
  /** End of the range (exclusive). */
  to: number
  /**
   * The report's clock (ms since the epoch): a state still open counts up to min(`to`, now), and intervals after
   * now hold no state time (docs/figures.md "Up to now"). The CLI and the designer pass the real clock.
   */
  clock: ReportClock
  interval: ReportInterval
  /**
   * The IANA zone whose wall clock the intervals follow (default UTC): a `day` is the local day, 23 or 25 hours on a
   * change day, and the repeated hour in autumn is a row of its own (docs/figures.md "Time zone").
   */
  timeZone?: string
  by: ReportDimension
  /** T of the service level, seconds; default 20. */
  serviceLevelSeconds?: number
  /** S of the short abandons (abandoned with a wait of at most S), seconds; default SHORT_ABANDON_SECONDS (5). */
  shortAbandonSeconds?: number
  /**
   * `auto` (default) reads the 15-minute slots when the range starts and ends on a slot edge and the slots count
   * this T and S (`slotsHold`: in SERVICE_LEVEL_THRESHOLDS / SHORT_ABANDON_THRESHOLDS with a migrated column), else
   * the raw records; `raw` always reads the
   * raw records (same figures, slower).
   */
  source?: 'auto' | 'raw'
  /**
   * The state times (logged-in, ready, not-ready, busy, reserved, wrap-up) for this media only: its own rows, else the agent-wide
   * ones. Without it, the agent as a whole (docs/figures.md "State times per media"). Other figures are not split.
   */
  media?: string
  /**
   * The directory whose agents' capacities say which media each agent has (`agentCapacityOf`, as the router and the
   * statistics providers read them): the state times rank only the states over her media (docs/figures.md "State
   * times per media"). Without it, every state set counts.
   */
  directory?: DirectoryDocument
}

/** Each agent's media by `directory`, or undefined without one: what the state times rank over. */
export function capacityMediaOf(
  directory: DirectoryDocument | undefined,
): ((agent: string) => readonly string[]) | undefined {
  return directory === undefined ? undefined : (agent) => agentCapacityOf(directory, agent).media
}

export interface ReportRow extends Figures {
  /** Start of the row's interval (ms); for totals, the start of the range. */
  start: number
  /** The queue, group, agent, strategy or node; `(none)` for interactions without one. */
  key: string
}

/** What every report (figures by a dimension, not-ready time by reason) says of the range it covers. */
export interface ReportRange {
  interval: ReportInterval
  /** The zone the intervals follow (canonical IANA name; `UTC` by default). */
  timeZone: string
  /** The media the state times are for; absent for the agent as a whole. */
  media?: string
  from: number
  to: number
  /** The report's now (its clock): a state still open counts up to min(to, asOf), so before `to` the range is partial. */
  asOf: number
}

export interface Report extends ReportRange {
  by: ReportDimension
  serviceLevelSeconds: number
  shortAbandonSeconds: number
  /** How abandons within T counted in the service level (docs/figures.md "Abandons in the service level"). */
  slAbandons: SlAbandons
  /** Whether short abandons were taken out of offered, abandoned and the service level. */
  excludeShortAbandons: boolean
  /** The service level's denominator: answered + abandoned in a queue (`handled`) or every arrival (`offered`). */
  serviceLevelBasis: ServiceLevelBasis
  /** Rows with something in them, by interval then key. */
  rows: ReportRow[]
  /** One row per key over the whole range. */
  totals: ReportRow[]
  /** Where each key's transfers (its totals' `transfers`) went over the whole range, by destination. */
  transfersTo: TransferTarget[]
}

const NONE = '(none)'

/** Where a report reads "now": the runtime's `Clock` fits, as does `{ now: Date.now }`. */
export interface ReportClock {
  now(): number
}

/** The report's now, checked: a clock that gives no time is a caller's mistake, said so. */
export function reportNow(clock: ReportClock | undefined): number {
  const now = clock?.now()
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new ReportOptionsError(
      `The report's clock must give a time in ms since the epoch, got ${String(now)}: pass { now: () => Date.now() }`,
    )
  }
  return now
}

type AgentTimeField = 'loggedInMs' | 'busyMs' | (typeof STATE_TIME_SUMS)[LoggedInState]
const MAX_INTERVALS = 200_000
/** A short abandon is a matter of seconds; past an hour it is no longer short. */
const MAX_SHORT_ABANDON = 3600

/** A range or option a report cannot run on: the message says what to give instead. */
export class ReportOptionsError extends Error {
  override name = 'ReportOptionsError'
}

/** The intervals of a report's range, checked: a message says what to give instead. */
export function reportSpan(options: Pick<ReportOptions, 'from' | 'to' | 'interval' | 'timeZone'>): Span {
  const { from, to } = options
  const width = REPORT_INTERVALS[options.interval]
  if (!Object.hasOwn(REPORT_INTERVALS, options.interval) || width === undefined) {
    throw new ReportOptionsError(
      `Unknown interval "${options.interval}": use ${Object.keys(REPORT_INTERVALS).join(', ')}`,
    )
  }
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new ReportOptionsError('The range must end after it starts (--to later than --from)')
  }
  const zone = reportTimeZone(options.timeZone)
  // checked before the zone's offsets are looked up: a range of centuries costs nothing to refuse
  const estimate = Math.ceil((to - from) / width)
  try {
    if (estimate > MAX_INTERVALS) throw new TooManyIntervals(estimate)
    const span = zonedSpan(from, to, options.interval, zone, MAX_INTERVALS)
    // SQL's group numbers are 32-bit (PostgreSQL's INTEGER): an old local mean time offset of odd seconds could
    // make the unit a second over centuries
    if ((to - from) / span.unit > 2 ** 31 - 1) {
      throw new ReportOptionsError(
        `The offsets of ${zone} between --from and --to are not whole minutes (local mean time of old): report a shorter range, or in UTC`,
      )
    }
    return span
  } catch (error) {
    if (!(error instanceof TooManyIntervals)) throw error
    throw new ReportOptionsError(
      `${error.count} intervals of ${options.interval} is too many for one report: use a longer interval`,
    )
  }
}

/**
 * What every report kind opens with, in this order (its JSON reads alike whatever the kind): the kind, the interval,
 * the zone, the media asked for, the range and when it was counted.
 */
export function reportHead<By extends string>(
  by: By,
  options: Pick<ReportOptions, 'interval' | 'timeZone' | 'media'>,
  from: number,
  to: number,
  asOf: number,
) {
  return {
    by,
    interval: options.interval,
    timeZone: reportTimeZone(options.timeZone),
    ...(options.media === undefined ? {} : { media: options.media }),
    from,
    to,
    asOf,
  }
}

/** The zone's canonical name (UTC when none is given), or a ReportOptionsError naming a close one. */
export function reportTimeZone(zone: string | undefined): string {
  if (zone === undefined) return 'UTC'
  try {
    return resolveTimeZone(zone)
  } catch (error) {
    if (error instanceof TimeZoneError) throw new ReportOptionsError(error.message)
    throw error
  }
}

/**
 * Builds a report within its budgets (report-budget.ts); one past them is a ReportOptionsError saying what to give
 * instead, before its memory grows with the caller's range times her keys.
 */
export async function withinBudget<T>(
  interval: ReportInterval,
  budgets: ReportBudgets,
  build: (budgets: ReportBudgets) => Promise<T>,
): Promise<T> {
  try {
    return await build(budgets)
  } catch (error) {
    if (!(error instanceof ReportTooBig)) throw error
    throw new ReportOptionsError(
      `The report would hold ${error.message}: report a shorter range (--from to --to), or a longer interval than ${interval}`,
    )
  }
}

export function buildReport(
  store: HistoryStore,
  options: ReportOptions,
  budgets = reportBudgets(),
): Promise<Report> {
  return withinBudget(options.interval, budgets, (within) => reportWithin(store, options, within))
}

async function reportWithin(
  store: HistoryStore,
  options: ReportOptions,
  budgets: ReportBudgets,
): Promise<Report> {
  const { by } = options
  if (!REPORT_DIMENSIONS.includes(by)) {
    throw new ReportOptionsError(`Unknown dimension "${by}": use ${REPORT_DIMENSIONS.join(', ')}`)
  }
  const span = reportSpan(options)
  const now = reportNow(options.clock)
  const { from, to, count } = span
  const t = options.serviceLevelSeconds ?? 20
  if (!(t >= 0)) throw new ReportOptionsError(`The service level's T must be >= 0 seconds, got ${t}`)
  const short = options.shortAbandonSeconds ?? SHORT_ABANDON_SECONDS
  if (!(short >= 0 && short <= MAX_SHORT_ABANDON)) {
    throw new ReportOptionsError(
      `The short-abandon threshold must be 0 to ${MAX_SHORT_ABANDON} seconds, got ${short}: try ${SHORT_ABANDON_SECONDS}`,
    )
  }
  const slAbandons = options.slAbandons ?? 'against'
  if (!SL_ABANDONS.includes(slAbandons)) {
    throw new ReportOptionsError(
      `Unknown service level treatment of abandons "${slAbandons}": use ${SL_ABANDONS.join(', ')}`,
    )
  }
  const serviceLevelBasis = options.serviceLevelBasis ?? 'handled'
  if (!SERVICE_LEVEL_BASES.includes(serviceLevelBasis)) {
    throw new ReportOptionsError(
      `Unknown service level basis "${serviceLevelBasis}": use ${SERVICE_LEVEL_BASES.join(', ')}`,
    )
  }
  const treatment = {
    slAbandons,
    excludeShortAbandons: options.excludeShortAbandons === true,
    serviceLevelBasis,
  }
  const db = store.database
  const column = DIMENSION_COLUMNS[by]
  // by key, then interval: an agent report looks up 150,000 cells, and a text key built for each cost ~0.1 s
  const cells = new Map<string, Map<number, FigureSums>>()
  const cell = (index: number, key: string | null) => {
    const row = getOrCreate(cells, key ?? NONE, () => new Map<number, FigureSums>())
    return getOrCreate(row, index, () => {
      budgets.rows.take(1)
      return emptySums()
    })
  }

  // queue and group rows count entries and overflows out (docs/figures.md "Entered and overflow out")
  const queueRows = by === 'queue' || by === 'group'
  // every interval must start on a slot's edge (a zone's 30- or 45-minute offset does; a start at 08:07 does not)
  const onSlots = span.edges.every((at) => at % SLOT_MS === 0)
  const fast = options.source !== 'raw' && onSlots && slotsHold(t, short)
  const byAgents = by === 'agent' || by === 'group'
  // the agents' state time first: every interval an agent is logged in is a row of hers (of each of her groups),
  // so a report past its rows is refused before a cell is built
  const time = byAgents
    ? await agentStateTime(db, span, now, options.media, capacityMediaOf(options.directory), budgets.slots)
    : undefined
  const keysOf = (agent: string) =>
    by === 'agent' ? [agent] : (time?.groups.get(agent) ?? []).map((g) => `group:${g}`)
  if (time) budgets.rows.ahead(loggedInRows(time.loggedIn, keysOf, count))
  let busy: Map<string, Float64Array> | undefined
  if (fast) {
    const slots = await readStats(db, by, span, t, short)
    for (const r of slots) {
      const sums = cell(r.index, r.key === '' ? null : r.key)
      addColumns(sums, r, ARRIVAL_SUM_COLUMNS)
      addColumns(sums, r, HANDLING_SUM_COLUMNS)
      // an interaction entered each queue it ended in (a keyed row's offered) and each it left for a later one
      if (queueRows && r.key !== '') {
        sums.overflowOut += r.overflow_out
        sums.entered += r.offered + r.overflow_out
      }
    }
    if (byAgents) {
      busy = new Map()
      // an agent report already holds the agents' rows
      for (const r of by === 'agent' ? slots : await readStats(db, 'agent', span, t, short)) {
        if (r.busy_ms === 0) continue
        const series = getOrCreate(busy, r.key, () => {
          budgets.slots.take(count)
          return new Float64Array(count)
        })
        series[r.index] = (series[r.index] ?? 0) + r.busy_ms
      }
    }
  } else {
    await rawSums(db, column, span, t, short, cell)
    if (queueRows) await rawOverflows(db, by === 'queue' ? 'overflow_queue' : 'overflow_grp', span, cell)
    if (byAgents) busy = await busyTime(db, span, budgets.slots)
  }

  if (busy && time) {
    const spread = (series: Map<string, Float64Array>, field: AgentTimeField) => {
      for (const [agent, values] of series) {
        for (const key of keysOf(agent))
          values.forEach((ms, i) => {
            if (ms > 0) cell(i, key)[field] += ms
          })
      }
    }
    spread(time.loggedIn, 'loggedInMs')
    spread(busy, 'busyMs')
    for (const [state, series] of time.states) spread(series, STATE_TIME_SUMS[state])
  }

  const rows: ReportRow[] = []
  const totals = new Map<string, FigureSums>()
  const entries = [...cells].flatMap(([key, row]) => [...row].map(([index, sums]) => ({ index, key, sums })))
  entries.sort((a, b) => a.index - b.index || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  for (const { index, key, sums } of entries) {
    rows.push({ start: span.edges[index] ?? from, key, ...figuresOf(sums, treatment, queueRows) })
    addSums(getOrCreate(totals, key, emptySums), sums)
  }
  return {
    ...reportHead(by, options, from, to, now),
    serviceLevelSeconds: t,
    shortAbandonSeconds: short,
    ...treatment,
    rows,
    totals: [...totals]
      .sort(([a], [b]) => codeUnitOrder(a, b))
      .map(([key, sums]) => ({ start: from, key, ...figuresOf(sums, treatment, queueRows) })),
    transfersTo: await transferTargets(db, column, from, to),
  }
}

/** The interaction and handling sums of each interval, straight from the raw records. */
async function rawSums(
  db: SqlDatabase,
  column: string,
  span: Span,
  t: number,
  short: number,
  cell: (index: number, key: string | null) => FigureSums,
): Promise<void> {
  const { from, to, unit } = span
  const abandoned = "outcome = 'abandoned'"
  // an abandon that never queued (no queue) is neither short nor in the service level: addInteraction's rule
  const queued = `${abandoned} AND queue IS NOT NULL`
  const reasons = Object.entries(ABANDON_REASON_COLUMNS)
    .flatMap(([reason, as]) => [
      `SUM(CASE WHEN ${abandoned} AND abandon_reason = '${reason}' THEN 1 ELSE 0 END) AS ${as},`,
      `SUM(CASE WHEN ${queued} AND wait_ms <= ? AND abandon_reason = '${reason}' THEN 1 ELSE 0 END) AS ${shortReasonAlias(as)},`,
    ])
    .join('\n       ')
  const shortMs = short * 1000
  const arrivals = await db.all<Record<string, number | string | null>>(
    `SELECT CAST((arrived_at - ?) / ? AS INTEGER) AS b, ${column} AS k, COUNT(*) AS offered,
       SUM(CASE WHEN outcome = 'routed' THEN 1 ELSE 0 END) AS answered,
       SUM(CASE WHEN ${abandoned} THEN 1 ELSE 0 END) AS abandoned,
       ${reasons}
       SUM(CASE WHEN ${abandoned} AND queue IS NULL THEN 1 ELSE 0 END) AS ab_unqueued,
       SUM(CASE WHEN ${queued} AND wait_ms <= ? THEN 1 ELSE 0 END) AS abandoned_within_t,
       SUM(CASE WHEN ${queued} AND wait_ms <= ? THEN 1 ELSE 0 END) AS short_abandoned,
       SUM(CASE WHEN outcome = 'routed' AND wait_ms <= ? THEN 1 ELSE 0 END) AS within_t,
       SUM(CASE WHEN outcome = 'routed' THEN wait_ms ELSE 0 END) AS wait_ms
     FROM interactions WHERE arrived_at >= ? AND arrived_at < ? GROUP BY 1, 2`,
    [
      from,
      unit,
      ...Object.keys(ABANDON_REASON_COLUMNS).map(() => shortMs),
      t * 1000,
      shortMs,
      t * 1000,
      from,
      to,
    ],
  )
  // a key of several targets at once gives its row to each (docs/figures.md "Several targets at once")
  const cells = (b: number, k: unknown) => {
    const index = unitInterval(span, b)
    return k === null ? [cell(index, null)] : reportKeys(String(k)).map((key) => cell(index, key))
  }
  for (const r of arrivals)
    for (const sums of cells(Number(r.b), r.k)) {
      addColumns(sums, r, ARRIVAL_SUM_COLUMNS)
      // a keyed row's interactions ended in its queue (group): they entered it
      if (r.k !== null) sums.entered += Number(r.offered)
    }
  const handlings = await db.all<Record<string, number | string | null>>(
    // truncated handlings (given up by the history, their end unknown) are left out: addHandling's rule
    `SELECT CAST((ended_at - ?) / ? AS INTEGER) AS b, ${column} AS k, COUNT(*) AS handled,
       SUM(ended_at - started_at) AS handle_ms,
       SUM(CASE WHEN ended_by = 'transferred' THEN 1 ELSE 0 END) AS transfers
     FROM handling WHERE ended_at >= ? AND ended_at < ? AND COALESCE(truncated, 0) = 0 GROUP BY 1, 2`,
    [from, unit, from, to],
  )
  for (const r of handlings)
    for (const sums of cells(Number(r.b), r.k)) {
      addColumns(sums, r, HANDLING_SUM_COLUMNS)
    }
}

/** Queue and group rows: the interactions that left each key's queue (group) for a later one, by arrival interval. */
async function rawOverflows(
  db: SqlDatabase,
  column: 'overflow_queue' | 'overflow_grp',
  span: Span,
  cell: (index: number, key: string | null) => FigureSums,
): Promise<void> {
  const { from, to, unit } = span
  const rows = await db.all<Record<string, number | string | null>>(
    `SELECT CAST((arrived_at - ?) / ? AS INTEGER) AS b, ${column} AS k, COUNT(*) AS n
     FROM interactions WHERE arrived_at >= ? AND arrived_at < ? AND ${column} IS NOT NULL GROUP BY 1, 2`,
    [from, unit, from, to],
  )
  for (const r of rows)
    for (const key of reportKeys(String(r.k))) {
      const sums = cell(unitInterval(span, Number(r.b)), key)
      sums.overflowOut += Number(r.n)
      sums.entered += Number(r.n)
    }
}
