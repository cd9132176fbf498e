// A supervisor's action as the Monitor sends it to serve: the request (by supervisor, the token), and serve's
// refusals (401, an unknown agent, serve down) said in words.
import { describe, expect, it } from 'vitest'
import { sendAgentAction } from './agent-actions.ts'

/** A fetch that answers `status` with `body` and keeps what it was asked. */
function answering(status: number, body: unknown = {}) {
  const asked: Array<{ url: string; init: RequestInit }> = []
  const fetch = async (url: string, init: RequestInit) => {
    asked.push({ url, init })
    return new Response(JSON.stringify(body), { status })
  }
  return { fetch, asked }
}

const SERVE = 'http://serve.test'
const TOKEN = { authorization: 'Bearer t0k' }

describe('sendAgentAction', () => {
  it('PUTs the state with by: supervisor and the Monitor token', async () => {
    const serve = answering(200, { ok: true })
    const result = await sendAgentAction(serve.fetch, SERVE, TOKEN, 'ann lee', {
      state: 'not-ready',
      reason: 'coaching',
    })
    expect(result).toEqual({ ok: true })
    expect(serve.asked).toHaveLength(1)
    const { url, init } = serve.asked[0]!
    expect(url).toBe('http://serve.test/v1/agents/ann%20lee/state')
    expect(init.method).toBe('PUT')
    expect(init.headers).toEqual({ ...TOKEN, 'content-type': 'application/json' })
    expect(JSON.parse(String(init.body))).toEqual({
      state: 'not-ready',
      reason: 'coaching',
      by: 'supervisor',
    })
  })

  it.each([
    [
      401,
      { error: 'Send Authorization: Bearer <token>', code: 'unauthorized' },
      'serve refused the token (401): give the token serve was started with and Connect again; nothing changed',
    ],
    [
      404,
      { error: 'Unknown agent "zed" (not in directory "c")', code: 'unknown-agent' },
      'serve does not know agent "zed" (404): Unknown agent "zed" (not in directory "c")',
    ],
    [
      409,
      { error: 'No strategy version is deployed yet', code: 'no-version' },
      'serve refused it (409): No strategy version is deployed yet',
    ],
  ])('says what serve refused with %i', async (status, body, error) => {
    const serve = answering(status, body)
    expect(await sendAgentAction(serve.fetch, SERVE, {}, 'zed', { state: 'ready' })).toEqual({
      ok: false,
      error,
    })
  })

  it('says serve is not reachable when the request fails', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    expect(await sendAgentAction(fetch, SERVE, {}, 'ann', { state: 'logged-out' })).toEqual({
      ok: false,
      error: 'serve is not reachable (Failed to fetch): nothing changed',
    })
  })
})
