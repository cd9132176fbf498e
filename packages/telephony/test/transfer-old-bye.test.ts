// A caller's phone that answers a transfer's REFER with the next leg's INVITE first and keeps its From tag: both legs
// share Kamailio's `calls` key (Call-ID|caller's tag), and the old leg's end (its BYE, or the bridge's release of it),
// coming while the next leg is queued, must leave that leg's item alone. Before, the end cleared it (a BYE also filed
// it as the old leg's `ended`): a bridge whose evapi link dropped and came back then read the queued leg as gone and
// abandoned it at the router, its caller still held in Kamailio with nobody routing it.
// Real Kamailio, sipp phones and caller, one bridge with its link through a relay.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { sentMessages } from '../src/phone-log.ts'
import { waitForMessages } from './phone-trace.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe("a transfer's next leg that kept the caller's From tag", () => {
  it("stays in Kamailio's calls past the old leg's BYE and survives a link drop while it queues", async () => {
    await nextLegKeptPastOldEnd(false)
  })

  it("stays in Kamailio's calls past the old leg's release and survives a link drop while it queues", async () => {
    await nextLegKeptPastOldEnd(true)
  })
})

/**
 * ann's call, transferred to dan (ready at the check, not by the next leg's INVITE: that leg queues); the caller sends
 * dan's INVITE with its old tag, then ann's BYE, or (`released`) waits for the bridge's release of ann's leg.
 */
async function nextLegKeptPastOldEnd(released: boolean): Promise<void> {
  const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
    agents: [
      { id: 'ann', ringMs: 100 },
      { id: 'dan', ringMs: 100 },
    ],
  })
  try {
    const setState = async (agent: string, state: string) =>
      expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state })).status).toBe(200)
    await setState('dan', 'not-ready')
    const callers = await s.call([
      callerCall({
        startMs: 0,
        holdMs: 60_000,
        inviteFirst: true,
        oldLegReleased: released,
        nextLegKeepsTag: true,
      }),
    ])
    const annCall = await waitFor(
      'the call talking with ann',
      () => s.bridge.calls().find((c) => c.state === 'talking' && c.agent === 'ann'),
      15_000,
    )
    await setState('dan', 'ready')
    const deliver = s.bridge.onKamailio.bind(s.bridge)
    let held: Record<string, unknown> | undefined
    s.bridge.onKamailio = (message) => {
      if (message.event === 'invite' && message.dnis === 'dan') held = message
      else deliver(message)
    }
    const transfer = s.bridge.transfer(annCall.callId, 'dan')
    const invite = await waitFor('the INVITE to dan', () => held, 20_000)
    await setState('dan', 'not-ready')
    await setState('ann', 'not-ready')
    s.bridge.onKamailio = deliver
    deliver(invite)
    const leg = await waitFor(
      'the next leg queued',
      () => s.bridge.calls().find((c) => c.interaction === `${annCall.callId}~2` && c.state === 'queued'),
      20_000,
    )
    // the old leg's end, whose 200 the caller has: Kamailio's BYE_ENDED ran on it before relaying it, and a release
    // cleared its items as it sent its BYEs
    if (released) await s.bridge.release(annCall.callId, 'ann')
    await transfer
    const byeAnswered = (m: string) => m.startsWith('SIP/2.0 200') && /^CSeq: \d+ BYE$/m.test(m)
    const trace = await waitForMessages(callers.messageFile, byeAnswered, {
      direction: released ? 'sent' : 'received',
      what: "the 200 of ann's leg's BYE",
    })
    const sent = sentMessages(trace)
    const tagOf = (m: string | undefined) => m?.match(/^From:.*;tag=(\S+)$/m)?.[1]
    const danInvite = sent.find((m) => m.startsWith('INVITE sip:dan@'))
    expect(tagOf(danInvite)).toBe(tagOf(sent.find((m) => m.startsWith('INVITE sip:5000@'))))
    const states = [...(await s.kamailioRpc.heldCalls()).values()].map((c) => c.state)
    expect(states).toEqual(['queued'])

    await cut()
    await reconnect()
    expect((await health()).body.reconciled).toMatchObject({ abandoned: 0, failures: 0 })
    expect(s.bridge.calls().find((c) => c.interaction === leg.interaction)?.state).toBe('queued')
    // and dan, ready now, takes the leg
    await setState('dan', 'ready')
    await waitFor(
      'the next leg talking with dan',
      () =>
        s.bridge
          .calls()
          .find((c) => c.interaction === leg.interaction && c.state === 'talking' && c.agent === 'dan'),
      20_000,
    )
  } finally {
    await relay.close()
  }
}
