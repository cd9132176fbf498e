// pure: the rows a report will hold at least, known before its cells are built (a year of 15-minute intervals by
// agent built a million cells, ~2 s and 360 MB, before its budget refused it).
import { getOrCreate } from './sql-database.ts'

/**
 * The distinct (interval, key) cells the agents' logged-in time fills: each is a row of the report, whatever else
 * it holds. `keysOf` gives an agent's report keys (herself, or her groups).
 */

export function loggedInRows(
  loggedIn: ReadonlyMap<string, Float64Array>,
  keysOf: (agent: string) => readonly string[],
  count: number,
): number {
  const filled = new Map<string, Uint8Array>()
  let rows = 0
  for (const [agent, values] of loggedIn) {
    for (const key of keysOf(agent)) {
      const marks = getOrCreate(filled, key, () => new Uint8Array(count))
      for (let i = 0; i < count; i++) {
        if ((values[i] ?? 0) > 0 && marks[i] === 0) {
          marks[i] = 1
          rows++
        }
      }
    }
  }
  return rows
}
