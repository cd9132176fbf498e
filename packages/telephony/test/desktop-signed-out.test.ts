// A login that signs another agent out, on the real stack: the desktop mounted on the bridge's HTTP side as a bridge
// runs it (desktopHandlers), serve behind a relay that refuses what a test picks, the bridge's own log read back.
import { describe, expect, it } from 'vitest'
import { desktopHandlers } from '../src/desktop-mount.ts'
import { readPhoneLog, startTelephonyStack, type TelephonyStack, waitFor } from '../src/index.ts'
import { bridgeLogLines } from './bridge-log.ts'
import { login } from './desktop-client.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { readTrace, waitForMessages } from './phone-trace.ts'
import { ringWithdrawn, type SignedOutRing, signOutDuringRing } from './ring-sign-out.ts'
import { routerAgent } from './router-agents.ts'
import { type ServeRelay, startServeRelay } from './serve-relay.ts'
import { stackPerTest } from './stack-report.ts'
import { agentCallOnB, startTwoBridges, type TwoBridges } from './two-bridges.ts'

const keep = stackPerTest()

/** ann, whose phone never answers, and bob (answering in 300 ms), nobody ready; a ring runs out after `ronaMs`. */
const annAndBob = async (ronaMs = 14_000) =>
  keep(
    await startTelephonyStack({
      agents: [{ id: 'ann', ringMs: Infinity }, { id: 'bob' }],
      ready: false,
      ronaMs,
    }),
  )

/**
 * bob (made ready) took the call whose ring at ann's was withdrawn: the callers done, no RONA, his phone rung with
 * that call only; ann still logged out (never made not ready by a ring-no-answer) and no Kamailio fault.
 */
async function bobTookTheCall(s: TelephonyStack, callers: SignedOutRing['callers'], callId: string) {
  await waitFor('bob to take the call', () => s.bridge.calls().some((c) => c.agent === 'bob'), 10_000)
  expect(await callers.exited).toBe(0)
  expect(s.bridge.figures()).toMatchObject({ ronas: 0 })
  const bobPhone = s.phones.find((p) => p.agent === 'bob')!.messageFile
  expect(readPhoneLog(readTrace(bobPhone)).invites.map((i) => i.callId)).toEqual([callId])
  expect(await routerAgent(s, 'ann')).toMatchObject({ state: 'logged-out' })
  expect(kamailioLogFaults(s)).toEqual([])
}

/**
 * ann logged in at b, her call (`ani`) talking there, then signed out by carla's login in her browser: her logout
 * waits at b for the call's end. `aDesktop` is the other bridge's desktop, where a test logs her in again.
 */
async function annSignedOutAtBDuringCall(two: TwoBridges, ani: string) {
  const aDesktop = `${two.s.bridgeUrl}/desktop/`
  const bDesktop = `${two.linkB.url}/desktop/`
  const annAtB = await login(bDesktop, 'ann')
  const { callers, own, annCall } = await agentCallOnB(two, 'talking', { ani, holdMs: 60_000 })
  const carla = await login(bDesktop, 'carla', annAtB.cookie)
  expect(carla.session.signedOut).toEqual({ agent: 'ann', serve: 'after-call' })
  return { aDesktop, callers, own, annCall }
}

/** Waits for b's word that ann's waiting logout no longer applies (or her logout), then expects her login kept. */
async function waitingLogoutDroppedAtB(two: TwoBridges): Promise<void> {
  const dropped = () =>
    bridgeLogLines(
      two.s.runDir,
      'the logout waiting for the call no longer applies: serve holds another state for the agent',
      'bridge-b.log',
    )
  await waitFor(
    "b's word on ann's waiting logout",
    async () => dropped().length > 0 || (await routerAgent(two.s, 'ann'))?.state === 'logged-out',
    10_000,
  )
  expect(await routerAgent(two.s, 'ann')).toMatchObject({ state: 'not-ready', reason: 'Logged in' })
  expect(dropped()).toMatchObject([{ agent: 'ann', state: 'not-ready', reason: 'Logged in' }])
}

