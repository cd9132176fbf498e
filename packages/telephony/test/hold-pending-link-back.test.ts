// A hold whose answer (Kamailio's `reinvited`) is lost with the evapi link, the link back BEFORE the hold's wait ends:
// the reconciliation skips a leg whose hold is still under way, and the wait then ended unanswered ("not on hold")
// while Kamailio held the caller. Now the hold is settled from Kamailio's `held`: it resolves, the bridge says held and
// a retrieve is taken. Real Kamailio, sipp phone and caller, the link via a relay.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('a hold still waiting for its answer when the evapi link comes back', () => {
  it("is settled from Kamailio's held: the hold resolves, the bridge says held, and a retrieve is taken", async () => {
    const { s, relay, cut, reconnect } = await startRelayedStack(keep, {
      agents: [{ id: 'ann', ringMs: 100 }],
      // the hold's wait outlasts the cut and the link's return
      commandTimeoutMs: 30_000,
    })
    try {
      const callers = await s.call([callerCall({ startMs: 0, holdMs: 60_000 })])
      const view = () => s.bridge.calls().find((c) => c.state === 'talking')
      const { callId } = await waitFor('the call talking', view, 30_000)
      // a hold and retrieve heard whole first: the caller's ACK went through (else Kamailio's 491 would be lost too)
      await s.bridge.hold(callId)
      await s.bridge.retrieve(callId)
      // Kamailio's events go into nothing from here: the re-INVITE reaches the caller, its answer not the bridge
      relay.deafen()
      const holding = s.bridge.hold(callId)
      // a rejection before it is awaited below must not go unhandled
      holding.catch(() => {})
      const held = async () => (await s.kamailioRpc.callerHolds()).size === 1
      await waitFor("the caller's hold in Kamailio", held, 10_000)
      expect(view()).toMatchObject({ held: false })
      await cut()
      await reconnect()
      await holding
      expect(view()).toMatchObject({ held: true })
      await s.bridge.retrieve(callId)
      expect(view()).toMatchObject({ held: false, state: 'talking' })
      expect((await s.kamailioRpc.callerHolds()).size).toBe(0)
      await s.bridge.release(callId)
      expect(await callers.exited, callers.tail()).toBe(0)
    } finally {
      await relay.close()
    }
  })
})
