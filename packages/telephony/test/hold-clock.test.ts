// A hold's waits run on the bridge's injected timers: Kamailio's 491s (the caller's ACK of its 2xx not seen yet) are
// retried and an unanswered re-INVITE times out on a simulated clock, in order and with no real waiting.
import { describe, expect, it } from 'vitest'
import { parseCallState } from '../src/kamailio-call-state.ts'
import { CLOCK_START, settle, simulatedBridge } from './simulated-bridge.ts'

const PHONE_SDP = 'v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\n'

/** A bridge on a simulated clock with ann talking on call c1 (her phone's SDP known), and what Kamailio was sent. */
function talking(options: Parameters<typeof simulatedBridge>[0] = {}) {
  const { clock, bridge, sent, kamailio } = simulatedBridge({ commandTimeoutMs: 15_000, ...options })
  kamailio('answered', {
    ttag: 't1',
    to: '<sip:5000@x>;tag=t1',
    contact: 'sip:phone@127.0.0.1:7100',
    sdp: Buffer.from(PHONE_SDP).toString('base64'),
  })
  const reinvites = () => sent.filter((m) => m.action === 'reinvite')
  return { clock, bridge, kamailio, reinvites }
}

describe("a hold's waits on the bridge's clock", () => {
  it("sends again 100 ms after each of Kamailio's 491s, then holds on the caller's 200", async () => {
    const { clock, bridge, kamailio, reinvites } = talking()
    const start = clock.now()
    let held = false
    const hold = bridge.hold('c1').then(() => {
      held = true
    })
    for (let i = 1; i <= 3; i++) {
      expect(reinvites()).toHaveLength(i)
      kamailio('reinvited', { code: 491, sent: false })
      await settle()
      // not before the retry's 100 ms: held back, nothing sent
      clock.advance(99)
      await settle()
      expect(reinvites()).toHaveLength(i)
      clock.advance(1)
      await settle()
    }
    expect(reinvites()).toHaveLength(4)
    // nothing reached the caller before: the one that does is the dialog's first re-INVITE
    expect(reinvites().map((m) => /CSeq: (\d+) INVITE/.exec(String(m.headers))?.[1])).toEqual([
      '201',
      '201',
      '201',
      '201',
    ])
    kamailio('reinvited', { code: 200 })
    await hold
    expect(held).toBe(true)
    expect(bridge.calls()[0]).toMatchObject({ held: true, heldAt: start + 300 })
    // the answer's wait was cleared with it: no timer left to fire
    expect(clock.pending()).toBe(0)
  })

  it("fails a re-INVITE the caller never answers once the command's 15 s have passed on the clock, the call unheld", async () => {
    const { clock, bridge, reinvites } = talking()
    let failure: Error | undefined
    void bridge.hold('c1').catch((error: Error) => {
      failure = error
    })
    await settle()
    clock.advance(14_999)
    await settle()
    expect(failure).toBeUndefined()
    // at once on the clock's 15 s, not 15 real seconds later
    clock.advance(1)
    await settle()
    await settle()
    expect(failure?.message).toBe(
      "The caller's phone did not answer the hold within 15000 ms; the caller is not on hold unless its answer still comes (the call then shows it)",
    )
    expect(reinvites()).toHaveLength(1)
    expect(bridge.calls()[0]).toMatchObject({ state: 'talking' })
    expect(bridge.calls()[0]).not.toHaveProperty('held', true)
    // the re-INVITE's slot is free again: a retrieve is refused for the state, not for a hold in progress
    await expect(bridge.retrieve('c1')).rejects.toThrow('The caller is not on hold')
  })

  it("gives up on Kamailio's 491s once they spent the command's time, and says the caller never acknowledged", async () => {
    const { clock, bridge, kamailio, reinvites } = talking()
    let failure: Error | undefined
    const hold = bridge.hold('c1').catch((error: Error) => {
      failure = error
    })
    // 150 tries 100 ms apart fill the 15 s: the last 491 ends it, no 151st
    for (let i = 1; i <= 150; i++) {
      expect(reinvites()).toHaveLength(i)
      kamailio('reinvited', { code: 491, sent: false })
      await settle()
      clock.advance(100)
      await settle()
    }
    await hold
    expect(failure?.message).toBe(
      "The caller's phone never acknowledged the call's answer (no ACK of its 200 OK within 15000 ms): Kamailio did not send the hold; the caller is not on hold",
    )
    expect(reinvites()).toHaveLength(150)
    expect(clock.now()).toBe(CLOCK_START + 15_000)
  })

  // a host may give only the whole table (BridgeOptions.callerHolds): one leg is then read from it
  it.each([
    ['both readers', true],
    ['only callerHolds', false],
  ])(
    "settles a hold whose wait ends unanswered after the link came back from Kamailio's held: the hold went through (%s)",
    async (_, one) => {
      // Kamailio's word: c1 talking with ann; its `held` empty at the link-up, the caller's 2xx (lost) set it after
      const holds = new Map<string, number>()
      const { clock, bridge } = talking({
        heldCalls: async () =>
          new Map([
            [
              'c1|f1',
              parseCallState(
                `talking|ann|${CLOCK_START / 1000}|sip:phone@127.0.0.1:7100|<sip:5000@x>;tag=t1`,
              ),
            ],
          ]),
        callerHolds: async () => holds,
        ...(one ? { callerHold: async (key: string) => holds.get(key) } : {}),
      })
      let result: string | undefined
      const hold = bridge.hold('c1').then(
        () => 'held',
        (error: Error) => error.message,
      )
      void hold.then((r) => {
        result = r
      })
      await settle()
      bridge.linkDown('the test cut it')
      clock.advance(1000)
      bridge.linkUp(1000)
      for (let i = 0; i < 5; i++) await settle()
      // not settled at the link-up: Kamailio showed no hold yet
      expect(result).toBeUndefined()
      expect(bridge.calls()[0]).not.toHaveProperty('held', true)
      holds.set('c1|1', CLOCK_START + 2000)
      clock.advance(14_000)
      expect(await hold).toBe('held')
      expect(bridge.calls()[0]).toMatchObject({ state: 'talking', held: true, heldAt: CLOCK_START + 2000 })
    },
  )
})
