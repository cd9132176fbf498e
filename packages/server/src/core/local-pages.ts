// The pages of GET /v1/waiting and /v1/agents where the routers are: a page is picked from the routers' own lists
// (list-page.ts) and only its entries are made views (a view of each of 20,000 entries cost more than the page).
import type { Router, RouterSnapshot } from '@routewright/strategy-runtime'
import { type AgentQuery, agentsPage, type Page, type WaitingQuery, waitingPage } from './list-page.ts'
import type { AgentView, WaitingView } from './types.ts'

type RouterWaiting = RouterSnapshot['waiting'][number]

/** A router's waiting entry as the API shows it, with the version whose router holds it. */
export function waitingViewOf(w: RouterWaiting, version: string): WaitingView {
  const { interaction, node, priority, since, targets } = w
  return { interaction, node, priority, since, targets, version }
}

/** One page of every version's waiting interactions (`routers`: each version's id and router). */
export function waitingPageOf(
  routers: Iterable<readonly [string, Router]>,
  query: WaitingQuery,
): Page<WaitingView> {
  const lists: Array<[string, RouterWaiting[]]> = []
  for (const [version, router] of routers) {
    const list = router.waiting()
    if (list.length > 0) lists.push([version, list])
  }
  // one version with interactions waiting (the common case) needs no lookup of each entry's
  const versionOf = new Map<RouterWaiting, string>()
  if (lists.length > 1) for (const [version, list] of lists) for (const w of list) versionOf.set(w, version)
  const all = lists.length === 1 ? lists[0]![1] : lists.flatMap(([, list]) => list)
  const only = lists[0]?.[0] ?? ''
  const page = waitingPage(all, query)
  return { ...page, entries: page.entries.map((w) => waitingViewOf(w, versionOf.get(w) ?? only)) }
}

/** A router's agent as the API shows it. */
export function agentViewOf(agent: RouterSnapshot['agents'][number]): AgentView {
  const { id, state, load, reserved, reason, media } = agent
  const view: AgentView = { id, state, load, reserved }
  if (reason !== undefined) view.reason = reason
  // a state set for one media only: without it an agent made ready for voice showed logged-out
  if (media !== undefined) {
    view.media = {}
    for (const name in media) {
      view.media[name] = media[name]!.state
      const why = media[name]!.reason
      if (why === undefined) continue
      view.mediaReasons ??= {}
      view.mediaReasons[name] = why
    }
  }
  return view
}

/** One page of the agents of `router` (the current version's; none without one). */
export function agentsPageOf(router: Router | undefined, query: AgentQuery): Page<AgentView> {
  if (router === undefined) return { entries: [] }
  // a host following a few agents by id: read those, not every agent
  if (query.id !== undefined) return agentsPage(namedAgents(router, query.id), query)
  const page = agentsPage(router.agentStates(), query)
  const entries: AgentView[] = []
  for (const { id } of page.entries) {
    const agent = router.agent(id)
    if (agent !== undefined) entries.push(agentViewOf(agent))
  }
  return { ...page, entries }
}

/** The views of the agents `ids` names that the router knows, each once. */
function namedAgents(router: Router, ids: readonly string[]): AgentView[] {
  const out: AgentView[] = []
  for (const id of new Set(ids)) {
    const agent = router.agent(id)
    if (agent !== undefined) out.push(agentViewOf(agent))
  }
  return out
}
