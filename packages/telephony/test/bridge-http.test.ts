// Hostile requests to the bridge's /telephony/* endpoints: each gets a 4xx JSON answer that says what was wrong
// (bad percent-encoding, no such call, a body that is not JSON, too large or not an object, a wrong method), and the
// bridge keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BridgeServer, createBridge, type RouterClient, startBridgeServer } from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'

const router: RouterClient = {
  async call(method, path) {
    if (path === '/v1/agents') return { status: 200, body: { agents: [{ id: 'ann', state: 'ready' }] } }
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

async function send(method: string, path: string, body?: string, type = 'application/json') {
  const response = await fetch(`${server.url}${path}`, {
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
