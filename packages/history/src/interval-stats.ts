// Figures pre-aggregated per 15-minute slot, per report dimension and key, kept up to date by every write (as
// InfoMart aggregates ICON's records), so a report over a million records reads a few thousand rows.
import type { ABANDON_REASON_SUMS, FigureSums } from './figures.ts'
import type { HandlingRecord, InteractionRecord } from './record.ts'
import { REPORT_KEY_SEPARATOR, reportKeys } from './report-keys.ts'
import type { ReportDimension } from './report-options.ts'
import { type Span, unitInterval } from './report-span.ts'
import { MIGRATED_SLOT_COLUMNS } from './slot-schema.ts'
import type { SqlColumn, SqlExecutor } from './sql-database.ts'

export const SLOT_MS = 900_000
/** The service-level thresholds (seconds) counted per slot; a report with another T reads the raw records. */
export const SERVICE_LEVEL_THRESHOLDS = [10, 15, 20, 30, 45, 60, 90, 120, 180, 300] as const
/** The short-abandon thresholds (seconds) counted per slot; a report with another S reads the raw records. */
export const SHORT_ABANDON_THRESHOLDS = [2, 3, 5, 10, 15, 20, 30] as const
/** The slot column of each abandon reason's count (and the raw records' `abandon_reason` value it counts). */
export const ABANDON_REASON_COLUMNS = {
  'caller-hangup': 'ab_caller_hangup',
  'queue-timeout': 'ab_queue_timeout',
  host: 'ab_host',
} as const satisfies Record<keyof typeof ABANDON_REASON_SUMS, string>

// A live list may name a column no migration made yet (edited without its migration): slots neither write nor read
// it, and a report that needs it reads the raw records (slotsHold).
const migrated = <T>(list: readonly T[], column: (item: T) => string) =>
  list.filter((item) => MIGRATED_SLOT_COLUMNS.has(column(item)))
/** The count of abandons that never queued (no queue): the service level leaves them out. */
const UNQUEUED_COLUMN = 'ab_unqueued'
/** The count of interactions that left the key's queue or group for a later queue (queue and group rows only). */
const OVERFLOW_OUT_COLUMN = 'overflow_out'
/** The column of a reason's queued short abandons within S. */
export const shortReasonColumn = (reasonColumn: string, s: number) => `${reasonColumn}_sa${s}`
const REASON_COLUMN_LIST = Object.values(ABANDON_REASON_COLUMNS)
/** The Ts and Ss the slots count: the live lists' thresholds whose columns a migration made. */
const SLOT_THRESHOLDS = migrated(SERVICE_LEVEL_THRESHOLDS, (t) => `w${t}`).filter((t) =>
  MIGRATED_SLOT_COLUMNS.has(`aw${t}`),
)
const SLOT_SHORT_THRESHOLDS = migrated(SHORT_ABANDON_THRESHOLDS, (s) => `sa${s}`).filter((s) =>
  REASON_COLUMN_LIST.every((column) => MIGRATED_SLOT_COLUMNS.has(shortReasonColumn(column, s))),
)
const SLOT_REASONS = migrated(Object.entries(ABANDON_REASON_COLUMNS), ([, column]) => column)

/** Whether the slots hold the figures of a report with this T and S (else it reads the raw records). */
export function slotsHold(thresholdSeconds: number, shortAbandonSeconds: number): boolean {
  return (
    MIGRATED_SLOT_COLUMNS.has(UNQUEUED_COLUMN) &&
    MIGRATED_SLOT_COLUMNS.has(OVERFLOW_OUT_COLUMN) &&
    (SLOT_THRESHOLDS as readonly number[]).includes(thresholdSeconds) &&
    (SLOT_SHORT_THRESHOLDS as readonly number[]).includes(shortAbandonSeconds) &&
    SLOT_REASONS.length === REASON_COLUMN_LIST.length
  )
}

