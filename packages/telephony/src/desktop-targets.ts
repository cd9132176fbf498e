// The agent desktop's transfer search (issue #8): up to MAX_TARGETS agents whose id holds the typed text, ready ones
// first, each with its state, from one page of serve's GET /v1/agents per question, never every page of the directory.
import { type AgentView, agentIdMatcher, MAX_PAGE } from '@routewright/server'
import { isAgentId } from './desktop-input.ts'
import type { ServeClient, ServeResult } from './desktop-serve.ts'
import type { ServeCapabilities } from './serve-capabilities.ts'

/** The suggestions one search answers at most: a list to pick from, not a directory to scroll. */
export const MAX_TARGETS = 20

export interface TransferTarget {
  id: string
  /** The agent's state at serve (`ready`, `not-ready`, `busy`, ...), shown beside it. */
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
}

/** Ready first, then by id as serve lists them (code units); the searching agent and ids a transfer refuses left out. */
function ranked(agents: readonly AgentView[], self: string): TransferTarget[] {
  const offered = agents.filter((a) => a.id !== self && isAgentId(a.id))
  const ready = offered.filter((a) => a.state === 'ready')
  const others = offered.filter((a) => a.state !== 'ready')
  return [...ready, ...others].map((a) => ({ id: a.id, state: a.state }))
}

/**
 * The targets for `q` (empty: the first ones, ready first). A serve listing `agents-search` is asked for one page of
 * ready matches and one of all matches (MAX_TARGETS + 1 each: the searching agent may be among them); an older one
 * for one page of MAX_PAGE agents, filtered here by serve's own rule (a serve older than pages answers its whole
 * list, bounded by the client's answer bytes).
 */
export async function searchTargets(
  serve: ServeClient,
  capabilities: ServeCapabilities,
  self: string,
  q: string,
): Promise<ServeResult<TargetSearch>> {
  const search = q === '' ? {} : { q }
  if (await capabilities.has('agents-search')) {
    const limit = MAX_TARGETS + 1
    const [ready, all] = await Promise.all([
      serve.agentsPage({ limit, state: 'ready', ...search }),
      serve.agentsPage({ limit, ...search }),
    ])
    if (!ready.ok) return ready
    if (!all.ok) return all
    const seen = new Set<string>()
    const merged = ranked([...ready.value.agents, ...all.value.agents], self).filter(
      (t) => !seen.has(t.id) && seen.add(t.id),
    )
    return {
      ok: true,
      value: {
        targets: merged.slice(0, MAX_TARGETS),
        more: merged.length > MAX_TARGETS || ready.value.more || all.value.more,
        complete: true,
      },
    }
  }
  const page = await serve.agentsPage({ limit: MAX_PAGE })
  if (!page.ok) return page
  const matches = agentIdMatcher(q)
  const found = ranked(
    page.value.agents.filter((a) => matches(a.id)),
    self,
  )
  return {
    ok: true,
    value: {
      targets: found.slice(0, MAX_TARGETS),
      more: found.length > MAX_TARGETS,
      // a serve older than pages lists everyone in one answer (no `next`): searched whole
      complete: !page.value.more,
    },
  }
}
