// A transfer's two legs talking under one Call-ID and the caller's one From tag, after the bridge's evapi link dropped
// and came back: ann's leg answered while the link was down (reconciled from Kamailio's `calls`, so with no SDP of
// her phone), then transferred to dan with ann's leg talking on. A hold of ann's leg asks Kamailio for her phone's
// SDP: the `sdp` item under Call-ID|tag is dan's by then (the next leg took the key), ann's is in `legsdp` by her leg.
// Before, the hold offered dan's media in ann's dialog. And ann's leg ended while the link was down, its `ended` item
// gone by the link-up (a long outage): it is no longer in `legcalls` either, so it ended; before, it talked on at
// the bridge for ever. And the next leg's ring-no-answer lost while the link was down is that leg's, not ann's leg
// still talking under the same tag (before, the replayed no-answer named no leg and found ann's: her talking leg was
// queued again at the bridge and the next leg's 480 sent on its transaction). And ann's leg talking on after dan's
// leg ended is kept across a drop: before, the `ended` item under the shared key (dan's leg's) completed it. And ann's
// leg the caller hangs up while the link is down, after dan's leg ended, is completed as the transfer it was: before,
// Kamailio wrote its `ended` item under ann's tag (no `calls` item under the caller's) and the bridge read dan's.
// Real Kamailio, sipp phones and caller, the link via a relay.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { openStore } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { receivedMessages } from '../src/phone-log.ts'
import { bridgeLogLines } from './bridge-log.ts'
import { callerByeOfLeg } from './caller-bye-of-leg.ts'
import { transferLegsUnderOneTag } from './legs-under-one-tag.ts'
import { waitForMessages } from './phone-trace.ts'
import { startRelayedStack } from './relayed-stack.ts'
import { phoneScenario } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** An SDP's media lines (c=, m=): the phone it names, whatever the o= version and direction. */
const media = (sdp: string) =>
  sdp
    .split(/\r?\n/)
    .filter((line) => /^[cm]=/.test(line))
    .join('\n')

describe("a transfer's old leg answered while the link was down, the next leg under the caller's same tag", () => {
  it("is held with its own agent's SDP (legsdp), not the next leg's, and each leg released on its own", async () => {
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      agents: [
        // ann's phone rings 3 s: the link is cut while it rings, so her answer is lost
        { id: 'ann', ringMs: 3000 },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      const outage = (async () => {
        const rings = async () =>
          [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'ringing')
        await waitFor("ann's phone ringing in Kamailio", rings, 15_000)
        await cut()
        const talks = async () =>
          [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'talking')
        await waitFor('ann answering while the link is down', talks, 10_000)
        await reconnect()
      })()
      const { callers, annCall, next, transfer } = await transferLegsUnderOneTag(s, {
        oldLegReleased: true,
        waitMs: [30_000, 20_000],
      })
      await outage
      expect((await health()).body.reconciled).toMatchObject({ answered: 1, failures: 0 })
      const { callId } = annCall
      const encoded = await s.kamailioRpc.item('legsdp', `${callId}|1`)
      expect(encoded).toBeDefined()
      const annSdp = Buffer.from(encoded ?? '', 'base64').toString('utf8')
      // Call-ID|caller's tag: the next leg's, as it kept ann's leg's key
      const key = [...(await s.kamailioRpc.heldCalls()).keys()].find((k) => k.startsWith(`${callId}|`))
      const danSdp = (await s.kamailioRpc.agentSdp(key ?? '')) ?? ''
      // the two phones' media differ: a hold offering the wrong one is seen
      expect(media(annSdp)).not.toBe(media(danSdp))

      await s.bridge.hold(callId, 'ann')
      const isHold = (m: string) => m.startsWith('INVITE ') && /^a=sendonly$/m.test(m)
      const trace = await waitForMessages(callers.messageFile, isHold, {
        direction: 'received',
        what: "the hold re-INVITE of ann's leg",
      })
      const hold = receivedMessages(trace).find(isHold) ?? ''
      expect(media(hold.slice(hold.search(/\r?\n\r?\n/)))).toBe(media(annSdp))
      const view = (interaction: string) => s.bridge.calls().find((c) => c.interaction === interaction)
      expect([view(annCall.interaction)?.held, view(next)?.held ?? false]).toEqual([true, false])

      await s.bridge.release(callId, 'dan')
      await s.bridge.release(callId, 'ann')
      await transfer.catch(() => {})
      expect(await callers.exited, callers.tail()).toBe(0)
    } finally {
      await relay.close()
    }
  })
})

describe("a transfer's old leg ended while the link was down, its ended item gone by the link-up", () => {
  it("is completed from Kamailio's legcalls (the leg no longer there), the next leg talking on", async () => {
    const runDir = keep.runDir()
    // ann's phone answers the caller's BYE of her leg 4 s after it came: the link is cut within that time
    const annPhone = path.join(runDir, 'ann-phone.xml')
    writeFileSync(annPhone, phoneScenario(4000))
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      runDir,
      agents: [
        { id: 'ann', ringMs: 100, scenario: annPhone },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      const { annCall, next, transfer } = await transferLegsUnderOneTag(s)
      await cut()
      const { callId } = annCall
      const key = [...(await s.kamailioRpc.heldCalls()).keys()].find((k) => k.startsWith(`${callId}|`))
      const annEnd = `${key}|1`
      const ended = async () => (await s.kamailioRpc.item('ended', annEnd)) !== undefined
      await waitFor("ann's leg's end in Kamailio while the link is down", ended, 15_000)
      // as its expiry in an outage longer than endedKeepS (300 s) would, without waiting for it
      await s.kamailioRpc.call('htable.delete', ['ended', annEnd])
      expect(await s.kamailioRpc.item('legcalls', `${callId}|1`)).toBeUndefined()
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ completed: 1, abandoned: 0, failures: 0 })
      const stateOf = (interaction: string) =>
        s.bridge.calls().find((c) => c.interaction === interaction)?.state
      expect([stateOf(annCall.interaction), stateOf(next)]).toEqual(['ended', 'talking'])
      await transfer.catch(() => {})
    } finally {
      await relay.close()
    }
  })
})

