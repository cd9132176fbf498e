// After-call work (BridgeOptions.wrapUp): a routed call's end holds its complete until the agent's disposition, the
// wrap-up's seconds on the bridge's clock, or a logout; the desktop API sets the agent after-call work and ready
// through the same path as its buttons. The bridge on a simulated clock, the desktop API against a real serve.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type TestServer } from '../../server/test/helpers.ts'
import { createDesktopApi, type KeptWrapUp, type WrapUpStore, type WrapUpView } from '../src/index.ts'
import { type ServeRelay, startServeRelay } from './serve-relay.ts'
import { advance, settle, simulatedBridge } from './simulated-bridge.ts'

const WRAP_UP = {
  seconds: 30,
  dispositions: [
    { code: 'resolved', label: 'Resolved' },
    { code: 'callback', label: 'Callback needed' },
  ],
}
const ANSWER = { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' }
const COMPLETE = 'POST /v1/interactions/c1/complete'

/** Call c1 answered by ann on a bridge with `wrapUp`, then hung up by the caller. */
async function endedCall(wrapUp: typeof WRAP_UP | null = WRAP_UP, wrapUpStore?: WrapUpStore) {
  const sim = simulatedBridge(wrapUp === null ? {} : { wrapUp, ...(wrapUpStore ? { wrapUpStore } : {}) })
  const seen: WrapUpView[] = []
  sim.bridge.onWrapUp?.((view) => seen.push(view))
  await settle()
  sim.kamailio('answered', ANSWER)
  await settle()
  sim.kamailio('bye', { ttag: 't1' })
  await settle()
  const completes = () => sim.requests.filter((r) => `${r.method} ${r.path}` === COMPLETE)
  return { ...sim, seen, completes }
}

describe('the bridge holds a call’s complete for its wrap-up', () => {
  it('without wrapUp, completes at once as before', async () => {
    const { completes, bridge } = await endedCall(null)
    expect(completes()).toEqual([{ method: 'POST', path: '/v1/interactions/c1/complete', body: undefined }])
    expect(bridge.wrapUp).toBeUndefined()
  })

  it('completes with the disposition the agent picks; a code not configured is refused 422', async () => {
    const { completes, bridge, seen, clock } = await endedCall()
    expect(completes()).toEqual([])
    expect(seen).toMatchObject([{ callId: 'c1', agent: 'ann', endsAt: clock.now() + 30_000 }])
    expect(bridge.wrapUps?.('ann')).toHaveLength(1)
    expect(bridge.wrapUp?.('c1', 'ann', 'sale')).toEqual({
      status: 422,
      error: 'Pick one of the dispositions: "resolved", "callback" (got "sale")',
    })
    expect(bridge.wrapUp?.('c1', 'bob', 'resolved')?.status).toBe(404)
    expect(completes()).toEqual([])
    expect(bridge.wrapUp?.('c1', 'ann', 'resolved')).toBeUndefined()
    await settle()
    expect(completes().map((r) => r.body)).toEqual([{ disposition: 'resolved' }])
    expect(seen.at(-1)).toMatchObject({ outcome: 'done', disposition: 'resolved' })
    expect(bridge.wrapUps?.('ann')).toEqual([])
    expect(clock.pending()).toBe(0)
  })

  it('completes with no disposition when the seconds run out on the bridge’s clock', async () => {
    const { completes, seen, clock } = await endedCall()
    await advance(clock, 29_999)
    expect(completes()).toEqual([])
    await advance(clock, 1)
    expect(completes().map((r) => r.body)).toEqual([undefined])
    expect(seen.at(-1)).toMatchObject({ outcome: 'timed-out' })
    expect(seen.at(-1)?.disposition).toBeUndefined()
  })

  it('refuses a wrapUp the serve would not keep, as the bridge starts', () => {
    expect(() => simulatedBridge({ wrapUp: { seconds: 0, dispositions: [] } })).toThrow(
      /wrapUp.seconds must be a whole number from 1 to 3600/,
    )
    expect(() =>
      simulatedBridge({ wrapUp: { seconds: 10, dispositions: [{ code: 'a\u0007', label: 'A' }] } }),
    ).toThrow(/wrapUp.dispositions\[0\].code/)
  })
})

/** A store as the file is to the next bridge under the same id: `kept` read at its start, each save the latest. */
function memoryStore(kept: unknown[] = []) {
  const saves: KeptWrapUp[][] = []
  return { kept, save: (held: KeptWrapUp[]) => void saves.push(held), saves, last: () => saves.at(-1) }
}

describe('a wrap-up kept for the next bridge under the same id (a restart, a crash)', () => {
  it('is saved at its start and end; a stopped bridge completes nothing and saves nothing more', async () => {
    const store = memoryStore()
    const { bridge, clock, completes } = await endedCall(WRAP_UP, store)
    const started = clock.now()
    expect(store.last()).toEqual([
      { callId: 'c1', interaction: 'c1', agent: 'ann', startedAt: started, endsAt: started + 30_000, leg: 1 },
    ])
    const saves = store.saves.length
    bridge.stop()
    await advance(clock, 60_000)
    expect(completes()).toEqual([])
    expect(bridge.wrapUps?.('ann')).toEqual([])
    expect(store.saves).toHaveLength(saves)
    expect(clock.pending()).toBe(0)
  })

  it('without a store, a stopped bridge completes its held wrap-ups with no disposition (nobody else can)', async () => {
    const { bridge, clock, completes, seen } = await endedCall(WRAP_UP)
    expect(completes()).toEqual([])
    bridge.stop()
    expect(completes()).toEqual([{ method: 'POST', path: '/v1/interactions/c1/complete', body: undefined }])
    expect(seen.at(-1)).toMatchObject({ interaction: 'c1', outcome: 'timed-out' })
    expect(bridge.wrapUps?.('ann')).toEqual([])
    await advance(clock, 60_000)
    expect(completes()).toHaveLength(1)
    expect(clock.pending()).toBe(0)
  })

  it('the next bridge takes up what was kept: Done completes it (its transfer kept), a deadline past at once', async () => {
    const sim = simulatedBridge({ wrapUp: WRAP_UP, wrapUpStore: memoryStore() })
    const now = sim.clock.now()
    const store = memoryStore([
      {
        callId: 'c9',
        interaction: 'c9~2',
        agent: 'bob',
        startedAt: now - 5000,
        endsAt: now + 10_000,
        leg: 2,
        transferredTo: 'dan',
      },
      {
        callId: 'c8',
        interaction: 'c8',
        agent: 'carla',
        startedAt: now - 40_000,
        endsAt: now - 10_000,
        leg: 1,
      },
      // not a bridge's: left out
      'c7',
      { callId: 'c6', interaction: 5, agent: 'x', startedAt: 0, endsAt: 0, leg: 1 },
    ])
    const next = simulatedBridge({ wrapUp: WRAP_UP, wrapUpStore: store })
    await advance(next.clock, 0)
    const completed = () => next.requests.filter((r) => r.path.endsWith('/complete'))
    // carla's seconds ran out while no bridge held it: completed with no disposition at once
    expect(completed()).toEqual([{ method: 'POST', path: '/v1/interactions/c8/complete', body: undefined }])
    expect(next.bridge.wrapUps?.('bob')).toEqual([
      {
        callId: 'c9',
        interaction: 'c9~2',
        agent: 'bob',
        startedAt: now - 5000,
        endsAt: now + 10_000,
        dispositions: WRAP_UP.dispositions,
      },
    ])
    expect(next.bridge.wrapUp?.('c9', 'bob', 'resolved')).toBeUndefined()
    await settle()
    expect(completed().at(-1)).toMatchObject({
      path: '/v1/interactions/c9~2/complete',
      body: { transferred: true, to: 'dan', disposition: 'resolved' },
    })
    expect(store.last()).toEqual([])
    expect(next.clock.pending()).toBe(0)
  })

  it('a kept deadline past the longest wrap-up from now is held that long at most', async () => {
    const sim = simulatedBridge({ wrapUp: WRAP_UP })
    const now = sim.clock.now()
    const next = simulatedBridge({
      wrapUp: WRAP_UP,
      wrapUpStore: memoryStore([
        { callId: 'c9', interaction: 'c9', agent: 'bob', startedAt: now, endsAt: 9e15, leg: 1 },
      ]),
    })
    expect(next.bridge.wrapUps?.('bob')[0]?.endsAt).toBe(now + 3_600_000)
  })
})

describe('the desktop API runs the wrap-up against serve', () => {
  let routing: TestServer | undefined
  let http: Server | undefined
  let relay: ServeRelay | undefined
  afterEach(async () => {
    await relay?.close()
    relay = undefined
    http?.closeAllConnections()
    await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)))
    await routing?.stop()
  })

  async function desktop({ waitForAfterCallWork = true, relayed = false } = {}) {
    const sim = simulatedBridge({ wrapUp: WRAP_UP })
    routing = await serve()
    if (relayed) relay = await startServeRelay(routing.server.url)
    // ann's states as serve takes them, in order
    const states: string[] = []
    routing.server.coordinator.onAgentState?.((event) => {
      if (event.agent === 'ann' && event.state !== undefined) states.push(event.state)
    })
    const serveUrl = relay?.url ?? routing.server.url
    const api = createDesktopApi({ serveUrl, calls: sim.bridge, syncMs: 100 })
    http = createServer((req, res) => {
      if (!api(req, res)) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
    const post = async (path: string, body: unknown, cookie = '') => {
      const response = await fetch(`${base}${path}`, {
        method: path === '/desktop/api/state' ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, response }
    }
    const login = await post('/desktop/api/login', { agent: 'ann' })
    const cookie = login.response.headers.get('set-cookie')!.split(';')[0]!
    expect((await post('/desktop/api/state', { media: 'voice', state: 'ready' }, cookie)).status).toBe(200)
    const state = async () => {
      const { body } = await routing!.request('GET', '/v1/agents')
      return (body.agents as Array<{ id: string; state: string }>).find((a) => a.id === 'ann')?.state
    }
    sim.kamailio('answered', ANSWER)
    await settle()
    sim.kamailio('bye', { ttag: 't1' })
    const completes = () => sim.requests.filter((r) => `${r.method} ${r.path}` === COMPLETE)
    // the call's end puts ann in after-call work at serve, as her button would
    if (waitForAfterCallWork)
      await eventually(async () => ((await state()) === 'after-call-work' ? true : undefined))
    return { ...sim, post, cookie, state, states, completes }
  }

  it('after-call work at the end, 422 for a code not configured, then complete with it and ready', async () => {
    const { post, cookie, state, completes } = await desktop()
    const wrong = await post('/desktop/api/calls/c1/wrap-up', { disposition: 'sale' }, cookie)
    expect(wrong.status).toBe(422)
    expect(wrong.body.error).toMatch(/^Pick one of the dispositions: "resolved", "callback"/)
    expect(completes()).toEqual([])
    const done = await post('/desktop/api/calls/c1/wrap-up', { disposition: 'callback' }, cookie)
    expect(done.status).toBe(200)
    expect(completes().map((r) => r.body)).toEqual([{ disposition: 'callback' }])
    await eventually(async () => ((await state()) === 'ready' ? true : undefined))
  })

  it('a Done before serve took the after-call work still leaves the agent ready, not in after-call work', async () => {
    const { post, cookie, states } = await desktop({ waitForAfterCallWork: false })
    expect((await post('/desktop/api/calls/c1/wrap-up', { disposition: 'resolved' }, cookie)).status).toBe(
      200,
    )
    await eventually(() =>
      states.at(-1) === 'ready' && states.includes('after-call-work') ? true : undefined,
    )
  })

  it('a logout during the wrap-up completes it with no disposition: nothing left held', async () => {
    const { post, cookie, completes, bridge, state } = await desktop()
    expect((await post('/desktop/api/logout', {}, cookie)).status).toBe(200)
    expect(completes().map((r) => r.body)).toEqual([undefined])
    expect(bridge.wrapUps?.('ann')).toEqual([])
    expect(await state()).toBe('logged-out')
  })

  it('the seconds running out complete the call and make the agent ready', async () => {
    const { clock, completes, state } = await desktop()
    await advance(clock, 30_000)
    expect(completes().map((r) => r.body)).toEqual([undefined])
    await eventually(async () => ((await state()) === 'ready' ? true : undefined))
  })

  it('a Not ready taken by serve while the end’s ready is on its way stands: the ready is made only from after-call work', async () => {
    const { post, cookie, state, states } = await desktop({ relayed: true })
    // the agent's Not ready (from another desktop, or a supervisor) lands after this desktop read after-call work
    relay!.before(
      (method, url, body) => method === 'PUT' && url === '/v1/agents/ann/state' && body.includes('"ready"'),
      async () => {
        const set = await routing!.request('PUT', '/v1/agents/ann/state', {
          state: 'not-ready',
          reason: 'break',
        })
        expect(set.status).toBe(200)
      },
    )
    const answers: number[] = []
    relay!.answer(
      (method, url) => method === 'PUT' && url === '/v1/agents/ann/state',
      (answer) => {
        answers.push(answer.status)
        return answer
      },
    )
    expect((await post('/desktop/api/calls/c1/wrap-up', { disposition: 'resolved' }, cookie)).status).toBe(
      200,
    )
    // serve answered the end's change: it refused it, the agent's choice made since stands
    await eventually(() => (answers.length > 0 ? true : undefined))
    expect(answers).toEqual([409])
    expect(states.at(-1)).toBe('not-ready')
    expect(await state()).toBe('not-ready')
  })
})
