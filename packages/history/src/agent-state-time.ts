// Agents' time per state and per not-ready reason (and their log-outs by reason) in each report interval, from the
// agent state rows: one walk of each agent's rows in time order, its state at the range's start read from its last
// row before it.
import { BinaryHeap, statesToRank, summaryState } from '@routewright/strategy-runtime'
import { type LoggedInState, STATE_TIME_SUMS } from './figures.ts'
import { handlingSpans } from './handling-spans.ts'
import type { ReportBudget } from './report-budget.ts'
import { intervalOf, type Span } from './report-span.ts'
import { getOrCreate, numberPairs, type SqlDatabase } from './sql-database.ts'

/** The states the reason report lists: not ready (entries and time) and logged out (entries only). */
export type ReasonState = 'not-ready' | 'logged-out'

/** Time and entries of one not-ready (or logged-out) reason set by one party, per interval index. */
export interface ReasonTime {
  /** `not-ready`, or `logged-out`: its entries are log-outs and it has no time (logged-out time is not measured). */
  state: ReasonState
  /** The reason (`(none)` for rows without one). */
  reason: string
  /** Who set the state (the row's `by`: host, router, timeout); `(unknown)` for rows written before 0009. */
  setBy: string
  /** With setBy `supervisor`: her name (the row's `supervisor`); absent without one (rows written before 0010). */
  supervisor?: string
  /** ms not ready with the reason, clipped to each interval (always 0 for `logged-out`). */
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
  /** ms per interval index, per agent, in each logged-in state (a state the runtime does not name: logged-in only). */
  states: Map<LoggedInState, Map<string, Float64Array>>
  /** The agent's groups from its latest state change. */
  groups: Map<string, string[]>
  /** Not-ready time and log-outs by reason and who set them (ReasonTime's `state`, `reason`, `setBy`, `supervisor`), in no order. */
  reasons: Map<string, ReasonTime>
}

export const NO_REASON = '(none)'
/** Who set a state row written before the store kept it (0009). */
export const UNKNOWN_SETTER = '(unknown)'

/** Calls `add(i, ms)` for each interval [start, end) overlaps, with the ms inside it. */
export function overlaps(span: Span, start: number, end: number, add: (i: number, ms: number) => void): void {
  const s = Math.max(start, span.from)
  const e = Math.min(end, span.to)
  if (e <= s) return
  const first = intervalOf(span, s)
  const last = intervalOf(span, e)
  for (let i = first; i <= last; i++) {
    const b0 = span.edges[i] ?? span.to
    const ms = Math.min(e, span.edges[i + 1] ?? span.to) - Math.max(s, b0)
    if (ms > 0) add(i, ms)
  }
}

interface Current {
  state: string
  reason: string | null
  by: string | null
  supervisor: string | null
  since: number
}

/** One state with its reason and who set it (a repeat of the state and reason by another keeps the first's). */
interface Held {
  state: string
  reason: string | null
  by: string | null
  /** The supervisor's name, with `by` supervisor. */
  supervisor: string | null
}

/** An agent's agent-wide state and its per-media overrides (the router's model: a wide row clears them). */
interface AgentHeld {
  wide: Held
  media: Map<string, Held>
  /** Interactions she is handling now (answered, not yet ended), by media: she is busy while logged in. */
  handling: Map<string, number>
  /** Their sum over her media. */
  handlings: number
}

const BUSY: Held = { state: 'busy', reason: null, by: null, supervisor: null }
/** No interaction in progress: never written. */
const NO_HANDLING = new Map<string, number>()

/**
 * The agent's state as the report counts it. For one media: busy while she handles an interaction of it and is
 * logged in on it, else its override, else the agent-wide state. For the agent as a whole (the rule of
 * docs/figures.md "State times per media" and "Busy"): `summaryState` over `statesToRank` (the one rule serve's
 * wallboard counts too): over her capacity's media when `capacity` is known, else over every state set.
 */
export function effectiveState(
  held: AgentHeld,
  media: string | undefined,
  capacity?: readonly string[],
): Held {
  if (media !== undefined) {
    const state = held.media.get(media) ?? held.wide
    return (held.handling.get(media) ?? 0) > 0 && state.state !== 'logged-out' ? BUSY : state
  }
  const handling = held.handlings > 0
  // no state per media (most agents): the agent-wide one, busy while a handling is open and she is logged in
  if (held.media.size === 0) return handling && held.wide.state !== 'logged-out' ? BUSY : held.wide
  const states: Record<string, string> = {}
  for (const [name, h] of held.media) states[name] = h.state
  const state = summaryState(statesToRank(held.wide.state, states, capacity, handling))
  if (state === 'busy' && handling) return BUSY
  // the held row gives its reason (not ready: the first logged-in one's)
  const all = capacity?.length
    ? capacity.map((m) => held.media.get(m) ?? held.wide)
    : [held.wide, ...held.media.values()]
  return all.find((h) => h.state === state) ?? held.wide
}

/**
 * Each agent's time per state and the not-ready reasons' time and entries, per interval of `span`: for one
 * media when `media` is given, else for the agent as a whole (see `effectiveState`). A state still open counts
 * up to `now` at most (the report's clock): the time after it has not happened yet.
 */
