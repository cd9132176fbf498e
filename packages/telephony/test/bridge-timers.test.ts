// The bridge's waits beyond a hold's run on its injected timers too: a CANCEL's grace for an answer crossing it and a
// release's deadline for Kamailio's word of the agent's BYE fire on a simulated clock, at their time, with no real
// waiting.
import { describe, expect, it } from 'vitest'
import { settle, simulatedBridge } from './simulated-bridge.ts'

/** A bridge on a simulated clock with call c1 ringing ann; the router's commands and Kamailio's are recorded. */
const ringing = () => simulatedBridge({ cancelGraceMs: 2000, byeGiveUpMs: 5000 })

describe("the bridge's waits on its injected clock", () => {
  it("abandons a ringing call once the CANCEL's 2 s grace has passed on the clock, not before", async () => {
    const { clock, bridge, commands, kamailio, state } = ringing()
    await settle()
    expect(state()).toBe('ringing')
    kamailio('cancel')
    clock.advance(1999)
    await settle()
    // an answer crossing the CANCEL may still come: nothing told the router yet
    expect(state()).toBe('ringing')
    expect(commands).not.toContain('POST /v1/interactions/c1/abandon')
    clock.advance(1)
    await settle()
    expect(state()).toBe('ended')
    expect(commands).toContain('POST /v1/interactions/c1/abandon')
    expect(bridge.figures()).toMatchObject({ abandoned: 1, abandonedRinging: 1 })
    expect(clock.pending()).toBe(0)
  })

  it('a crossing answer within the grace clears its timer: the call talks, nothing left to fire', async () => {
    const { clock, commands, kamailio, state } = ringing()
    await settle()
    kamailio('cancel')
    // the grace is the clock's one timer
    expect(clock.pending()).toBe(1)
    clock.advance(1000)
    kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
    await settle()
    expect(clock.pending()).toBe(0)
    clock.advance(5000)
    await settle()
    expect(state()).toBe('talking')
    expect(commands).not.toContain('POST /v1/interactions/c1/abandon')
  })

  it('frees the agent of a release whose agent-bye never came at byeGiveUpMs + 1 s on the clock', async () => {
    const { clock, bridge, sent, kamailio, state } = ringing()
    kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
    await settle()
    expect(state()).toBe('talking')
    let released = false
    const release = bridge.release('c1').then(() => {
      released = true
    })
    expect(sent.some((m) => m.action === 'release')).toBe(true)
    kamailio('released', { code: 200 })
    clock.advance(5999)
    await settle()
    expect(state()).toBe('talking')
    expect(released).toBe(false)
    // Kamailio gave the BYE up at 5 s; its agent-bye lost on the way: freed a second later, on the clock
    clock.advance(1)
    await settle()
    await release
    expect(released).toBe(true)
    expect(state()).toBe('ended')
    expect(bridge.figures()).toMatchObject({ releaseByesUnheard: 1 })
    expect(clock.pending()).toBe(0)
  })

  it("fails a release Kamailio never answers once the command's 15 s have passed on the clock", async () => {
    const { clock, bridge, kamailio, state } = ringing()
    kamailio('answered', { ttag: 't1', to: '<sip:5000@x>;tag=t1', contact: 'sip:phone@127.0.0.1:7100' })
    await settle()
    let failure: Error | undefined
    const release = bridge.release('c1').catch((error: Error) => {
      failure = error
    })
    clock.advance(14_999)
    await settle()
    expect(failure).toBeUndefined()
    clock.advance(1)
    await release
    expect(failure?.message).toBe('Call "c1" did not end within 15000 ms')
    expect(state()).toBe('talking')
  })
})
