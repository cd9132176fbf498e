// The live figures of a router's interactions over a past window, read back from the store: serve seeds its monitor's
// window sums with them at start, so a restart does not empty a 24h service level. Newest first in bounded pages (a
// 24h window at 200 a second is 17 M rows): a reader out of time stops with whole figures from a known arrival on.
import { addInteractions, emptySums } from './figures.ts'
import type { LiveInteraction } from './recorder-sink.ts'
import { reportKeys } from './report-keys.ts'
import type { HistoryStore } from './store.ts'
import type { SeedSlot, SeedThresholds } from './window-slots.ts'

export interface SeedQuery {
  /** This router's records only (a shared store holds others'). */
  router: string
  /** Arrivals from this time on (ms, inclusive). */
  from: number
  /**
   * Records that finished before this time (exclusive): those finishing later reach the window live, not from here.
   */
  finishedBefore: number
  /** Arrivals before this time (exclusive): the page before's `next`; default all up to `finishedBefore`. */
  before?: number
  limit: number
}

export interface SeedPage {
  records: LiveInteraction[]
  /** Every arrival from this time on is read: the next page's `before`; undefined when the page is the last. */
  next?: number
}

type Row = Record<string, unknown>

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)

const COLUMNS = 'arrived_at, outcome, wait_ms, queue, grp, abandon_reason, overflow_queue, overflow_grp'

function live(row: Row): LiveInteraction {
  const abandonReason = text(row.abandon_reason)
  const overflowQueue = text(row.overflow_queue)
  const overflowGroup = text(row.overflow_grp)
  return {
    arrivedAt: Number(row.arrived_at),
    outcome: String(row.outcome),
    waitMs: Number(row.wait_ms),
    queue: text(row.queue),
    group: text(row.grp),
    ...(abandonReason ? { abandonReason } : {}),
    ...(overflowQueue !== undefined ? { overflowQueue } : {}),
    ...(overflowGroup !== undefined ? { overflowGroup } : {}),
  }
}

/**
 * One page of `query`, only the columns the live figures read (not the path and data JSON). Pages end between
 * milliseconds, walking the arrival index backwards with no sort (a key tie-break sorted the whole rest of the window
 * for every page: 4,300 rows a second over 200,000): a full page leaves out its oldest millisecond, which the next
 * reads whole; a page all of one millisecond reads that millisecond whole.
 */
export async function readSeedPage(
  store: Pick<HistoryStore, 'database'>,
  query: SeedQuery,
): Promise<SeedPage> {
  const { router, from, finishedBefore, limit } = query
  const before = query.before ?? finishedBefore
  const rows = await store.database.all<Row>(
    `SELECT ${COLUMNS} FROM interactions WHERE arrived_at >= ? AND arrived_at < ? AND router = ? AND finished_at < ? ` +
      'ORDER BY arrived_at DESC LIMIT ?',
    [from, before, router, finishedBefore, limit],
  )
  if (rows.length < limit) return { records: rows.map(live) }
  const oldest = Number(rows.at(-1)!.arrived_at)
  const newer = rows.filter((row) => Number(row.arrived_at) > oldest)
  if (newer.length > 0) return { records: newer.map(live), next: oldest + 1 }
  const whole = await store.database.all<Row>(
    `SELECT ${COLUMNS} FROM interactions WHERE arrived_at = ? AND router = ? AND finished_at < ?`,
    [oldest, router, finishedBefore],
  )
  return { records: whole.map(live), ...(oldest > from ? { next: oldest } : {}) }
}

export interface SeedGroupQuery {
  router: string
  /** Arrivals in [from, before) (ms) that finished before `finishedBefore`, as readSeedPage's. */
  from: number
  before: number
  finishedBefore: number
  /** Arrivals in one bucket this wide (ms, from 0) come summed as one, put at the bucket's latest arrival. */
  bucketMs: number
  /** The sums come once per T and S, in this order. */
  thresholds: readonly SeedThresholds[]
}

/** What readSeedGroups read: each key's sums per bucket, and how many records they sum. */
export interface SeedGroups {
  entries: SeedSlot[]
  records: number
}

/**
 * The records of [from, before) summed in SQL per bucket and per what the live figures tell apart (outcome, reason,
 * queues, groups), then split into keys as the live window splits a record (bucket-sums.ts add): a 200-a-second
 * edge of 336,000 records read one by one took ~17 s; summed in the store a few thousand rows come back instead.
 */
export async function readSeedGroups(
  store: Pick<HistoryStore, 'database'>,
  query: SeedGroupQuery,
): Promise<SeedGroups> {
  const { bucketMs, thresholds } = query
  if (!Number.isSafeInteger(bucketMs) || bucketMs < 1)
    throw new Error(`The bucket width must be a whole number of ms, 1 or more (got ${bucketMs})`)
  for (const [t, s] of thresholds)
    if (!Number.isFinite(t) || !Number.isFinite(s))
      throw new Error(`The thresholds must be numbers of seconds (got ${JSON.stringify([t, s])})`)
  // numbers checked above, written into the SQL: no parameter type to infer in SQL's CASE
  const within = (seconds: number, name: string) =>
    `SUM(CASE WHEN wait_ms <= ${seconds * 1000} THEN 1 ELSE 0 END) AS ${name}`
  const counts = thresholds.flatMap(([t, s], i) => [within(t, `t${i}`), within(s, `s${i}`)])
  const kept = 'outcome, queue, grp, abandon_reason, overflow_queue, overflow_grp'
  const rows = await store.database.all<Row>(
    `SELECT MAX(arrived_at) AS at, COUNT(*) AS n, SUM(wait_ms) AS wait, ${kept}, ${counts.join(', ')}
     FROM interactions WHERE arrived_at >= ? AND arrived_at < ? AND router = ? AND finished_at < ?
     GROUP BY arrived_at - arrived_at % ${bucketMs}, ${kept}`,
    [query.from, query.before, query.router, query.finishedBefore],
  )
  const entries: SeedSlot[] = []
  let records = 0
  for (const row of rows) {
    const count = Number(row.n)
    records += count
    const at = Number(row.at)
    const queue = text(row.queue)
    const abandonReason = text(row.abandon_reason)
    const sums = thresholds.map((_, i) => {
      const into = emptySums()
      addInteractions(into, {
        outcome: String(row.outcome),
        ...(abandonReason ? { abandonReason } : {}),
        queue,
        count,
        waitMs: Number(row.wait),
        withinT: Number(row[`t${i}`]),
        withinS: Number(row[`s${i}`]),
      } as Parameters<typeof addInteractions>[1])
      return into
    })
    // each earlier queue (group) it left counts it entered and overflowed out (addOverflowOut, `count` times)
    const out = emptySums()
    out.entered = count
    out.overflowOut = count
    const left = thresholds.map(() => out)
    for (const [by, column, leftColumn] of [
      ['queue', row.queue, row.overflow_queue],
      ['group', row.grp, row.overflow_grp],
    ] as const) {
      for (const key of reportKeys(text(column))) entries.push({ at, by, key, sums })
      for (const key of reportKeys(text(leftColumn))) entries.push({ at, by, key, sums: left })
    }
  }
  return { entries, records }
}
