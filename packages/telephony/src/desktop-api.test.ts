// The desktop API against a real routewright serve, with an in-memory CallControl standing in for the SIP bridge.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serve, type TestServer } from '../../server/test/helpers.ts'
import { type RelayedAnswer, startServeRelay } from '../test/serve-relay.ts'
import { CallRefusedError } from './call-commands.ts'
import { checkBridgeUrls, createDesktopApi, type DesktopHandler } from './desktop-api.ts'
import { SIGNED_OUT_AFTER_CALL } from './desktop-logout.ts'
import { SESSIONS_PER_AGENT_MAX } from './desktop-sessions.ts'
import { createTestCalls, type TestCalls } from './desktop-test-calls.ts'

let routing: TestServer
let calls: TestCalls
let http: Server
let base: string
let api: DesktopHandler
const streams: AbortController[] = []

beforeAll(async () => {
  routing = await serve()
  calls = createTestCalls(() => 1_000)
  let n = 0
  api = createDesktopApi({
    serveUrl: routing.server.url,
    calls,
    now: () => 1_000,
    newToken: () => `token-${++n}`,
    syncMs: 100,
  })
  http = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

afterEach(() => {
  for (const stream of streams.splice(0)) stream.abort()
})

afterAll(async () => {
  http.closeAllConnections()
  await new Promise((resolve) => http.close(resolve))
  await routing.stop()
})

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
type Json = any

async function call(
  method: string,
  path: string,
  body?: unknown,
  cookie = '',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

async function login(agent: string): Promise<string> {
  const answer = await call('POST', '/desktop/api/login', { agent })
  expect(answer.status).toBe(200)
  return answer.headers.get('set-cookie')!.split(';')[0]!
}

async function routerState(agent: string): Promise<string> {
  const { body } = await routing.request('GET', '/v1/agents')
  return body.agents.find((a: Json) => a.id === agent).state
}

async function routerReason(agent: string): Promise<string | undefined> {
  const { body } = await routing.request('GET', '/v1/agents')
  return body.agents.find((a: Json) => a.id === agent).reason
}

type Events = Array<{ event: string; data: Json }> & {
  /** Settles when the response finishes (the server ended it, or the test aborted it). */
  finished: Promise<void>
}

/** Opens the event stream (`query`: e.g. `?session=` as the desktop names its session) and collects its events. */
async function stream(cookie: string, query = ''): Promise<Events> {
  const abort = new AbortController()
  streams.push(abort)
  const response = await fetch(`${base}/desktop/api/events${query}`, {
    headers: { cookie },
    signal: abort.signal,
  })
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  const list: Array<{ event: string; data: Json }> = []
  const events: Events = Object.assign(list, {
    finished: (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
        if (done) return
        buffer += value
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event !== undefined && data !== undefined) list.push({ event, data: JSON.parse(data) })
          end = buffer.indexOf('\n\n')
        }
      }
    })(),
  })
  // open with the agent's states, or answered with only why its session ended
  await eventually(() => (events.some((e) => e.event === 'states' || e.event === 'ended') ? true : undefined))
  return events
}

