// An agent's 200 OK to the ring the bridge took back at her log-out (`unring`), coming once the next agent's phone
// rings: her phone answered the CANCEL and its INVITE (487), the call went back to the router and on to bob, and then
// her phone sends a 200 OK all the same. Her ring is over (she is logged out, her reservation withdrawn), so Kamailio
// ACKs it and ends it with a BYE, as it does one crossing that CANCEL (answer-crossing-logout); bob's ring goes on.
// Before, the ring taken back was forgotten as the next one started (`unrung` cleared), and the answer went through
// tm: ended as a ring-no-answer's ("a later ring on"), yet tm relayed it to the caller (a 2xx of a cancelled branch
// wins) and cancelled bob's ring.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import {
  annAnswerEnded,
  annAnswersAtCaller,
  annPhone,
  annScriptedAndBob,
  bobStates,
  cancelsAtBob,
  expectAnnNotBusy,
  lateAnswerPhone,
} from './crossing-phone.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { signOutDuringRing } from './ring-sign-out.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe("an agent's answer to the ring taken back at her log-out, once the next ring is on", () => {
  it("is ACKed and ended with a BYE; bob's ring goes on and he takes the call", async () => {
    // her answer 1 s after her 487: bob's phone, ringing 4 s, rings then; the ring-no-answer (14 s) is far off
    const s = await annScriptedAndBob(keep, lateAnswerPhone(1000), { bobRingMs: 4000, ronaMs: 14_000 })
    const bob = bobStates(s)
    const { callers, callId } = await signOutDuringRing(s, 'logout', { holdMs: 500 }, ['bob'])
    await annAnswerEnded(s, callId, "ann's answer after her ring was taken back", { after487: true })
    expect(kamailioLogLines(s, /answered as its ring was taken back \(her sign-out\)/)).toHaveLength(1)
    // bob's, rung meanwhile (his answer may be in already on a loaded host: his 4 s ring is no bound on this look)
    expect(s.bridge.calls().at(-1)).toMatchObject({ agent: 'bob' })

    // bob's ring was not cancelled: he takes the call; ann stays logged out, with no call of hers counted
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
    bob.stop()
    // his ring went on through her answer, change by change: rung, answered, ended, never taken back between
    expect(bob.of(callId)).toEqual(['ringing', 'talking', 'ended'])
    expect(s.bridge.calls().at(-1)).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, connectedAfterWithdrawal: 0, overlaps: 0 })
    expect(cancelsAtBob(s, callId)).toEqual([])
    await expectAnnNotBusy(s, { state: 'logged-out' })
    // the caller never had ann's answer
    expect(annAnswersAtCaller(callers)).toEqual([])
    expect(kamailioLogFaults(s)).toEqual([])
  })

  // her answer crossing the CANCEL (answer-crossing-logout): her phone, having answered, never sends the INVITE's 487,
  // so tm kept the ring until fr_timer gave its branch up (a 408, ~5 s) before the call could go on. Kamailio ends the
  // branch with a 487 of its own as it ends the answer: the ring comes back as the CANCEL's 487.
  it('crossing her CANCEL, ends her ring at once: the ring comes back as a 487, not tm giving it up', async () => {
    const s = await annScriptedAndBob(keep, annPhone(0), { bobRingMs: 300, ronaMs: 14_000 })
    const { callers } = await signOutDuringRing(s, 'logout', { holdMs: 500 })
    const annRingBack = () =>
      readFileSync(path.join(s.runDir, 'bridge.log'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message?: string; agent?: string; code?: number })
        .find((entry) => entry.message === 'ring-no-answer' && entry.agent === 'ann')
    const back = await waitFor("ann's ring back", annRingBack, 15_000)
    expect(back.code).toBe(487)
    expect(kamailioLogLines(s, /answered as its ring was taken back \(her sign-out\)/)).toHaveLength(1)

    expect((await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })).status).toBe(200)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
    expect(s.bridge.calls().at(-1)).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, connectedAfterWithdrawal: 0, overlaps: 0 })
    expect((await routerAgent(s, 'ann'))?.load.voice ?? 0).toBe(0)
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