export async function agentStateTime(
  database: SqlDatabase,
  span: Span,
  now: number,
  media?: string,
  capacityOf?: (agent: string) => readonly string[],
  slots?: ReportBudget,
): Promise<AgentStateTime> {
  const { from, to, count } = span
  // the end of every open period: the range's end, or now when the range reaches past it
  const until = Math.min(to, now)
  // an agent-wide row in the span that is not a log-out clears her media's own states: she is logged in from it, so
  // her logged-in series is kept whatever else she does; past the budget, refused before a row is read
  if (slots) {
    const [agents] = await database.all<{ n: number | string }>(
      `SELECT COUNT(DISTINCT agent) AS n FROM agent_states WHERE at >= ? AND at < ? AND media = '' AND state <> 'logged-out'`,
      [from, to],
    )
    slots.ahead(count * Number(agents?.n ?? 0))
  }
  // each agent's state per media when the span starts (its last row before it per media, replayed in order so a
  // later agent-wide row clears older overrides), then its changes inside it
  const rows = await database.all<StateRow>(
    `SELECT a.agent, a.media, a.state, a.at, a.groups, a.reason, a.set_by, a.supervisor, a.key FROM agent_states a
     JOIN (SELECT agent, media, MAX(at) AS last FROM agent_states WHERE at < ? GROUP BY agent, media) b
       ON a.agent = b.agent AND a.media = b.media AND a.at = b.last
     UNION ALL
     SELECT agent, media, state, at, groups, reason, set_by, supervisor, key FROM agent_states
     WHERE at >= ? AND at < ?
     ORDER BY at, key`,
    [from, from, to],
  )
  // every handling open during the span, as one text of start,end pairs per agent and media (a day holds a million:
  // a row each cost ~2.5 us to read), merged into the spans she handles at least one (handlingSpans): their starts
  // and ends are state changes of her own (busy: "Busy"). Only agents with a state row before the span's end: one
  // without is logged out throughout, where a handling adds no time.
  const handlings = await database.all<{ agent: string; media: string; pairs: string }>(
    `SELECT agent, media, ${numberPairs(database.dialect, 'started_at', 'ended_at')} AS pairs FROM handling
     WHERE started_at < ? AND ended_at > ? AND agent IN (SELECT DISTINCT agent FROM agent_states WHERE at < ?)
     GROUP BY agent, media`,
    [to, from, to],
  )
  // an agent's or a reason's figures for every interval: what the caller's range and keys multiply
  const series = () => {
    slots?.take(count)
    return new Float64Array(count)
  }
  const agentSets = () => {
    slots?.take(count)
    return new Array<Set<string> | undefined>(count)
  }
  const out: AgentStateTime = {
    loggedIn: new Map(),
    states: new Map(),
    groups: new Map(),
    reasons: new Map(),
  }
  const reasonTime = (held: Held) => {
    const state: ReasonState = held.state === 'logged-out' ? 'logged-out' : 'not-ready'
    const reason = held.reason ?? NO_REASON
    const setBy = held.by ?? UNKNOWN_SETTER
    const { supervisor } = held
    // names hold no control character (serve's rule), so U+001F keeps the four apart
    return getOrCreate(out.reasons, `${state}\u001f${reason}\u001f${setBy}\u001f${supervisor ?? ''}`, () => ({
      state,
      reason,
      setBy,
      ...(supervisor === null ? {} : { supervisor }),
      ms: series(),
      entries: series(),
      agents: agentSets(),
      allAgents: new Set<string>(),
    }))
  }
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
    if (Object.hasOwn(STATE_TIME_SUMS, state)) {
      const perAgent = getOrCreate(out.states, state as LoggedInState, () => new Map<string, Float64Array>())
      into.push(getOrCreate(perAgent, agent, series))
    }
    const reason = state === 'not-ready' ? reasonTime(current) : undefined
    overlaps(span, since, Math.min(end, until), (i, ms) => {
      for (const values of into) values[i] = (values[i] ?? 0) + ms
      if (reason) {
        reason.ms[i] = (reason.ms[i] ?? 0) + ms
        seen(reason, agent, i)
      }
    })
  }
  const currents = new Map<string, Current>()
  // each agent's state by her host's rows alone (no handling): what an entry into not ready is counted from
  const hosts = new Map<string, Held>()
  const helds = new Map<string, AgentHeld>()
  const apply = (row: StateRow | HandlingRow, edge: Edge, at: number) => {
    const held = getOrCreate(helds, row.agent, () => ({
      wide: { state: 'logged-out', reason: null, by: null, supervisor: null },
      media: new Map<string, Held>(),
      handling: new Map<string, number>(),
      handlings: 0,
    }))
    if (edge !== STATE) {
      const delta = edge === START ? 1 : -1
      held.handling.set(row.media, (held.handling.get(row.media) ?? 0) + delta)
      held.handlings += delta
    } else {
      const change = row as StateRow
      const state = heldOf(change)
      // a repeat of the state and reason (the host's word on the router's RONA) keeps who set it first
      const same = (h: Held | undefined) => h?.state === state.state && h.reason === state.reason
      if (change.media === '') {
        if (!same(held.wide)) held.wide = state
        held.media.clear()
      } else if (!same(held.media.get(change.media))) held.media.set(change.media, state)
      out.groups.set(change.agent, change.groups === '' ? [] : change.groups.split(','))
    }
    const capacity = capacityOf?.(row.agent)
    const next = effectiveState(held, media, capacity)
    // entries into not ready are the host's rows' ("count" in docs/figures.md): back from a handling is none
    let entry: Held | undefined
    if (edge === STATE) {
      const host = effectiveState({ ...held, handling: NO_HANDLING, handlings: 0 }, media, capacity)
      const before = hosts.get(row.agent)
      if (host.state === 'not-ready' && (before?.state !== host.state || before.reason !== host.reason))
        // her host's reason, even while a handling keeps her busy: she enters not ready when it ends
        entry = host
      else if (host.state === 'logged-out' && (before?.state ?? 'logged-out') !== 'logged-out')
        // a log-out (never a first row: no row is logged out) is the row's that made it, with its reason and setter
        entry = (row as StateRow).state === 'logged-out' ? heldOf(row as StateRow) : host
      hosts.set(row.agent, host)
    }
    const previous = currents.get(row.agent)
    if (entry !== undefined && at >= from) {
      const r = reasonTime(entry)
      const i = intervalOf(span, at)
      r.entries[i] = (r.entries[i] ?? 0) + 1
      seen(r, row.agent, i)
    }
    // a row repeating the state and reason (the router's RONA and the host's own word on it), or one that does
    // not change the state counted (another media's), is no new period
    if (previous?.state === next.state && previous.reason === next.reason) return
    if (previous) close(row.agent, previous, at)
    currents.set(row.agent, { ...next, since: at })
  }
  // agent by agent (each one's time is her own): her rows and her handlings in time order
  const byAgent = new Map<string, StateRow[]>()
  for (const row of rows) getOrCreate(byAgent, row.agent, () => []).push(row)
  const handled = new Map<string, HandlingRow[]>()
  for (const { agent, media, pairs } of handlings) {
    const list = getOrCreate(handled, agent, () => [])
    const spans = handlingSpans(pairs)
    for (let i = 0; i + 1 < spans.length; i += 2)
      list.push({ agent, media, at: spans[i] as number, until: spans[i + 1] as number })
  }
  for (const [agent, own] of byAgent) {
    const hers = handled.get(agent) ?? []
    // several media: one list of spans in start order again (each media's spans are apart; two media's may overlap)
    if (hers.length > 0 && hers[0]?.media !== hers[hers.length - 1]?.media) hers.sort((x, y) => x.at - y.at)
    inTimeOrder(own, hers, apply)
  }
  for (const [agent, current] of currents) close(agent, current, until)
  return out
}

