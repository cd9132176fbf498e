// A hold whose answer (Kamailio's `reinvited`) is lost with the evapi link: the caller is on hold, Kamailio's `held`
// says so, and the bridge's wait ended with no answer ("not on hold"). Once the link is back the bridge reads Kamailio's
// `held` and says held: the agent desktop shows the truth and a retrieve is taken. Before, the bridge kept "not held"
// and refused the retrieve ("The caller is not on hold") while the caller heard silence.
// Real Kamailio, sipp phone and caller, the link via a relay.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('a hold whose answer was lost with the evapi link', () => {
  it("is read from Kamailio's held once the link is back: the bridge says held, and a retrieve is taken", async () => {
    const { s, relay, cut, reconnect } = await startRelayedStack(keep, {
      agents: [{ id: 'ann', ringMs: 100 }],
      // the hold's wait for its lost answer ends within the test
      commandTimeoutMs: 2000,
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
      await expect(s.bridge.hold(callId)).rejects.toThrow('did not answer the hold')
      const held = async () => (await s.kamailioRpc.callerHolds()).size === 1
      await waitFor("the caller's hold in Kamailio", held, 5000)
      expect(view()).toMatchObject({ held: false })
      await cut()
      await reconnect()
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
