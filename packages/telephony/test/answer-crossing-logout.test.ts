// An agent's 200 OK crossing the CANCEL of her own log-out (the bridge's `unring` of her ring): as with the
// ring-no-answer's CANCEL (answer-crossing-rona), the ring is over for the router (her reservation withdrawn, she is
// logged out), so Kamailio ACKs that answer and ends it with a BYE, the caller never gets it and the call goes to the
// next agent. Before, tm relayed it to the caller (a 2xx crossing a CANCEL wins) and ann, logged out, kept the call.
import { describe, expect, it } from 'vitest'
import { readPhoneLog, waitFor } from '../src/index.ts'
import {
  annAnswerEnded,
  annAnswersAtCaller,
  annPhone,
  annScriptedAndBob,
  expectAnnNotBusy,
} from './crossing-phone.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { readTrace } from './phone-trace.ts'
import { signOutDuringRing } from './ring-sign-out.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe("an agent's answer crossing the CANCEL of her own log-out", () => {
  it('is ACKed and ended with a BYE; she stays logged out and the call goes to the next agent', async () => {
    // her phone rings (180) and answers only as a CANCEL comes; the ring-no-answer (14 s) is far off
    const s = await annScriptedAndBob(keep, annPhone(0), { bobRingMs: 300, ronaMs: 14_000 })
    const { callers, callId } = await signOutDuringRing(s, 'logout', { holdMs: 500 })
    await annAnswerEnded(s, callId, "ann's answer crossing her ring's CANCEL")
    expect(kamailioLogLines(s, /answered as its ring was taken back \(her sign-out\)/)).toHaveLength(1)

    // bob takes the call; ann stays logged out, with no call of hers counted
    expect((await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })).status).toBe(200)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
    expect(s.bridge.calls().at(-1)).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({
      answered: 1,
      ronas: 0,
      connectedAfterWithdrawal: 0,
      overlaps: 0,
    })
    expect(
      readPhoneLog(readTrace(s.phones.find((p) => p.agent === 'bob')!.messageFile)).invites,
    ).toHaveLength(1)
    await expectAnnNotBusy(s, { state: 'logged-out' })
    // the caller never had ann's answer
    expect(annAnswersAtCaller(callers)).toEqual([])
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