describe('login and logout', () => {
  it.each([
    [{ agent: 'zed' }, 404, 'Agent "zed" is not in the directory'],
    [{ agent: '../ann' }, 400, '"../ann" is not an agent id'],
    [{ agent: '' }, 400, 'Give your agent id'],
    [{ agent: 'ann', role: 'admin' }, 400, 'Unknown field "role"'],
    ['not json', 400, 'The body is not valid JSON'],
  ])('refuses login %j with %i', async (body, status, message) => {
    const answer = await call('POST', '/desktop/api/login', body)
    expect(answer.status).toBe(status)
    expect(answer.body.error).toContain(message)
  })

  it('refuses a body that is not declared JSON, so another site cannot post a form with the cookie', async () => {
    const response = await fetch(`${base}/desktop/api/login`, { method: 'POST', body: 'agent=ann' })
    expect(response.status).toBe(415)
    expect((await response.json()).error).toContain('content-type: application/json')
  })

  it('refuses a body over 4 KB with a 413', async () => {
    const answer = await call('POST', '/desktop/api/login', { agent: 'x'.repeat(5000) })
    expect(answer.status).toBe(413)
  })

  it('logs the agent in as not ready in serve, with an HttpOnly session cookie', async () => {
    const answer = await call('POST', '/desktop/api/login', { agent: 'ann' })
    expect(answer.headers.get('set-cookie')).toMatch(
      /^rw_desktop=token-\d+; Path=\/desktop; HttpOnly; SameSite=Strict$/,
    )
    expect(answer.body.agent).toBe('ann')
    expect(answer.body.media).toEqual([
      { media: 'voice', state: 'not-ready', reason: 'Logged in', since: 1_000 },
    ])
    expect(answer.body.router).toMatchObject({ id: 'ann', state: 'not-ready', reason: 'Logged in' })
    // no list of the directory's agents: transfer targets are searched for (desktop-targets.test.ts)
    expect(answer.body.agents).toBeUndefined()
    expect(await routerState('ann')).toBe('not-ready')
  })

  it("takes serve's state for an agent logged in before the desktop API started (a restarted bridge)", async () => {
    await routing.request('PUT', '/v1/agents/bob/state', { state: 'after-call-work' })
    const answer = await call('POST', '/desktop/api/login', { agent: 'bob' })
    expect(answer.body.media).toEqual([{ media: 'voice', state: 'after-call-work', since: 1_000 }])
    expect(await routerState('bob')).toBe('after-call-work')
    const cookie = answer.headers.get('set-cookie')!.split(';')[0]!
    expect((await call('POST', '/desktop/api/logout', {}, cookie)).status).toBe(200)
  })

  it('keeps the agent logged in while another of their desktops is still open', async () => {
    const first = await login('bob')
    const second = await login('bob')
    expect((await call('POST', '/desktop/api/logout', {}, first)).status).toBe(200)
    expect(await routerState('bob')).toBe('not-ready')
    expect((await call('GET', '/desktop/api/session', undefined, second)).status).toBe(200)
    expect((await call('POST', '/desktop/api/logout', {}, second)).status).toBe(200)
    expect(await routerState('bob')).toBe('logged-out')
  })

  it("ends the session whose cookie a login came with: the browser holds only the new one's", async () => {
    const first = await login('bob')
    const again = await call('POST', '/desktop/api/login', { agent: 'bob' }, first)
    const second = again.headers.get('set-cookie')!.split(';')[0]!
    expect(second).not.toBe(first)
    expect((await call('GET', '/desktop/api/session', undefined, first)).status).toBe(401)
    expect((await call('POST', '/desktop/api/logout', {}, second)).status).toBe(200)
    // that was bob's last session: he is logged out in serve
    expect(await routerState('bob')).toBe('logged-out')
  })

  it('answers 401 without a session and 404 for an unknown API path', async () => {
    expect((await call('GET', '/desktop/api/session')).status).toBe(401)
    expect((await call('GET', '/desktop/api/session', undefined, 'rw_desktop=forged')).status).toBe(401)
    const cookie = await login('ann')
    expect((await call('GET', '/desktop/api/nothing', undefined, cookie)).status).toBe(404)
    expect((await call('POST', '/desktop/api/session', {}, cookie)).status).toBe(405)
  })

  // the desktop's first read, before any login: a 401 there is logged by the browser as an error on every load
  it('answers the optional session read without a session with 200 and loggedIn false, with one the session', async () => {
    const none = await call('GET', '/desktop/api/session?optional')
    expect(none).toMatchObject({ status: 200, body: { loggedIn: false } })
    const forged = await call('GET', '/desktop/api/session?optional', undefined, 'rw_desktop=forged')
    expect(forged).toMatchObject({ status: 200, body: { loggedIn: false } })
    const cookie = await login('ann')
    expect((await call('GET', '/desktop/api/session?optional', undefined, cookie)).body.agent).toBe('ann')
  })

  it('logs out to logged-out in serve and ends the session', async () => {
    const cookie = await login('bob')
    const answer = await call('POST', '/desktop/api/logout', {}, cookie)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('set-cookie')).toContain('Max-Age=0')
    expect(await routerState('bob')).toBe('logged-out')
    expect((await call('GET', '/desktop/api/session', undefined, cookie)).status).toBe(401)
  })

  it('keeps the session of a logout serve did not take, says so, and logs out at the next try', async () => {
    const desktop = await relayedDesktop()
    try {
      const cookie = (await desktop.post('/login', { agent: 'bob' })).cookie!
      desktop.refuse(() => true)
      // before, the session ended first: the agent stayed routed to in serve, a retry got 401, its states stayed here
      expect(await desktop.post('/logout', {}, cookie)).toMatchObject({
        status: 502,
        body: {
          error:
            'You are still logged in: routewright serve did not take the logout (serve is restarting). Try again',
        },
      })
      desktop.refuse(() => false)
      expect(await routerState('bob')).toBe('not-ready')
      const again = await desktop.post('/logout', {}, cookie)
      expect(again.status).toBe(200)
      expect(again.setCookie).toContain('Max-Age=0')
      expect(await routerState('bob')).toBe('logged-out')
    } finally {
      await desktop.close()
    }
  })

  it("passes serve's retry-after on with a logout serve did not take, so the desktop retries when serve said", async () => {
    const desktop = await relayedDesktop()
    try {
      const cookie = (await desktop.post('/login', { agent: 'bob' })).cookie!
      desktop.refuse(() => true, { 'retry-after': '4' })
      expect(await desktop.post('/logout', {}, cookie)).toMatchObject({ status: 502, retryAfter: '4' })
      // a refusal without one says none: the desktop keeps its own backoff
      desktop.refuse(() => true)
      expect(await desktop.post('/logout', {}, cookie)).toMatchObject({ status: 502, retryAfter: null })
    } finally {
      desktop.refuse(() => false)
      await desktop.close()
    }
  })
})

