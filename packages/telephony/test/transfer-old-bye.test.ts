// A caller's phone that answers a transfer's REFER with the next leg's INVITE first and keeps its From tag: both legs
// share Kamailio's `calls` key (Call-ID|caller's tag), and the old leg's end (its BYE, or the bridge's release of it),
// coming while the next leg is queued, must leave that leg's item alone. Before, the end cleared it (a BYE also filed
// it as the old leg's `ended`): a bridge whose evapi link dropped and came back then read the queued leg as gone and
// abandoned it at the router, its caller still held in Kamailio with nobody routing it. A next leg dialled to an agent
// is told from the old leg still talking (the `answered` event names its leg) and keeps its `direct` mark past the old
// leg's end (the mark keyed by leg; before, that end cleared it and the old leg's BYE named the next leg's agent); its
// release ends it at the bridge, not the old leg (`released` and `agent-bye` name their leg; before, they found the old).
// Real Kamailio, sipp phones and caller, one bridge with its link through a relay.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type TelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages, sentMessages } from '../src/phone-log.ts'
import { setAgentState, transferLegsUnderOneTag } from './legs-under-one-tag.ts'
import { waitForMessages } from './phone-trace.ts'
import { startRelayedStack } from './relayed-stack.ts'
import { phoneScenario } from './scripted-agent.ts'
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

describe("a transfer's next leg dialled to dan, kept the caller's From tag", () => {
  // Kamailio's `direct` marker (a leg dialled to an agent by id: a bridge taking its end over sets that agent ready
  // again) was keyed by Call-ID|caller's tag, so the old leg's end cleared the next leg's marker
  it("keeps the next leg's direct marker past the old leg's release", async () => {
    await directMarkerKeptPastOldEnd(true)
  })

  it("keeps the next leg's direct marker past the old leg's BYE answered once the next leg talks", async () => {
    await directMarkerKeptPastOldEnd(false)
  })
})

