// The bridge fits a caller's ANI to the limits of the serve it submits to (GET /v1/limits), not the router's
// defaults: real serve in-process with small --limits, the bridge driven by Kamailio's events without SIP; read
// again when its event stream reconnects to a restarted serve; the defaults, logged, with an older serve.
import { eventually } from '@routewright/node-support/testing'
import { startServer } from '@routewright/server'
import type { RouterLimits } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createBridge,
  createRouterClient,
  followServe,
  type RouterClient,
  TELEPHONY_WORKSPACE,
} from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function serveWith(limits: Partial<RouterLimits>, port = 0) {
  const serve = await startServer({
    workspace: TELEPHONY_WORKSPACE,
    port,
    watch: false,
    limits,
    shutdownGraceMs: 100,
  })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await serve.close()
  }
  stops.push(close)
  return { url: serve.url, port: Number(new URL(serve.url).port), close }
}

/** A bridge on `router` whose Kamailio messages and log lines are kept. */
function bridgeOn(router: RouterClient) {
  const logged: Array<[string, Record<string, unknown> | undefined]> = []
  const bridge = createBridge({
    router,
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    log: (message, fields) => logged.push([message, fields]),
  })
  const sent: Array<Record<string, unknown>> = []
  bridge.connect((message) => sent.push(message))
  const invite = (callid: string, ani: string) =>
    bridge.onKamailio(inviteEvent({ callid, ani, contact: 'sip:caller@127.0.0.1:7000' }))
  /** The message ringing an agent for `callid`, once the router routed it. */
  const rung = (callid: string) =>
    eventually(async () =>
      sent.find((m) => m.action === 'agent' && String(m.headers).includes(`Interaction: ${callid}\r\n`)),
    )
  return { bridge, logged, invite, rung }
}

const ANI = `+1${'5'.repeat(28)}`

describe("the bridge and serve's limits", () => {
  it("cuts a 30-character ANI to serve's maxAddressChars (20) with a log line, and the call is routed", async () => {
    const serve = await serveWith({ maxAddressChars: 20 })
    const router = createRouterClient(serve.url)
    const b = bridgeOn(router)
    await b.bridge.readServeLimits()
    const events = followServe(router, b.bridge)
    stops.push(() => events.stop())
    await events.ready
    expect((await router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)

    b.invite('long-ani', ANI)
    const rung = await b.rung('long-ani')
    expect(rung).toMatchObject({ agent: 'ann' })
    // the strategy attaches the ANI serve took: it reaches the agent's phone as X-CallerNumber, cut to 20
    expect(String(rung.headers)).toContain(`X-CallerNumber: ${ANI.slice(0, 20)}\r\n`)
    expect(b.logged).toContainEqual([
      'caller ANI cut to fit',
      { interaction: 'long-ani', why: 'cut from 30 to 20 characters (limits.maxAddressChars)' },
    ])
    expect(b.logged.filter(([message]) => message === 'router refused the call')).toEqual([])
  })

  it('reads them again when its event stream reconnects to a serve restarted with other limits', async () => {
    const first = await serveWith({ maxAddressChars: 20 })
    const router = createRouterClient(first.url)
    const b = bridgeOn(router)
    // the desktop's word to read serve's capabilities again: serve may be another build now
    let reconnects = 0
    b.bridge.onServeReconnected(() => reconnects++)
    await b.bridge.readServeLimits()
    const events = followServe(router, b.bridge)
    stops.push(() => events.stop())
    await events.ready
    expect(reconnects).toBe(0)
    await first.close()
    await serveWith({ maxAddressChars: 24 }, first.port)
    await eventually(async () => (reconnects === 1 ? true : undefined))
    await eventually(async () =>
      b.logged.some(
        ([message, fields]) => message.startsWith("serve's limits read") && fields?.maxAddressChars === 24,
      )
        ? true
        : undefined,
    )
    expect((await router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    b.invite('after-restart', ANI)
    expect(String((await b.rung('after-restart')).headers)).toContain(
      `X-CallerNumber: ${ANI.slice(0, 24)}\r\n`,
    )
  })

  it('keeps the default limits, with a log line, when serve has no GET /v1/limits (an older serve)', async () => {
    const submits: Array<Record<string, unknown>> = []
    const older: RouterClient = {
      async call(method, path, body) {
        if (path === '/v1/limits') return { status: 404, body: { error: 'Not found' } }
        if (method === 'POST' && path === '/v1/interactions') submits.push(body as Record<string, unknown>)
        return { status: method === 'POST' ? 201 : 200, body: {} }
      },
      follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
    }
    const b = bridgeOn(older)
    await b.bridge.readServeLimits()
    expect(b.logged).toContainEqual([
      "serve's limits unknown (an older serve without GET /v1/limits?): the default limits are used",
      { status: 404, maxAddressChars: 128 },
    ])
    b.invite('old-serve', `+${'5'.repeat(199)}`)
    await eventually(async () => (submits.length > 0 ? true : undefined))
    expect(String(submits[0]?.ani)).toHaveLength(128)
    // nor does it say its reservation timeout: the bridge's own stays
    expect(b.bridge.health().reservationTimeoutMs).toBe(15_000)
  })

  it("counts with serve's reservation timeout, not its own guess, and reads it again after a restart", async () => {
    const first = await serveWith({ reservationTimeoutMs: 8000 })
    const router = createRouterClient(first.url)
    const b = bridgeOn(router)
    expect(b.bridge.health().reservationTimeoutMs).toBe(15_000)
    await b.bridge.readServeLimits()
    expect(b.bridge.health().reservationTimeoutMs).toBe(8000)
    expect(b.logged).toContainEqual([
      "serve's reservation timeout read: a ringing call's fate is asked of Kamailio before it runs out",
      { reservationTimeoutMs: 8000, was: 15_000 },
    ])
    const events = followServe(router, b.bridge)
    stops.push(() => events.stop())
    await events.ready
    await first.close()
    await serveWith({ reservationTimeoutMs: 30_000 }, first.port)
    await eventually(async () => (b.bridge.health().reservationTimeoutMs === 30_000 ? true : undefined))
  })
})
