// Hostile requests to the bridge's /telephony/* endpoints: each gets a 4xx JSON answer that says what was wrong
// (bad percent-encoding, no such call, a body that is not JSON, too large or not an object, a wrong method), and the
// bridge keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BridgeServer,
  createBridge,
  type RouterClient,
  startBridgeServer,
  waitFor,
} from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'

const router: RouterClient = {
  async call(method, path) {
    if (path.split('?')[0] === '/v1/agents')
      return { status: 200, body: { agents: [{ id: 'ann', state: 'ready' }] } }
    return { status: method === 'POST' && path === '/v1/interactions' ? 201 : 200, body: {} }
  },
  follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
}

let server: BridgeServer

beforeAll(async () => {
  const bridge = createBridge({ router, strategy: 'inbound-call', sipDomain: '127.0.0.1:5060' })
  // Kamailio as kamailio.cfg's TAKE answers a talking call's take it does not hold (a call of no bridge)
  bridge.connect((m) => {
    if (m.action === 'take' && m.talking === 1)
      queueMicrotask(() => bridge.onKamailio({ event: 'not-taken', callid: m.callid, leg: 0, bridge: '' }))
  })
  // one call queued at the bridge (not yet with an agent): a known id for the body checks
  bridge.onKamailio(inviteEvent())
  server = await startBridgeServer(bridge, [])
})

afterAll(async () => {
  await server?.close()
})

