// serve's GET /v1/agents a page at a time (at most 1,000 agents an answer): every agent, following each page's
// `next` from the first page on; the first page that is no list ends it, returned as it came.
import type { RouterAnswer, RouterClient } from './router-client.ts'

/** serve's largest page, and the most agents one `?id=` names. */
export const MAX_PAGE = 1000

/** Pages read at most (1,000 x 1,000 agents): a serve whose `next` never ends stops here. */
export const MAX_AGENT_PAGES = 1000

/** One page as its caller read it: the agents and the cursor after them, or what came instead. */
export type AgentPage<R> = { agents: unknown[]; next?: string } | { refused: R }

/** Every agent over serve's pages, read by `read` (the first page's path is `/v1/agents`, as before pages). */
export async function everyAgent<R>(
  read: (path: string) => Promise<AgentPage<R>>,
): Promise<{ agents: unknown[] } | { refused: R }> {
  const agents: unknown[] = []
  let path = '/v1/agents'
  for (let pages = 0; pages < MAX_AGENT_PAGES; pages++) {
    const page = await read(path)
    if ('refused' in page) return page
    agents.push(...page.agents)
    if (page.next === undefined) break
    // the pages after the first are serve's largest: half the requests of its default 500
    path = `/v1/agents?limit=${MAX_PAGE}&after=${encodeURIComponent(page.next)}`
  }
  return { agents }
}

/**
 * serve's agents as one answer of the bridge's client: `{ agents }` over every page, or the first refusal. With
 * `ids` (at most MAX_PAGE), those agents alone in one request (an older serve, reading no query, lists them all).
 */
export async function routerAgents(router: RouterClient, ids?: readonly string[]): Promise<RouterAnswer> {
  if (ids !== undefined)
    return router.call('GET', `/v1/agents?limit=${MAX_PAGE}&id=${ids.map(encodeURIComponent).join(',')}`)
  let first: RouterAnswer | undefined
  const got = await everyAgent<RouterAnswer>(async (path) => {
    const answer = await router.call('GET', path)
    first ??= answer
    const { agents, next } = answer.body
    return answer.status === 200 && Array.isArray(agents)
      ? { agents, ...(typeof next === 'string' ? { next } : {}) }
      : { refused: answer }
  })
  if ('refused' in got) return got.refused
  const { next: _first, ...body } = first!.body
  return { ...first!, body: { ...body, agents: got.agents } }
}
