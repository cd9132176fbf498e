// A transferred leg at a bridge that goes: the bridge left that takes it over rings with the leg's TransferredFrom and
// TransferFailed (only the gone bridge made them; it kept them in Kamailio with the call), on the phone's X- headers
// and the desktop's pop, whichever way it takes the leg (queued: Kamailio's `taken`; ringing: the adoption fields of
// the ring-no-answer), and after the gone bridge's link to Kamailio dropped and came back while it queued the leg.
// Real Kamailio, sipp phones and caller, serve, two bridges.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { type Bridge, type TelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages, sentMessages } from '../src/phone-log.ts'
import { kamailioConfigWith } from './kamailio-config.ts'
import { kamailioLogLines } from './kamailio-log.ts'
import { callerByeAt, inviteAt, waitForMessages } from './phone-trace.ts'
import { phoneScenario } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'
import { startTcpRelay, type TcpRelay } from './tcp-relay.ts'
import {
  agentCallOnB,
  legTalkingWithDanAtB,
  releaseAllAtA,
  routerEnds,
  SIX_AGENTS,
  startTwoBridges,
  stopBridge,
  type TwoBridges,
} from './two-bridges.ts'

const keep = stackPerTest()

const transferData = { TransferredFrom: 'ann', TransferFailed: 'dan: dan is not-ready' }

async function setState(s: TelephonyStack, agent: string, state: string): Promise<void> {
  expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state })).status).toBe(200)
}

/** Kamailio's `legdata` item for `callId` (its `{"leg":<n>,"data":...}`), undefined when it holds none. */
const legDataAt = (s: TelephonyStack, callId: string) => itemAt(s, 'legdata', callId)

/** The value of Kamailio's htable `table` item `key`, undefined when it holds none. */
const itemAt = (s: TelephonyStack, table: string, key: string) => s.kamailioRpc.item(table, key)

/**
 * ann's call talking at b is transferred to dan, who is ready at b's check and not ready when the caller's INVITE to
 * him comes (its event held until then): b queues the next leg at the routing point of ann's call with both keys.
 * `beforeInvite` runs while the INVITE's event is held. Nobody is ready then (ann's phone would ignore her own
 * caller's Call-ID).
 */
async function transferLegQueuedAtB(
  two: TwoBridges,
  ani: string,
  beforeInvite = async () => {},
  caller: { inviteFirst?: boolean; oldLegReleased?: boolean; nextLegKeepsTag?: boolean } = {},
) {
  const { s, b } = two
  const { callers, own, annCall } = await agentCallOnB(two, 'talking', { ani, holdMs: 60_000, ...caller })
  await setState(s, 'dan', 'ready')
  const deliver = b.onKamailio.bind(b)
  let held: Record<string, unknown> | undefined
  b.onKamailio = (message) => {
    if (message.event === 'invite' && message.dnis === 'dan') held = message
    else deliver(message)
  }
  const transfer = b.transfer(annCall.callId, 'dan')
  const invite = await waitFor('the INVITE to dan', () => held, 20_000)
  await setState(s, 'dan', 'not-ready')
  await setState(s, 'ann', 'not-ready')
  await beforeInvite()
  deliver(invite)
  // a caller that waits for the old leg's release: its transfer ends with that release, not before
  if (!caller.oldLegReleased) await transfer
  // queued once b has heard the router's word on dan (the leg opens before that, without TransferFailed)
  const leg = await waitFor(
    'the next leg queued at b with TransferFailed',
    () =>
      b
        .calls()
        .find(
          (c) =>
            c.interaction === `${annCall.callId}~2` &&
            c.state === 'queued' &&
            c.attached.TransferFailed !== undefined,
        ),
    20_000,
  )
  expect(leg.attached).toMatchObject(transferData)
  return { callers, own, annCall, leg, transfer }
}

/** A leg's keep time in startShortKeep's Kamailio: 1 s, as the sentinel's order proves (not its length). */
const SHORT_KEEP_S = 1

/**
 * Two bridges on a Kamailio whose leg ends keep a call's hand-over tables SHORT_KEEP_S instead of a minute (a config
 * edit): whatever an earlier leg's end cut to that is gone within seconds, and the next leg could not be taken over.
 */
