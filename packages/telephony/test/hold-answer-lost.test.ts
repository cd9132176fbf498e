// A hold whose answer (Kamailio's `reinvited`) is lost with the evapi link: the caller is on hold and Kamailio's `held`
// says so. Once the link is back the bridge reads Kamailio's `held` and says held: the agent desktop shows the truth
// and a retrieve is taken. Before, when the wait had ended unanswered ("not on hold"), the bridge kept "not held" and
// refused the retrieve while the caller heard silence; and when the link came back before the wait ended, the
// reconciliation skipped the leg and the wait then failed the same way.
// An answer that comes only after the bridge's wait ended (the link slow, or the phone answering after its 1xx) is
// followed too: the desktop was told "did not answer", then Kamailio's `held` of that leg alone (one htable.get among
// other calls' rows) says what the call shows. Before, the late `reinvited` was dropped (no wait for it): the call
// stayed unheld while Kamailio held the caller, a retrieve refused while the caller heard silence.
// Such a late answer coming while the agent's next hold waits is not taken as that one's (config 12's `reinvited`
// names its CSeq): before, a refused hold's late 488 failed the next hold, which the caller took.
// Real Kamailio, sipp phone and caller, the link via a relay.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { waitForMessages } from './phone-trace.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/**
 * ann talking with the caller, one hold and retrieve heard whole, then Kamailio's events going into nothing (`lost`)
 * or kept back by the relay until relay.letThrough() (`late`).
 */
async function talkingThenDeaf(commandTimeoutMs: number, events: 'lost' | 'late' = 'lost') {
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
  // from here the re-INVITE reaches the caller, its answer not the bridge (or not yet)
  if (events === 'lost') relay.deafen()
  else relay.holdBack()
  /** Kamailio's `held` item of this call's leg (the only leg here). */
  const heldItem = () => s.kamailioRpc.callerHold(`${callId}|1`)
  const heldInKamailio = async () => (await heldItem()) !== undefined
  /** The retrieve is taken, Kamailio's hold cleared, the call released and the caller's sipp done. */
  const retrieveAndEnd = async () => {
    await s.bridge.retrieve(callId)
    expect(view()).toMatchObject({ held: false, state: 'talking' })
    expect(await heldItem()).toBeUndefined()
    await s.bridge.release(callId)
    expect(await callers.exited, callers.tail()).toBe(0)
  }
  return { ...stack, view, callId, heldItem, heldInKamailio, retrieveAndEnd }
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

  it("ending unanswered after the link came back, is settled from this leg's own held item among other calls' rows", async () => {
    // the hold's wait outlasts the cut and the link's return, and ends after them: 3 s, as the hold's start to the
    // item set again after them takes 0.17 s at load 6 (8 s here waited 5 s more for nothing)
    const { s, relay, cut, reconnect, view, callId, heldInKamailio, retrieveAndEnd } =
      await talkingThenDeaf(3000)
    try {
      for (let i = 0; i < 200; i++)
        await s.kamailioRpc.call('htable.sets', ['held', `other-${i}@x|1`, '1700000000.5'])
      const holding = s.bridge.hold(callId)
      holding.catch(() => {})
      await waitFor("the caller's hold in Kamailio", heldInKamailio, 5000)
      // as if the caller's 2xx reached Kamailio only after the link-up: the reconciliation sees no hold of this leg
      const since = await s.kamailioRpc.item('held', `${callId}|1`)
      await s.kamailioRpc.call('htable.delete', ['held', `${callId}|1`])
      await cut()
      await reconnect()
      expect(view()).toMatchObject({ held: false })
      await s.kamailioRpc.call('htable.sets', ['held', `${callId}|1`, since])
      await holding
      expect(view()).toMatchObject({ held: true, heldAt: Math.round(Number(since) * 1000) })
      await retrieveAndEnd()
    } finally {
      await relay.close()
    }
  })
})

