// An agent's 200 OK crossing Kamailio's ring-no-answer CANCEL: the phone answered just as the RONA fired. The ring
// was over for the router (the agent made not ready, the call offered again), so the late answer is not the
// caller's call: Kamailio ACKs it and ends it with a BYE (RFC 3261 §15: a 2xx after a CANCEL is still a final answer
// to end), its `calls` item stays queued and the bridge is not told of an answer. Before, the answer set the item
// `talking|ann` (no caller ever got it) and the phone, never ACKed, kept sending its 200 believing it talked.
// ann's phone is scripted to send its 200 OK as the CANCEL arrives, before answering the CANCEL: the crossing as
// Kamailio sees it, every time.
import { describe, expect, it } from 'vitest'
import { type CallerCall, type TelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages } from '../src/phone-log.ts'
import {
  annAnswerEnded,
  annAnswersAtCaller,
  annPhone,
  annScriptedAndBob,
  bobStates,
  cancelsAtBob,
  expectAnnNotBusy,
} from './crossing-phone.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { readTrace, request, waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/**
 * ann (her phone `annPhone(answerAfterMs, resend)`) and bob (ringing `bobRingMs`), nobody ready, a ring running out
 * 1.8 s past bob's ring (his answer well within it on a loaded host; nothing else waits on ann's ring, which was 3 s
 * for every case); then `ready` made ready in that order (ann first: idle longest, she is offered the call first) and
 * the caller's `calls` started: the stack, its callers and the first call as the bridge lists it.
 */
async function callRingingAnn(
  phone: { answerAfterMs: number; bobRingMs: number; resend?: boolean },
  ready: readonly string[],
  calls: Array<Partial<CallerCall> & { startMs: number }> = [{ startMs: 0, holdMs: 500 }],
) {
  const { answerAfterMs, bobRingMs, resend = false } = phone
  const s = await annScriptedAndBob(keep, annPhone(answerAfterMs, resend), {
    bobRingMs,
    ronaMs: bobRingMs + 1800,
    tmWaitMs: TM_WAIT_MS,
  })
  for (const agent of ready)
    expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })).status).toBe(200)
  const callers = await s.call(calls.map((call) => callerCall(call)))
  const view = await waitFor('the call', () => s.bridge.calls()[0], 10_000)
  return { s, callers, view }
}

/** Waits until ann's phone received the ACK and the BYE of its late answer of `callId`. */
const lateAnswerEnded = (s: TelephonyStack, callId: string, timeoutMs?: number) =>
  annAnswerEnded(s, callId, "ann's late answer", { timeoutMs })

/** The call's item in Kamailio's `calls` table. */
async function kamailioItem(s: TelephonyStack, callId: string) {
  const held = [...(await s.kamailioRpc.heldCalls())].filter(([key]) => key.startsWith(`${callId}|`))
  expect(held).toHaveLength(1)
  return held[0]![1]
}

/** ann made not ready by her ring-no-answer, and not busy. */
const expectAnnNotReadyNotBusy = (s: TelephonyStack) =>
  expectAnnNotBusy(s, { state: 'not-ready', reason: 'no-answer' })

/**
 * tm's wt_timer in these stacks (Kamailio's 5 s in production): tm lets the INVITE go this long after bob's answer
 * (about 0.3 s after the CANCEL). Shorter, the late answers below wait less and still fall on either side of it, and
 * the 2 s one after the caller's hang-up (the first call's 0.5 s with bob).
 */
const TM_WAIT_MS = 3000

/** ann's answer after the next agent took the call: while tm still holds the INVITE, and once it let it go. */
const LATE_ANSWERS: Array<[string, number]> = [
  ['2 s after the CANCEL, tm still holding the INVITE', 2000],
  ['6 s after the CANCEL, tm done with the INVITE', 6000],
]