describe("a login by another agent with an agent's cookie (that browser is the other agent's now)", () => {
  // before, ann's session ended but she stayed logged in at serve (still offered calls), her states kept here
  it('logs out at serve the agent whose last session it replaced, and says so', async () => {
    const desktop = await relayedDesktop()
    try {
      const ann = (await desktop.post('/login', { agent: 'ann' })).cookie!
      const bob = await desktop.post('/login', { agent: 'bob' }, ann)
      expect(await routerState('ann')).toBe('logged-out')
      expect(bob).toMatchObject({
        status: 200,
        body: { agent: 'bob', signedOut: { agent: 'ann', serve: 'logged-out' } },
      })
      expect((await desktop.post('/logout', {}, ann)).status).toBe(401)
      // ann's states are forgotten here: only bob is held
      expect(desktop.api.counts()).toMatchObject({ sessions: 1, agents: 1, logoutsWaiting: 0 })
      expect((await desktop.post('/logout', {}, bob.cookie!)).status).toBe(200)
    } finally {
      await desktop.close()
    }
  })

  it('never drops her call: she is not ready until it ends, and logged out at serve then', async () => {
    const desktop = await relayedDesktop()
    try {
      const ann = (await desktop.post('/login', { agent: 'ann' })).cookie!
      await desktop.put('/state', { media: 'voice', state: 'ready' }, ann)
      desktop.calls.offer({ callId: 'c-signed-out', agent: 'ann', state: 'talking' })
      const bob = await desktop.post('/login', { agent: 'bob' }, ann)
      expect(desktop.calls.actions).toEqual([])
      expect(await routerState('ann')).toBe('not-ready')
      expect(await routerReason('ann')).toBe(SIGNED_OUT_AFTER_CALL)
      expect(bob).toMatchObject({ status: 200, body: { signedOut: { agent: 'ann', serve: 'after-call' } } })
      expect(desktop.api.counts()).toMatchObject({ logoutsWaiting: 1 })
      desktop.calls.offer({ callId: 'c-signed-out', state: 'ended' })
      // waited for on the desktop: it forgets her states once serve's answer to her logout is back, a moment after
      // serve shows her logged out (a loaded host read serve's logged-out before that answer came)
      await eventually(() =>
        expect(desktop.api.counts()).toMatchObject({ sessions: 1, agents: 1, logoutsWaiting: 0 }),
      )
      expect(await routerState('ann')).toBe('logged-out')
      expect((await desktop.post('/logout', {}, bob.cookie!)).status).toBe(200)
    } finally {
      await desktop.close()
    }
  })

  // before, her login cancelled the waiting logout but she kept "Signed out: logs out after this call", no longer true
  it('starts her as a fresh login does when she logs in again during that call: the waiting logout is off', async () => {
    const desktop = await relayedDesktop()
    try {
      const ann = (await desktop.post('/login', { agent: 'ann' })).cookie!
      await desktop.put('/state', { media: 'voice', state: 'ready' }, ann)
      desktop.calls.offer({ callId: 'c-back', agent: 'ann', state: 'talking' })
      const bob = await desktop.post('/login', { agent: 'bob' }, ann)
      expect(await routerReason('ann')).toBe(SIGNED_OUT_AFTER_CALL)
      const again = await desktop.post('/login', { agent: 'ann' })
      expect(again.status).toBe(200)
      expect(again.body.media).toEqual([
        { media: 'voice', state: 'not-ready', reason: 'Logged in', since: 1_000 },
      ])
      expect(again.body.router).toMatchObject({ id: 'ann', state: 'not-ready', reason: 'Logged in' })
      expect(desktop.api.counts()).toMatchObject({ logoutsWaiting: 0 })
      // her call ends: she stays logged in
      desktop.calls.offer({ callId: 'c-back', state: 'ended' })
      expect(await routerState('ann')).toBe('not-ready')
      expect(await routerReason('ann')).toBe('Logged in')
      expect((await desktop.post('/logout', {}, again.cookie!)).status).toBe(200)
      expect((await desktop.post('/logout', {}, bob.cookie!)).status).toBe(200)
    } finally {
      await desktop.close()
    }
  })

  it('still logs the other agent in when serve does not take her logout, and logs that it did not', async () => {
    const desktop = await relayedDesktop()
    try {
      const ann = (await desktop.post('/login', { agent: 'ann' })).cookie!
      desktop.refuse((method, url) => method === 'PUT' && url === '/v1/agents/ann/state')
      const bob = await desktop.post('/login', { agent: 'bob' }, ann)
      expect(bob).toMatchObject({
        status: 200,
        body: { agent: 'bob', signedOut: { agent: 'ann', serve: 'not-taken', error: 'serve is restarting' } },
      })
      expect(desktop.logs).toEqual([
        {
          message:
            'serve did not take the logout of an agent signed out by another login; still logged in there',
          fields: { agent: 'ann', error: 'serve is restarting' },
        },
      ])
      expect(desktop.api.counts()).toMatchObject({ logoutsNotTaken: 1 })
      expect(await routerState('ann')).toBe('not-ready')
      desktop.refuse(() => false)
      expect((await desktop.post('/logout', {}, bob.cookie!)).status).toBe(200)
    } finally {
      await desktop.close()
    }
  })
})

// the logout after the call of an agent another login signed out: one conditional request (ifReason) when serve lists
// `agent-state-if-reason`, else her state read and then the logout; chosen from GET /v1/capabilities, never from a
// 400's text, and read again when serve's event stream reopens (a rolling upgrade may swap serve)
describe("the signed-out agent's logout after her call, by serve's capabilities", () => {
  const IF_REASON_LOGOUT = `PUT /v1/agents/ann/state {"state":"logged-out","ifState":"not-ready","ifReason":"${SIGNED_OUT_AFTER_CALL}"}`
  const PLAIN_LOGOUT = 'PUT /v1/agents/ann/state {"state":"logged-out"}'
  const logoutsOf = (sent: string[]) => sent.filter((line) => line.includes('"logged-out"'))
  const capabilityReads = (sent: string[]) => sent.filter((line) => line === 'GET /v1/capabilities')
  /** serve's capabilities without `agent-state-if-reason`, as a serve older than it answers. */
  const withoutIfReason = (answer: RelayedAnswer): RelayedAnswer => {
    const { capabilities } = JSON.parse(answer.body) as { capabilities: string[] }
    return {
      ...answer,
      body: JSON.stringify({ capabilities: capabilities.filter((c) => c !== 'agent-state-if-reason') }),
    }
  }
  const capabilitiesRoute = (method: string, url: string) => method === 'GET' && url === '/v1/capabilities'

  /** Ann signed out by bob's login during her call (`callId`), the call ended, waited for until she is out at serve. */
  async function signedOutAfterCall(desktop: Awaited<ReturnType<typeof relayedDesktop>>, callId: string) {
    const ann = (await desktop.post('/login', { agent: 'ann' })).cookie!
    desktop.calls.offer({ callId, agent: 'ann', state: 'talking' })
    const bob = await desktop.post('/login', { agent: 'bob' }, ann)
    expect(bob.body.signedOut).toEqual({ agent: 'ann', serve: 'after-call' })
    desktop.calls.offer({ callId, state: 'ended' })
    // done once the desktop forgot her (serve's answer back, bob alone held): the next round's login never meets it
    await eventually(() => expect(desktop.api.counts()).toMatchObject({ agents: 1, logoutsWaiting: 0 }))
    expect(await routerState('ann')).toBe('logged-out')
    expect((await desktop.post('/logout', {}, bob.cookie!)).status).toBe(200)
  }

  it('logs her out in one conditional request when serve lists agent-state-if-reason', async () => {
    const desktop = await relayedDesktop()
    try {
      await signedOutAfterCall(desktop, 'c-caps-1')
      expect(logoutsOf(desktop.relay.sent())).toEqual([
        IF_REASON_LOGOUT,
        'PUT /v1/agents/bob/state {"state":"logged-out"}',
      ])
      expect(capabilityReads(desktop.relay.sent())).toHaveLength(1)
      expect(desktop.logs).toEqual([])
    } finally {
      await desktop.close()
    }
  })

  it('reads her state and then logs her out on a serve that does not list it, and on an older one (404), said once', async () => {
    const desktop = await relayedDesktop()
    try {
      desktop.relay.answer(capabilitiesRoute, withoutIfReason)
      await signedOutAfterCall(desktop, 'c-caps-2')
      expect(logoutsOf(desktop.relay.sent())[0]).toBe(PLAIN_LOGOUT)
      expect(desktop.logs).toEqual([])
      // an older serve: no such route
      desktop.relay.answer(capabilitiesRoute, () => ({ status: 404, body: '{"error":"No such path"}' }))
      desktop.calls.serveReconnected()
      for (const callId of ['c-caps-3', 'c-caps-4']) await signedOutAfterCall(desktop, callId)
      // her state read by id, as every read of the desktop's: none lists the directory's agents
      expect(
        desktop.relay.sent().filter((line) => line.startsWith('GET /v1/agents') && !line.includes('id=')),
      ).toEqual([])
      expect(logoutsOf(desktop.relay.sent()).filter((line) => line.includes('/ann/'))).toEqual([
        PLAIN_LOGOUT,
        PLAIN_LOGOUT,
        PLAIN_LOGOUT,
      ])
      expect(desktop.logs).toEqual([
        {
          message:
            "serve's capabilities unknown (an older serve without GET /v1/capabilities, or unreachable): requests it may not take go the fallback way",
          fields: { status: 404, error: 'No such path' },
        },
      ])
    } finally {
      await desktop.close()
    }
  })

  /**
   * A logout under a serve listing agent-state-if-reason, then serve answering without it and `told` happening:
   * the next logout is the plain one, so `told` made the desktop read the capabilities again.
   */
  async function readsCapabilitiesAgainWhen(
    told: (relayedCalls: TestCalls) => void,
    callIds: [string, string],
  ) {
    const desktop = await relayedDesktop()
    try {
      await signedOutAfterCall(desktop, callIds[0])
      desktop.relay.answer(capabilitiesRoute, withoutIfReason)
      told(desktop.calls)
      await signedOutAfterCall(desktop, callIds[1])
      expect(logoutsOf(desktop.relay.sent()).filter((line) => line.includes('/ann/'))).toEqual([
        IF_REASON_LOGOUT,
        PLAIN_LOGOUT,
      ])
      expect(capabilityReads(desktop.relay.sent())).toHaveLength(2)
    } finally {
      await desktop.close()
    }
  }

  it("reads serve's capabilities again once its event stream reopens (another build may answer now)", () =>
    readsCapabilitiesAgainWhen((relayed) => relayed.serveReconnected(), ['c-caps-5', 'c-caps-6']))

  it("reads serve's capabilities again once serve streams capabilities-changed (routing moved, no reopen)", () =>
    readsCapabilitiesAgainWhen((relayed) => relayed.serveCapabilitiesChanged(), ['c-caps-7', 'c-caps-8']))
})