function startShortKeep(ronaMs = 12_000) {
  const config = kamailioConfigWith(keep, '$var(keep) = 60;', `$var(keep) = ${SHORT_KEEP_S};`)
  return startTwoBridges(keep, { ready: false, ronaMs, ...config })
}

/**
 * The queued next leg `leg` of ann's call, once ann's leg completed: its `invite` item outlives an item living
 * SHORT_KEEP_S set now, and a takes the leg over from b (gone) and rings carla with the leg's data.
 */
async function nextLegTakeable(
  two: TwoBridges,
  found: Awaited<ReturnType<typeof transferLegQueuedAtB>>,
): Promise<void> {
  const { s, a } = two
  const { callers, own, annCall } = found
  await waitFor(
    "ann's leg completed at the router",
    async () => (await routerEnds(s, [annCall.interaction]))[0]?.startsWith('completed'),
    20_000,
  )
  // an item living SHORT_KEEP_S set after the old leg's end: once it expired, anything that end cut to it would have
  // (htable counts whole seconds from the set: a later set never expires first)
  const sentinel = `sentinel-${annCall.callId}`
  await s.kamailioRpc.call('htable.sets', ['invite', sentinel, 'x'])
  await s.kamailioRpc.call('htable.setex', ['invite', sentinel, SHORT_KEEP_S])
  await waitFor(
    'the sentinel item to expire',
    async () => (await itemAt(s, 'invite', sentinel)) === undefined,
    40_000,
  )
  expect(await itemAt(s, 'invite', annCall.callId)).toBeDefined()
  const taken = await legRungAtA(two, 'carla', found, { 'x-transferredfrom': 'ann' })
  expect(a.figures()).toMatchObject({ takenQueued: 1 })
  await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
}

/** `interaction` talking at bridge `at`. */
const talkingAt = (at: Bridge, interaction: string) =>
  waitFor(
    `${interaction} talking at a`,
    () => at.calls().find((c) => c.interaction === interaction && c.state === 'talking'),
    20_000,
  )

/**
 * b stopped and `agent` made ready: a rings them with the leg (`leg`) of ann's call, which talks there with the
 * transfer's data, their INVITE's X- headers holding `headers`. The leg as a lists it.
 */
async function legRungAtA(
  two: TwoBridges,
  agent: string,
  { annCall, leg }: { annCall: { callId: string }; leg: { interaction: string } },
  headers: Record<string, string>,
) {
  const { s, a, linkB } = two
  await stopBridge(s, linkB)
  await setState(s, agent, 'ready')
  const taken = await talkingAt(a, leg.interaction)
  expect(taken).toMatchObject({ agent, attached: transferData })
  expect((await inviteAt(s, agent, annCall.callId))?.headers).toMatchObject(headers)
  return taken
}

/**
 * b stopped, a takes over dan's leg talking at b (legTalkingWithDanAtB): a release asked at a takes it from
 * Kamailio first (a desktop's login there does the same); dan's, talking, with TransferredFrom ann. Every call is
 * then released at a.
 */
async function danLegTakenOverAtA(
  two: TwoBridges,
  { callers, own, annCall, leg }: Awaited<ReturnType<typeof legTalkingWithDanAtB>>,
): Promise<void> {
  const { s, a, linkB } = two
  await stopBridge(s, linkB)
  expect(await a.takeOver(annCall.callId)).toBeUndefined()
  const taken = a.calls().find((c) => c.interaction === leg.interaction)
  // without b's `leg-data` for a leg rung straight to an agent, a knew nothing of the transfer
  expect(taken).toMatchObject({ agent: 'dan', state: 'talking', attached: { TransferredFrom: 'ann' } })
  await releaseAllAtA(two, callers, [taken!, own], [annCall.interaction])
}

/**
 * ann's call talking at b is transferred to dan, ready: the caller sends his INVITE under its one From tag and waits
 * for ann's leg's release, so both legs talk at b (`next` dan's). b's transfer, waiting for that end, is not awaited.
 */
