// Hold and retrieve on real SIP: the bridge has Kamailio send the caller an in-dialog re-INVITE from the agent's
// side (a=sendonly, then a=sendrecv); the sipp caller answers each, Kamailio's tm ACKs the 2xx, the call talks on
// and is released as usual.
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages } from '../src/phone-log.ts'
import { waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('hold and retrieve', () => {
  it('re-INVITEs the caller sendonly then sendrecv; each is answered and ACKed, and the call talks on', async () => {
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 200 }] }))
    const callers = await stack.call([callerCall({ startMs: 0, holdMs: 120_000 })])
    const view = () => stack.bridge.calls().find((c) => c.state === 'talking')
    const { callId } = await waitFor('the call talking', view, 30_000)
    await expect(stack.bridge.retrieve(callId)).rejects.toMatchObject({
      code: 'CALL_REFUSED',
      message: 'The caller is not on hold',
    })

    await stack.bridge.hold(callId)
    expect(view()).toMatchObject({ held: true })
    await expect(stack.bridge.hold(callId)).rejects.toThrow('The caller is already on hold')
    await stack.bridge.retrieve(callId)
    expect(view()).toMatchObject({ held: false, state: 'talking' })
    expect(view()!.heldMs).toBeGreaterThanOrEqual(0)

    // the caller's sipp still runs: its log may not hold the retrieve's re-INVITE whole yet
    const reinvite = { count: 2, direction: 'received', what: 'the re-INVITEs' } as const
    const messages = receivedMessages(await waitForMessages(callers.messageFile, /^INVITE /, reinvite))
    const reinvites = messages.filter((m) => m.startsWith('INVITE '))
    expect(reinvites.map((m) => /^a=(\w+)$/m.exec(m)?.[1])).toEqual(['sendonly', 'sendrecv'])
    expect(reinvites.map((m) => /^CSeq: (.*)$/m.exec(m)?.[1]?.trim())).toEqual(['201 INVITE', '202 INVITE'])
    // tm ACKs the caller's 2xx of its own INVITE: without it the caller would send its 200 again and again. The
    // retrieve resolves on the 200 Kamailio relays, so the ACK may reach sipp's log a few ms after it
    const acked = { count: 2, direction: 'received', what: "tm's ACK of both re-INVITEs' 2xx" } as const
    const acks = receivedMessages(await waitForMessages(callers.messageFile, /^ACK /, acked))
      .filter((m) => m.startsWith('ACK '))
      .map((m) => /^CSeq: (.*)$/m.exec(m)?.[1]?.trim())
    expect(acks).toEqual(['201 ACK', '202 ACK'])

    await stack.bridge.release(callId)
    expect(await callers.exited).toBe(0)
  }, 120_000)
})