/**
 * A desktop API of its own (fresh sessions) in front of serve behind a loopback relay that answers 503 to what
 * `refuse` picks: the desktop's upstream failing.
 */
async function relayedDesktop() {
  const relay = await startServeRelay(routing.server.url)
  const relayedCalls = createTestCalls(() => 1_000)
  const logs: Array<{ message: string; fields?: Record<string, unknown> }> = []
  let n = 0
  const api = createDesktopApi({
    serveUrl: relay.url,
    calls: relayedCalls,
    now: () => 1_000,
    newToken: () => `relayed-token-${++n}`,
    log: (message, fields) => logs.push({ message, ...(fields === undefined ? {} : { fields }) }),
  })
  const desktop = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => desktop.listen(0, '127.0.0.1', resolve))
  const at = `http://127.0.0.1:${(desktop.address() as AddressInfo).port}/desktop/api`
  const send = async (method: string, path: string, body: unknown, cookie = '') => {
    const res = await fetch(`${at}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    })
    const setCookie = res.headers.get('set-cookie')
    return {
      status: res.status,
      body: (await res.json()) as Json,
      retryAfter: res.headers.get('retry-after'),
      setCookie,
      cookie: setCookie?.split(';')[0],
    }
  }
  return {
    api,
    calls: relayedCalls,
    logs,
    relay,
    refuse: relay.refuse,
    post: (path: string, body: unknown, cookie?: string) => send('POST', path, body, cookie),
    put: (path: string, body: unknown, cookie?: string) => send('PUT', path, body, cookie),
    async close() {
      desktop.closeAllConnections()
      await new Promise((resolve) => desktop.close(resolve))
      await relay.close()
    },
  }
}

describe('state per media', () => {
  it('sets ready, not ready with a reason and after-call work in serve', async () => {
    const cookie = await login('ann')
    let answer = await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    expect(answer.status).toBe(200)
    expect(answer.body.media[0]).toMatchObject({ media: 'voice', state: 'ready' })
    expect(await routerState('ann')).toBe('ready')
    answer = await call(
      'PUT',
      '/desktop/api/state',
      { media: 'voice', state: 'not-ready', reason: 'Break' },
      cookie,
    )
    expect(answer.body.media[0]).toMatchObject({ state: 'not-ready', reason: 'Break' })
    expect(await routerState('ann')).toBe('not-ready')
    // serve keeps the agent's reason: its agent list, monitor and history say why
    expect(await routerReason('ann')).toBe('Break')
    answer = await call('PUT', '/desktop/api/state', { media: 'voice', state: 'after-call-work' }, cookie)
    expect(answer.status).toBe(200)
    expect(await routerState('ann')).toBe('after-call-work')
  })

  it.each([
    [{ media: 'voice', state: 'not-ready' }, 'Not ready needs a reason'],
    [{ media: 'voice', state: 'ready', reason: 'Back' }, 'A reason goes with not-ready only'],
    [{ media: 'voice', state: 'busy' }, '"state" must be one of ready, not-ready, after-call-work'],
    [{ media: 'chat', state: 'ready' }, 'Media "chat" is not handled here; use one of voice'],
    [{ media: 'Voice!', state: 'ready' }, '"media" must be a media name'],
    [{ media: 'voice', state: 'not-ready', reason: 'x'.repeat(61) }, 'at most 60 characters'],
    // a line separator splits the reason on the desktop and in the monitor as a newline would
    [{ media: 'voice', state: 'not-ready', reason: 'Break\u2028Lunch' }, 'one line of at most 60'],
    [{ media: 'voice', state: 'not-ready', reason: 'Break\u0085Lunch' }, 'one line of at most 60'],
  ])('refuses %j with a 400', async (body, message) => {
    const cookie = await login('ann')
    const answer = await call('PUT', '/desktop/api/state', body, cookie)
    expect(answer.status).toBe(400)
    expect(answer.body.error).toContain(message)
  })

  it('tells every open desktop of the agent about a state change', async () => {
    const cookie = await login('ann')
    const events = await stream(cookie)
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'not-ready', reason: 'Lunch' }, cookie)
    const states = await eventually(
      () => events.filter((e) => e.event === 'states').at(-1)?.data.media[0].reason === 'Lunch' || undefined,
    )
    expect(states).toBe(true)
  })
})

describe("the router's word on the agent's state", () => {
  // what serve does on a ring-no-answer (the bridge's reject), or a supervisor's change: not the desktop's doing
  const routerMakesNotReady = (agent: string) =>
    routing.request('PUT', `/v1/agents/${agent}/state`, { state: 'not-ready' })

  it('shows not ready once the router made the agent so, instead of the ready the desktop last sent', async () => {
    const cookie = await login('ann')
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    await routerMakesNotReady('ann')
    const session = await call('GET', '/desktop/api/session', undefined, cookie)
    expect(session.body.media).toEqual([{ media: 'voice', state: 'not-ready', since: 1_000 }])
  })

  it('tells every open desktop of the agent without being asked', async () => {
    const cookie = await login('ann')
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    const events = await stream(cookie)
    expect(events.filter((e) => e.event === 'states').at(-1)?.data.media[0].state).toBe('ready')
    await routerMakesNotReady('ann')
    await eventually(
      () =>
        events.filter((e) => e.event === 'states').at(-1)?.data.media[0].state === 'not-ready' || undefined,
    )
  })
})

describe('a state the router set for the agent, with why', () => {
  const ringNoAnswer = (agent: string, at: number) => ({
    agent,
    state: 'not-ready' as const,
    cause: 'no-answer' as const,
    reason: 'No answer to a call',
    at,
    interaction: 'c-rona',
  })

  it('shows the ring-no-answer that made the agent not ready, and lets the agent go ready again', async () => {
    const cookie = await login('ann')
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    const events = await stream(cookie)
    // what the bridge does on the router's reservation-rejected event: serve made ann not ready (RONA)
    await routing.request('PUT', '/v1/agents/ann/state', { state: 'not-ready' })
    calls.notify(ringNoAnswer('ann', 42_000))
    const shown = {
      media: 'voice',
      state: 'not-ready',
      reason: 'No answer to a call',
      since: 42_000,
      setBy: 'router',
    }
    await eventually(
      () => events.filter((e) => e.event === 'states').at(-1)?.data.media[0].setBy || undefined,
    )
    expect(events.filter((e) => e.event === 'states').at(-1)?.data.media).toEqual([shown])
    // serve's polled not-ready (no reason) does not wipe the reason out
    expect((await call('GET', '/desktop/api/session', undefined, cookie)).body.media).toEqual([shown])
    const ready = await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    expect(ready.status).toBe(200)
    expect(ready.body.media).toEqual([{ media: 'voice', state: 'ready', since: 1_000 }])
    expect(await routerState('ann')).toBe('ready')
  })

  it("shows serve's word for a router-set not-ready over an earlier notice that said otherwise", async () => {
    const cookie = await login('ann')
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    const events = await stream(cookie)
    await routing.request('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'declined' })
    calls.notify(ringNoAnswer('ann', 42_000))
    await eventually(
      () =>
        events.filter((e) => e.event === 'states').at(-1)?.data.media[0].reason === 'Declined a call' ||
        undefined,
    )
    expect((await call('GET', '/desktop/api/session', undefined, cookie)).body.media).toEqual([
      expect.objectContaining({ state: 'not-ready', reason: 'Declined a call', setBy: 'router' }),
    ])
  })

  it("shows serve's own reason for a not-ready the router set, with no notice from the bridge", async () => {
    const cookie = await login('ann')
    await call('PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)
    const events = await stream(cookie)
    // a RONA on another process's bridge: only serve's agent list says why
    await routing.request('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'no-answer' })
    await eventually(
      () => events.filter((e) => e.event === 'states').at(-1)?.data.media[0].setBy || undefined,
    )
    expect(events.filter((e) => e.event === 'states').at(-1)?.data.media).toEqual([
      { media: 'voice', state: 'not-ready', reason: 'No answer to a call', since: 1_000, setBy: 'router' },
    ])
    // a supervisor's reason shows as given, not as the router's
    await routing.request('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'Coaching' })
    await eventually(
      () =>
        events.filter((e) => e.event === 'states').at(-1)?.data.media[0].reason === 'Coaching' || undefined,
    )
    expect(events.filter((e) => e.event === 'states').at(-1)?.data.media[0]).not.toHaveProperty('setBy')
  })

  it('ignores a notice for an agent with no desktop logged in here (it logs in not ready, for no reason)', async () => {
    calls.notify(ringNoAnswer('bob', 42_000))
    const cookie = await login('bob')
    expect((await call('GET', '/desktop/api/session', undefined, cookie)).body.media[0]).not.toHaveProperty(
      'setBy',
    )
  })
})

describe('an event stream ends with the session it was opened under', () => {
  // a bound on the wait for the loopback stream, not a speed check: a loaded 2-core host took over 3 s
  const SETTLE_MS = 15_000

  /** Nothing held for streams once the test's own have closed (a bridge runs for weeks). */
  async function noStreamsHeld(): Promise<void> {
    await eventually(() => {
      expect(api.counts()).toMatchObject({ streamSessions: 0, streams: 0 })
      return true
    }, SETTLE_MS)
  }

  /** The stream finished with an `ended` event saying why, and the old cookie is refused. */
  async function endedWith(events: Events, cookie: string, reason: string, message: string): Promise<void> {
    await eventually(() => {
      expect(events.at(-1)).toEqual({ event: 'ended', data: { reason, message } })
      return true
    }, SETTLE_MS)
    await events.finished
    expect((await call('GET', '/desktop/api/session', undefined, cookie)).status).toBe(401)
  }

  it("ends at the session's logout, told so; another session's stream stays", async () => {
    const first = await login('bob')
    const second = await login('bob')
    // two tabs of one browser (one cookie), and another browser
    const tabs = [await stream(first), await stream(first)]
    const staying = await stream(second)
    expect(api.counts()).toMatchObject({ streamSessions: 2, streams: 3 })
    expect((await call('POST', '/desktop/api/logout', {}, first)).status).toBe(200)
    for (const tab of tabs) await endedWith(tab, first, 'logged-out', 'You logged out in this browser.')
    expect(api.counts()).toMatchObject({ streamSessions: 1, streams: 1 })
    expect(staying.some((e) => e.event === 'ended')).toBe(false)
    expect((await call('POST', '/desktop/api/logout', {}, second)).status).toBe(200)
    await endedWith(staying, second, 'logged-out', 'You logged out in this browser.')
    await noStreamsHeld()
  })

  it('ends at a login with its cookie (a newer login in that browser), told so', async () => {
    const old = await login('bob')
    const events = await stream(old)
    // another tab of the browser logs in, as anyone: the browser keeps only the new cookie
    const again = await call('POST', '/desktop/api/login', { agent: 'ann' }, old)
    expect(again.status).toBe(200)
    await endedWith(
      events,
      old,
      'signed-in-elsewhere',
      'You were signed out: a newer login replaced this session.',
    )
    await noStreamsHeld()
    expect(
      (await call('POST', '/desktop/api/logout', {}, again.headers.get('set-cookie')!.split(';')[0]!)).status,
    ).toBe(200)
  })

  it('answers a stream for a session a newer login replaced before it opened with only that notice', async () => {
    const first = await call('POST', '/desktop/api/login', { agent: 'bob' })
    const old = first.headers.get('set-cookie')!.split(';')[0]!
    const page = `?session=${encodeURIComponent(first.body.session)}`
    // the page loaded as bob; another tab logs in as ann before its stream opens: the browser sends ann's cookie
    const again = await call('POST', '/desktop/api/login', { agent: 'ann' }, old)
    const newer = again.headers.get('set-cookie')!.split(';')[0]!
    expect(again.body.session).not.toBe(first.body.session)
    const events = await stream(newer, page)
    await events.finished
    expect([...events]).toEqual([
      {
        event: 'ended',
        data: {
          reason: 'signed-in-elsewhere',
          message: 'You were signed out: a newer login replaced this session.',
        },
      },
    ])
    await noStreamsHeld()
    // ann's own page, and an older client naming no session, get ann's stream
    for (const query of [`?session=${encodeURIComponent(again.body.session)}`, '']) {
      const own = await stream(newer, query)
      expect(own.map((e) => e.event)).toEqual(['calls', 'states'])
    }
    for (const s of streams.splice(0)) s.abort()
    await noStreamsHeld()
    expect((await call('POST', '/desktop/api/logout', {}, newer)).status).toBe(200)
  })

  it(`ends when the agent's logins past ${SESSIONS_PER_AGENT_MAX} end its oldest session, told so`, async () => {
    const oldest = await login('bob')
    const events = await stream(oldest)
    const newer: string[] = []
    for (let i = 0; i < SESSIONS_PER_AGENT_MAX - 1; i++) newer.push(await login('bob'))
    expect(events.some((e) => e.event === 'ended')).toBe(false)
    newer.push(await login('bob'))
    await endedWith(
      events,
      oldest,
      'signed-in-elsewhere',
      'You were signed out: a newer login replaced this session.',
    )
    await noStreamsHeld()
    for (const cookie of newer)
      expect((await call('POST', '/desktop/api/logout', {}, cookie)).status).toBe(200)
    expect(await routerState('bob')).toBe('logged-out')
  })

  it('leaves no entry behind when a desktop closes its streams without logging out', async () => {
    const cookie = await login('ann')
    for (let i = 0; i < 20; i++) {
      await stream(cookie)
      expect(api.counts()).toMatchObject({ streamSessions: 1, streams: 1 })
      for (const s of streams.splice(0)) s.abort()
      await noStreamsHeld()
    }
    expect((await call('POST', '/desktop/api/logout', {}, cookie)).status).toBe(200)
  })
})