describe("an old leg's BYE ended while the link was down, the next leg talking under the caller's same tag", () => {
  it('is completed at the link-up from its own ended item (the calls item is the next leg)', async () => {
    const runDir = keep.runDir()
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      runDir,
      agents: [
        { id: 'ann', ringMs: 100, scenario: annPhone(runDir, 2500) },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      const { callers, annCall, next, transfer } = await transferLegsUnderOneTag(s)
      await cut()
      // ann's phone answers the caller's BYE of her leg 2.5 s after it came: its end (BYE_ENDED) is missed (the link
      // is cut and the BYE read unanswered 0.3 s after the caller sent it, at load 11)
      const byeAnswered = (m: string) => m.startsWith('SIP/2.0 200') && /^CSeq: \d+ BYE$/m.test(m)
      const sent = { direction: 'sent', what: "the caller's BYE of ann's leg" } as const
      expect(
        receivedMessages(await waitForMessages(callers.messageFile, /^BYE sip:/, sent)).some(byeAnswered),
      ).toBe(false)
      await waitForMessages(callers.messageFile, byeAnswered, {
        direction: 'received',
        what: 'the 200 of that BYE',
      })
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

describe("the release of a transfer's next leg while the old leg, under the same caller tag, still talks", () => {
  it("ends the next leg at the bridge, not the old one (Kamailio's released and agent-bye name their leg)", async () => {
    const { s, relay } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'dan', ringMs: 100 },
      ],
    })
    try {
      // the caller sends dan's INVITE and never a BYE of ann's leg: both legs talk under its one tag; the transfer
      // waits for ann's leg's end: her release at the end
      const { annCall, next, transfer } = await transferLegsUnderOneTag(s, { oldLegReleased: true })
      await s.bridge.release(annCall.callId, 'dan')
      const stateOf = (interaction: string) =>
        s.bridge.calls().find((c) => c.interaction === interaction)?.state
      expect([stateOf(annCall.interaction), stateOf(next)]).toEqual(['talking', 'ended'])
      // and ann's leg still ends by its own release (the transfer completed by it)
      await s.bridge.release(annCall.callId, 'ann')
      await transfer.catch(() => {})
      expect(stateOf(annCall.interaction)).toBe('ended')
    } finally {
      await relay.close()
    }
  })
})

/** The agents of Kamailio's `direct` items now (any key). */
async function directAgents(s: TelephonyStack): Promise<string[]> {
  const dump = (await s.kamailioRpc.call('htable.dump', ['direct'])) as Array<{
    slot?: Array<{ value?: unknown }>
  }>
  return dump.flatMap((entry) => (entry.slot ?? []).map((item) => String(item.value)))
}

/**
 * ann's call, transferred to dan (ready: the next leg rings him straight away as dialled to him); the caller sends
 * dan's INVITE with its old tag, then ann's BYE, which her phone answers 2 s later (dan talks by then), or
 * (`released`) waits for the bridge's release of ann's leg, asked once dan talks.
 */
async function directMarkerKeptPastOldEnd(released: boolean): Promise<void> {
  const runDir = keep.runDir()
  const { s, relay } = await startRelayedStack(keep, {
    runDir,
    agents: [
      { id: 'ann', ringMs: 100, scenario: annPhone(runDir) },
      { id: 'dan', ringMs: 100 },
    ],
  })
  try {
    const byes: Record<string, unknown>[] = []
    const { callers, annCall, transfer } = await transferLegsUnderOneTag(s, {
      oldLegReleased: released,
      beforeTransfer: () => {
        const deliver = s.bridge.onKamailio.bind(s.bridge)
        s.bridge.onKamailio = (message) => {
          if (message.event === 'bye') byes.push(message)
          deliver(message)
        }
      },
    })
    expect(await directAgents(s)).toEqual(['dan'])
    const byeAnswered = (m: string) => m.startsWith('SIP/2.0 200') && /^CSeq: \d+ BYE$/m.test(m)
    if (released) {
      await s.bridge.release(annCall.callId, 'ann')
    } else {
      // the old leg's BYE still waits for ann's answer: its end (BYE_ENDED) comes while dan talks
      const trace = await waitForMessages(callers.messageFile, /^BYE sip:/, {
        direction: 'sent',
        what: "the caller's BYE of ann's leg",
      })
      expect(receivedMessages(trace).some(byeAnswered)).toBe(false)
    }
    await transfer
    await waitForMessages(callers.messageFile, byeAnswered, {
      direction: released ? 'sent' : 'received',
      what: "the 200 of ann's leg's BYE",
    })
    expect(await directAgents(s)).toEqual(['dan'])
    // ann's leg was routed, not dialled to her: its BYE names no agent to set ready again (it named dan)
    if (!released) expect(byes.map((m) => [m.leg, m.direct])).toEqual([[1, '']])
  } finally {
    await relay.close()
  }
}

/**
 * ann's phone: answers a BYE `byeAfterMs` after it came (the caller's BYE of her leg ends once dan talks: he talks
 * and the BYE is read unanswered 0.3 s after the caller sent it, at load 11).
 */
function annPhone(runDir: string, byeAfterMs = 2000): string {
  const file = path.join(runDir, 'ann-phone.xml')
  writeFileSync(file, phoneScenario(byeAfterMs))
  return file
}

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
    const deliver = s.bridge.onKamailio.bind(s.bridge)
    let held: Record<string, unknown> | undefined
    const { callers, annCall, transfer } = await transferLegsUnderOneTag(s, {
      oldLegReleased: released,
      untilNextTalks: false,
      beforeTransfer: () => {
        s.bridge.onKamailio = (message) => {
          if (message.event === 'invite' && message.dnis === 'dan') held = message
          else deliver(message)
        }
      },
    })
    const invite = await waitFor('the INVITE to dan', () => held, 20_000)
    await setAgentState(s, 'dan', 'not-ready')
    await setAgentState(s, 'ann', 'not-ready')
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
    await setAgentState(s, 'dan', 'ready')
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
