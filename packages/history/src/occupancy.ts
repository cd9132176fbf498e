// Agents' busy time per report interval, for occupancy: handling time is summed in SQL (grouped by the intervals a
// handling starts and ends in, exact at the edges); logged-in time comes from the state rows (agent-state-time.ts).
import type { ReportBudget } from './report-budget.ts'
import { type Span, unitInterval } from './report-span.ts'
import { getOrCreate, greatest, least, type SqlDatabase } from './sql-database.ts'

/** Busy ms per agent per interval, from the raw handlings (reports whose range is not on 15-minute slots). */
export async function busyTime(
  database: SqlDatabase,
  span: Span,
  slots?: ReportBudget,
): Promise<Map<string, Float64Array>> {
  const d = database.dialect
  const { from, to, unit, count, edges } = span
  const row = () => {
    slots?.take(count)
    return new Float64Array(count)
  }
  const busy = new Map<string, Float64Array>()
  const bucket = (column: string) => `CAST((${column} - ?) / ? AS INTEGER)`
  // n handlings from bucket sb to bucket eb: their time is exact from the sums of starts and ends
  const rows = await database.all<{
    agent: string
    sb: number
    eb: number
    n: number
    ss: number
    se: number
  }>(
    `SELECT agent, ${bucket('s')} AS sb, ${bucket('e')} AS eb, COUNT(*) AS n, SUM(s) AS ss, SUM(e) AS se
     FROM (SELECT agent, ${greatest(d, 'started_at', '?')} AS s, ${least(d, 'ended_at', '?')} AS e
           FROM handling WHERE started_at < ? AND ended_at > ?) h
     GROUP BY 1, 2, 3`,
    [from, unit, from, unit, from, to, to, from],
  )
  // a group of the SQL (one unit) lies inside one interval: its handlings start in sb and end in eb
  const edge = (i: number) => edges[i] ?? to
  for (const r of rows) {
    const into = getOrCreate(busy, r.agent, row)
    const sb = unitInterval(span, Number(r.sb))
    const eb = unitInterval(span, Number(r.eb))
    const n = Number(r.n)
    const add = (i: number, ms: number) => {
      if (i >= 0 && i < count) into[i] = (into[i] ?? 0) + ms
    }
    if (sb === eb) add(sb, Number(r.se) - Number(r.ss))
    else {
      add(sb, n * edge(sb + 1) - Number(r.ss))
      for (let i = sb + 1; i < eb; i++) add(i, n * (edge(i + 1) - edge(i)))
      add(eb, Number(r.se) - n * edge(eb))
    }
  }

  return busy
}