describe('a change names the session its page loaded with', () => {
  it("is refused, changing nothing, when a newer login in the browser replaced that session; made when it is the cookie's", async () => {
    const first = await call('POST', '/desktop/api/login', { agent: 'ann' })
    const old = first.headers.get('set-cookie')!.split(';')[0]!
    // the page loaded as ann; another tab logs in as bob: the browser sends bob's cookie with ann's page's clicks
    const again = await call('POST', '/desktop/api/login', { agent: 'bob' }, old)
    const newer = again.headers.get('set-cookie')!.split(';')[0]!
    const annPage = { 'x-routewright-session': first.body.session }
    calls.offer({ callId: 'n1', agent: 'bob', state: 'talking' })
    const actionsBefore = calls.actions.length
    const changes: Array<[string, string, unknown]> = [
      ['PUT', '/desktop/api/state', { media: 'voice', state: 'ready' }],
      ['POST', '/desktop/api/calls/n1/hold', {}],
      ['POST', '/desktop/api/calls/n1/retrieve', {}],
      ['POST', '/desktop/api/calls/n1/transfer', { to: '7000' }],
      ['POST', '/desktop/api/calls/n1/release', {}],
      ['POST', '/desktop/api/logout', {}],
    ]
    for (const [method, path, body] of changes)
      expect(await call(method, path, body, newer, annPage), `${method} ${path}`).toMatchObject({
        status: 409,
        body: {
          code: 'signed-in-elsewhere',
          error: 'You were signed out: a newer login replaced this session.',
        },
      })
    // neither bob's call nor his state at serve moved, and he is still logged in
    expect(calls.actions.length).toBe(actionsBefore)
    expect(calls.calls().find((c) => c.callId === 'n1')).toMatchObject({ state: 'talking', agent: 'bob' })
    expect(await routerState('bob')).toBe('not-ready')
    expect((await call('GET', '/desktop/api/session', undefined, newer)).body.agent).toBe('bob')
    // bob's own page names his session, and an older desktop or a script names none: both act as before
    const bobPage = { 'x-routewright-session': again.body.session }
    expect((await call('PUT', '/desktop/api/state', changes[0]![2], newer, bobPage)).status).toBe(200)
    expect(await routerState('bob')).toBe('ready')
    expect((await call('POST', '/desktop/api/calls/n1/hold', {}, newer, bobPage)).status).toBe(200)
    expect((await call('POST', '/desktop/api/calls/n1/release', {}, newer)).status).toBe(200)
    expect(calls.actions.slice(actionsBefore)).toEqual([
      { action: 'hold', callId: 'n1' },
      { action: 'release', callId: 'n1' },
    ])
    calls.offer({ callId: 'n1', state: 'ended' })
    expect((await call('POST', '/desktop/api/logout', {}, newer, bobPage)).status).toBe(200)
  })
})

