// A supervisor's action as the Monitor sends it to serve: the request (by supervisor, the supervisor's name, the
// token), a name serve would refuse kept back, serve's refusals (401, an unknown agent, serve down) said in words, and
// what a log out leaves running in the agent's hands; a serve that never answers given up on after a bounded wait.
import { waitFor } from '@routewright/node-support'
import { startSilentServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import {
  type AgentAction,
  type AgentActionRequest,
  logOutWarning,
  sendAgentAction,
  supervisorName,
} from './agent-actions.ts'

/** A fetch that answers `status` with `body` and keeps what it was asked. */
function answering(status: number, body: unknown = {}, headers: Record<string, string> = {}) {
  const asked: Array<{ url: string; init: RequestInit }> = []
  const fetch = async (url: string, init: RequestInit) => {
    asked.push({ url, init })
    return new Response(JSON.stringify(body), { status, headers })
  }
  return { fetch, asked }
}

/** The Monitor's deps around `fetch`, with a timer the test fires itself (an answer wait never runs out by itself). */
function onTimer(fetch: (url: string, init: RequestInit) => Promise<Response>) {
  const timers: Array<{ run: () => void; ms: number }> = []
  return {
    fetch,
    setTimer: (run: () => void, ms: number) => timers.push({ run, ms }),
    clearTimer: () => {},
    timers,
  }
}

const SERVE = 'http://serve.test'
const TOKEN = { authorization: 'Bearer t0k' }

/** An action for `agent` to SERVE without a token, name or origin: a test adds what it is about. */
function request(agent: string, action: AgentAction): AgentActionRequest {
  return { serve: SERVE, headers: {}, agent, action }
}

describe('sendAgentAction', () => {
  it('PUTs the state with by: supervisor and the Monitor token', async () => {
    const serve = answering(200, { ok: true })
    const result = await sendAgentAction(onTimer(serve.fetch), {
      serve: SERVE,
      headers: TOKEN,
      agent: 'ann lee',
      action: { state: 'not-ready', reason: 'coaching' },
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
    expect(await sendAgentAction(onTimer(serve.fetch), request('zed', { state: 'ready' }))).toEqual({
      ok: false,
      error,
    })
  })

  it("says when to retry a refusal whose retry-after says so (Redis away), in serve's seconds", async () => {
    const away = { error: 'Redis at redis://x is unreachable; retry shortly', code: 'unavailable' }
    const serve = answering(503, away, { 'retry-after': '3' })
    expect(await sendAgentAction(onTimer(serve.fetch), request('zed', { state: 'ready' }))).toEqual({
      ok: false,
      error:
        'serve refused it (503): Redis at redis://x is unreachable; retry shortly; nothing changed: retry in 3 s',
    })
  })

  it.each([
    [
      'answers to a no-cors request (it does not allow this page)',
      true,
      'serve at http://serve.test answers but does not allow this page: restart it with --allow-origin http://designer.test; nothing changed',
    ],
    [
      'answers nothing',
      false,
      'nothing answers at http://serve.test: start serve there (routewright serve --workspace <folder> --allow-origin http://designer.test) or correct the address; nothing changed',
    ],
  ])('says what to do when the browser fails the request and serve %s', async (_, up, error) => {
    // what a browser does: a fetch serve does not allow fails as one that reaches nothing, a no-cors one does not
    const fetch = async (_url: string, init: RequestInit) => {
      if (up && init.mode === 'no-cors') return new Response(null, { status: 200 })
      throw new TypeError('Failed to fetch')
    }
    const result = await sendAgentAction(onTimer(fetch), {
      ...request('ann', { state: 'logged-out' }),
      origin: 'http://designer.test',
    })
    expect(result).toEqual({ ok: false, error })
  })
})

describe('an action serve never answers', () => {
  it('gives up after its wait and says the action may still have happened', async () => {
    // a real socket that takes the PUT and never answers: a frozen serve, a proxy holding the connection
    const silent = await startSilentServer()
    try {
      const deps = onTimer((url, init) => fetch(url, init))
      const sent = sendAgentAction(deps, {
        ...request('ann', { state: 'logged-out' }),
        serve: `http://${silent.at}`,
        waitMs: 200,
      })
      // the wait runs on the Monitor's timer: run out here once serve holds the request
      await waitFor('the silent serve to take the PUT', () => silent.accepted() > 0, 10_000)
      expect(deps.timers.map((t) => t.ms)).toEqual([200])
      deps.timers[0]!.run()
      expect(await sent).toEqual({
        ok: false,
        unanswered: true,
        error:
          "No answer from serve to making ann logged out within 0.2 s: it may still have happened; look at ann's state in the grid",
      })
    } finally {
      await silent.close()
    }
  })

  it('gives up on an answer whose body never comes', async () => {
    // serve's headers came but the refusal's body is held: the outcome is unknown, not "refused (500)"
    let asked = false
    const fetch = async (_url: string, init: RequestInit) => {
      asked = true
      const body = new ReadableStream({
        start(controller) {
          init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason))
        },
      })
      return new Response(body, { status: 500 })
    }
    const deps = onTimer(fetch)
    const sent = sendAgentAction(deps, { ...request('ann', { state: 'ready' }), waitMs: 50 })
    await waitFor('the action to be sent', () => asked, 10_000)
    expect(deps.timers.map((t) => t.ms)).toEqual([50])
    deps.timers[0]!.run()
    expect(await sent).toMatchObject({ ok: false, unanswered: true })
  })
})

describe('the supervisor name', () => {
  it('is sent with the action when given', async () => {
    const serve = answering(200, { ok: true })
    expect(
      await sendAgentAction(onTimer(serve.fetch), {
        ...request('ann', { state: 'logged-out' }),
        supervisor: 'sam',
      }),
    ).toEqual({
      ok: true,
    })
    expect(JSON.parse(String(serve.asked[0]!.init.body))).toEqual({
      state: 'logged-out',
      by: 'supervisor',
      supervisor: 'sam',
    })
  })

  it.each([
    [
      's'.repeat(257),
      "The supervisor name is 257 characters long, over serve's limit of 256: shorten it; nothing sent",
    ],
    [
      'sam\tlee',
      'The supervisor name holds a control character (code 9 at position 3); remove it: it would break the log lines and reports it is copied into; nothing sent',
    ],
    [
      'sam\u0085',
      'The supervisor name holds a control character (code 133 at position 3); remove it: it would break the log lines and reports it is copied into; nothing sent',
    ],
  ])('is checked as serve checks it before sending: %j', async (name, error) => {
    const serve = answering(200, { ok: true })
    expect(
      await sendAgentAction(onTimer(serve.fetch), {
        ...request('ann', { state: 'ready' }),
        supervisor: name,
      }),
    ).toEqual({
      ok: false,
      error,
    })
    expect(serve.asked).toHaveLength(0)
  })

  it('takes 256 characters, as serve does', async () => {
    const serve = answering(200, { ok: true })
    const name = 's'.repeat(256)
    expect(
      await sendAgentAction(onTimer(serve.fetch), {
        ...request('ann', { state: 'ready' }),
        supervisor: name,
      }),
    ).toEqual({
      ok: true,
    })
    expect(JSON.parse(String(serve.asked[0]!.init.body)).supervisor).toBe(name)
  })

  it("is the field's text trimmed, none when blank", () => {
    expect(supervisorName('  sam lee ')).toBe('sam lee')
    expect(supervisorName('   ')).toBeUndefined()
  })
})

describe('logOutWarning', () => {
  const row = (load: Record<string, number>, reserved: number) => ({ id: 'ann', load, reserved })

  it('says nothing for an agent with nothing in hand', () => {
    expect(logOutWarning(row({}, 0))).toBe('')
    expect(logOutWarning(row({ voice: 0 }, 0))).toBe('')
  })

  it.each([
    [
      'one interaction handled',
      row({ voice: 1 }, 0),
      'ann is handling 1 interaction: logging out does not end it; it stays with ann until the host completes it.',
    ],
    [
      'interactions of several media',
      row({ voice: 1, chat: 2 }, 0),
      'ann is handling 3 interactions: logging out does not end them; they stay with ann until the host completes them.',
    ],
    [
      'one offer pending',
      row({}, 1),
      'ann has 1 offer pending: logging out does not withdraw it; the host can still confirm it, and one not answered in time or rejected goes back in line while ann stays logged out.',
    ],
    [
      'work and offers',
      row({ chat: 1 }, 2),
      'ann is handling 1 interaction: logging out does not end it; it stays with ann until the host completes it. ann has 2 offers pending: logging out does not withdraw them; the host can still confirm them, and one not answered in time or rejected goes back in line while ann stays logged out.',
    ],
  ])('says what a log out leaves running: %s', (_name, agent, warning) => {
    expect(logOutWarning(agent)).toBe(warning)
  })
})
