// A supervisor's state change for an agent, sent to serve as PUT /v1/agents/{id}/state with `by: "supervisor"`; the
// answer in words. The grid never applies it itself: serve's agent-state event makes the Monitor read the grid again.

/** What a supervisor can make an agent from the grid. */
export type AgentAction =
  | { state: 'ready' }
  | { state: 'not-ready'; reason?: string }
  | { state: 'logged-out' }

export type AgentActionResult = { ok: true } | { ok: false; error: string }

/** Reasons offered in the Not ready field (any other can be typed): the usual supervisor ones. */
export const NOT_READY_REASONS = ['break', 'coaching', 'meeting', 'training', 'lunch'] as const

/** How an action reads in a sentence: `not ready (coaching)`. */
export function actionText(action: AgentAction): string {
  if (action.state === 'ready') return 'ready'
  if (action.state === 'logged-out') return 'logged out'
  return action.reason ? `not ready (${action.reason})` : 'not ready'
}

/** Sends `action` for `agent` through `fetch` to serve at `serve` (with the Monitor's `headers`: its token). */
export async function sendAgentAction(
  fetch: (input: string, init: RequestInit) => Promise<Response>,
  serve: string,
  headers: Record<string, string>,
  agent: string,
  action: AgentAction,
): Promise<AgentActionResult> {
  const body = { ...action, by: 'supervisor' }
  let response: Response
  try {
    response = await fetch(`${serve}/v1/agents/${encodeURIComponent(agent)}/state`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return { ok: false, error: `serve is not reachable (${why}): nothing changed` }
  }
  if (response.ok) return { ok: true }
  const answer = (await response.json().catch(() => ({}))) as { error?: string; code?: string }
  const said = answer.error ? `: ${answer.error}` : ''
  if (response.status === 401)
    return {
      ok: false,
      error: `serve refused the token (401): give the token serve was started with and Connect again; nothing changed`,
    }
  if (answer.code === 'unknown-agent')
    return { ok: false, error: `serve does not know agent "${agent}" (404)${said}` }
  return { ok: false, error: `serve refused it (${response.status})${said}` }
}