describe('screen pop and call controls', () => {
  it("streams the calls routed to this agent, with what the strategy attached, and no one else's", async () => {
    const cookie = await login('ann')
    const events = await stream(cookie)
    calls.offer({ callId: 'c-bob', agent: 'bob', ani: '555', dnis: '8000' })
    calls.offer({
      callId: 'c1',
      agent: 'ann',
      ani: '+15551230001',
      dnis: '8000',
      attached: { language: 'en', crm_tier: 'gold' },
    })
    const pop = await eventually(() => events.find((e) => e.event === 'call'))
    expect(pop.data).toMatchObject({
      callId: 'c1',
      ani: '+15551230001',
      state: 'ringing',
      attached: { crm_tier: 'gold' },
    })
    calls.offer({ callId: 'c1', state: 'talking', answeredAt: 2_000 })
    await eventually(() => events.find((e) => e.event === 'call' && e.data.state === 'talking'))
    expect(events.filter((e) => e.event === 'call').map((e) => e.data.callId)).toEqual(['c1', 'c1'])
    // a desktop opened now gets the call in its first list
    const late = await stream(cookie)
    expect(late.find((e) => e.event === 'calls')?.data.calls.map((c: Json) => c.callId)).toEqual(['c1'])
  })

  it('refuses to log out while a call is up, then releases it through CallControl once answered', async () => {
    const cookie = await login('ann')
    calls.offer({ callId: 'c5', agent: 'ann', state: 'ringing' })
    const early = await call('POST', '/desktop/api/calls/c5/release', {}, cookie)
    expect(early).toMatchObject({
      status: 409,
      body: { error: 'The call is not answered yet: answer it on your phone first' },
    })
    calls.offer({ callId: 'c5', state: 'ended' })
    expect((await call('POST', '/desktop/api/logout', {}, cookie)).status).toBe(409)
    expect((await call('POST', '/desktop/api/calls/c-bob/release', {}, cookie)).status).toBe(404)
    calls.failNext('481 Call/Transaction Does Not Exist')
    const failed = await call('POST', '/desktop/api/calls/c1/release', {}, cookie)
    expect(failed).toMatchObject({
      status: 502,
      body: { error: 'Release failed: 481 Call/Transaction Does Not Exist' },
    })
    expect((await call('POST', '/desktop/api/calls/c1/release', {}, cookie)).status).toBe(200)
    expect(calls.actions.slice(-2)).toEqual([
      { action: 'release', callId: 'c1' },
      { action: 'release', callId: 'c1' },
    ])
    expect((await call('POST', '/desktop/api/calls/c1/release', {}, cookie)).body.error).toBe(
      'The call has already ended',
    )
  })

  it.each([
    [
      { to: 'zed' },
      404,
      'Transfer to zed failed: agent "zed" is not in the directory; the caller is still with you. Check the id, or pick an agent who is ready, or a routing point to queue the call',
    ],
    [{ to: 'ann' }, 400, 'The call is already yours'],
    [{ to: '70 00' }, 400, 'neither a routing point number'],
    [{ to: '+7000' }, 400, 'neither a routing point number'],
    [{ to: '' }, 400, 'Say where to transfer the call'],
    [{ to: 7000 }, 400, 'Say where to transfer the call'],
  ])('refuses transfer %j with %i', async (body, status, message) => {
    const cookie = await login('ann')
    calls.offer({ callId: 'c2', agent: 'ann', state: 'talking' })
    const answer = await call('POST', '/desktop/api/calls/c2/transfer', body, cookie)
    expect(answer.status).toBe(status)
    expect(answer.body.error).toContain(message)
  })

  it("answers 409 with the bridge's words when it refuses a transfer (nothing sent), 502 when the SIP side fails", async () => {
    const cookie = await login('ann')
    calls.offer({ callId: 'c6', agent: 'ann', state: 'talking' })
    // the refusal's words for the agent, under a prefix naming the transfer (not "Cannot transfer to bob" twice)
    calls.failNext(new CallRefusedError('Cannot transfer to bob now: bob is logged-out', 'bob is logged out'))
    const refusedTransfer = await call('POST', '/desktop/api/calls/c6/transfer', { to: 'bob' }, cookie)
    expect(refusedTransfer).toMatchObject({
      status: 409,
      body: { error: 'Transfer to bob failed: bob is logged out' },
    })
    calls.failNext('481 Call/Transaction Does Not Exist')
    expect(await call('POST', '/desktop/api/calls/c6/transfer', { to: 'bob' }, cookie)).toMatchObject({
      status: 502,
      body: { error: 'Transfer to bob failed: 481 Call/Transaction Does Not Exist' },
    })
    calls.offer({ callId: 'c6', state: 'ended' })
  })

  it('holds and retrieves a talking call through CallControl, the stream showing it held, and 409s the wrong state', async () => {
    const cookie = await login('ann')
    const events = await stream(cookie)
    calls.offer({ callId: 'c8', agent: 'ann', state: 'ringing' })
    const early = await call('POST', '/desktop/api/calls/c8/hold', undefined, cookie)
    expect(early).toMatchObject({ status: 409, body: { error: expect.stringContaining('not answered yet') } })
    calls.offer({ callId: 'c8', state: 'talking' })
    expect((await call('POST', '/desktop/api/calls/c8/hold', {}, cookie)).status).toBe(200)
    await eventually(() => events.some((e) => e.event === 'call' && e.data.held === true) || undefined)
    calls.failNext('The caller is already on hold', 'CALL_REFUSED')
    const twice = await call('POST', '/desktop/api/calls/c8/hold', {}, cookie)
    expect(twice).toMatchObject({
      status: 409,
      body: { error: 'Hold failed: The caller is already on hold' },
    })
    expect((await call('POST', '/desktop/api/calls/c8/retrieve', {}, cookie)).status).toBe(200)
    expect(calls.actions.filter((a) => a.callId === 'c8').map((a) => a.action)).toEqual([
      'hold',
      'hold',
      'retrieve',
    ])
    expect(calls.calls().find((c) => c.callId === 'c8')).toMatchObject({ held: false, heldMs: 0 })
    calls.offer({ callId: 'c8', state: 'ended' })
  })

  it('refuses release, hold, retrieve and transfer on a chat with why, sending nothing to any phone', async () => {
    const cookie = await login('ann')
    const events = await stream(cookie)
    calls.offer({ callId: 'ch1', interaction: 'chat-1', agent: 'ann', state: 'talking', media: 'chat' })
    // the desktop reads the media, so it shows a chat as one
    await eventually(() => events.some((e) => e.event === 'call' && e.data.media === 'chat') || undefined)
    const before = calls.actions.length
    for (const [action, body] of [
      ['release', {}],
      ['hold', {}],
      ['retrieve', {}],
      ['transfer', { to: '7000' }],
    ] as const) {
      const answer = await call('POST', `/desktop/api/calls/ch1/${action}`, body, cookie)
      expect(answer, action).toMatchObject({ status: 409, body: { code: 'not-a-call' } })
      expect(answer.body.error).toContain('works on phone calls; chat-1 is a chat interaction')
    }
    expect(calls.actions.length).toBe(before)
    // a logout waits for the chat too, in its words (ann's calls of earlier tests may be up beside it)
    const logout = await call('POST', '/desktop/api/logout', {}, cookie)
    calls.offer({ callId: 'ch1', state: 'ended' })
    expect(logout.status).toBe(409)
    expect(logout.body.error).toMatch(/close your chat where you handle chat before logging out$/i)
  })

  it("acts on a transferred call's next leg for its agent, not on the Call-ID's first leg (another agent's)", async () => {
    const cookie = await login('bob')
    // as the bridge lists them: ann's leg (still talking: the caller's BYE has not come yet), then bob's next leg
    calls.offer({ callId: 't1', agent: 'ann', state: 'talking' })
    calls.offerLeg({ callId: 't1', interaction: 't1~2', agent: 'bob', state: 'talking' })
    expect((await call('POST', '/desktop/api/calls/t1/hold', {}, cookie)).status).toBe(200)
    expect((await call('POST', '/desktop/api/calls/t1/release', {}, cookie)).status).toBe(200)
    expect(calls.actions.slice(-2)).toEqual([
      { action: 'hold', callId: 't1', agent: 'bob' },
      { action: 'release', callId: 't1', agent: 'bob' },
    ])
    const legs = calls.calls().filter((c) => c.callId === 't1')
    expect(legs.map((c) => `${c.agent} ${c.state} ${c.held === true}`)).toEqual([
      'ann talking false',
      'bob ended true',
    ])
    expect((await call('POST', '/desktop/api/calls/t1/release', {}, cookie)).body.error).toBe(
      'The call has already ended',
    )
    calls.offer({ callId: 't1', state: 'ended' })
  })

  it('blind-transfers to a routing point or an agent, and the call leaves this desktop', async () => {
    const cookie = await login('ann')
    const events = await stream(cookie)
    calls.offer({ callId: 'c3', agent: 'ann', state: 'talking' })
    expect((await call('POST', '/desktop/api/calls/c3/transfer', { to: '7000' }, cookie)).status).toBe(200)
    expect(calls.actions.at(-1)).toEqual({ action: 'transfer', callId: 'c3', to: '7000' })
    const gone = await eventually(() =>
      events.find((e) => e.event === 'call' && e.data.callId === 'c3' && e.data.state === 'queued'),
    )
    expect(gone.data.agent).toBeUndefined()
    calls.offer({ callId: 'c4', agent: 'ann', state: 'talking' })
    expect((await call('POST', '/desktop/api/calls/c4/transfer', { to: 'bob' }, cookie)).status).toBe(200)
    expect(calls.actions.at(-1)).toEqual({ action: 'transfer', callId: 'c4', to: 'bob' })
    expect(
      (await call('GET', '/desktop/api/calls', undefined, cookie)).body.calls.map((c: Json) => c.callId),
    ).toEqual(['c2'])
  })

  it('refuses a sixth open stream of one login with a 429', async () => {
    const cookie = await login('ann')
    for (let i = 0; i < 5; i++) await stream(cookie)
    const sixth = await fetch(`${base}/desktop/api/events`, { headers: { cookie } })
    expect(sixth.status).toBe(429)
    expect((await sixth.json()).error).toBe('At most 5 open desktops per login')
  })

  it('stops listening to CallControl when a stream closes', async () => {
    const cookie = await login('ann')
    const before = calls.listeners()
    await stream(cookie)
    expect(calls.listeners()).toBe(before + 1)
    for (const s of streams.splice(0)) s.abort()
    await eventually(() => (calls.listeners() === before ? true : undefined))
  })
})

