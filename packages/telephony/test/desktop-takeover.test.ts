// An agent's desktop follows its calls to a bridge left: ann's desktop is on bridge b's HTTP side (it lists a's
// desktop as where to go), b stops while ann's call talks or rings, and ann's desktop logs in at a. a takes the call
// over from Kamailio (its `calls` table names ann's calls; b is gone, so Kamailio hands each over), and the desktop
// there shows it and acts on it: hold, retrieve, release of a talking call; a ringing call talks once ann answers.
// ann's state at the router is what it was. A desktop that comes to a before Kamailio saw b go has its call left
// alone, and gets it on its stream once Kamailio says b is gone. Real Kamailio, sipp phones and callers, serve, both
// bridges' desktops.
import { describe, expect, it } from 'vitest'
import { type CallView, type StackOptions, waitFor } from '../src/index.ts'
import { act, type Desktop, login } from './desktop-client.ts'
import { kamailioLogLines } from './kamailio-log.ts'
import { stackPerTest } from './stack-report.ts'
import { agentCallOnB, releaseAllAtA, startTwoBridges, stopBridge } from './two-bridges.ts'

const keep = stackPerTest()

async function calls(desktopUrl: string, desk: Desktop): Promise<CallView[]> {
  const res = await fetch(`${desktopUrl}api/calls`, { headers: { cookie: desk.cookie } })
  return ((await res.json()) as { calls: CallView[] }).calls
}

/** Opens a desktop's event stream and collects its `call` events until `stop`. */
async function callEvents(desktopUrl: string, desk: Desktop) {
  const abort = new AbortController()
  const response = await fetch(`${desktopUrl}api/events`, {
    headers: { cookie: desk.cookie },
    signal: abort.signal,
  })
  expect(response.status).toBe(200)
  const seen: CallView[] = []
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (/^event: call$/m.test(block) && data !== undefined) seen.push(JSON.parse(data) as CallView)
      }
    }
  })()
  return { seen, stop: () => abort.abort() }
}

/**
 * Two bridges with their desktops (`aDesktop`, `bDesktop`), one call queued on each and then ann's (b's) in `state`
 * and bob's (a's, `own`), the callers holding for a minute.
 */
async function annCallAtB(options: Partial<StackOptions>, state: CallView['state'], ani: string) {
  const two = await startTwoBridges(keep, { ready: false, ...options }, { http: true })
  const aDesktop = `${two.s.bridgeUrl}/desktop/`
  const bDesktop = `${two.linkB.url}/desktop/`
  const { callers, own, annCall } = await agentCallOnB(two, state, { ani, holdMs: 60_000 })
  return { two, ...two, aDesktop, bDesktop, callers, own, annCall }
}

/** Releases ann's call from her desktop at a, then every call ends as releaseAllAtA checks. */
async function releaseAtA(set: Awaited<ReturnType<typeof annCallAtB>>, atA: Desktop): Promise<void> {
  const released = await act(set.aDesktop, atA, set.annCall.callId, 'release')
  expect(released.status, released.body.error).toBe(200)
  await releaseAllAtA(set.two, set.callers, [set.own], [set.annCall.interaction])
}

describe("an agent's desktop moves to a bridge left with its calls", () => {
  it("shows ann's talking call at a once b is gone, and holds, retrieves and releases it there", async () => {
    const set = await annCallAtB({}, 'talking', '+1212555110')
    const { s, a, linkB, aDesktop, bDesktop, annCall } = set
    // ann's desktop at b: her call, and where to go if b stops answering
    const atB = await login(bDesktop, 'ann')
    expect(atB.session.bridge).toBe('b')
    expect(atB.session.bridges).toEqual([aDesktop])
    expect(atB.session.calls.map((c: CallView) => c.callId)).toEqual([annCall.callId])
    await stopBridge(s, linkB)
    // b's desktop is gone with it
    await expect(fetch(`${bDesktop}api/session`)).rejects.toThrow()
    // the desktop logs ann in at a: a takes her call from Kamailio and lists it
    const atA = await login(aDesktop, 'ann')
    expect(atA.session.bridge).toBe('a')
    expect(atA.session.calls).toMatchObject([{ callId: annCall.callId, state: 'talking', agent: 'ann' }])
    // her state at the router and on the desktop is what it was at b
    expect(atA.session.media).toMatchObject(
      atB.session.media.map((m: { state: string }) => ({ state: m.state })),
    )
    expect(atA.session.router).toMatchObject({
      state: atB.session.router.state,
      load: atB.session.router.load,
    })
    for (const action of ['hold', 'retrieve']) {
      const done = await act(aDesktop, atA, annCall.callId, action)
      expect(done.status, done.body.error).toBe(200)
    }
    expect((await calls(aDesktop, atA))[0]).toMatchObject({ held: false })
    await releaseAtA(set, atA)
    expect(await calls(aDesktop, atA)).toEqual([])
    expect(a.figures()).toMatchObject({ takenTalking: 1 })
    expect(
      kamailioLogLines(s, /bridge a takes it over \(a release, hold or transfer asked there\)/),
    ).toHaveLength(1)
  })

  it("shows ann's ringing call at a once b is gone; her answer there makes it talk, and she releases it", async () => {
    // the phones ring 4 s (under the ring-no-answer's 6 s): long enough to stop b and move the desktop while ann's rings
    const set = await annCallAtB(
      { agents: ['ann', 'bob'].map((id) => ({ id, ringMs: 4000 })), ronaMs: 6000 },
      'ringing',
      '+1212555120',
    )
    const { s, a, linkB, aDesktop, bDesktop, annCall } = set
    await login(bDesktop, 'ann')
    await stopBridge(s, linkB)
    const atA = await login(aDesktop, 'ann')
    expect(atA.session.calls).toMatchObject([{ callId: annCall.callId, state: 'ringing', agent: 'ann' }])
    // her phone answers: the `answered` comes to a, which confirms the reservation b rang for
    await waitFor(
      "ann's call talking at a",
      async () => (await calls(aDesktop, atA)).find((c) => c.state === 'talking'),
      10_000,
    )
    await releaseAtA(set, atA)
    expect(a.figures()).toMatchObject({ takenRinging: 1, ronas: 0 })
  })

  it("gives a desktop that came before Kamailio saw b go ann's talking call once b is gone, on its stream", async () => {
    const set = await annCallAtB({}, 'talking', '+1212555130')
    const { s, a, linkB, aDesktop, bDesktop, annCall } = set
    await login(bDesktop, 'ann')
    // ann's desktop comes to a while Kamailio still holds b's connection open: her call is b's, left alone
    const atA = await login(aDesktop, 'ann')
    expect(atA.session.calls).toEqual([])
    expect(a.figures()).toMatchObject({ takenTalking: 0, agentCallsAskedAgain: 0 })
    const events = await callEvents(aDesktop, atA)
    try {
      await stopBridge(s, linkB)
      // Kamailio's `bridge-gone`: a asks for ann's calls again, and her desktop's stream shows the call (no reload)
      await waitFor(
        "ann's call on a's desktop stream",
        () => events.seen.find((c) => c.callId === annCall.callId && c.state === 'talking'),
        10_000,
      )
    } finally {
      events.stop()
    }
    expect(a.figures()).toMatchObject({ takenTalking: 1, agentCallsAskedAgain: 1 })
    expect(await calls(aDesktop, atA)).toMatchObject([
      { callId: annCall.callId, state: 'talking', agent: 'ann' },
    ])
    await releaseAtA(set, atA)
  })
})