export const STAT_COLUMNS: readonly string[] = [
  'offered',
  'answered',
  'abandoned',
  'wait_ms',
  ...SLOT_THRESHOLDS.map((t) => `w${t}`),
  'handled',
  'handle_ms',
  'transfers',
  'busy_ms',
  ...SLOT_REASONS.map(([, column]) => column),
  ...SLOT_SHORT_THRESHOLDS.map((s) => `sa${s}`),
  ...(MIGRATED_SLOT_COLUMNS.has(UNQUEUED_COLUMN) ? [UNQUEUED_COLUMN] : []),
  ...SLOT_THRESHOLDS.map((t) => `aw${t}`),
  ...SLOT_REASONS.flatMap(([, column]) => SLOT_SHORT_THRESHOLDS.map((s) => shortReasonColumn(column, s))),
  ...(MIGRATED_SLOT_COLUMNS.has(OVERFLOW_OUT_COLUMN) ? [OVERFLOW_OUT_COLUMN] : []),
]
const INDEX = Object.fromEntries(STAT_COLUMNS.map((c, i) => [c, i])) as Record<string, number>
/** The index of each threshold's `w` column, in SLOT_THRESHOLDS' order. */
const WITHIN = SLOT_THRESHOLDS.map((t) => INDEX[`w${t}`] as number)
/** The index of each short-abandon threshold's `sa` column, in SLOT_SHORT_THRESHOLDS' order. */
const SHORT = SLOT_SHORT_THRESHOLDS.map((s) => INDEX[`sa${s}`] as number)
/** The index of each reason's column; a reason this build does not know has none (no reason, in the figures). */
const REASON = new Map<string | undefined, number>(
  SLOT_REASONS.map(([reason, column]) => [reason, INDEX[column] as number]),
)
/** The index of each queued-abandon-within-T column, in SLOT_THRESHOLDS' order. */
const ABANDONED_WITHIN = SLOT_THRESHOLDS.map((t) => INDEX[`aw${t}`] as number)
/** Each reason's short-abandon columns' indexes, in SLOT_SHORT_THRESHOLDS' order. */
const SHORT_BY_REASON = new Map<string | undefined, number[]>(
  SLOT_REASONS.map(([reason, column]) => [
    reason,
    SLOT_SHORT_THRESHOLDS.map((s) => INDEX[shortReasonColumn(column, s)] as number),
  ]),
)
const UNQUEUED = INDEX[UNQUEUED_COLUMN]
const OVERFLOW_OUT = INDEX[OVERFLOW_OUT_COLUMN]
const [OFFERED, ANSWERED, ABANDONED, WAIT_MS, HANDLED, HANDLE_MS, TRANSFERS, BUSY_MS] = [
  'offered',
  'answered',
  'abandoned',
  'wait_ms',
  'handled',
  'handle_ms',
  'transfers',
  'busy_ms',
].map((c) => INDEX[c] as number) as [number, number, number, number, number, number, number, number]

const DIMENSIONS: ReadonlyArray<
  [ReportDimension, (r: InteractionRecord | HandlingRecord) => string | undefined]
> = [
  ['queue', (r) => r.queue],
  ['group', (r) => r.group],
  ['agent', (r) => r.agent],
  ['strategy', (r) => r.strategy],
  ['node', (r) => r.node],
]

/** Per dimension, whether a key may join several (docs/figures.md "Several targets at once"): queue and group. */
const JOINED = DIMENSIONS.map(([dim]) => dim === 'queue' || dim === 'group')

/** Per dimension, the earlier queues or groups an interaction left for a later one (queue and group only). */
const OVERFLOW: ReadonlyArray<((r: InteractionRecord) => string | undefined) | undefined> = DIMENSIONS.map(
  ([dim]) =>
    dim === 'queue' ? (r) => r.overflowQueue : dim === 'group' ? (r) => r.overflowGroup : undefined,
)

/** The agent dimension's index in DIMENSIONS (busy time goes to it alone). */
const AGENT = DIMENSIONS.findIndex(([dim]) => dim === 'agent')

export interface StatDelta {
  slot: number
  dim: ReportDimension
  key: string
  values: number[]
}