describe('a login that signs another agent out, on the real stack', () => {
  // before, the desktop mounted on the bridge got no log: serve not taking ann's logout was written nowhere
  it("writes serve's refusal of the signed-out agent's logout to the bridge's log", async () => {
    let relay: ServeRelay | undefined
    const s = keep(
      await startTelephonyStack({
        agents: [{ id: 'ann' }, { id: 'bob' }],
        ready: false,
        http: async (context) => {
          relay = await startServeRelay(context.serveUrl)
          return desktopHandlers({ ...context, serveUrl: relay.url })
        },
      }),
    )
    try {
      const desktop = `${s.bridgeUrl}/desktop/`
      const ann = await login(desktop, 'ann')
      relay!.refuse((method, url) => method === 'PUT' && url === '/v1/agents/ann/state')
      const bob = await login(desktop, 'bob', ann.cookie)
      expect(bob.session.signedOut).toEqual({
        agent: 'ann',
        serve: 'not-taken',
        error: 'serve is restarting',
      })
      expect(
        bridgeLogLines(
          s.runDir,
          'serve did not take the logout of an agent signed out by another login; still logged in there',
        ),
      ).toMatchObject([{ agent: 'ann', error: 'serve is restarting' }])
    } finally {
      await relay?.close()
    }
  })

  // the agent whose phone rings when another login takes the browser: the ring is withdrawn at once (not left to ring
  // for its 14 s ring-no-answer), the phone's INVITE cancelled, the call offered to the next agent in its place in line, no RONA, and
  // ann logged out at serve as soon as the ring is gone
  it('withdraws the ring of the signed-out agent at once, gives the call to the next agent and logs her out', async () => {
    const s = await annAndBob()
    const { callers, callId } = await signOutDuringRing(s, 'bob-login', { holdMs: 500 })
    expect((await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })).status).toBe(200)
    // well before the ring-no-answer (14 s): withdrawn, not rung out
    await waitFor(
      'ann logged out at serve',
      async () => (await routerAgent(s, 'ann'))?.state === 'logged-out',
      8000,
    )
    await ringWithdrawn(s, callId)
    await bobTookTheCall(s, callers, callId)
    // the unring found its transaction (no 'nothing to unring', no warning)
    expect(kamailioLogLines(s, /nothing to unring|no INVITE transaction/)).toEqual([])
  })

  // the ring that is never answered, with nobody else ready: withdrawn now (before, it ran to the router's
  // ring-no-answer, whose not-ready must not outlast her logout), the call waits in line and she stays logged out
  it('logs the signed-out agent out once her ring is gone, and she stays out', async () => {
    const s = await annAndBob(2000)
    const { callers, annCall } = await signOutDuringRing(s, 'bob-login', { patienceMs: 6000 })
    await waitFor('the ring-no-answer', () => annCall()?.state !== 'ringing', 10_000)
    const annAtServe = async () => (await routerAgent(s, 'ann'))?.state
    await waitFor('ann logged out at serve', async () => (await annAtServe()) === 'logged-out', 10_000)
    await callers.exited
    // and she stays out: the router's not-ready of the ring-no-answer came before, not after
    expect(await annAtServe()).toBe('logged-out')
  })
})

describe('logging out while a call rings, on the real stack', () => {
  // before, her own Log out answered 409 "Release or transfer your call before logging out" while the phone rang:
  // now, as a Genesys or Connect agent may, she is logged out, the ring withdrawn (no RONA) and the call given to bob
  it('logs the agent out, withdraws her ring and gives the call to the next agent', async () => {
    const s = await annAndBob()
    const { callers, callId } = await signOutDuringRing(s, 'logout', { holdMs: 500 })
    expect(await routerAgent(s, 'ann')).toMatchObject({ state: 'logged-out' })
    expect((await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })).status).toBe(200)
    await ringWithdrawn(s, callId)
    await bobTookTheCall(s, callers, callId)
  })

  // a call dialled to her extension has no line to go back to: before, it rang on after bob's login took her
  // browser (until Kamailio's ring timeout, whose not-ready `no-answer` then kept her logged in at serve); now its
  // ring is cancelled, its caller hears 480 (she is not available, not busy: 486 would say she is on a call) and
  // she is logged out
  it('ends the ring of a call dialled to a signed-out agent with 480 and logs her out', async () => {
    const s = await annAndBob()
    const { callers, callId, annCall } = await signOutDuringRing(s, 'bob-login', { dnis: 'ann' })
    await ringWithdrawn(s, callId)
    await waitForMessages(callers.messageFile, (m) => m.startsWith('SIP/2.0 480 Agent logged out'), {
      direction: 'received',
      what: "the caller's 480",
      timeoutMs: 8000,
    })
    await waitFor(
      'ann logged out at serve',
      async () => (await routerAgent(s, 'ann'))?.state === 'logged-out',
      8000,
    )
    await callers.exited
    expect(annCall()).toMatchObject({ state: 'ended' })
    expect(kamailioLogFaults(s)).toEqual([])
  })
})

// Several bridges share one serve: the logout waiting for ann's call at b is recorded in serve's state (her not-ready
// `Signed out: logs out after this call`), so her login through a replaces it and b, at the call's end, logs nobody
// out. Before, the waiting logout lived in b's memory only: a's login kept serve's not-ready as it found it, and b
// logged ann out at the end of the call, signed in at a as she was.
describe('a logout waiting at one bridge and a login through another', () => {
  it("is cancelled by the agent's login through the other bridge", async () => {
    const two = await startTwoBridges(keep, { ready: false }, { http: true })
    const { aDesktop, callers, own, annCall } = await annSignedOutAtBDuringCall(two, '5559300')
    await login(aDesktop, 'ann')
    expect(await routerAgent(two.s, 'ann')).toMatchObject({ state: 'not-ready', reason: 'Logged in' })
    await two.b.release(annCall.callId)
    await waitingLogoutDroppedAtB(two)
    await two.a.release(own.callId)
    expect(await callers.exited).toBe(0)
  })
  // the login landing between b's read of serve and its logout: before, b read the not-ready, then logged ann out
  // over her new login; now one conditional logout (ifState, ifReason) serve refuses once the reason changed
  it('keeps a login through the other bridge that lands just before the logout', async () => {
    let relay: ServeRelay | undefined
    const two = await startTwoBridges(
      keep,
      {
        ready: false,
        http: async (context) => {
          relay ??= await startServeRelay(context.serveUrl)
          return desktopHandlers({ ...context, serveUrl: relay.url })
        },
      },
      { http: true },
    )
    try {
      const { aDesktop, callers, own, annCall } = await annSignedOutAtBDuringCall(two, '5559301')
      relay!.before(
        (method, url, body) =>
          method === 'PUT' && url === '/v1/agents/ann/state' && body.includes('"logged-out"'),
        async () => void (await login(aDesktop, 'ann')),
      )
      await two.b.release(annCall.callId)
      await waitingLogoutDroppedAtB(two)
      await two.a.release(own.callId)
      expect(await callers.exited).toBe(0)
    } finally {
      await relay?.close()
    }
  })
})
