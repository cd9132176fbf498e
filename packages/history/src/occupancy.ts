// Agents' busy and logged-in time per report interval, for occupancy: handling time is summed in SQL (grouped by
// the intervals a handling starts and ends in, exact at the edges), logged-in time from the state changes.
import { getOrCreate, greatest, least, type SqlDatabase } from './sql-database.ts'

export interface LoggedInTime {
  /** ms per interval index, per agent */
  loggedIn: Map<string, Float64Array>
  /** The agent's groups from its latest state change. */
  groups: Map<string, string[]>
}

export interface Span {
  from: number
  to: number
  width: number
  count: number
}

/** Adds the time of [start, end) to the intervals it overlaps. */
function spread(into: Float64Array, span: Span, start: number, end: number): void {
  const s = Math.max(start, span.from)
  const e = Math.min(end, span.to)
  if (e <= s) return
  const first = Math.floor((s - span.from) / span.width)
  const last = Math.min(span.count - 1, Math.floor((e - span.from) / span.width))
  for (let i = first; i <= last; i++) {
    const b0 = span.from + i * span.width
    into[i] = (into[i] ?? 0) + Math.max(0, Math.min(e, b0 + span.width) - Math.max(s, b0))
  }
}

/** Busy ms per agent per interval, from the raw handlings (reports whose range is not on 15-minute slots). */
export async function busyTime(database: SqlDatabase, span: Span): Promise<Map<string, Float64Array>> {
  const d = database.dialect
  const { from, to, width, count } = span
  const row = () => new Float64Array(count)
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
    [from, width, from, width, from, to, to, from],
  )
  for (const r of rows) {
    const into = getOrCreate(busy, r.agent, row)
    const sb = Number(r.sb)
    const eb = Number(r.eb)
    const n = Number(r.n)
    const add = (i: number, ms: number) => {
      if (i >= 0 && i < count) into[i] = (into[i] ?? 0) + ms
    }
    if (sb === eb) add(sb, Number(r.se) - Number(r.ss))
    else {
      add(sb, n * (from + (sb + 1) * width) - Number(r.ss))
      for (let i = sb + 1; i < eb; i++) add(i, n * width)
      add(eb, Number(r.se) - n * (from + eb * width))
    }
  }

  return busy
}

/** Logged-in ms per agent per interval, from the agent state changes (few, next to the interactions). */
export async function loggedInTime(database: SqlDatabase, span: Span): Promise<LoggedInTime> {
  const { from, to, count } = span
  const row = () => new Float64Array(count)
  // each agent's state when the span starts, then its changes inside it
  const states = await database.all<{ agent: string; state: string; at: number; groups: string }>(
    `SELECT a.agent, a.state, a.at, a.groups FROM agent_states a
     JOIN (SELECT agent, MAX(at) AS last FROM agent_states WHERE at < ? GROUP BY agent) b
       ON a.agent = b.agent AND a.at = b.last
     UNION ALL
     SELECT agent, state, at, groups FROM agent_states WHERE at >= ? AND at < ?
     ORDER BY at`,
    [from, from, to],
  )
  const loggedIn = new Map<string, Float64Array>()
  const groups = new Map<string, string[]>()
  const since = new Map<string, number>()
  for (const s of states) {
    const at = Number(s.at)
    const start = since.get(s.agent)
    if (start !== undefined) {
      spread(getOrCreate(loggedIn, s.agent, row), span, start, at)
      since.delete(s.agent)
    }
    if (s.state !== 'logged-out') since.set(s.agent, Math.max(at, from))
    groups.set(s.agent, s.groups === '' ? [] : s.groups.split(','))
  }
  for (const [agent, start] of since) {
    spread(getOrCreate(loggedIn, agent, row), span, start, to)
  }
  return { loggedIn, groups }
}
