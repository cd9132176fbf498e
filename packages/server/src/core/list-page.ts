// pure: one page of GET /v1/waiting or /v1/agents. A page ends at a key (the last entry's place in the order); the
// next starts strictly after it, so entries coming and going between pages skip or repeat none that stayed.
import { codeUnitOrder } from '@routewright/strategy-dsl'
import { firstInOrder } from './first-in-order.ts'
import type { AgentView, WaitingView } from './types.ts'

/** The most entries one page holds, and a page's size when the caller names none. */
export const MAX_PAGE = 1000
export const DEFAULT_PAGE = 500

/** The longest cursor serve reads (refused before it is decoded); the pages it gives fit, however long their ids. */
export const MAX_CURSOR_CHARS = 8192

/** The longest `q` (agent search) serve reads: an agent id's default limit (the router's maxIdChars). */
export const MAX_SEARCH_CHARS = 256

/**
 * Where the last page of waiting interactions ended: its last entry's priority and age, how many of those with that
 * same priority and age (queued in the same millisecond, in the router's arrival order) had been listed, and the ids
 * of the last of them (up to RECENT_TIES, that last entry last): the next page starts after the newest still waiting.
 */
export interface WaitingCursor {
  priority: number
  since: number
  listed: number
  recent: string[]
}

/** Ties a cursor names: the page's last entry and those before it in its millisecond, should it have left. */
const RECENT_TIES = 8

export interface WaitingQuery {
  limit: number
  after?: WaitingCursor
  /** Only interactions waiting for this target (one of their `targets`). */
  queue?: string
}

export interface AgentQuery {
  limit: number
  /** The last id of the page before. */
  after?: string
  /** Only these agents. */
  id?: readonly string[]
  /** Only agents whose id holds this text, case ignored (agentIdMatches). */
  q?: string
  /** Only agents in this state (for `media`, when given: a state set for that media alone, else the agent's). */
  state?: string
  media?: string
}

/** What a waiting page reads of an entry: a view, or the router's entry before its view is built. */
export type WaitingLine = Pick<WaitingView, 'interaction' | 'priority' | 'since' | 'targets'>
type LinePlace = Pick<WaitingView, 'priority' | 'since'>

/** What an agents page reads of an entry: a view, or the router's agent state before its view is built. */
export type AgentLine = Pick<AgentView, 'id' | 'state' | 'media'>

export interface Page<T> {
  entries: T[]
  /** The cursor of the page after this one; absent on the last. */
  next?: string
  /**
   * An agents page searched (`q`) among one page of all agents, not one page of matches: a routing process older than
   * `agents-search` ignored `q` and the forwarding process filtered what it answered. Set only while `next` is.
   */
  partial?: true
}

/** Line order: higher priority first, then the longest waiting (ties keep the router's arrival order: sort is stable). */
export function waitingOrder(a: LinePlace, b: LinePlace): number {
  return b.priority - a.priority || a.since - b.since
}

const byId = (a: AgentLine, b: AgentLine) => codeUnitOrder(a.id, b.id)

/**
 * The page of `all` the query asks for, cut in line order: one scan, the ties of the cursor's place kept in arrival
 * order and the page's other entries picked from those after it (no sort of all). Entries of the same priority and
 * age go in `all`'s order (each version's line in order), or by `tieOrder` when given (`all` in no order).
 */
export function waitingPage<T extends WaitingLine>(
  all: readonly T[],
  query: WaitingQuery,
  tieOrder?: (a: T, b: T) => number,
): Page<T> {
  const { after, queue } = query
  const size = pageSize(query.limit)
  const key = after && { priority: after.priority, since: after.since }
  const order = tieOrder === undefined ? waitingOrder : (a: T, b: T) => waitingOrder(a, b) || tieOrder(a, b)
  // the entries in the cursor's place (in `all`'s order, as a stable sort keeps them, or by tieOrder below), and how
  // many come after it
  const ties: T[] = []
  let later = 0
  const picked = firstInOrder(all, size, order, (w) => {
    if (queue !== undefined && !w.targets.includes(queue)) return false
    const place = key === undefined ? 1 : waitingOrder(w, key)
    if (place === 0) ties.push(w)
    if (place <= 0) return false
    later++
    return true
  })
  // the cursor's ties are the few of one millisecond: sorted here, when `all` is in no order
  if (tieOrder !== undefined) ties.sort(tieOrder)
  const from = after === undefined ? 0 : startAfter(ties, after)
  const entries = ties.slice(from, from + size)
  for (const i of picked) if (entries.length < size) entries.push(all[i]!)
  if (ties.length - from + later <= size) return { entries }
  const last = entries.length - 1
  // the last entry's ties before it: those of the cursor's place reach back over ties listed on earlier pages
  const tie = entries[last]!
  let listed: number
  let recent: T[]
  if (from + size <= ties.length) {
    listed = from + size
    recent = ties.slice(Math.max(0, listed - RECENT_TIES), listed)
  } else {
    let first = last
    while (first > 0 && waitingOrder(entries[first - 1]!, tie) === 0) first--
    listed = last - first + 1
    recent = entries.slice(Math.max(first, last - RECENT_TIES + 1))
  }
  return {
    entries,
    next: fittedCursor({
      priority: tie.priority,
      since: tie.since,
      listed,
      recent: recent.map((w) => w.interaction),
    }),
  }
}

