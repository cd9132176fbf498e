// The agent desktop's client of routewright serve: the directory's agents and their state, and state changes.
// Every failure comes back as a status and a message for the desktop to pass on, never as a throw.
import { readBoundedText } from '@routewright/node-support/bounded-answer'
import { SERVE_ANSWER_MAX_BYTES } from './router-client.ts'

export interface ServeAgent {
  id: string
  state: string
  load: Record<string, number>
  reserved: number
  /** Why the agent is in `state`: the reason a desktop sent, or the router's `no-answer` / `declined` after a RONA. */
  reason?: string
  /** States set for one media only, by media (the agent-wide `state` holds for the rest). */
  media?: Record<string, string>
  /** The reasons of those per-media states, by media. */
  mediaReasons?: Record<string, string>
}

export type ServeResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string }

export interface ServeClient {
  agents(): Promise<ServeResult<ServeAgent[]>>
  setState(agent: string, state: string, media?: string, reason?: string): Promise<ServeResult<void>>
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
    // serve's 5xx are the desktop's upstream failure; its 4xx say what was wrong with the request
    return { ok: false, status: response.status >= 500 ? 502 : response.status, error: message }
  }

  return {
    async agents() {
      const result = await call('GET', '/v1/agents')
      if (!result.ok) return result
      const agents = (result.value as { agents?: unknown } | undefined)?.agents
      return Array.isArray(agents)
        ? { ok: true, value: agents as ServeAgent[] }
        : { ok: false, status: 502, error: 'routewright serve sent an agent list without "agents"' }
    },
    async setState(agent, state, media, reason) {
      const result = await call('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, {
        state,
        ...(media === undefined ? {} : { media }),
        ...(reason === undefined ? {} : { reason }),
      })
      return result.ok ? { ok: true, value: undefined } : result
    },
  }
}
