// The agent desktop's client of routewright serve: the directory's agents and their state, and state changes.
// Every failure comes back as a status and a message for the desktop to pass on, never as a throw.
import { readBoundedText } from '@routewright/node-support/bounded-answer'
import type { AgentView } from '@routewright/server'
import { type AgentPage, everyAgent, namedAgents } from './agent-pages.ts'
import { serveRetryAfter } from './retry-after.ts'
import { SERVE_ANSWER_MAX_BYTES } from './router-client.ts'
import { capabilityNames } from './serve-capabilities.ts'

export type ServeResult<T> = { ok: true; value: T } | ServeRefusal

/** Serve's refusal, or its absence; `code` and the rest as serve's error body gives them (a conditional change's). */
export interface ServeRefusal {
  ok: false
  status: number
  error: string
  /** `state-changed`: a conditional change found the agent in another state or with another reason. */
  code?: string
  /** With `state-changed`: the agent's state now, and its reason now (`null`: none) when the change had `ifReason`. */
  current?: string | null
  currentReason?: string | null
  /** Serve's `retry-after` seconds (Redis away, routing changing hands): the desktop is told when to try again. */
  retryAfter?: number
}

/** What a conditional change expects of the agent at serve now (serve's `ifState`, `ifReason`). */
export interface ServeCondition {
  ifState?: string
  ifReason?: string
}

export interface ServeClient {
  /** Every agent over serve's pages; with `ids`, only those (`?id=`, as many a request as fit; an older serve lists all). */
  agents(ids?: readonly string[]): Promise<ServeResult<AgentView[]>>
  /**
   * One page of serve's agents (`limit` of them at most): with `q`, those whose id holds it (a serve listing
   * `agents-search`), with `state`, those in it (with `media`, in it for that media); `more` when serve has a page
   * after it, which `next` (given back as `after`) reads.
   */
  agentsPage(
    query: AgentsPageQuery,
  ): Promise<ServeResult<{ agents: AgentView[]; more: boolean; next?: string }>>
  setState(agent: string, state: string, media?: string, reason?: string): Promise<ServeResult<void>>
  /**
   * `state` for every media, made by serve only while the agent holds what `condition` says (checked and applied in
   * one request); else 409 with `code: 'state-changed'` and the agent's state and reason now. With `media`, that
   * media's state only, and the condition is checked on it.
   */
  setStateIf(
    agent: string,
    state: string,
    condition: ServeCondition,
    media?: string,
  ): Promise<ServeResult<void>>
  /** The optional request features serve takes (GET /v1/capabilities); an older serve answers 404. */
  capabilities(): Promise<ServeResult<string[]>>
}

export interface AgentsPageQuery {
  limit: number
  q?: string
  state?: string
  media?: string
  /** serve's `next` of the page before. */
  after?: string
}

export interface ServeClientOptions {
  /** `http://127.0.0.1:8080`: where routewright serve listens. */
  serveUrl: string
  /** serve's API token, sent as `Authorization: Bearer`, when serve has one. */
  token?: string
  fetch?: typeof fetch
  /** Bytes of an answer read at most (SERVE_ANSWER_MAX_BYTES, as the bridge's client reads serve). */
  maxAnswerBytes?: number
}

export function createServeClient(options: ServeClientOptions): ServeClient {
  const base = options.serveUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const maxAnswerBytes = options.maxAnswerBytes ?? SERVE_ANSWER_MAX_BYTES
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.token) headers.authorization = `Bearer ${options.token}`

  async function call(method: string, path: string, body?: unknown): Promise<ServeResult<unknown>> {
    let response: Response
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // real time, not the injected timers: it bounds a real socket, which a simulated clock nobody moves would hang
        signal: AbortSignal.timeout(5000),
      })
    } catch (error) {
      return {
        ok: false,
        status: 502,
        error: `routewright serve at ${base} did not answer (${(error as Error).message})`,
      }
    }
    const text = await readBoundedText(response, maxAnswerBytes).catch(() => '')
    // a failure as when serve does not answer: the desktop's upstream, 502
    if (text === undefined)
      return {
        ok: false,
        status: 502,
        error: `routewright serve at ${base} answered ${method} ${path} (HTTP ${response.status}) with more than ${maxAnswerBytes} bytes; not read further: check that ${base} is routewright serve`,
      }
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    if (response.ok) return { ok: true, value: parsed }
    const message =
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { error?: unknown }).error === 'string'
        ? (parsed as { error: string }).error
        : `routewright serve answered ${response.status} to ${method} ${path}`
    const refusal: ServeRefusal = {
      ok: false,
      // serve's 5xx are the desktop's upstream failure; its 4xx say what was wrong with the request
      status: response.status >= 500 ? 502 : response.status,
      error: message,
    }
    // what a refusal says as data (a conditional change's state now)
    const data = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
    if (typeof data.code === 'string') refusal.code = data.code
    if (typeof data.current === 'string' || data.current === null) refusal.current = data.current
    if (typeof data.currentReason === 'string' || data.currentReason === null)
      refusal.currentReason = data.currentReason
    const retryAfter = serveRetryAfter(response.headers.get('retry-after') ?? undefined)
    if (retryAfter !== undefined) refusal.retryAfter = retryAfter
    return refusal
  }

  /** One page of agents, or serve's refusal (an answer without `agents` is one). */
  async function agentPage(path: string): Promise<AgentPage<ServeRefusal>> {
    const result = await call('GET', path)
    if (!result.ok) return { refused: result }
    const { agents, next } = (result.value ?? {}) as { agents?: unknown; next?: unknown }
    return Array.isArray(agents)
      ? { agents, ...(typeof next === 'string' ? { next } : {}) }
      : {
          refused: { ok: false, status: 502, error: 'routewright serve sent an agent list without "agents"' },
        }
  }

  return {
    async agents(ids) {
      // named: in as many requests as fit serve's URL and page; else every page
      const got = ids === undefined ? await everyAgent(agentPage) : await namedAgents(ids, agentPage)
      return 'refused' in got ? got.refused : { ok: true, value: got.agents as AgentView[] }
    },
    async agentsPage({ limit, q, state, media, after }) {
      const query = new URLSearchParams({ limit: String(limit) })
      if (q !== undefined) query.set('q', q)
      if (state !== undefined) query.set('state', state)
      if (media !== undefined) query.set('media', media)
      if (after !== undefined) query.set('after', after)
      const page = await agentPage(`/v1/agents?${query}`)
      if ('refused' in page) return page.refused
      const agents = page.agents as AgentView[]
      return {
        ok: true,
        value: page.next === undefined ? { agents, more: false } : { agents, more: true, next: page.next },
      }
    },
    async setState(agent, state, media, reason) {
      const result = await call('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, {
        state,
        ...(media === undefined ? {} : { media }),
        ...(reason === undefined ? {} : { reason }),
      })
      return result.ok ? { ok: true, value: undefined } : result
    },
    async setStateIf(agent, state, condition, media) {
      const result = await call('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, {
        state,
        ...(media === undefined ? {} : { media }),
        ...condition,
      })
      return result.ok ? { ok: true, value: undefined } : result
    },
    async capabilities() {
      const result = await call('GET', '/v1/capabilities')
      return result.ok ? capabilityNames(result.value) : result
    },
  }
}
