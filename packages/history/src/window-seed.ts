// The live figures of a router's interactions over a past window, read back from the store: serve seeds its monitor's
// window sums with them at start, so a restart does not empty a 24h service level. Newest first in bounded pages (a
// 24h window at 200 a second is 17 M rows): a reader out of time stops with whole figures from a known arrival on.
import type { LiveInteraction } from './recorder-sink.ts'
import type { HistoryStore } from './store.ts'

/** Where the next page starts: the last row read (arrival, then key, both descending). */
export interface SeedCursor {
  arrivedAt: number
  key: string
}

export interface SeedQuery {
  /** This router's records only (a shared store holds others'). */
  router: string
  /** Arrivals from this time on (ms, inclusive). */
  from: number
  /**
   * Records that finished before this time (exclusive): those finishing later reach the window live, not from here.
   */
  finishedBefore: number
  /** The last row of the page before; undefined: the newest first. */
  after?: SeedCursor
  limit: number
}

export interface SeedPage {
  records: LiveInteraction[]
  /** The last row of this page: the next page's `after`; undefined when the page is the last. */
  next?: SeedCursor
}

type Row = Record<string, unknown>

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)

/** One page of `query`, only the columns the live figures read (not the path and data JSON). */
export async function readSeedPage(
  store: Pick<HistoryStore, 'database'>,
  query: SeedQuery,
): Promise<SeedPage> {
  const { router, from, finishedBefore, after, limit } = query
  const older = after ? 'AND (arrived_at < ? OR (arrived_at = ? AND key < ?))' : ''
  const rows = await store.database.all<Row>(
    'SELECT key, arrived_at, outcome, wait_ms, queue, grp, abandon_reason, overflow_queue, overflow_grp ' +
      `FROM interactions WHERE router = ? AND arrived_at >= ? AND finished_at < ? ${older} ` +
      'ORDER BY arrived_at DESC, key DESC LIMIT ?',
    [router, from, finishedBefore, ...(after ? [after.arrivedAt, after.arrivedAt, after.key] : []), limit],
  )
  const records = rows.map((row): LiveInteraction => {
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
  })
  const last = rows.at(-1)
  return {
    records,
    ...(rows.length === limit && last
      ? { next: { arrivedAt: Number(last.arrived_at), key: String(last.key) } }
      : {}),
  }
}