describe("a hold or retrieve whose caller's answer comes after the bridge's wait ended", () => {
  it("is followed: the desktop was told it did not answer, then the call shows Kamailio's held of that leg", async () => {
    const { s, relay, view, callId, heldItem, heldInKamailio, retrieveAndEnd } = await talkingThenDeaf(
      2000,
      'late',
    )
    try {
      // other calls on hold in Kamailio, and another leg of this Call-ID: the bridge reads this leg's item alone
      for (let i = 0; i < 200; i++)
        await s.kamailioRpc.call('htable.sets', ['held', `other-${i}@x|1`, '1700000000.5'])
      await s.kamailioRpc.call('htable.sets', ['held', `${callId}|2`, '1700000000.5'])
      expect(await s.kamailioRpc.callerHold(`${callId}|2`)).toBe(1_700_000_000_500)
      expect(await s.kamailioRpc.callerHold('nobody@x|1')).toBeUndefined()
      expect(await heldItem()).toBeUndefined()

      await expect(s.bridge.hold(callId)).rejects.toThrow(
        "The caller's phone did not answer the hold within 2000 ms; the caller is not on hold unless its answer still comes (the call then shows it)",
      )
      await waitFor("the caller's hold in Kamailio", heldInKamailio, 5000)
      expect(view()).toMatchObject({ held: false })
      relay.letThrough()
      await waitFor('the call held, as Kamailio holds it', () => view()?.held === true, 5000)

      // the same the other way: a retrieve answered late leaves the call unheld, as in Kamailio
      relay.holdBack()
      await expect(s.bridge.retrieve(callId)).rejects.toThrow(
        'did not answer the retrieve within 2000 ms; the caller stays on hold unless its answer still comes',
      )
      await waitFor("the caller's hold gone from Kamailio", async () => !(await heldInKamailio()), 5000)
      expect(view()).toMatchObject({ held: true })
      relay.letThrough()
      await waitFor('the call not held, as in Kamailio', () => view()?.held === false, 5000)
      // the other leg's and the other calls' rows untouched
      expect(await s.kamailioRpc.callerHold(`${callId}|2`)).toBe(1_700_000_000_500)
      await s.bridge.hold(callId)
      expect(view()).toMatchObject({ held: true })
      await retrieveAndEnd()
    } finally {
      await relay.close()
    }
  })
})

describe("an older hold's answer that comes while the agent's next hold waits", () => {
  it('is not taken as its answer: a refused hold answered late, then the next hold, which the caller takes', async () => {
    const { s, relay } = await startRelayedStack(keep, {
      agents: [{ id: 'ann', ringMs: 100 }],
      commandTimeoutMs: 1000,
    })
    try {
      // the caller's phone refuses its first re-INVITE (488), takes the next
      const callers = await s.call([callerCall({ startMs: 0, holdMs: 60_000, holdRefusals: 1 })])
      const view = () => s.bridge.calls().find((c) => c.state === 'talking')
      const { callId } = await waitFor('the call talking', view, 30_000)
      // the caller's ACK through Kamailio first: its 491 meanwhile would be kept back too (`acked` holds an integer,
      // which item() does not read; htable.get answers an error for a key it does not hold)
      const ftag = [...(await s.kamailioRpc.heldCalls()).keys()]
        .find((k) => k.startsWith(`${callId}|`))
        ?.slice(callId.length + 1)
      await waitFor(
        "the caller's ACK in Kamailio",
        () =>
          s.kamailioRpc.call('htable.get', ['acked', `${callId}|${ftag}|1`]).then(
            () => true,
            () => false,
          ),
        5000,
      )

      relay.holdBack()
      await expect(s.bridge.hold(callId)).rejects.toThrow(
        "The caller's phone did not answer the hold within 1000 ms",
      )
      // Kamailio had the 488 (tm's ACK of it reached the caller): its `reinvited` waits at the relay
      await waitForMessages(callers.messageFile, /^CSeq: 201 ACK\r?$/m, {
        direction: 'received',
        what: "tm's ACK of the 488",
      })
      const holding = s.bridge.hold(callId)
      // the refused hold's `reinvited` reaches the bridge first, then the next hold's own
      relay.letThrough()
      await holding
      expect(view()).toMatchObject({ held: true })
      expect(await s.kamailioRpc.item('held', `${callId}|1`)).toBeDefined()
      expect(readFileSync(path.join(s.runDir, 'bridge.log'), 'utf8')).toContain(
        "an older hold's or retrieve's answer came while a newer one waits: not taken as its answer",
      )
      await s.bridge.retrieve(callId)
      expect(view()).toMatchObject({ held: false })
      await s.bridge.release(callId)
      expect(await callers.exited, callers.tail()).toBe(0)
    } finally {
      await relay.close()
    }
  })
})
