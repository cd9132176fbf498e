// A hold asked the moment the bridge hears the agent answered: Kamailio tells the bridge of the agent's 2xx before
// it relays that 2xx to the caller, so its re-INVITE could reach the caller first. sipp then took it as unexpected
// and dropped the call, the re-INVITE went unanswered and Kamailio gave 408 (CI: "refused the hold (SIP 408)").
// Kamailio now answers 491 until the caller's ACK of its 2xx went through, and the bridge asks again shortly.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KAMAILIO_CONFIG, startTelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages } from '../src/phone-log.ts'
import { transferLegsUnderOneTag } from './legs-under-one-tag.ts'
import { waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** The repository's config with the agent's 2xx held 1.5 s after the bridge is told (a SIP worker starved of CPU). */
function slowAnswerRelay(): string {
  const template = readFileSync(KAMAILIO_CONFIG, 'utf8')
  const told = /(evapi_unicast\("\{\\"event\\":\\"answered\\"[^\n]*\n)/
  expect(template).toMatch(told)
  const config = path.join(keep.runDir(), 'kamailio.template.cfg')
  writeFileSync(
    config,
    template
      .replace('loadmodule "kex.so"\n', 'loadmodule "kex.so"\nloadmodule "cfgutils.so"\n')
      .replace(told, '$1\t\tusleep("1500000");\n'),
  )
  return config
}

describe('a hold asked before the caller has its 2xx', () => {
  it('reaches the caller after its 2xx and ACK, and the call talks on', async () => {
    const stack = keep(
      await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 200 }], kamailioConfig: slowAnswerRelay() }),
    )
    const callers = await stack.call([callerCall({ startMs: 0, holdMs: 120_000 })])
    const view = () => stack.bridge.calls().find((c) => c.state === 'talking')
    const { callId } = await waitFor('the call talking', view, 30_000)
    // at once: the caller's 2xx is still held in Kamailio
    await stack.bridge.hold(callId)
    expect(view()).toMatchObject({ held: true })
    // the caller's sipp still runs: its log may not hold the hold's re-INVITE whole yet
    const hold = { direction: 'received', what: 'the hold re-INVITE' } as const
    const isHold = (m: string) => m.startsWith('INVITE ') && /^a=sendonly$/m.test(m)
    const messages = receivedMessages(await waitForMessages(callers.messageFile, isHold, hold))
    const answeredAt = messages.findIndex((m) => m.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/.test(m))
    const holdAt = messages.findIndex(isHold)
    expect(answeredAt).toBeGreaterThanOrEqual(0)
    expect(holdAt).toBeGreaterThan(answeredAt)
    // the refused tries took no CSeq: the hold is the dialog's first re-INVITE
    expect(/^CSeq: (.*)$/m.exec(messages[holdAt]!)?.[1]?.trim()).toBe('201 INVITE')
    await stack.bridge.release(callId)
    expect(await callers.exited).toBe(0)
  })

  it("waits for the ACK of a transfer's next leg, not the old leg's under the caller's same From tag", async () => {
    const stack = keep(
      await startTelephonyStack({
        agents: [
          { id: 'ann', ringMs: 100 },
          { id: 'dan', ringMs: 100 },
        ],
        kamailioConfig: slowAnswerRelay(),
      }),
    )
    // the caller sends dan's INVITE under its one tag and waits for ann's leg's release: both legs talk
    const { callers, annCall, transfer } = await transferLegsUnderOneTag(stack, {
      oldLegReleased: true,
      waitMs: [30_000, 30_000],
    })
    // at once: dan's 2xx is still held in Kamailio, and ann's leg's ACK (same Call-ID and tag) came long before
    await stack.bridge.hold(annCall.callId, 'dan')
    const hold = { direction: 'received', what: "the hold re-INVITE of dan's leg" } as const
    const isHold = (m: string) => m.startsWith('INVITE ') && /^a=sendonly$/m.test(m)
    const messages = receivedMessages(await waitForMessages(callers.messageFile, isHold, hold))
    const cseq = (m: string) => /^CSeq: (\d+) INVITE/m.exec(m)?.[1]
    const answers = messages.filter((m) => m.startsWith('SIP/2.0 200') && cseq(m) !== undefined)
    // dan's leg's first 2xx (its INVITE's CSeq is not ann's leg's), then the hold: before, it came ahead of that 2xx
    const danAnswer = messages.findIndex(
      (m) => m.startsWith('SIP/2.0 200') && cseq(m) !== cseq(answers[0] ?? ''),
    )
    expect(danAnswer).toBeGreaterThan(-1)
    expect(messages.findIndex(isHold)).toBeGreaterThan(danAnswer)
    await stack.bridge.release(annCall.callId, 'dan')
    await stack.bridge.release(annCall.callId, 'ann')
    await transfer.catch(() => {})
    expect(await callers.exited, callers.tail()).toBe(0)
  })
})
