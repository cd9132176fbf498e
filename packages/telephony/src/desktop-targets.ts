// The agent desktop's transfer search (issue #8): up to MAX_TARGETS agents whose id holds the typed text, ready ones
// first, each with its state, from a page or a few of serve's GET /v1/agents per question, never every page of the
// directory; one answer per text is shared for SEARCH_CACHE_MS, whoever asks.
import { type AgentView, agentIdMatcher, MAX_PAGE } from '@routewright/server'
import { isAgentId } from './desktop-input.ts'
import type { ServeClient, ServeRefusal, ServeResult } from './desktop-serve.ts'
import { RETRY_AFTER_SECONDS } from './retry-after.ts'
import type { ServeCapabilities } from './serve-capabilities.ts'

/** The suggestions one search answers at most: a list to pick from, not a directory to scroll. */
export const MAX_TARGETS = 20

/** Pages of one list read at most while fewer than MAX_TARGETS + 1 of its ids can be transferred to. */
export const MAX_SEARCH_PAGES = 3

/** The size of a list's pages after its first: ids a transfer refuses filled the first one. */
const FURTHER_PAGE = 100

/** How long one text's answer is reused: typing and a script's repeats cost serve no more scans. */
export const SEARCH_CACHE_MS = 1000

/**
 * Searches reading serve at once for the whole bridge by default: each login runs one at a time, but a script logging
 * in as many agents would otherwise put as many scans on serve as it has logins.
 */
export const MAX_SEARCHES_READING = 4

/** Texts whose answer is kept at most (the oldest dropped first). */
const MAX_CACHED = 256

/** A transfer rings the voice media: an agent's state for it is what the search reads and shows. */
const MEDIA = 'voice'

export interface TransferTarget {
  id: string
  /** The agent's state for voice at serve (`ready`, `not-ready`, `busy`, ...), shown beside it. */
  state: string
}

export interface TargetSearch {
  /** Ready agents first, then the others, each by id; never the agent searching. */
  targets: TransferTarget[]
  /** More agents match than are listed: type more of the id. */
  more: boolean
  /**
   * false when serve could not search (older than `agents-search`): only its first MAX_PAGE agents were searched
   * here, and one further on is reached by typing its whole id.
   */
  complete: boolean
  /**
   * Matching ids left out as a transfer cannot reach them (serve takes ids the directory's rule refuses, such as
   * `ann.lee`); absent when none.
   */
  skipped?: number
}

/** A text's matches before the searching agent is left out (one answer for every agent asking). */
interface Found {
  ready: TransferTarget[]
  all: TransferTarget[]
  more: boolean
  complete: boolean
  skipped: number
}

const voiceState = (a: Pick<AgentView, 'state' | 'media'>) => a.media?.[MEDIA] ?? a.state

/** Ready first, then by id as serve lists them (code units); the searching agent left out, each id once. */
function ranked(found: Found, self: string): TransferTarget[] {
  const seen = new Set<string>([self])
  const ready = found.ready.filter((t) => !seen.has(t.id) && seen.add(t.id))
  const others = found.all.filter((t) => !seen.has(t.id) && seen.add(t.id))
  return [
    ...ready,
    ...others.filter((t) => t.state === 'ready'),
    ...others.filter((t) => t.state !== 'ready'),
  ]
}

/**
 * One list's matches a transfer can reach: pages read until MAX_TARGETS + 1 of them (the searching agent may be
 * among them), its last page or MAX_SEARCH_PAGES. Each entry is checked by serve's own rule again (a routing process
 * older than `agents-search` may have answered all agents), and for `ready`, its voice state.
 */
async function reachable(
  serve: ServeClient,
  q: string,
  ready: boolean,
): Promise<ServeResult<{ targets: TransferTarget[]; more: boolean; skipped: number }>> {
  const matches = agentIdMatcher(q)
  const targets: TransferTarget[] = []
  let skipped = 0
  let after: string | undefined
  for (let read = 0; read < MAX_SEARCH_PAGES; read++) {
    const page = await serve.agentsPage({
      limit: read === 0 ? MAX_TARGETS + 1 : FURTHER_PAGE,
      ...(q === '' ? {} : { q }),
      ...(ready ? { state: 'ready', media: MEDIA } : {}),
      ...(after === undefined ? {} : { after }),
    })
    if (!page.ok) return page
    for (const a of page.value.agents) {
      if (!matches(a.id) || (ready && voiceState(a) !== 'ready')) continue
      if (isAgentId(a.id)) targets.push({ id: a.id, state: voiceState(a) })
      else skipped++
    }
    after = page.value.next
    if (after === undefined || targets.length > MAX_TARGETS) break
  }
  return { ok: true, value: { targets, more: after !== undefined, skipped } }
}