/** The cursor with its oldest ties dropped while it is longer than serve reads (long non-ASCII ids): the last stays. */
function fittedCursor(cursor: WaitingCursor): string {
  let text = waitingCursorText(cursor)
  while (text.length > MAX_CURSOR_CHARS && cursor.recent.length > 1) {
    cursor = { ...cursor, recent: cursor.recent.slice(1) }
    text = waitingCursorText(cursor)
  }
  return text
}

/** The index of the first of `ties` (the entries in the cursor's place, in line order) after the cursor. */
function startAfter(ties: readonly WaitingLine[], after: WaitingCursor): number {
  // the newest of the ties listed that is still waiting: the next page starts after it
  for (let i = after.recent.length - 1; i >= 0; i--) {
    const at = ties.findIndex((w) => w.interaction === after.recent[i])
    if (at >= 0) return at + 1
  }
  // all of them left: those listed before them are taken as still there (one left too is a tie not listed)
  return Math.min(ties.length, Math.max(0, after.listed - after.recent.length))
}

/**
 * Whether an agent id holds `q` anywhere, case ignored: both lowered by Unicode's default mapping (toLowerCase, the
 * same on every server whatever its locale), so `ann` finds `Ann.Lee` and `JOANNA`; no other folding (accents count).
 * `q` is cut to MAX_SEARCH_CHARS (a forwarded query, another process's, is bounded here too) and lowered once.
 */
export function agentIdMatcher(q: string): (id: string) => boolean {
  const lowered = q.slice(0, MAX_SEARCH_CHARS).toLowerCase()
  return (id) => id.toLowerCase().includes(lowered)
}

/**
 * A page a routing process answered for `q`, filtered here by the same rule (one older than `agents-search` did not
 * read it); `partial` (when `searched` is false: it did not search) while pages follow, as matches may be on them.
 */
export function searchedPage<T extends AgentLine>(page: Page<T>, q: string, searched = false): Page<T> {
  const matches = agentIdMatcher(q)
  const entries = page.entries.filter((a) => matches(a.id))
  if (page.next === undefined) return { entries }
  return searched ? { entries, next: page.next } : { entries, next: page.next, partial: true }
}

/** The page of `all` (any order) the query asks for, by id: one scan, the page's entries picked (no sort of all). */
export function agentsPage<T extends AgentLine>(all: readonly T[], query: AgentQuery): Page<T> {
  const { after, media, state } = query
  const only = query.id === undefined ? undefined : new Set(query.id)
  const matches = query.q === undefined ? undefined : agentIdMatcher(query.q)
  const size = pageSize(query.limit)
  let left = 0
  const picked = firstInOrder(all, size, byId, (a) => {
    const taken =
      (after === undefined || a.id > after) &&
      (only === undefined || only.has(a.id)) &&
      (matches === undefined || matches(a.id)) &&
      (state === undefined || (media === undefined ? a.state : (a.media?.[media] ?? a.state)) === state)
    if (taken) left++
    return taken
  })
  const entries = picked.map((i) => all[i]!)
  return left <= size ? { entries } : { entries, next: agentCursorText(entries[size - 1]!.id) }
}

// a forwarded query (another process's) is bounded here too
const pageSize = (limit: number) => Math.min(MAX_PAGE, Math.max(1, Math.floor(limit) || DEFAULT_PAGE))

// cursors are opaque to callers: base64url JSON tagged by list, so one list's cursor is refused by the other
const encode = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url')

export function waitingCursorText(c: WaitingCursor): string {
  return encode(['w', c.priority, c.since, c.listed, ...c.recent])
}

export function agentCursorText(id: string): string {
  return encode(['a', id])
}

function decode(text: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    // the decoder skips characters outside base64url: only a text it would write itself is one
    return Array.isArray(value) && encode(value) === text ? value : undefined
  } catch {
    return undefined
  }
}

/** The cursor a waiting page gave, or undefined for any other text. */
export function readWaitingCursor(text: string): WaitingCursor | undefined {
  const value = decode(text) as unknown[] | undefined
  if (value === undefined || value.length < 5 || value.length > 4 + RECENT_TIES || value[0] !== 'w')
    return undefined
  const [, priority, since, listed, ...recent] = value
  return Number.isFinite(priority) &&
    Number.isFinite(since) &&
    Number.isSafeInteger(listed) &&
    (listed as number) >= recent.length &&
    recent.every((id) => typeof id === 'string')
    ? {
        priority: priority as number,
        since: since as number,
        listed: listed as number,
        recent: recent as string[],
      }
    : undefined
}

/** The last agent id an agents page gave, or undefined for any other text. */
export function readAgentCursor(text: string): string | undefined {
  const value = decode(text) as unknown[] | undefined
  return value?.length === 2 && value[0] === 'a' && typeof value[1] === 'string' ? value[1] : undefined
}