async function send(
  method: string,
  path: string,
  body?: string,
  type = 'application/json',
  at: BridgeServer = server,
) {
  const response = await fetch(`${at.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': type } }),
  })
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    allow: response.headers.get('allow'),
    body: (await response.json()) as { error?: string },
  }
}

describe("the bridge's HTTP side under hostile input", () => {
  it.each([
    ['POST', '/telephony/calls/%E0%A4%A/release', undefined, 400, /not valid percent-encoding/],
    [
      'POST',
      '/telephony/calls/nope/release',
      undefined,
      404,
      /No call "nope" at this bridge: Kamailio holds no/,
    ],
    ['POST', '/telephony/calls/nope/transfer', '{"to":"5000"}', 404, /No call "nope"/],
    ['POST', '/telephony/calls/c1/transfer', '{bad json', 400, /JSON/],
    ['POST', '/telephony/calls/c1/transfer', 'null', 400, /transfer needs \{"to"/],
    ['POST', '/telephony/calls/c1/transfer', '[]', 400, /transfer needs \{"to"/],
    ['POST', '/telephony/calls/c1/transfer', '{"to": 7000}', 400, /transfer needs \{"to"/],
    ['POST', '/telephony/calls/c1/transfer', `{"to":"${'a'.repeat(5000)}"}`, 413, /byte limit/],
    ['POST', '/telephony/calls/c1/transfer', '{"to":"5000"}', 409, /not connected to an agent/],
    ['POST', '/telephony/calls/c1/hold', undefined, 409, /not connected to an agent: nothing to hold/],
    ['POST', '/telephony/calls/nope/retrieve', undefined, 404, /No call "nope" at this bridge/],
    ['POST', '/telephony/calls/c1/release?agent=', undefined, 400, /\?agent=: Give your agent id/],
    ['POST', '/telephony/calls/c1/hold?agent=1ann', undefined, 400, /\?agent=: "1ann" is not an agent id/],
    ['POST', '/telephony/calls/c1/retrieve?agent=ann&agent=bob', undefined, 400, /Give \?agent= once/],
    ['POST', '/telephony/calls/c1/transfer?agnt=ann', '{"to":"5000"}', 400, /Unknown query parameter "agnt"/],
    ['POST', '/telephony/calls/c1/release?agent=dan', undefined, 409, /Call "c1" is not connected to dan/],
  ])('%s %s answers %i (%#)', async (method, path, body, status, error) => {
    const answer = await send(method, path, body)
    expect(answer.status).toBe(status)
    expect(answer.type).toBe('application/json')
    expect(answer.body.error).toMatch(error)
  })

  it.each([
    ['GET', '/telephony/calls/c1/release', 'POST'],
    ['DELETE', '/telephony/calls/c1/transfer', 'POST'],
    ['POST', '/telephony/health', 'GET'],
    ['PUT', '/telephony/calls', 'GET'],
  ])('%s %s is a 405 naming %s', async (method, path, allow) => {
    const answer = await send(method, path)
    expect(answer.status).toBe(405)
    expect(answer.allow).toBe(allow)
    expect(answer.body.error).toContain(`use ${allow}`)
  })

  it('still answers after all of that', async () => {
    const answer = await send('GET', '/telephony/calls')
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ calls: [expect.objectContaining({ callId: 'c1' })] })
  })
})

const PHONE_SDP = Buffer.from(
  'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n',
).toString('base64')

/**
 * Call c1 transferred from ann to bob, both legs talking: bob answered the next leg (caller tag f2, his phone at
 * port 7200) before the caller's BYE of ann's leg (f1, port 7100) came. What Kamailio was told is in `sent`.
 */
async function transferOverlap() {
  const sent: Array<Record<string, unknown>> = []
  const bridge = createBridge({ router, strategy: 'inbound-call', sipDomain: '127.0.0.1:5060' })
  bridge.connect((m) => sent.push(m))
  const answered = (ftag: string, ttag: string, port: number) =>
    bridge.onKamailio({
      event: 'answered',
      callid: 'c1',
      ftag,
      ttag,
      to: `<sip:5000@x>;tag=${ttag}`,
      contact: `sip:phone@127.0.0.1:${port}`,
      sdp: PHONE_SDP,
    })
  bridge.onKamailio(inviteEvent({ from: '"+1" <sip:+1@x>;tag=f1' }))
  bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
  answered('f1', 't1', 7100)
  const firstTransfer = bridge.transfer('c1', '5001')
  await waitFor('the REFER', () => sent.some((m) => m.action === 'refer'), 1000)
  bridge.onKamailio(inviteEvent({ ftag: 'f2', from: '"+1" <sip:+1@x>;tag=f2', tindex: 5, tlabel: 6 }))
  bridge.onRouterEvent({ type: 'routed', interaction: 'c1~2', agent: 'bob' })
  answered('f2', 't2', 7200)
  expect(bridge.calls().map((c) => `${c.agent} ${c.state}`)).toEqual(['ann talking', 'bob talking'])
  const at = await startBridgeServer(bridge, [])
  /** Kamailio's answer to the last command, naming the leg by its caller tag as kamailio.cfg does. */
  const kamailio = (event: string, extra: Record<string, unknown>) =>
    bridge.onKamailio({ event, callid: 'c1', ...extra })
  return { bridge, sent, at, kamailio, firstTransfer }
}

/** Waits for the command `action` to reach Kamailio and returns it. */
async function nextSent(sent: Array<Record<string, unknown>>, action: string, after: number) {
  await waitFor(`the ${action}`, () => sent.slice(after).some((m) => m.action === action), 1000)
  return sent.slice(after).find((m) => m.action === action)!
}

describe("the bridge's HTTP call commands with ?agent= (a transferred call's two legs both talking)", () => {
  it("hold, retrieve and release act on the named agent's leg, not the old one", async () => {
    const { sent, at, kamailio } = await transferOverlap()
    try {
      for (const action of ['hold', 'retrieve'] as const) {
        const before = sent.length
        const answer = send('POST', `/telephony/calls/c1/${action}?agent=bob`, undefined, undefined, at)
        const reinvite = await nextSent(sent, 'reinvite', before)
        // the re-INVITE goes in bob's dialog (his tag, his phone as Contact), not ann's
        expect(String(reinvite.headers)).toContain('tag=f2')
        expect(String(reinvite.headers)).toContain('Contact: <sip:phone@127.0.0.1:7200>')
        kamailio('reinvited', { ftag: 'f2', code: 200 })
        expect((await answer).status).toBe(200)
      }
      const before = sent.length
      const answer = send('POST', '/telephony/calls/c1/release?agent=bob', undefined, undefined, at)
      expect(await nextSent(sent, 'release', before)).toMatchObject({
        ftag: 'f2',
        leg: 2,
        agentUri: 'sip:phone@127.0.0.1:7200',
      })
      kamailio('released', { ftag: 'f2', code: 200 })
      kamailio('agent-bye', { ftag: 'f2', code: 200, answered: true })
      expect((await answer).status).toBe(200)
    } finally {
      await at.close()
    }
  })

  it("transfer acts on the named agent's leg", async () => {
    const { sent, at, kamailio, firstTransfer } = await transferOverlap()
    try {
      const before = sent.length
      const answer = send('POST', '/telephony/calls/c1/transfer?agent=bob', '{"to":"5002"}', undefined, at)
      const refer = await nextSent(sent, 'refer', before)
      expect(String(refer.headers)).toContain('Refer-To: <sip:5002@127.0.0.1:5060>')
      expect(String(refer.headers)).toContain('tag=f2')
      // the caller leaves bob's leg for the new target, and ann's old leg by its own BYE
      kamailio('bye', { ftag: 'f2', ttag: 't2', leg: 2 })
      expect((await answer).status).toBe(200)
      kamailio('bye', { ftag: 'f1', ttag: 't1', leg: 1 })
      await firstTransfer
    } finally {
      await at.close()
    }
  })
})

describe("the bridge's HTTP call commands map a failure as the desktop does", () => {
  it('answers 502 when Kamailio could not send the re-INVITE (its 500), 409 when the call refuses (not held)', async () => {
    const sent: Array<Record<string, unknown>> = []
    const bridge = createBridge({ router, strategy: 'inbound-call', sipDomain: '127.0.0.1:5060' })
    bridge.connect((m) => sent.push(m))
    bridge.onKamailio(inviteEvent({ from: '"+1" <sip:+1@x>;tag=f1' }))
    bridge.onRouterEvent({ type: 'routed', interaction: 'c1', agent: 'ann' })
    bridge.onKamailio({
      event: 'answered',
      callid: 'c1',
      ftag: 'f1',
      ttag: 't1',
      to: '<sip:5000@x>;tag=t1',
      contact: 'sip:phone@127.0.0.1:7100',
      sdp: PHONE_SDP,
    })
    const at = await startBridgeServer(bridge, [])
    try {
      const before = sent.length
      const answer = send('POST', '/telephony/calls/c1/hold', undefined, undefined, at)
      await nextSent(sent, 'reinvite', before)
      // kamailio.cfg's REINVITE when t_uac_send fails: Kamailio's own 500, nothing sent to the caller
      bridge.onKamailio({ event: 'reinvited', callid: 'c1', ftag: 'f1', code: 500, sent: false })
      const unsent = await answer
      // the gateway failed (the desktop's 502), not the caller's phone saying no (409 before)
      expect(unsent.status).toBe(502)
      expect(unsent.body.error).toMatch(/^Kamailio could not send the re-INVITE/)
      expect(await send('POST', '/telephony/calls/c1/retrieve', undefined, undefined, at)).toMatchObject({
        status: 409,
        body: { error: 'The caller is not on hold' },
      })
    } finally {
      await at.close()
    }
  })
})