/**
 * The matches for `q` (empty: the first ones). A serve listing `agents-search` is asked for ready matches and all
 * matches (reachable); an older one for one page of MAX_PAGE agents, filtered here by serve's own rule (a serve older
 * than pages answers its whole list, bounded by the client's answer bytes).
 */
async function find(
  serve: ServeClient,
  capabilities: ServeCapabilities,
  q: string,
): Promise<ServeResult<Found>> {
  if (await capabilities.has('agents-search')) {
    const [ready, all] = await Promise.all([reachable(serve, q, true), reachable(serve, q, false)])
    if (!ready.ok) return ready
    if (!all.ok) return all
    return {
      ok: true,
      value: {
        ready: ready.value.targets,
        all: all.value.targets,
        more: ready.value.more || all.value.more,
        complete: true,
        skipped: all.value.skipped,
      },
    }
  }
  const page = await serve.agentsPage({ limit: MAX_PAGE })
  if (!page.ok) return page
  const matches = agentIdMatcher(q)
  const found = page.value.agents.filter((a) => matches(a.id))
  const all = found.filter((a) => isAgentId(a.id)).map((a) => ({ id: a.id, state: voiceState(a) }))
  return {
    ok: true,
    value: {
      ready: [],
      all,
      more: false,
      // a serve older than pages lists everyone in one answer (no `next`): searched whole
      complete: !page.value.more,
      skipped: found.length - all.length,
    },
  }
}

export type TargetSearcher = (self: string, q: string) => Promise<ServeResult<TargetSearch>>

/**
 * The transfer search of one desktop API: a text's matches read from serve once per SEARCH_CACHE_MS (a search
 * already under way is shared, a refusal is not kept), then ranked for the agent asking. At most `maxReading` texts
 * are read from serve at once; a further text is refused (429, retry after a second) rather than queued.
 */
export function createTargetSearch(
  serve: ServeClient,
  capabilities: ServeCapabilities,
  now: () => number,
  maxReading = MAX_SEARCHES_READING,
): TargetSearcher {
  const cached = new Map<string, { at: number; found: Promise<ServeResult<Found>> }>()
  // a second on: the texts read now are answered by then, and the desktop's retry finds a free slot or their answer
  const busy: ServeRefusal = {
    ok: false,
    status: 429,
    error: `The bridge is running its ${maxReading} transfer searches at once: asked again in a second`,
    retryAfter: RETRY_AFTER_SECONDS.min,
  }
  let reading = 0
  function found(q: string): Promise<ServeResult<Found>> {
    const at = now()
    const kept = cached.get(q)
    if (kept !== undefined && at - kept.at < SEARCH_CACHE_MS) return kept.found
    if (reading >= maxReading) return Promise.resolve(busy)
    cached.delete(q)
    for (const [text, entry] of cached)
      if (at - entry.at >= SEARCH_CACHE_MS || cached.size >= MAX_CACHED) cached.delete(text)
      else break
    reading++
    const pending = find(serve, capabilities, q)
    cached.set(q, { at, found: pending })
    void pending.then(
      (result) => {
        reading--
        if (!result.ok && cached.get(q)?.found === pending) cached.delete(q)
      },
      () => {
        reading--
        cached.delete(q)
      },
    )
    return pending
  }
  return async (self, q) => {
    const result = await found(q)
    if (!result.ok) return result
    const targets = ranked(result.value, self)
    const { skipped } = result.value
    return {
      ok: true,
      value: {
        targets: targets.slice(0, MAX_TARGETS),
        more: targets.length > MAX_TARGETS || result.value.more,
        complete: result.value.complete,
        ...(skipped > 0 ? { skipped } : {}),
      },
    }
  }
}

/**
 * DesktopApiOptions.maxTargetSearches checked (a whole number from 1), or the default; here, not in desktop-api.ts, so
 * the stack checks it before it starts anything without loading the desktop.
 */
export function checkMaxTargetSearches(max: number | undefined): number {
  if (max === undefined) return MAX_SEARCHES_READING
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(
      `maxTargetSearches must be a whole number from 1 (got ${max}): how many transfer searches read serve at once; leave it unset for ${MAX_SEARCHES_READING}`,
    )
  return max
}
