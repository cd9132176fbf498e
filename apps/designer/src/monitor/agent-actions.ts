// A supervisor's state change for an agent, sent to serve as PUT /v1/agents/{id}/state with `by: "supervisor"` (and
// the supervisor's name, checked by serve's own rule first); the answer in words, and what logging out leaves running.
// The grid never applies it itself: serve's agent-state event makes the Monitor read the grid again.
import { retryAfterMsOf } from '@routewright/server/retry-after'
import { supervisorNameProblem } from '@routewright/server/supervisor-name'
import type { AgentRow } from './monitor-types.ts'
import { serveReach } from './serve-reach.ts'

/** What a supervisor can make an agent from the grid. */
export type AgentAction =
  | { state: 'ready' }
  | { state: 'not-ready'; reason?: string }
  | { state: 'logged-out' }

/** `unanswered`: serve gave no answer in time, so the action may still have happened. */
export type AgentActionResult = { ok: true } | { ok: false; error: string; unanswered?: true }

/** How long an action waits for serve's answer before its row takes clicks again (a frozen serve never answers). */
export const ACTION_ANSWER_WAIT_MS = 5_000

/** The Monitor's effects an action uses (its MonitorDeps): the request, and the timer its answer wait runs on. */
export interface ActionDeps {
  fetch(input: string, init: RequestInit): Promise<Response>
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

/** Reasons offered in the Not ready field (any other can be typed): the usual supervisor ones. */
export const NOT_READY_REASONS = ['break', 'coaching', 'meeting', 'training', 'lunch'] as const

/** How an action reads in a sentence: `not ready (coaching)`. */
export function actionText(action: AgentAction): string {
  if (action.state === 'ready') return 'ready'
  if (action.state === 'logged-out') return 'logged out'
  return action.reason ? `not ready (${action.reason})` : 'not ready'
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * What logging `agent` out leaves running, as serve does it (its router keeps an agent's work and offers through a
 * log out): the interactions in hand (`load`) stay with the agent until the host completes them; a pending offer
 * (`reserved`) stays open, the host can still confirm it, and one that times out or is rejected goes back in line
 * while the agent stays logged out (the router's RONA makes only an agent still logged in not ready). Empty: nothing
 * in hand.
 */
export function logOutWarning(agent: Pick<AgentRow, 'id' | 'load' | 'reserved'>): string {
  let handling = 0
  for (const n of Object.values(agent.load)) handling += n
  const parts: string[] = []
  if (handling > 0)
    parts.push(
      `${agent.id} is handling ${counted(handling, 'interaction', 'interactions')}: logging out does not end ${handling === 1 ? 'it' : 'them'}; ${handling === 1 ? 'it stays' : 'they stay'} with ${agent.id} until the host completes ${handling === 1 ? 'it' : 'them'}.`,
    )
  if (agent.reserved > 0)
    parts.push(
      `${agent.id} has ${counted(agent.reserved, 'offer', 'offers')} pending: logging out does not withdraw ${agent.reserved === 1 ? 'it' : 'them'}; the host can still confirm ${agent.reserved === 1 ? 'it' : 'them'}, and one not answered in time or rejected goes back in line while ${agent.id} stays logged out.`,
    )
  return parts.join(' ')
}

/** The supervisor's name as the Monitor's field holds it: trimmed, empty meaning none. */
export function supervisorName(text: string): string | undefined {
  const name = text.trim()
  return name === '' ? undefined : name
}

/** One supervisor action as the Monitor sends it: where, with what, for whom, and how long to wait for the answer. */
export interface AgentActionRequest {
  /** serve's address, e.g. `http://localhost:8080`. */
  serve: string
  /** The Monitor's headers: its token. */
  headers: Record<string, string>
  agent: string
  action: AgentAction
  /** The supervisor's name, sent when given (serve's own rule checks it here first). */
  supervisor?: string | undefined
  /** This page's origin, named when serve does not allow it. */
  origin?: string | undefined
  /** How long to wait for serve's answer, ms (default ACTION_ANSWER_WAIT_MS). */
  waitMs?: number
}

/**
 * Sends the request's `action` for its `agent` through `deps.fetch` to serve, with the `supervisor`'s name when
 * given; a name serve would refuse is said here and nothing is sent. A request the browser fails without an answer
 * says whether serve is down or does not allow this page (`origin`), as the Monitor's line does. No answer within
 * `waitMs` (on `deps`' timer) gives up on it (`unanswered`): serve may still have applied it.
 */
export async function sendAgentAction(
  deps: ActionDeps,
  request: AgentActionRequest,
): Promise<AgentActionResult> {
  const { agent, action, supervisor, waitMs = ACTION_ANSWER_WAIT_MS } = request
  if (supervisor !== undefined) {
    const problem = supervisorNameProblem(supervisor)
    if (problem !== undefined) return { ok: false, error: `${problem}; nothing sent` }
  }
  const body =
    supervisor === undefined ? { ...action, by: 'supervisor' } : { ...action, by: 'supervisor', supervisor }
  const abort = new AbortController()
  const timer = deps.setTimer(() => abort.abort(), waitMs)
  try {
    return await answerTo(deps.fetch, request, body, abort.signal)
  } catch (error) {
    if (!abort.signal.aborted) throw error
    return unanswered(agent, action, waitMs)
  } finally {
    deps.clearTimer(timer)
  }
}

/** The words for an action serve did not answer within `waitMs` (a sentence of its own, not after `Could not`). */
function unanswered(agent: string, action: AgentAction, waitMs: number): AgentActionResult {
  return {
    ok: false,
    unanswered: true,
    error: `No answer from serve to making ${agent} ${actionText(action)} within ${waitMs / 1000} s: it may still have happened; look at ${agent}'s state in the grid`,
  }
}

/** serve's answer to the PUT of `body`, in words; throws only once `signal` is aborted. */
async function answerTo(
  fetch: (input: string, init: RequestInit) => Promise<Response>,
  { serve, headers, agent, origin }: AgentActionRequest,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<AgentActionResult> {
  let response: Response
  try {
    response = await fetch(`${serve}/v1/agents/${encodeURIComponent(agent)}/state`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
  } catch (error) {
    signal.throwIfAborted()
    const why = error instanceof Error ? error.message : String(error)
    if (error instanceof TypeError) {
      const reach = await serveReach(fetch, serve, origin, signal)
      // the PUT itself failed: a check cut off by the wait leaves the why unknown, not the outcome
      if (!signal.aborted) return { ok: false, error: `${reach.advice}; nothing changed` }
    }
    return { ok: false, error: `serve is not reachable (${why}): nothing changed` }
  }
  if (response.ok) return { ok: true }
  const answer = (await response.json().catch(() => ({}))) as { error?: string; code?: string }
  // a body cut off by the wait reads as none above: the action's outcome is then unknown, not this refusal
  signal.throwIfAborted()
  const said = answer.error ? `: ${answer.error}` : ''
  if (response.status === 401)
    return {
      ok: false,
      error: `serve refused the token (401): give the token serve was started with and Connect again; nothing changed`,
    }
  if (answer.code === 'unknown-agent')
    return { ok: false, error: `serve does not know agent "${agent}" (404)${said}` }
  // a refusal that says when (Redis away, routing changing hands): the supervisor is told when to try again
  const retryMs = retryAfterMsOf(response.headers.get('retry-after'))
  const when = retryMs === undefined ? '' : `; nothing changed: retry in ${retryMs / 1000} s`
  return { ok: false, error: `serve refused it (${response.status})${said}${when}` }
}
