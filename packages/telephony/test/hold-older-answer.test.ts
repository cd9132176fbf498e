// A hold's answer that comes after its wait ended, while the agent's next hold waits (config 12's `reinvited` names
// the re-INVITE's CSeq): it is not taken as the next one's answer, and a 2xx of it is followed from Kamailio's `held`
// once the next one's wait ends. On a simulated clock; hold-answer-lost.test.ts has the real stack's case.
import { describe, expect, it } from 'vitest'
import { CLOCK_START, settle, simulatedBridge } from './simulated-bridge.ts'

const PHONE_SDP = 'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\n'

/** ann talking on c1 with a hold that timed out (CSeq 201), the next hold (CSeq 202) waiting; Kamailio's `held`. */
async function secondHoldWaiting(heldInKamailio: number | undefined) {
  const { clock, bridge, sent, kamailio } = simulatedBridge({
    commandTimeoutMs: 2000,
    callerHold: async () => heldInKamailio,
  })
  kamailio('answered', {
    ttag: 't1',
    to: '<sip:5000@x>;tag=t1',
    contact: 'sip:phone@127.0.0.1:7100',
    sdp: Buffer.from(PHONE_SDP).toString('base64'),
  })
  const first = bridge.hold('c1')
  first.catch(() => {})
  clock.advance(2000)
  await expect(first).rejects.toThrow("The caller's phone did not answer the hold within 2000 ms")
  const second = bridge.hold('c1')
  second.catch(() => {})
  const cseqs = sent.filter((m) => m.action === 'reinvite').map((m) => m.cseq)
  expect(cseqs).toEqual([201, 202])
  return { clock, bridge, kamailio, second }
}

describe("an older hold's answer while the next hold waits", () => {
  it("is not the next one's: the first hold's late 488 leaves the second waiting for its own 200", async () => {
    const { bridge, kamailio, second } = await secondHoldWaiting(CLOCK_START)
    kamailio('reinvited', { code: 488, cseq: 201 })
    await settle()
    expect(bridge.calls()[0]).not.toHaveProperty('held', true)
    kamailio('reinvited', { code: 200, cseq: 202 })
    await second
    expect(bridge.calls()[0]).toMatchObject({ held: true })
  })

  it("a late 2xx of it is followed from Kamailio's held once the next one is refused: the caller is on hold", async () => {
    const { clock, bridge, kamailio, second } = await secondHoldWaiting(CLOCK_START + 2500)
    clock.advance(600)
    kamailio('reinvited', { code: 200, cseq: 201 })
    await settle()
    kamailio('reinvited', { code: 488, cseq: 202 })
    await expect(second).rejects.toThrow("The caller's phone refused the hold (SIP 488")
    await settle()
    // the first hold took: Kamailio holds the caller since its answer
    expect(bridge.calls()[0]).toMatchObject({ held: true, heldAt: CLOCK_START + 2500 })
  })
})
