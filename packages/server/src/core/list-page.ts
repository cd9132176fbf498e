// pure: one page of GET /v1/waiting or /v1/agents. A page ends at a key (the last entry's place in the order); the
// next starts strictly after it, so entries coming and going between pages skip or repeat none that stayed.
import { codeUnitOrder } from '@routewright/strategy-dsl'
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

export interface Page<T> {
  entries: T[]
  /** The cursor of the page after this one; absent on the last. */
  next?: string
}

/** Line order: higher priority first, then the longest waiting (ties keep the router's arrival order: sort is stable). */
export function waitingOrder(a: WaitingView, b: WaitingView): number {
  return b.priority - a.priority || a.since - b.since
}

const byId = (a: AgentView, b: AgentView) => codeUnitOrder(a.id, b.id)

/** The page of `all` (each version's in its line order) the query asks for, cut in line order. */
export function waitingPage(all: readonly WaitingView[], query: WaitingQuery): Page<WaitingView> {
  const { after, queue } = query
  const line = (queue === undefined ? [...all] : all.filter((w) => w.targets.includes(queue))).sort(
    waitingOrder,
  )
  const from = after === undefined ? 0 : startAfter(line, after)
  const size = pageSize(query.limit)
  const entries = line.slice(from, from + size)
  if (from + size >= line.length) return { entries }
  const last = from + size - 1
  let first = last
  while (first > 0 && waitingOrder(line[first - 1]!, line[last]!) === 0) first--
  // `first` reaches back over ties listed on earlier pages that still wait
  const recent = line.slice(Math.max(first, last - RECENT_TIES + 1), last + 1).map((w) => w.interaction)
  const { priority, since } = line[last]!
  return { entries, next: fittedCursor({ priority, since, listed: last - first + 1, recent }) }
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

/** The index of the first entry after the cursor's place in `line`. */
function startAfter(line: readonly WaitingView[], after: WaitingCursor): number {
  const key = { priority: after.priority, since: after.since } as WaitingView
  let first = 0
  while (first < line.length && waitingOrder(line[first]!, key) < 0) first++
  let end = first
  while (end < line.length && waitingOrder(line[end]!, key) === 0) end++
  // the newest of the ties listed that is still waiting: the next page starts after it
  for (let i = after.recent.length - 1; i >= 0; i--) {
    const at = line.findIndex((w, j) => j >= first && j < end && w.interaction === after.recent[i])
    if (at >= 0) return at + 1
  }
  // all of them left: those listed before them are taken as still there (one left too is a tie not listed)
  return Math.min(end, first + Math.max(0, after.listed - after.recent.length))
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

/** The page of `all` (any order) the query asks for, by id. */
export function agentsPage(all: readonly AgentView[], query: AgentQuery): Page<AgentView> {
  const { after, media, state } = query
  const only = query.id === undefined ? undefined : new Set(query.id)
  const matches = query.q === undefined ? undefined : agentIdMatcher(query.q)
  const left = all.filter(
    (a) =>
      (after === undefined || a.id > after) &&
      (only === undefined || only.has(a.id)) &&
      (matches === undefined || matches(a.id)) &&
      (state === undefined || (media === undefined ? a.state : (a.media?.[media] ?? a.state)) === state),
  )
  return cut(left.sort(byId), query.limit, (a) => agentCursorText(a.id))
}

// a forwarded query (another process's) is bounded here too
const pageSize = (limit: number) => Math.min(MAX_PAGE, Math.max(1, Math.floor(limit) || DEFAULT_PAGE))

function cut<T>(sorted: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const size = pageSize(limit)
  if (sorted.length <= size) return { entries: sorted }
  const entries = sorted.slice(0, size)
  return { entries, next: cursorOf(entries[size - 1]!) }
}

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
