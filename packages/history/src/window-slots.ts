// The old part of a restart's monitor window read from the interval totals (interval-stats.ts) rather than record by
// record: a day is 96 slots of a few keys each, where its records at 200 a second are 17 M rows (window-seed.ts).
import { ABANDON_REASON_SUMS, emptySums, type FigureSums, SHORT_ABANDON_REASON_SUMS } from './figures.ts'
import { ABANDON_REASON_COLUMNS, SLOT_MS, shortReasonColumn, slotsHold } from './interval-stats.ts'
import type { HistoryStore } from './store.ts'

/** A service-level threshold T and a short-abandon threshold S, seconds. */
export type SeedThresholds = readonly [thresholdSeconds: number, shortAbandonSeconds: number]

export interface SeedSlotQuery {
  /** Slots from this time on (ms, a slot's start: whole slots only). */
  from: number
  /** Slots before this time (a slot's start). */
  to: number
  /** The sums come once per T and S, in this order. */
  thresholds: readonly SeedThresholds[]
}

/** One key's totals of one slot, as the live window sums them (bucket-sums.ts: by queue or by group). */
export interface SeedSlot {
  /** The slot's start (ms): it holds the arrivals of [at, at + SLOT_MS). */
  at: number
  by: 'queue' | 'group'
  key: string
  /** Per T and S of the query, in its order. */
  sums: FigureSums[]
}

export { SLOT_MS as SEED_SLOT_MS }

/** Whether the slots count the service level and short abandons of every T and S (else read the records). */
export const slotsHoldAll = (thresholds: readonly SeedThresholds[]): boolean =>
  thresholds.every(([t, s]) => slotsHold(t, s))

/**
 * Whether every record in the store is this router's: the slots are not kept per router, so a shared store's would
 * count others'. The primary key starts `router/` (store.ts), so its lowest and highest say it through the index, in
 * a byte order (SQLite's; PostgreSQL's only with a C collation, else undefined: not known cheaply).
 */
export async function storeOfOneRouter(
  store: Pick<HistoryStore, 'database'>,
  router: string,
): Promise<boolean | undefined> {
  const { database } = store
  if (database.dialect === 'postgres') {
    const [row] = await database.all<{ c: string }>(
      'SELECT datcollate AS c FROM pg_database WHERE datname = current_database()',
    )
    if (row?.c !== 'C' && row?.c !== 'POSIX') return undefined
  }
  const [range] = await database.all<{ lo: string | null; hi: string | null }>(
    // one aggregate a query: SQLite reads a lone MIN or MAX off the index's end, both together scan every row
    'SELECT (SELECT MIN(key) FROM interactions) AS lo, (SELECT MAX(key) FROM interactions) AS hi',
  )
  // a key is `router/id/finished` (store.ts): `a/b/x/1`, router `a/b`'s, has one `/` too many after `a/` to be `a`'s
  // (an id with a `/` falls back to the records too: safe). Another router's keys between the two are not seen.
  const mine = (key: string | null | undefined) =>
    key == null || (key.startsWith(`${router}/`) && key.split('/').length === router.split('/').length + 2)
  return mine(range?.lo) && mine(range?.hi)
}

/**
 * The earliest arrival in [from, to) of this router's records that finished at `finishedAt` or later (ms), undefined
 * when none: the slots count every record written, the live window those finishing after the start, so the slots end
 * before this one's. Through the finished_at index (migration 0011): those few, not the day's records by arrival.
 */
export async function earliestLateArrival(
  store: Pick<HistoryStore, 'database'>,
  query: { router: string; from: number; to: number; finishedAt: number },
): Promise<number | undefined> {
  const [row] = await store.database.all<{ at: unknown }>(
    // `+arrived_at` and `+ 0`: not by the arrival index (SQLite walked it for MIN, reading the whole span)
    'SELECT MIN(arrived_at + 0) AS at FROM interactions WHERE finished_at >= ? AND router = ? AND +arrived_at >= ? AND +arrived_at < ?',
    [query.finishedAt, query.router, query.from, query.to],
  )
  return row?.at == null ? undefined : Number(row.at)
}

const number = (value: unknown) => Number(value ?? 0)

/**
 * The queue and group slots of [from, to), each with the sums the live window adds for its records (figures.ts
 * addInteraction and addOverflowOut, summed): a queue's or group's `entered` is its offered and overflow out, as the
 * report's keyed rows count it. The key '' (no queue, no group) is in no window: left out.
 */
export async function readSeedSlots(
  store: Pick<HistoryStore, 'database'>,
  query: SeedSlotQuery,
): Promise<SeedSlot[]> {
  if (!slotsHoldAll(query.thresholds))
    throw new Error(`No slot columns for the thresholds ${JSON.stringify(query.thresholds)}`)
  const reasons = Object.entries(ABANDON_REASON_COLUMNS) as Array<
    [keyof typeof ABANDON_REASON_COLUMNS, string]
  >
  const columns = new Set([
    'offered',
    'answered',
    'abandoned',
    'wait_ms',
    'ab_unqueued',
    'overflow_out',
    ...reasons.map(([, column]) => column),
  ])
  for (const [t, s] of query.thresholds) {
    columns.add(`w${t}`).add(`aw${t}`).add(`sa${s}`)
    for (const [, column] of reasons) columns.add(shortReasonColumn(column, s))
  }
  const rows = await store.database.all<Record<string, unknown>>(
    `SELECT slot, dim, key, ${[...columns].join(', ')} FROM interval_stats
     WHERE dim IN ('queue', 'group') AND slot >= ? AND slot < ? AND key <> ''`,
    [query.from, query.to],
  )
  return rows.map((row) => ({
    at: number(row.slot),
    by: row.dim === 'group' ? 'group' : 'queue',
    key: String(row.key),
    sums: query.thresholds.map(([t, s]) => {
      const sums = emptySums()
      sums.offered = number(row.offered)
      sums.answered = number(row.answered)
      sums.abandoned = number(row.abandoned)
      sums.answeredWaitMs = number(row.wait_ms)
      sums.answeredWithinT = number(row[`w${t}`])
      sums.abandonedWithinT = number(row[`aw${t}`])
      sums.abandonedUnqueued = number(row.ab_unqueued)
      sums.shortAbandoned = number(row[`sa${s}`])
      sums.overflowOut = number(row.overflow_out)
      sums.entered = sums.offered + sums.overflowOut
      for (const [reason, column] of reasons) {
        sums[ABANDON_REASON_SUMS[reason]] = number(row[column])
        sums[SHORT_ABANDON_REASON_SUMS[reason]] = number(row[shortReasonColumn(column, s)])
      }
      return sums
    }),
  }))
}
