// The live figures of a router's interactions over a past window, read back from the store: serve seeds its monitor's
// window sums with them at start, so a restart does not empty a 24h service level. Newest first in bounded pages (a
// 24h window at 200 a second is 17 M rows): a reader out of time stops with whole figures from a known arrival on.
import type { LiveInteraction } from './recorder-sink.ts'
import type { HistoryStore } from './store.ts'

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