describe("a transfer's next leg whose ring-no-answer was lost while the link was down, the old leg talking on", () => {
  it("takes the next leg's no-answer path (dialled to dan: the caller told 480), ann's leg talking on", async () => {
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'dan', ringMs: Infinity },
      ],
      ronaMs: 2000,
    })
    try {
      const { callers, annCall, next, transfer } = await transferLegsUnderOneTag(s, {
        oldLegReleased: true,
        untilNextTalks: false,
      })
      const ringing = () =>
        s.bridge.calls().find((c) => c.interaction === next && c.state === 'ringing' && c.agent === 'dan')
      await waitFor("the next leg ringing dan's phone", ringing, 15_000)
      const rings = async () =>
        [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'ringing')
      await waitFor("dan's ring in Kamailio", rings, 5000)
      await cut()
      // dan's phone rings out: Kamailio holds the next leg's INVITE again, the bridge never hears it
      const queued = async () =>
        [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'queued')
      await waitFor('Kamailio to hold the next leg again', queued, 15_000)
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ ronas: 1, abandoned: 0, failures: 0 })
      const view = (interaction: string) => s.bridge.calls().find((c) => c.interaction === interaction)
      expect(view(annCall.interaction)).toMatchObject({ state: 'talking', agent: 'ann' })
      // the bridge's word of it names the next leg, not ann's
      expect(bridgeLogLines(s.runDir, 'ring-no-answer').map((line) => line.interaction)).toEqual([next])
      // a leg dialled to an agent by id is not routed again: its caller is told that phone did not answer
      expect(view(next)?.state).toBe('ended')
      await waitForMessages(callers.messageFile, /^SIP\/2\.0 480 /m, {
        direction: 'received',
        what: "the 480 of dan's leg",
      })
      await s.bridge.release(annCall.callId, 'ann')
      await transfer.catch(() => {})
    } finally {
      await relay.close()
    }
  })
})

describe("a transfer's old leg still talking after the next leg under the caller's same tag ended", () => {
  it("talks on across a link drop: Kamailio keeps it in legcalls, the ended item under the shared key is the next leg's", async () => {
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      const { callers, annCall, next, transfer } = await transferLegsUnderOneTag(s, { oldLegReleased: true })
      const { callId } = annCall
      await s.bridge.release(callId, 'dan')
      const view = (interaction: string) => s.bridge.calls().find((c) => c.interaction === interaction)
      await waitFor("dan's leg ended", () => view(next)?.state === 'ended', 10_000)
      expect(await s.kamailioRpc.item('legcalls', `${callId}|1`)).toBeDefined()
      await cut()
      await reconnect()
      // before, ann's leg (no later leg open any more) read the shared key's `ended` item, dan's leg's, and was completed
      expect((await health()).body.reconciled).toMatchObject({ completed: 0, abandoned: 0, failures: 0 })
      expect(view(annCall.interaction)).toMatchObject({ state: 'talking', agent: 'ann' })
      await s.bridge.release(callId, 'ann')
      await transfer.catch(() => {})
      expect(await callers.exited, callers.tail()).toBe(0)
    } finally {
      await relay.close()
    }
  })
})

describe("a transfer's old leg the caller hangs up while the link is down, after the next leg ended", () => {
  it("is completed as the transfer it was, from its own ended item (not the next leg's under the shared key)", async () => {
    const runDir = keep.runDir()
    const store = `sqlite:${path.join(runDir, 'history.db')}`
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      runDir,
      history: { store },
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      const { annCall, next, transfer } = await transferLegsUnderOneTag(s, { oldLegReleased: true })
      const { callId } = annCall
      // the caller hangs dan's leg up (a release leaves no `ended` item): Kamailio's `ended` under the shared key is
      // dan's leg's, with no transfer mark
      expect(await callerByeOfLeg(s, callId, 2)).toMatch(/^SIP\/2\.0 200 /)
      const view = (interaction: string) => s.bridge.calls().find((c) => c.interaction === interaction)
      await waitFor("dan's leg ended", () => view(next)?.state === 'ended', 10_000)
      await cut()
      expect(await callerByeOfLeg(s, callId, 1)).toMatch(/^SIP\/2\.0 200 /)
      expect(await s.kamailioRpc.item('legcalls', `${callId}|1`)).toBeUndefined()
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ completed: 1, abandoned: 0, failures: 0 })
      expect(view(annCall.interaction)?.state).toBe('ended')
      await transfer.catch(() => {})
      await s.stop()
      const history = await openStore(store)
      try {
        const handlings = await history.handling({ from: 0, to: Number.MAX_SAFE_INTEGER })
        // before, the caller's BYE wrote ann's leg's `ended` under her tag; the bridge read dan's leg's (no mark)
        expect(
          handlings.find((h) => h.interaction === annCall.interaction && h.agent === 'ann'),
        ).toMatchObject({
          endedBy: 'transferred',
          transferredTo: 'dan',
        })
      } finally {
        await history.close()
      }
    } finally {
      await relay.close()
    }
  })
})
