// Where a report's transfers went: per key of the report's breakdown, the handlings ended by a transfer over the
// whole range, counted by the host's `to` (the report's `transfers` column, told apart by destination).
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { reportKeys } from './report-keys.ts'
import type { SqlDatabase } from './sql-database.ts'

/** The transfers of one key of a report to one destination, over the report's range. */
export interface TransferTarget {
  /** The queue, group, agent, strategy or node, as the report's rows name it; `(none)` without one. */
  key: string
  /** Where to, as the host's complete said (`queue:billing`, an agent); `(unknown)` when it gave none. */
  to: string
  transfers: number
}

/** A transfer the host did not say the destination of (or recorded before the history kept it). */
export const UNKNOWN_TARGET = '(unknown)'

/**
 * The transfers per key (the handling's `column`) and destination that ended in [from, to), as the report's
 * `transfers` counts them (a truncated handling is left out); by key, the most transfers first.
 */
export async function transferTargets(
  db: SqlDatabase,
  column: string,
  from: number,
  to: number,
): Promise<TransferTarget[]> {
  const rows = await db.all<{ k: string | null; t: string | null; n: number | string }>(
    `SELECT ${column} AS k, transferred_to AS t, COUNT(*) AS n FROM handling
     WHERE ended_at >= ? AND ended_at < ? AND ended_by = 'transferred' AND COALESCE(truncated, 0) = 0
     GROUP BY 1, 2`,
    [from, to],
  )
  const counts = new Map<string, TransferTarget>()
  for (const row of rows) {
    const target = row.t ?? UNKNOWN_TARGET
    // a key of several targets at once gives its transfers to each, as the report's rows do
    for (const key of row.k === null ? ['(none)'] : reportKeys(row.k)) {
      const id = `${key}\u001f${target}`
      const entry = counts.get(id) ?? { key, to: target, transfers: 0 }
      entry.transfers += Number(row.n)
      counts.set(id, entry)
    }
  }
  return [...counts.values()].sort(
    (a, b) => codeUnitOrder(a.key, b.key) || b.transfers - a.transfers || codeUnitOrder(a.to, b.to),
  )
}