describe("an agent's answer crossing Kamailio's ring-no-answer CANCEL", () => {
  it('is ACKed and ended with a BYE; the call stays queued and goes to the next agent', async () => {
    // ann alone is ready: the call rings her phone, and waits in the queue once her ring ran out
    const { s, callers, view } = await callRingingAnn({ answerAfterMs: 0, bobRingMs: 200 }, ['ann'])
    await lateAnswerEnded(s, view.callId)

    // nobody took the call: Kamailio holds it queued (ann's ring lost), the bridge too, and ann is not ready
    expect(await kamailioItem(s, view.callId)).toMatchObject({
      state: 'queued',
      lost: { code: 408, agent: 'ann' },
    })
    expect(s.bridge.calls()[0]).toMatchObject({ state: 'queued' })
    await expectAnnNotReadyNotBusy(s)
    expect(s.bridge.figures()).toMatchObject({ answered: 0, ronas: 1 })
    expect(kamailioLogLines(s, /answered after its ring-no-answer \(its ring held again\)/)).toHaveLength(1)

    // the next agent takes it as any queued call
    await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 15_000)
    expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1, overlaps: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  // the answer later still (900 ms after the CANCEL, Kamailio's CANCEL sent again meanwhile): the router has offered
  // the call to bob, whose phone rings 1.2 s
  it("is not taken for the next agent's answer when it comes while that agent's phone rings", async () => {
    const { s, callers, view } = await callRingingAnn({ answerAfterMs: 900, bobRingMs: 1200 }, ['ann', 'bob'])
    const bob = bobStates(s)
    await lateAnswerEnded(s, view.callId)

    // the call is bob's in Kamailio and at the bridge: neither took ann's answer as the call's. His phone may have
    // answered already (it rings 1.2 s, ~0.3 s past her answer: a loaded host looks later), so whether he still
    // rings is read from the bridge's changes below, not from this look
    expect(await kamailioItem(s, view.callId)).toMatchObject({ agent: 'bob' })
    expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob' })
    expect(s.bridge.figures()).toMatchObject({ ronas: 1 })
    await expectAnnNotReadyNotBusy(s)
    expect(kamailioLogLines(s, /answered after its ring-no-answer \(a later ring on\)/)).toHaveLength(1)

    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 15_000)
    bob.stop()
    // bob's ring went on to his own answer (the one the bridge was told of: answered 1 below)
    expect(bob.of(view.callId)).toEqual(['ringing', 'talking', 'ended'])
    // the caller never had ann's answer, and bob's ring was not cancelled for it
    expect(annAnswersAtCaller(callers)).toEqual([])
    expect(cancelsAtBob(s, view.callId)).toEqual([])
    expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1, overlaps: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  // the phone's 200 sent again after Kamailio's ACK and BYE (RFC 3261 §13.3.1.4: its ACK lost): ACKed again, and no
  // second BYE (the dialog ended once). Before, each copy was ended again: two BYEs in the phone's trace.
  it('is ended once when the phone sends it again: its copy is ACKed again, with no second BYE', async () => {
    const { s, callers, view } = await callRingingAnn({ answerAfterMs: 0, bobRingMs: 200, resend: true }, [
      'ann',
    ])
    const file = s.phones.find((p) => p.agent === 'ann')!.messageFile
    await waitForMessages(file, request('ACK', view.callId), {
      direction: 'received',
      count: 2,
      what: "the ACKs of ann's late answer and of its copy",
    })

    await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 15_000)
    // a second BYE would have come with the copy's ACK, long before the call's end
    expect(receivedMessages(readTrace(file)).filter(request('BYE', view.callId))).toHaveLength(1)
    expect(kamailioLogLines(s, /answered after its ring-no-answer/)).toHaveLength(1)
    expect(kamailioLogLines(s, /sent its late answer again: ACKed again, its BYE already sent/)).toHaveLength(
      1,
    )
    expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1, overlaps: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  // the answer later still: the router offered the call to bob, whose phone answered at once, and the caller talks
  // with bob. Before, tm passed ann's 200 on to the caller (a proxy relays every 2xx of an INVITE; statelessly once
  // it let the transaction go), whose sipp took it as a second dialog: its ACK to ann, and its BYE to her, not bob.
  it.each(LATE_ANSWERS)(
    "is ended when it comes after the next agent answered (%s): the caller's call with that agent goes on",
    async (_, lateMs) => {
      const { s, callers, view } = await callRingingAnn(
        { answerAfterMs: lateMs, bobRingMs: 200 },
        ['ann', 'bob'],
        // the caller talks with bob until the checks below release the call (before, a hold of 3 s past ann's answer)
        [{ startMs: 0, holdMs: 60_000 }],
      )
      await waitFor('bob to answer', () => s.bridge.calls()[0]?.state === 'talking', 15_000)
      await lateAnswerEnded(s, view.callId)

      // the caller talks with bob: Kamailio, the bridge and the router alike
      expect(await kamailioItem(s, view.callId)).toMatchObject({ state: 'talking', agent: 'bob' })
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'bob' })
      expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1 })
      await expectAnnNotReadyNotBusy(s)
      expect((await routerAgent(s, 'bob'))?.load.voice).toBe(1)
      expect(
        kamailioLogLines(s, /answered after its ring-no-answer \(the next agent answered\)/),
      ).toHaveLength(1)

      // ann's answer ended, the call still talking: released now (a 200 relayed to the caller comes at once)
      await s.bridge.release(view.callId)
      expect(await callers.exited, callers.tail()).toBe(0)
      await waitFor('the call to end', () => s.bridge.figures().open === 0, 15_000)
      // the caller never had ann's answer (her 180 it had)
      expect(annAnswersAtCaller(callers)).toEqual([])
      expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
      expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1, overlaps: 0 })
      expect(kamailioLogFaults(s)).toEqual([])
    },
  )

  // the answer later still, and the caller talked with bob and hung up (its BYE) before it came: the call is over for
  // everyone. Before, once tm let the INVITE go, the 200 was relayed statelessly to the caller (`calls` empty, the
  // `ended` item `bye|...`), and the phone, never ACKed, believed it talked.
  it.each(LATE_ANSWERS)(
    'is ended when it comes after the caller hung up on the next agent (%s): nobody is connected again',
    async (_, lateMs) => {
      // the caller's second call (to bob, ann not ready) keeps its sipp listening until the checks below release it,
      // after ann's answer ended (a 200 relayed to it comes at once; before, a hold of 6 s past ann's answer). It
      // starts 4 s in, about 1 s after the first call's end (queued till bob is free if later): at 6 s the 2 s case
      // waited 2 s for it after ann's answer ended
      const { s, callers, view } = await callRingingAnn(
        { answerAfterMs: lateMs, bobRingMs: 200 },
        ['ann', 'bob'],
        [
          { startMs: 0, holdMs: 500 },
          { startMs: 4000, holdMs: 60_000 },
        ],
      )
      await waitFor('the first call to end', () => s.bridge.calls()[0]?.state === 'ended', 15_000)
      await lateAnswerEnded(s, view.callId, lateMs + 10_000)

      // the call stays ended everywhere: no item held, no answer of ann's counted, ann not busy. Kamailio logs the
      // answer after sending its ACK and BYE: ann's phone can have them first (a loaded host, once in a run)
      const ended = /answered after the call ended \(the caller hung up\)/
      await waitFor("Kamailio's log of ann's late answer", () => kamailioLogLines(s, ended).length > 0, 5000)
      expect(kamailioLogLines(s, ended)).toHaveLength(1)
      const held = [...(await s.kamailioRpc.heldCalls()).keys()]
      expect(held.filter((key) => key.startsWith(`${view.callId}|`))).toEqual([])
      expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
      await expectAnnNotReadyNotBusy(s)

      const second = await waitFor(
        'the second call talking with bob',
        () => s.bridge.calls().find((c) => c.callId !== view.callId && c.state === 'talking'),
        15_000,
      )
      await s.bridge.release(second.callId)
      expect(await callers.exited, callers.tail()).toBe(0)
      await waitFor('the calls to end', () => s.bridge.figures().open === 0, 15_000)
      // the caller never had ann's answer (her 180 it had)
      expect(annAnswersAtCaller(callers)).toEqual([])
      expect(s.bridge.figures()).toMatchObject({ answered: 2, ronas: 1, open: 0, overlaps: 0 })
      expect((await routerAgent(s, 'bob'))?.load.voice ?? 0).toBe(0)
      expect(kamailioLogFaults(s)).toEqual([])
    },
  )
})
