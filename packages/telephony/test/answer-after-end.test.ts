// An agent's 200 OK that comes once the caller's CANCEL ended the call: the phone answered the CANCEL and its INVITE
// (487, ACKed) and then sends a 200 OK all the same. The call is over for everyone (tm answered the caller 487, the
// `calls` item is gone), so Kamailio ACKs that 200 and ends it with a BYE to the phone (RFC 3261 §15), names the case
// at NOTICE and sends nothing to the caller. Before, tm (or the stateless relay once tm let the transaction go) sent
// it on to the caller's old address, and the phone, never ACKed, believed it talked.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, waitFor } from '../src/index.ts'
import { annAnswerEnded, annAnswersAtCaller, lateAnswerPhone } from './crossing-phone.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { callerCall } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

// tm's wt_timer here (Kamailio's 5 s in production): tm lets the INVITE go this long after its 487; the late answers
// fall on the same sides of it, 2 s and 3 s away (4 s and 3 s at 5 s)
const TM_WAIT_MS = 3000

describe("an agent's answer coming after the caller hung up", () => {
  it.each([
    ['1 s after its 487, tm still keeping the INVITE', 1000],
    ['6 s after its 487, tm done with the INVITE', 6000],
  ])('is ACKed and ended with a BYE to the phone only (%s)', async (_, lateMs) => {
    const runDir = keep.runDir()
    const file = path.join(runDir, 'ann-phone.xml')
    writeFileSync(file, lateAnswerPhone(lateMs))
    const s = keep(
      await startTelephonyStack({
        runDir,
        agents: [{ id: 'ann', scenario: file }],
        ronaMs: 10_000,
        tmWaitMs: TM_WAIT_MS,
      }),
    )
    // ann's phone rings at once and never answers in time: the caller hangs up after 2.5 s
    const callers = await s.call([callerCall({ startMs: 0, patienceMs: 2500 })])
    const view = await waitFor('the call', () => s.bridge.calls()[0], 10_000)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the abandon', () => s.bridge.figures().abandoned === 1, 15_000)

    await annAnswerEnded(s, view.callId, "ann's answer after the call ended", {
      timeoutMs: lateMs + 10_000,
      after487: true,
    })
    expect(kamailioLogLines(s, /answered after the call ended \(the caller hung up\)/)).toHaveLength(1)
    // the caller never had ann's 200, and the call stays ended everywhere
    expect(annAnswersAtCaller(callers)).toEqual([])
    expect([...(await s.kamailioRpc.heldCalls()).keys()]).toEqual([])
    expect(s.bridge.figures()).toMatchObject({ answered: 0, abandoned: 1, open: 0 })
    expect((await routerAgent(s, 'ann'))?.load.voice ?? 0).toBe(0)
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