async function legsTalkingAtB(two: TwoBridges, ani: string) {
  const { s, b } = two
  const { callers, own, annCall } = await agentCallOnB(two, 'talking', {
    ani,
    holdMs: 60_000,
    inviteFirst: true,
    oldLegReleased: true,
    nextLegKeepsTag: true,
  })
  await setState(s, 'dan', 'ready')
  b.transfer(annCall.callId, 'dan').catch(() => {})
  const next = `${annCall.callId}~2`
  await waitFor(
    'the next leg talking with dan at b',
    () => b.calls().find((c) => c.interaction === next && c.state === 'talking' && c.agent === 'dan'),
    20_000,
  )
  return { callers, own, annCall, next }
}

describe('a transferred leg at a bridge that goes', () => {
  it('rings queued at the bridge left with the TransferredFrom and TransferFailed the gone bridge made', async () => {
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const { a } = two
    const found = await transferLegQueuedAtB(two, '+1212555140')
    const { callers, own, annCall } = found
    // carla is made ready: the router routes the leg, a takes it from Kamailio and rings her as b would have
    const taken = await legRungAtA(two, 'carla', found, {
      'x-transferredfrom': 'ann',
      'x-transferfailed': 'dan: dan is not-ready',
    })
    expect(a.figures()).toMatchObject({ takenQueued: 1 })
    await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
  })

  it('keeps them on a leg taken over ringing (its ring-no-answer): the next agent rings with them', async () => {
    // carla's phone never answers: b rings her, goes, and her ring-no-answer comes to a with the adoption fields. 3 s:
    // b is gone well before, as Kamailio sees a stopped bridge go within 0.05-0.15 s at load 14 (6 s here waited 3 s
    // for nothing; the 200 ms rings of the others are far under it)
    const agents = SIX_AGENTS.map((id) => ({ id, ringMs: id === 'carla' ? Number.POSITIVE_INFINITY : 200 }))
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 3000, agents })
    const { s, a, b } = two
    const found = await transferLegQueuedAtB(two, '+1212555150')
    const { callers, own, annCall, leg } = found
    // a never hears b's `bridge-gone` (evapi keeps no queue: sent while a redialled, say), so it does not take the
    // ringing leg then with Kamailio's `taken`: the ring-no-answer's adoption fields are all a learns the leg from
    const deliverAtA = a.onKamailio.bind(a)
    a.onKamailio = (message) => {
      if (message.event !== 'bridge-gone') deliverAtA(message)
    }
    await setState(s, 'carla', 'ready')
    await waitFor(
      'the next leg ringing at carla from b',
      () => b.calls().some((c) => c.interaction === leg.interaction && c.state === 'ringing'),
      20_000,
    )
    // without `legdata` in the adoption fields a knew only the router's data: erin rang with no X-TransferredFrom
    const taken = await legRungAtA(two, 'erin', found, {
      'x-transferredfrom': 'ann',
      'x-transferfailed': 'dan: dan is not-ready',
    })
    expect(a.figures()).toMatchObject({ takenRinging: 1, ronas: 1 })
    await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
  })

  it('keeps TransferredFrom on a leg transferred to an agent by id, taken over talking', async () => {
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const talking = await legTalkingWithDanAtB(two, '+1212555170')
    expect(talking.leg.attached).toMatchObject({ TransferredFrom: 'ann' })
    await danLegTakenOverAtA(two, talking)
  })

  it("keeps a talking leg's past its INVITE's lifetime, as the call's INVITE is kept", async () => {
    // `legdata` items live 3 s here instead of the INVITE's lifetime (queueMs + 60 s): a call talks longer than that
    const config = kamailioConfigWith(
      keep,
      'legdata=>size=10;autoexpire=__LIFETIME_S__;',
      'legdata=>size=10;autoexpire=3;',
    )
    const two = await startTwoBridges(keep, { ready: false, ...config })
    const { s } = two
    const talking = await legTalkingWithDanAtB(two, '+1212555180')
    const { annCall } = talking
    // an item set now in the same table marks the table's lifetime: once it expired, the leg's (set before) would have
    const sentinel = `sentinel-${annCall.callId}`
    await s.kamailioRpc.call('htable.sets', ['legdata', sentinel, 'x'])
    await waitFor(
      'the sentinel item to expire',
      async () => (await legDataAt(s, sentinel)) === undefined,
      40_000,
    )
    expect(JSON.parse((await legDataAt(s, annCall.callId)) ?? '{}')).toMatchObject({ leg: 2 })
    await danLegTakenOverAtA(two, talking)
  })

  it("stays takeable when the caller's next INVITE comes before the old leg's BYE, past that leg's keep time", async () => {
    // the old leg's BYE, coming after the next leg's INVITE, must not cut the next leg's tables to a leg's keep time
    const two = await startShortKeep()
    const found = await transferLegQueuedAtB(two, '+1212555190', undefined, { inviteFirst: true })
    // the caller sent dan's INVITE before ann's BYE (the order a phone's blind transfer often has); its sipp still
    // runs, so its log is read once that BYE is in it whole
    const bye = { direction: 'sent', what: "the caller's BYE of ann's leg" } as const
    const sent = await waitForMessages(found.callers.messageFile, /^BYE sip:/, bye)
    const danInvite = sent.search(/INVITE sip:dan@/)
    expect(danInvite).toBeGreaterThan(-1)
    expect(sent.indexOf('BYE sip:', danInvite)).toBeGreaterThan(danInvite)
    expect(sent.lastIndexOf('BYE sip:', danInvite)).toBe(-1)
    await nextLegTakeable(two, found)
  })

  it('stays takeable when the old leg is released between the next INVITE and its BYE, past its keep time', async () => {
    // the caller sent dan's INVITE and waits; ann's leg, still talking at b, is released there (her desktop's
    // Release): the release's end must not cut the next leg's tables either (the release named no leg)
    const two = await startShortKeep()
    const found = await transferLegQueuedAtB(two, '+1212555200', undefined, {
      inviteFirst: true,
      oldLegReleased: true,
    })
    expect(two.b.calls().find((c) => c.interaction === found.annCall.interaction)?.state).toBe('talking')
    // Kamailio's hold of the next leg (as if it were held): the old leg's release leaves it
    const { s } = two
    const callId = found.annCall.callId
    await s.kamailioRpc.call('htable.sets', ['held', `${callId}|2`, '1700000000.5'])
    await two.b.release(callId)
    await found.transfer
    expect(await itemAt(s, 'held', `${callId}|2`)).toBe('1700000000.5')
    await s.kamailioRpc.call('htable.delete', ['held', `${callId}|2`])
    // the caller sent no BYE: its old leg took the release's
    const released = { direction: 'received', what: "the release's BYE at the caller" } as const
    const trace = await waitForMessages(found.callers.messageFile, /^BYE /, released)
    expect(sentMessages(trace).filter((m) => m.startsWith('BYE '))).toEqual([])
    expect(receivedMessages(trace).filter((m) => m.startsWith('BYE '))).toHaveLength(1)
    await nextLegTakeable(two, found)
  })

  it.each([
    { tag: 'a new From tag', ani: '+1212555205', nextLegKeepsTag: false },
    {
      tag: "its From tag kept (the calls item is the next leg's)",
      ani: '+1212555206',
      nextLegKeepsTag: true,
    },
  ])(
    "takes the old leg over talking beside the next leg queued, the caller's next INVITE before its end ($tag)",
    async ({ ani, nextLegKeepsTag }) => {
      // the caller sent dan's INVITE and waits for ann's leg's release: b goes before it, and a release of ann's leg
      // asked at a takes the call from Kamailio, whose `invite` item (the take's) is the next leg's, queued
      const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
      const { s, a, linkB } = two
      const found = await transferLegQueuedAtB(two, ani, undefined, {
        inviteFirst: true,
        oldLegReleased: true,
        nextLegKeepsTag,
      })
      const { callers, own, annCall, leg } = found
      // b's transfer waits for the old leg's end, which b never sees
      found.transfer.catch(() => {})
      await stopBridge(s, linkB)
      expect(await a.takeOver(annCall.callId)).toBeUndefined()
      // before, a opened the next leg only: ann's leg, talking, could not be released there
      expect(a.calls().find((c) => c.interaction === annCall.interaction)).toMatchObject({
        agent: 'ann',
        state: 'talking',
      })
      expect(a.calls().find((c) => c.interaction === leg.interaction)).toMatchObject({ state: 'queued' })
      await a.release(annCall.callId, 'ann')
      // ann's leg left Kamailio's tables whole: its own items (the caller took a new From tag for the next leg) and
      // the ones kept for the takeover; the next leg's stays
      const states = [...(await s.kamailioRpc.heldCalls()).values()]
      expect(states.filter((c) => c.state === 'talking' && c.agent === 'ann')).toEqual([])
      expect(states.filter((c) => c.state === 'queued')).toHaveLength(1)
      expect(await itemAt(s, 'legcalls', `${annCall.callId}|1`)).toBeUndefined()
      expect(await itemAt(s, 'leginvite', `${annCall.callId}|1`)).toBeUndefined()
      expect(await itemAt(s, 'legsdp', `${annCall.callId}|1`)).toBeUndefined()
      // the release's BYE reached the caller's old leg
      const released = { direction: 'received', what: "the release's BYE at the caller" } as const
      await waitForMessages(callers.messageFile, /^BYE /, released)
      await setState(s, 'carla', 'ready')
      const taken = await talkingAt(a, leg.interaction)
      expect(taken).toMatchObject({ agent: 'carla' })
      await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
    },
  )

  it("gives ann's desktop at a her old leg, talking beside the next leg queued, its state only in legcalls", async () => {
    // the caller kept its From tag: the `calls` item is the next leg's (queued), ann's talking leg only in `legcalls`;
    // her desktop's login at a (b gone) must still find it there and take the call over
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const { s, a, linkB } = two
    const found = await transferLegQueuedAtB(two, '+1212555207', undefined, {
      inviteFirst: true,
      oldLegReleased: true,
      nextLegKeepsTag: true,
    })
    const { callers, own, annCall, leg } = found
    found.transfer.catch(() => {})
    const states = [...(await s.kamailioRpc.heldCalls()).values()]
    expect(states.filter((c) => c.state === 'talking' && c.agent === 'ann')).toEqual([])
    expect(await itemAt(s, 'legcalls', `${annCall.callId}|1`)).toMatch(/^talking\|ann\|/)
    // her phone's SDP kept beside it: the `sdp` item under the kept tag becomes the next leg's once that one answers
    const annSdp = await itemAt(s, 'legsdp', `${annCall.callId}|1`)
    expect(Buffer.from(annSdp ?? '', 'base64').toString('utf8')).toMatch(/^v=0\r\n[\s\S]*m=audio /)
    await stopBridge(s, linkB)
    expect(await a.takeOverAgentCalls?.('ann')).toEqual({ taken: [annCall.callId], left: [] })
    expect(a.calls().find((c) => c.interaction === annCall.interaction)).toMatchObject({
      agent: 'ann',
      state: 'talking',
    })
    await a.release(annCall.callId, 'ann')
    expect(await itemAt(s, 'legsdp', `${annCall.callId}|1`)).toBeUndefined()
    const released = { direction: 'received', what: "the release's BYE at the caller" } as const
    await waitForMessages(callers.messageFile, /^BYE /, released)
    await setState(s, 'carla', 'ready')
    const taken = await talkingAt(a, leg.interaction)
    await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
  })

  it("keeps each leg's own hold while the old leg talks beside the next one under the caller's kept From tag", async () => {
    // Kamailio kept one hold by Call-ID (config 8): ann's hold read as dan's at the taker, her retrieve or end his
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const { s, a, b, linkB } = two
    const { callers, own, annCall, next } = await legsTalkingAtB(two, '+1212555208')
    const { callId } = annCall
    await b.hold(callId, 'ann')
    // b goes: a release asked at a takes the call over, each leg with its own hold (before, dan's leg opened held
    // and ann's not: her retrieve there was refused)
    await stopBridge(s, linkB)
    expect(await a.takeOver(callId)).toBeUndefined()
    const legAt = (interaction: string) => a.calls().find((c) => c.interaction === interaction)
    expect(legAt(annCall.interaction)).toMatchObject({ agent: 'ann', state: 'talking', held: true })
    expect(legAt(next)).toMatchObject({ agent: 'dan', state: 'talking' })
    expect(legAt(next)).not.toHaveProperty('held', true)
    expect(await itemAt(s, 'held', `${callId}|1`)).toBeDefined()
    expect(await itemAt(s, 'held', `${callId}|2`)).toBeUndefined()
    // dan's leg held at a, ann's retrieved there: her retrieve leaves his hold
    await a.hold(callId, 'dan')
    await a.retrieve(callId, 'ann')
    expect(legAt(annCall.interaction)).toMatchObject({ held: false })
    expect(await itemAt(s, 'held', `${callId}|1`)).toBeUndefined()
    const danHeld = await itemAt(s, 'held', `${callId}|2`)
    expect(danHeld).toMatch(/^\d+(\.\d+)?$/)
    // ann's leg held again and released: its end takes its own hold, not dan's
    await a.hold(callId, 'ann')
    expect(await itemAt(s, 'held', `${callId}|1`)).toBeDefined()
    await a.release(callId, 'ann')
    expect(await itemAt(s, 'held', `${callId}|1`)).toBeUndefined()
    expect(await itemAt(s, 'held', `${callId}|2`)).toBe(danHeld)
    const released = { direction: 'received', what: "the release's BYE at the caller" } as const
    await waitForMessages(callers.messageFile, /^BYE /, released)
    const danLeg = legAt(next)!
    await releaseAllAtA(two, callers, [danLeg, own], [annCall.interaction])
  })

  it.each([
    {
      what: "ann's leg held, then released",
      ani: '+1212555209',
      steps: ['hold ann', 'release ann'],
      held: { ann: undefined, dan: false },
    },
    {
      what: "dan's leg held, ann's held and retrieved",
      ani: '+1212555211',
      steps: ['hold dan', 'hold ann', 'retrieve ann'],
      held: { ann: false, dan: true },
    },
  ])('opens each leg taken over with its own hold at b ($what)', async ({ ani, steps, held }) => {
    // before (config 8), the one hold by Call-ID: ann's end left her hold on dan's leg, her retrieve cleared his
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const { s, a, b, linkB } = two
    const { callers, own, annCall, next } = await legsTalkingAtB(two, ani)
    const { callId } = annCall
    for (const step of steps) {
      const [act, agent] = step.split(' ') as ['hold' | 'retrieve' | 'release', string]
      await b[act](callId, agent)
    }
    await stopBridge(s, linkB)
    expect(await a.takeOver(callId)).toBeUndefined()
    const legAt = (interaction: string) => a.calls().find((c) => c.interaction === interaction)
    const heldAt = (interaction: string) => {
      const leg = legAt(interaction)
      return leg && { agent: leg.agent, state: leg.state, held: leg.held === true }
    }
    expect(heldAt(next)).toEqual({ agent: 'dan', state: 'talking', held: held.dan })
    if (held.ann === undefined) expect(legAt(annCall.interaction)).toBeUndefined()
    else {
      expect(heldAt(annCall.interaction)).toEqual({ agent: 'ann', state: 'talking', held: held.ann })
      await a.release(callId, 'ann')
    }
    await releaseAllAtA(two, callers, [legAt(next)!, own], [annCall.interaction])
  })

  it('completes a leg the gone bridge REFERed away as a transfer at the bridge that takes its BYE; its next leg keeps TransferredFrom', async () => {
    // ann's phone answers the caller's BYE of her leg 1.5 s after it came (Kamailio gives a BYE up after 20 s here,
    // not 5): b, which sent the REFER, is gone by the BYE's end (stopBridge takes 0.05-0.15 s at load 14, after the
    // BYE is read in her phone's log; 2.5 s waited 1 s more), whose event then comes to a as a call it never took
    const config = kamailioConfigWith(
      keep,
      'modparam("tm", "fr_timer", __FR_TIMER_MS__)',
      'modparam("tm", "fr_timer", 20000)',
    )
    const annPhone = path.join(config.runDir, 'ann-phone.xml')
    writeFileSync(annPhone, phoneScenario(1500))
    const agents = SIX_AGENTS.map((id) => ({
      id,
      ringMs: 200,
      ...(id === 'ann' ? { scenario: annPhone } : {}),
    }))
    const store = `sqlite:${path.join(config.runDir, 'history.db')}`
    const two = await startTwoBridges(keep, {
      ready: false,
      ronaMs: 12_000,
      agents,
      history: { store },
      ...config,
    })
    const { s, a, linkB } = two
    const { callers, own, annCall } = await agentCallOnB(two, 'talking', {
      ani: '+1212555210',
      holdMs: 60_000,
    })
    await setState(s, 'dan', 'ready')
    // b's transfer waits for the leg's end, which b never hears (it gives up after its command timeout)
    void two.b.transfer(annCall.callId, 'dan').catch(() => {})
    await callerByeAt(s, 'ann')
    await stopBridge(s, linkB)
    // the caller's next INVITE comes to a (b gone), which rings dan straight away
    const leg = await waitFor(
      'the next leg talking with dan at a',
      () => a.calls().find((c) => c.callId === annCall.callId && c.agent === 'dan' && c.state === 'talking'),
      20_000,
    )
    // leg 2 at a too (Kamailio's count): a's first leg of this Call-ID, but never the first leg's interaction again
    expect(leg.interaction).toBe(`${annCall.callId}~2`)
    // whom the caller left, from the REFER's mark on the INVITE's event: a never had ann's leg (without the mark's
    // `from`, dan's leg opened as a fresh call: no TransferredFrom at a, none on dan's phone)
    expect(leg.attached).toMatchObject({ TransferredFrom: 'ann' })
    expect((await inviteAt(s, 'dan', annCall.callId))?.headers).toMatchObject({ 'x-transferredfrom': 'ann' })
    await releaseAllAtA(two, callers, [leg, own], [annCall.interaction])
    expect(a.figures()).toMatchObject({ adoptedCompleted: 1 })
    // serve's history: ann's handling ended by the transfer (report's transfers), not as a plain complete
    await s.stop()
    const history = await openStore(store)
    try {
      const handlings = await history.handling({ from: 0, to: Number.MAX_SAFE_INTEGER })
      const ann = handlings.find((h) => h.interaction === annCall.interaction && h.agent === 'ann')
      expect(ann).toMatchObject({ agent: 'ann', endedBy: 'transferred', transferredTo: 'dan' })
      expect(handlings.filter((h) => h.agent === 'dan').map((h) => h.interaction)).toEqual([
        `${annCall.callId}~2`,
      ])
    } finally {
      await history.close()
    }
  })

  it('sends them to Kamailio again once its link is back: a leg queued while it was down keeps them', async () => {
    let relay: TcpRelay | undefined
    const evapiVia = async (port: number) => {
      relay = await startTcpRelay(port)
      return relay.port
    }
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 }, { evapiVia })
    const { s, b } = two
    const link = relay!
    const linkState = () => b.health().kamailio.state
    // b's link drops before the INVITE's event reaches it: b queues the leg while Kamailio cannot hear its leg data.
    // Kamailio's side of the connection stays open meanwhile (a peer gone silent), so it never takes b for gone:
    // a, left alone with ann's call while b was alive, would otherwise take the leg at b's `bridge-gone`.
    const found = await transferLegQueuedAtB(two, '+1212555160', async () => {
      await link.sever({ refuse: true, keepUpstream: true })
      await waitFor('b to see its link drop', () => linkState() !== 'up', 5000)
    })
    const { callers, own, annCall } = found
    expect(await legDataAt(s, annCall.callId)).toBeUndefined()
    await link.restore()
    await waitFor('b linked again', () => b.figures().linkReconnects === 1, 15_000)
    const kept = await waitFor('the leg data in Kamailio', () => legDataAt(s, annCall.callId), 5000)
    expect(JSON.parse(kept)).toMatchObject({ leg: 2 })
    // Kamailio sees the silent connection close; b's new one keeps it alive there (no `bridge-gone`)
    const bCloses = () => kamailioLogLines(s, /bridge b evapi connection .* closed \(2 left\)/).length
    link.closeKept()
    await waitFor("Kamailio to close b's silent connection", () => bCloses() === 1, 5000)
    const taken = await legRungAtA(two, 'carla', found, { 'x-transferredfrom': 'ann' })
    await releaseAllAtA(two, callers, [taken, own], [annCall.interaction])
  })
})
