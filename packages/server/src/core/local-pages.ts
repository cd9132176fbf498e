// The pages of GET /v1/waiting and /v1/agents where the routers are: a page is picked from the routers' own lists
// (list-page.ts) and only its entries are made views (a view of each of 20,000 entries cost more than the page).
import type { Router, RouterSnapshot, WaitingRead } from '@routewright/strategy-runtime'
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
  // each router's line in no order (its waiting() sorts the whole line on every call): the page picks its own
  const lists: Array<[string, WaitingRead[]]> = []
  for (const [version, router] of routers) {
    const list = router.waitingInAnyOrder()
    if (list.length > 0) lists.push([version, list])
  }
  if (lists.length <= 1) {
    const [only, list] = lists[0] ?? ['', []]
    const page = waitingPage(list, query, byArrival)
    return { ...page, entries: page.entries.map((w) => waitingViewOf(w, only)) }
  }
  // several versions: ties of one place go by version (in `routers`' order), then by each router's arrival
  const versionOf = new Map<WaitingRead, number>()
  lists.forEach(([, list], at) => {
    for (const w of list) versionOf.set(w, at)
  })
  const tieOrder = (a: WaitingRead, b: WaitingRead) =>
    versionOf.get(a)! - versionOf.get(b)! || byArrival(a, b)
  const page = waitingPage(
    lists.flatMap(([, list]) => list),
    query,
    tieOrder,
  )
  return { ...page, entries: page.entries.map((w) => waitingViewOf(w, lists[versionOf.get(w)!]![0])) }
}

const byArrival = (a: WaitingRead, b: WaitingRead) => a.arrival - b.arrival

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