const slotOf = (at: number) => Math.floor(at / SLOT_MS) * SLOT_MS
const add = (values: number[], column: number, amount: number) => {
  values[column] = (values[column] as number) + amount
}

/** What a batch of newly inserted records adds to each slot (times rounded to ms, as the raw rows keep them). */
export function statDeltas(
  interactions: readonly InteractionRecord[],
  handlings: readonly HandlingRecord[],
): StatDelta[] {
  const out: StatDelta[] = []
  // per dimension (DIMENSIONS' order), per slot, per key: no id string built and hashed per record and dimension
  const byDimension = DIMENSIONS.map(() => new Map<number, Map<string, number[]>>())
  const delta = (slot: number, d: number, key: string) => {
    const slots = byDimension[d] as Map<number, Map<string, number[]>>
    let keys = slots.get(slot)
    if (!keys) {
      keys = new Map()
      slots.set(slot, keys)
    }
    let values = keys.get(key)
    if (!values) {
      values = new Array<number>(STAT_COLUMNS.length).fill(0)
      keys.set(key, values)
      out.push({ slot, dim: (DIMENSIONS[d] as (typeof DIMENSIONS)[number])[0], key, values })
    }
    return values
  }
  const addInteractionTo = (values: number[], r: InteractionRecord) => {
    const answered = r.outcome === 'routed'
    const abandoned = r.outcome === 'abandoned'
    add(values, OFFERED, 1)
    if (answered) {
      add(values, ANSWERED, 1)
      add(values, WAIT_MS, r.waitMs)
      for (let t = 0; t < WITHIN.length; t++)
        if (r.waitMs <= (SLOT_THRESHOLDS[t] as number) * 1000) add(values, WITHIN[t] as number, 1)
    } else if (abandoned) {
      add(values, ABANDONED, 1)
      const why = REASON.get(r.abandonReason)
      if (why !== undefined) add(values, why, 1)
      // an abandon that never queued is neither short nor in the service level (docs/figures.md)
      if (r.queue === undefined) {
        if (UNQUEUED !== undefined) add(values, UNQUEUED, 1)
        return
      }
      for (let t = 0; t < ABANDONED_WITHIN.length; t++)
        if (r.waitMs <= (SLOT_THRESHOLDS[t] as number) * 1000) add(values, ABANDONED_WITHIN[t] as number, 1)
      const byReason = SHORT_BY_REASON.get(r.abandonReason)
      for (let s = 0; s < SHORT.length; s++)
        if (r.waitMs <= (SLOT_SHORT_THRESHOLDS[s] as number) * 1000) {
          add(values, SHORT[s] as number, 1)
          if (byReason) add(values, byReason[s] as number, 1)
        }
    }
  }
  for (const r of interactions) {
    const slot = slotOf(Math.round(r.arrivedAt))
    for (let d = 0; d < DIMENSIONS.length; d++) {
      const key = (DIMENSIONS[d] as (typeof DIMENSIONS)[number])[1](r) ?? ''
      // several targets at once: the whole interaction in each (docs/figures.md "Several targets at once")
      // (a record with one key, the most, builds no array for it)
      if (!JOINED[d] || !key.includes(REPORT_KEY_SEPARATOR)) addInteractionTo(delta(slot, d, key), r)
      else for (const k of reportKeys(key)) addInteractionTo(delta(slot, d, k), r)
      // queues in turn: each earlier queue (group) it left counts its overflow out (docs/figures.md)
      const left = OVERFLOW_OUT === undefined ? undefined : OVERFLOW[d]?.(r)
      if (left !== undefined)
        for (const k of reportKeys(left)) add(delta(slot, d, k), OVERFLOW_OUT as number, 1)
    }
  }
  const addHandlingTo = (values: number[], h: HandlingRecord, length: number) => {
    add(values, HANDLED, 1)
    add(values, HANDLE_MS, length)
    if (h.endedBy === 'transferred') add(values, TRANSFERS, 1)
  }
  for (const h of handlings) {
    const started = Math.round(h.startedAt)
    const ended = Math.round(h.endedAt)
    // a truncated handling's end is when the history gave it up: out of AHT (addHandling's rule), its busy time
    // until then kept for occupancy (the agent was busy at least that long)
    if (!h.truncated) {
      for (let d = 0; d < DIMENSIONS.length; d++) {
        const key = (DIMENSIONS[d] as (typeof DIMENSIONS)[number])[1](h) ?? ''
        if (!JOINED[d] || !key.includes(REPORT_KEY_SEPARATOR))
          addHandlingTo(delta(slotOf(ended), d, key), h, ended - started)
        else for (const k of reportKeys(key)) addHandlingTo(delta(slotOf(ended), d, k), h, ended - started)
      }
    }
    // the agent's busy time, split exactly at slot edges (occupancy)
    for (let slot = slotOf(started); slot < ended; slot += SLOT_MS) {
      add(delta(slot, AGENT, h.agent), BUSY_MS, Math.min(ended, slot + SLOT_MS) - Math.max(started, slot))
    }
  }
  return out
}

