// serve's GET /v1/agents a page at a time (at most 1,000 agents an answer): every agent, following each page's
// `next` from the first page on, or the agents named, in as many `?id=` requests as fit; the first page that is no
// list ends it, returned as it came.
import { MAX_PAGE } from '@routewright/server'
import type { RouterAnswer, RouterClient } from './router-client.ts'

/** Encoded ids one `?id=` request carries at most: half of serve's 16 KiB of request head, the rest for headers. */
export const NAMED_URL_CHARS = 8192

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
 * The requests that name `ids`: each at most MAX_PAGE ids (serve's page) and NAMED_URL_CHARS of them encoded (an id
 * longer than that goes alone); none for no ids.
 */
export function namedAgentPaths(ids: readonly string[]): string[] {
  const paths: string[] = []
  let named: string[] = []
  let chars = 0
  const flush = () => {
    if (named.length > 0) paths.push(`/v1/agents?limit=${MAX_PAGE}&id=${named.join(',')}`)
    named = []
    chars = 0
  }
  for (const id of ids) {
    const encoded = encodeURIComponent(id)
    if (named.length === MAX_PAGE || (named.length > 0 && chars + 1 + encoded.length > NAMED_URL_CHARS))
      flush()
    named.push(encoded)
    chars += (named.length > 1 ? 1 : 0) + encoded.length
  }
  flush()
  return paths
}

/** The agents named, over the requests namedAgentPaths makes, read by `read`; the first refusal ends it. */
export async function namedAgents<R>(
  ids: readonly string[],
  read: (path: string) => Promise<AgentPage<R>>,
): Promise<{ agents: unknown[] } | { refused: R }> {
  const agents: unknown[] = []
  for (const path of namedAgentPaths(ids)) {
    const page = await read(path)
    if ('refused' in page) return page
    agents.push(...page.agents)
  }
  return { agents }
}

/**
 * serve's agents as one answer of the bridge's client: `{ agents }` over every page, or the first refusal. With
 * `ids`, those agents alone (namedAgents; an older serve, reading no query, lists them all).
 */
export async function routerAgents(router: RouterClient, ids?: readonly string[]): Promise<RouterAnswer> {
  let first: RouterAnswer | undefined
  const read = async (path: string): Promise<AgentPage<RouterAnswer>> => {
    const answer = await router.call('GET', path)
    first ??= answer
    const { agents, next } = answer.body
    return answer.status === 200 && Array.isArray(agents)
      ? { agents, ...(typeof next === 'string' ? { next } : {}) }
      : { refused: answer }
  }
  const got = ids === undefined ? await everyAgent(read) : await namedAgents(ids, read)
  if ('refused' in got) return got.refused
  // no ids named: no request, none of them listed
  if (first === undefined) return { status: 200, body: { agents: [] } }
  const { next: _first, ...body } = first.body
  return { ...first, body: { ...body, agents: got.agents } }
}
