// A hold whose answer (Kamailio's `reinvited`) is lost with the evapi link: the caller is on hold and Kamailio's `held`
// says so. Once the link is back the bridge reads Kamailio's `held` and says held: the agent desktop shows the truth
// and a retrieve is taken. Before, when the wait had ended unanswered ("not on hold"), the bridge kept "not held" and
// refused the retrieve while the caller heard silence; and when the link came back before the wait ended, the
// reconciliation skipped the leg and the wait then failed the same way.
// Real Kamailio, sipp phone and caller, the link via a relay.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** ann talking with the caller, one hold and retrieve heard whole, then Kamailio's events going into nothing. */
async function talkingThenDeaf(commandTimeoutMs: number) {
  const stack = await startRelayedStack(keep, { agents: [{ id: 'ann', ringMs: 100 }], commandTimeoutMs })
  const { s, relay } = stack
  const view = () => s.bridge.calls().find((c) => c.state === 'talking')
  const started = await (async () => {
    const callers = await s.call([callerCall({ startMs: 0, holdMs: 60_000 })])
    const { callId } = await waitFor('the call talking', view, 30_000)
    // the caller's ACK went through first (else Kamailio's 491 would be lost too)
    await s.bridge.hold(callId)
    await s.bridge.retrieve(callId)
    return { callers, callId }
  })().catch(async (error: unknown) => {
    await relay.close()
    throw error
  })
  const { callers, callId } = started
  // from here the re-INVITE reaches the caller, its answer not the bridge
  relay.deafen()
  const heldInKamailio = async () => (await s.kamailioRpc.callerHolds()).size === 1
  /** The retrieve is taken, Kamailio's hold cleared, the call released and the caller's sipp done. */
  const retrieveAndEnd = async () => {
    await s.bridge.retrieve(callId)
    expect(view()).toMatchObject({ held: false, state: 'talking' })
    expect((await s.kamailioRpc.callerHolds()).size).toBe(0)
    await s.bridge.release(callId)
    expect(await callers.exited, callers.tail()).toBe(0)
  }
  return { ...stack, view, callId, heldInKamailio, retrieveAndEnd }
}

describe('a hold whose answer was lost with the evapi link', () => {
  it("is read from Kamailio's held once the link is back: the bridge says held, and a retrieve is taken", async () => {
    // the hold's wait for its lost answer ends within the test
    const { s, relay, cut, reconnect, view, callId, heldInKamailio, retrieveAndEnd } =
      await talkingThenDeaf(2000)
    try {
      await expect(s.bridge.hold(callId)).rejects.toThrow('did not answer the hold')
      await waitFor("the caller's hold in Kamailio", heldInKamailio, 5000)
      expect(view()).toMatchObject({ held: false })
      await cut()
      await reconnect()
      expect(view()).toMatchObject({ held: true })
      await retrieveAndEnd()
    } finally {
      await relay.close()
    }
  })

  it("still waiting when the link comes back, is settled from Kamailio's held: it resolves, held, a retrieve is taken", async () => {
    // the hold's wait outlasts the cut and the link's return
    const { s, relay, cut, reconnect, view, callId, heldInKamailio, retrieveAndEnd } =
      await talkingThenDeaf(30_000)
    try {
      const holding = s.bridge.hold(callId)
      // a rejection before it is awaited below must not go unhandled
      holding.catch(() => {})
      await waitFor("the caller's hold in Kamailio", heldInKamailio, 10_000)
      expect(view()).toMatchObject({ held: false })
      await cut()
      await reconnect()
      await holding
      expect(view()).toMatchObject({ held: true })
      await retrieveAndEnd()
    } finally {
      await relay.close()
    }
  })
})