const STAT_TABLE_COLUMNS: readonly SqlColumn[] = [
  { name: 'slot', type: 'time' },
  { name: 'dim', type: 'text' },
  { name: 'key', type: 'text' },
  ...STAT_COLUMNS.map((name): SqlColumn => ({ name, type: name.endsWith('_ms') ? 'real' : 'int' })),
]
const STAT_UPSERT = `ON CONFLICT (dim, slot, key) DO UPDATE SET ${STAT_COLUMNS.map(
  (c) => `${c} = interval_stats.${c} + excluded.${c}`,
).join(', ')}`

/** Adds the deltas to the slots' rows (creating them), inside the caller's transaction. */
export async function upsertStats(tx: SqlExecutor, deltas: readonly StatDelta[]): Promise<void> {
  await tx.insertMany(
    'interval_stats',
    STAT_TABLE_COLUMNS,
    deltas.map((d) => [d.slot, d.dim, d.key, ...d.values]),
    STAT_UPSERT,
  )
}

export interface StatRow {
  /** The report interval's index (0 for the first interval of the range). */
  index: number
  key: string
  offered: number
  answered: number
  abandoned: number
  wait_ms: number
  /** Answered within the report's T (one of SERVICE_LEVEL_THRESHOLDS). */
  within_t: number
  ab_caller_hangup: number
  ab_queue_timeout: number
  ab_host: number
  /** Abandoned in a queue within the report's S (one of SHORT_ABANDON_THRESHOLDS), in all and per reason. */
  short_abandoned: number
  short_caller_hangup: number
  short_queue_timeout: number
  short_host: number
  /** Left the key's queue or group for a later queue (queue and group rows). */
  overflow_out: number
  /** Abandoned without queueing, and abandoned in a queue within the report's T. */
  ab_unqueued: number
  abandoned_within_t: number
  handled: number
  handle_ms: number
  transfers: number
  busy_ms: number
}

/** The name a reason's short abandons (within the report's S) come back under, from the slots and the raw records. */
export const shortReasonAlias = (reasonColumn: string) => `short_${reasonColumn.slice('ab_'.length)}`

/**
 * The sum each arrival column adds to, for a slot row (readStats) and a raw-records row (report.ts) alike: one
 * mapping, so the two sources cannot add a column to different figures.
 */
export const ARRIVAL_SUM_COLUMNS = [
  ['offered', 'offered'],
  ['answered', 'answered'],
  ['abandoned', 'abandoned'],
  ['abandonedCallerHangup', 'ab_caller_hangup'],
  ['abandonedQueueTimeout', 'ab_queue_timeout'],
  ['abandonedHost', 'ab_host'],
  ['abandonedUnqueued', 'ab_unqueued'],
  ['abandonedWithinT', 'abandoned_within_t'],
  ['shortAbandoned', 'short_abandoned'],
  ['shortAbandonedCallerHangup', 'short_caller_hangup'],
  ['shortAbandonedQueueTimeout', 'short_queue_timeout'],
  ['shortAbandonedHost', 'short_host'],
  ['answeredWithinT', 'within_t'],
  ['answeredWaitMs', 'wait_ms'],
] as const satisfies ReadonlyArray<readonly [keyof FigureSums, keyof StatRow]>