describe('the other bridges a desktop may move to', () => {
  it('takes http(s) desktop URLs, each ending in / (the app base)', () => {
    expect(checkBridgeUrls(['http://10.0.0.2:8090/desktop', 'https://b.example/desktop/'])).toEqual([
      'http://10.0.0.2:8090/desktop/',
      'https://b.example/desktop/',
    ])
  })

  it.each([
    ['10.0.0.2:8090/desktop/', /bridges\[0\]: "10\.0\.0\.2:8090\/desktop\/" is not (a URL|http)/],
    ['not a url', /bridges\[0\]: "not a url" is not a URL; give the desktop's, e\.g\. http:/],
    ['ftp://b/desktop/', /is not http\(s\)/],
  ])('refuses %j at start, saying what to give', (url, message) => {
    expect(() => createDesktopApi({ serveUrl: routing.server.url, calls, bridges: [url] })).toThrow(message)
  })

  it('lists them and names this bridge in the session', async () => {
    const api = createDesktopApi({
      serveUrl: routing.server.url,
      calls,
      bridgeName: 'a',
      bridges: () => ['http://127.0.0.1:1/desktop/'],
    })
    const other = createServer((req, res) => {
      if (!api(req, res)) res.writeHead(404).end()
    })
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done))
    try {
      const at = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
      const res = await fetch(`${at}/desktop/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'ann' }),
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ bridge: 'a', bridges: ['http://127.0.0.1:1/desktop/'] })
    } finally {
      other.closeAllConnections()
      await new Promise((done) => other.close(done))
    }
  })
})
