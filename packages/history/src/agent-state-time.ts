// Agents' time per state and per not-ready reason in each report interval, from the agent state rows: one walk of
// each agent's rows in time order, its state at the range's start read from its last row before it.
import type { Span } from './occupancy.ts'
import { getOrCreate, type SqlDatabase } from './sql-database.ts'

/** Time and entries of one not-ready reason, per interval index. */
export interface ReasonTime {
  /** ms not ready with the reason, clipped to each interval. */
  ms: Float64Array
  /** Entries into not ready with the reason (a row that changed the state or the reason) in each interval. */
  entries: Float64Array
  /** The agents not ready with the reason for some time of each interval, or entering it there. */
  agents: Array<Set<string> | undefined>
  /** The same over the whole range. */
  allAgents: Set<string>
}

export interface AgentStateTime {
  /** ms per interval index, per agent: any state but `logged-out`. */
  loggedIn: Map<string, Float64Array>
  /** ms per interval index, per agent, in `ready`, `not-ready` and `busy`. */
  ready: Map<string, Float64Array>
  notReady: Map<string, Float64Array>
  busy: Map<string, Float64Array>
  /** The agent's groups from its latest state change. */
  groups: Map<string, string[]>
  /** Not-ready time by reason (`(none)` for rows without one). */
  reasons: Map<string, ReasonTime>
}

export const NO_REASON = '(none)'

/** Calls `add(i, ms)` for each interval [start, end) overlaps, with the ms inside it. */
export function overlaps(span: Span, start: number, end: number, add: (i: number, ms: number) => void): void {
  const s = Math.max(start, span.from)
  const e = Math.min(end, span.to)
  if (e <= s) return
  const first = Math.floor((s - span.from) / span.width)
  const last = Math.min(span.count - 1, Math.floor((e - span.from) / span.width))
  for (let i = first; i <= last; i++) {
    const b0 = span.from + i * span.width
    const ms = Math.min(e, b0 + span.width) - Math.max(s, b0)
    if (ms > 0) add(i, ms)
  }
}

interface Current {
  state: string
  reason: string | null
  since: number
}

/** Each agent's time per state and the not-ready reasons' time and entries, per interval of `span`. */
export async function agentStateTime(database: SqlDatabase, span: Span): Promise<AgentStateTime> {
  const { from, to, count } = span
  // each agent's state when the span starts (its last row before it), then its changes inside it
  const rows = await database.all<{
    agent: string
    state: string
    at: number
    groups: string
    reason: string | null
    key: string
  }>(
    `SELECT a.agent, a.state, a.at, a.groups, a.reason, a.key FROM agent_states a
     JOIN (SELECT agent, MAX(at) AS last FROM agent_states WHERE at < ? GROUP BY agent) b
       ON a.agent = b.agent AND a.at = b.last
     UNION ALL
     SELECT agent, state, at, groups, reason, key FROM agent_states WHERE at >= ? AND at < ?
     ORDER BY at, key`,
    [from, from, to],
  )
  const series = () => new Float64Array(count)
  const out: AgentStateTime = {
    loggedIn: new Map(),
    ready: new Map(),
    notReady: new Map(),
    busy: new Map(),
    groups: new Map(),
    reasons: new Map(),
  }
  const reasonTime = (reason: string | null) =>
    getOrCreate(out.reasons, reason ?? NO_REASON, () => ({
      ms: series(),
      entries: series(),
      agents: new Array<Set<string> | undefined>(count),
      allAgents: new Set<string>(),
    }))
  const seen = (r: ReasonTime, agent: string, i: number) => {
    const agents = r.agents[i] ?? new Set<string>()
    agents.add(agent)
    r.agents[i] = agents
    r.allAgents.add(agent)
  }
  const close = (agent: string, current: Current, end: number) => {
    const { state, since } = current
    if (state === 'logged-out') return
    const into = [getOrCreate(out.loggedIn, agent, series)]
    if (state === 'ready') into.push(getOrCreate(out.ready, agent, series))
    else if (state === 'busy') into.push(getOrCreate(out.busy, agent, series))
    else if (state === 'not-ready') into.push(getOrCreate(out.notReady, agent, series))
    const reason = state === 'not-ready' ? reasonTime(current.reason) : undefined
    overlaps(span, since, end, (i, ms) => {
      for (const values of into) values[i] = (values[i] ?? 0) + ms
      if (reason) {
        reason.ms[i] = (reason.ms[i] ?? 0) + ms
        seen(reason, agent, i)
      }
    })
  }
  const currents = new Map<string, Current>()
  for (const row of rows) {
    const at = Number(row.at)
    const reason = row.reason ?? null
    const previous = currents.get(row.agent)
    if (previous) close(row.agent, previous, at)
    // a row repeating the state and reason (the router's RONA and the host's own word on it) is no new entry
    const same = previous?.state === row.state && previous.reason === reason
    if (row.state === 'not-ready' && !same && at >= from) {
      const r = reasonTime(reason)
      const i = Math.floor((at - from) / span.width)
      r.entries[i] = (r.entries[i] ?? 0) + 1
      seen(r, row.agent, i)
    }
    currents.set(row.agent, { state: row.state, reason, since: at })
    out.groups.set(row.agent, row.groups === '' ? [] : row.groups.split(','))
  }
  for (const [agent, current] of currents) close(agent, current, to)
  return out
}