/** The sum each handling column adds to, for a slot row and a raw handling row alike. */
export const HANDLING_SUM_COLUMNS = [
  ['handled', 'handled'],
  ['handleMs', 'handle_ms'],
  ['transfers', 'transfers'],
] as const satisfies ReadonlyArray<readonly [keyof FigureSums, keyof StatRow]>

/** Adds `row`'s `columns` to `into`; a raw row's numbers may come as strings (PostgreSQL's bigint sums). */
export function addColumns<TRow>(
  into: FigureSums,
  row: TRow,
  columns: ReadonlyArray<readonly [keyof FigureSums, keyof TRow]>,
): void {
  for (const [sum, column] of columns) into[sum] += Number(row[column])
}

/**
 * The slots of one dimension in [from, to), summed per report interval in SQL (a day by agent at 1 h reads a
 * quarter of the rows a 15-minute report does), with only the service-level column of T and the short-abandon
 * column of S.
 */
export async function readStats(
  db: SqlExecutor,
  dim: ReportDimension,
  span: Span,
  thresholdSeconds: number,
  shortAbandonSeconds: number,
): Promise<StatRow[]> {
  if (!slotsHold(thresholdSeconds, shortAbandonSeconds))
    throw new Error(
      `No slot columns for a service level of ${thresholdSeconds} s and a short abandon of ${shortAbandonSeconds} s`,
    )
  const sum = (column: string, as = column) => `SUM(${column}) AS ${as}`
  const rows = await db.all<Record<string, unknown>>(
    `SELECT CAST((slot - ?) / ? AS INTEGER) AS b, key, ${[
      sum('offered'),
      sum('answered'),
      sum('abandoned'),
      sum('wait_ms'),
      sum(`w${thresholdSeconds}`, 'within_t'),
      sum('handled'),
      sum('handle_ms'),
      sum('transfers'),
      sum('busy_ms'),
      ...Object.values(ABANDON_REASON_COLUMNS).map((column) => sum(column)),
      sum(`sa${shortAbandonSeconds}`, 'short_abandoned'),
      sum(UNQUEUED_COLUMN),
      sum(`aw${thresholdSeconds}`, 'abandoned_within_t'),
      sum(OVERFLOW_OUT_COLUMN),
      ...Object.values(ABANDON_REASON_COLUMNS).map((column) =>
        sum(shortReasonColumn(column, shortAbandonSeconds), shortReasonAlias(column)),
      ),
    ].join(', ')}
     FROM interval_stats WHERE dim = ? AND slot >= ? AND slot < ? GROUP BY 1, 2`,
    [span.from, span.unit, dim, span.from, span.to],
  )
  return rows.map((row) => ({
    // several groups of one unit may fall in one interval: callers add them up
    index: unitInterval(span, Number(row.b)),
    key: String(row.key),
    offered: Number(row.offered),
    answered: Number(row.answered),
    abandoned: Number(row.abandoned),
    wait_ms: Number(row.wait_ms),
    within_t: Number(row.within_t),
    handled: Number(row.handled),
    handle_ms: Number(row.handle_ms),
    transfers: Number(row.transfers),
    busy_ms: Number(row.busy_ms),
    ab_caller_hangup: Number(row.ab_caller_hangup),
    ab_queue_timeout: Number(row.ab_queue_timeout),
    ab_host: Number(row.ab_host),
    short_abandoned: Number(row.short_abandoned),
    short_caller_hangup: Number(row.short_caller_hangup),
    short_queue_timeout: Number(row.short_queue_timeout),
    short_host: Number(row.short_host),
    ab_unqueued: Number(row.ab_unqueued),
    overflow_out: Number(row.overflow_out),
    abandoned_within_t: Number(row.abandoned_within_t),
  }))
}
