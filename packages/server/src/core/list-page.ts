// pure: one page of GET /v1/waiting or /v1/agents. A page ends at a key (the last entry's place in the order); the
// next starts strictly after it, so entries coming and going between pages skip or repeat none that stayed.
import type { AgentView, WaitingView } from './types.ts'

/** The most entries one page holds, and a page's size when the caller names none. */
export const MAX_PAGE = 1000
export const DEFAULT_PAGE = 500

/** Where the last page of waiting interactions ended: its last entry's place in line. */
export interface WaitingCursor {
  priority: number
  since: number
  interaction: string
}

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
  /** Only agents in this state (for `media`, when given: a state set for that media alone, else the agent's). */
  state?: string
  media?: string
}

export interface Page<T> {
  entries: T[]
  /** The cursor of the page after this one; absent on the last. */
  next?: string
}

/** Line order: higher priority first, then the longest waiting, then by id (stable across pages). */
export function waitingOrder(a: WaitingCursor, b: WaitingCursor): number {
  return (
    b.priority - a.priority ||
    a.since - b.since ||
    (a.interaction < b.interaction ? -1 : a.interaction > b.interaction ? 1 : 0)
  )
}

const byId = (a: AgentView, b: AgentView) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The page of `all` (any order) the query asks for, cut in line order. */
export function waitingPage(all: readonly WaitingView[], query: WaitingQuery): Page<WaitingView> {
  const { after, queue } = query
  const left = all.filter(
    (w) =>
      (after === undefined || waitingOrder(w, after) > 0) &&
      (queue === undefined || w.targets.includes(queue)),
  )
  return cut(left.sort(waitingOrder), query.limit, (w) => waitingCursorText(w))
}

/** The page of `all` (any order) the query asks for, by id. */
export function agentsPage(all: readonly AgentView[], query: AgentQuery): Page<AgentView> {
  const { after, media, state } = query
  const only = query.id === undefined ? undefined : new Set(query.id)
  const left = all.filter(
    (a) =>
      (after === undefined || a.id > after) &&
      (only === undefined || only.has(a.id)) &&
      (state === undefined || (media === undefined ? a.state : (a.media?.[media] ?? a.state)) === state),
  )
  return cut(left.sort(byId), query.limit, (a) => agentCursorText(a.id))
}

function cut<T>(sorted: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  // a forwarded query (another process's) is bounded here too
  const size = Math.min(MAX_PAGE, Math.max(1, Math.floor(limit) || DEFAULT_PAGE))
  if (sorted.length <= size) return { entries: sorted }
  const entries = sorted.slice(0, size)
  return { entries, next: cursorOf(entries[size - 1]!) }
}

// cursors are opaque to callers: base64url JSON tagged by list, so one list's cursor is refused by the other
const encode = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url')

export function waitingCursorText(w: WaitingCursor): string {
  return encode(['w', w.priority, w.since, w.interaction])
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
  if (value?.length !== 4 || value[0] !== 'w') return undefined
  const [, priority, since, interaction] = value
  return Number.isFinite(priority) && Number.isFinite(since) && typeof interaction === 'string'
    ? { priority: priority as number, since: since as number, interaction }
    : undefined
}

/** The last agent id an agents page gave, or undefined for any other text. */
export function readAgentCursor(text: string): string | undefined {
  const value = decode(text) as unknown[] | undefined
  return value?.length === 2 && value[0] === 'a' && typeof value[1] === 'string' ? value[1] : undefined
}