interface StateRow {
  agent: string
  media: string
  state: string
  at: number
  groups: string
  reason: string | null
  /** Who set it; NULL in rows written before 0009. */
  set_by: string | null
  /** The supervisor's name (with set_by supervisor); NULL without one and in rows written before 0010. */
  supervisor: string | null
  key: string
}

function heldOf(row: StateRow): Held {
  return {
    state: row.state,
    reason: row.reason ?? null,
    by: row.set_by ?? null,
    supervisor: row.supervisor ?? null,
  }
}

/** A span she handles at least one interaction of her media: from `at` to `until` (handlingSpans). */
interface HandlingRow {
  agent: string
  media: string
  at: number
  until: number
}

/** What a change is: a state row, a handling's answer or its end. */
type Edge = typeof STATE | typeof START | typeof END
const STATE = 0
const START = 1
const END = 2

/**
 * Visits the state rows (in time order) and the handlings' answers (in time order) and ends (kept in a heap: as
 * many as are open at once) in time order. At one instant ends come first (back-to-back handlings leave no gap),
 * then answers, then the state rows.
 */
function inTimeOrder(
  rows: StateRow[],
  handlings: HandlingRow[],
  visit: (row: StateRow | HandlingRow, edge: Edge, at: number) => void,
): void {
  const ends = new BinaryHeap<HandlingRow>((a, b) => Number(a.until) < Number(b.until))
  let r = 0
  let h = 0
  while (r < rows.length || h < handlings.length || ends.size > 0) {
    const row = rows[r]
    const start = handlings[h]
    const end = ends.peek()
    const tr = row === undefined ? Number.POSITIVE_INFINITY : Number(row.at)
    const ts = start === undefined ? Number.POSITIVE_INFINITY : Number(start.at)
    const te = end === undefined ? Number.POSITIVE_INFINITY : Number(end.until)
    if (end !== undefined && te <= ts && te <= tr) {
      ends.pop()
      visit(end, END, te)
    } else if (start !== undefined && ts <= tr) {
      h++
      ends.push(start)
      visit(start, START, ts)
    } else if (row !== undefined) {
      r++
      visit(row, STATE, tr)
    }
  }
}
