// Hold and retrieve on real SIP: the bridge has Kamailio send the caller an in-dialog re-INVITE from the agent's
// side (a=sendonly, then a=sendrecv); the sipp caller answers each, Kamailio's tm ACKs the 2xx, the call talks on
// and is released as usual. A phone that refuses a hold (488) leaves the call as it was, the agent told why (409); a
// re-INVITE Kamailio cannot send (t_uac_send fails) reaches nobody, the call as it was, and the desktop says so (502).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type BridgeFigures, KAMAILIO_CONFIG_VERSION, startTelephonyStack, waitFor } from '../src/index.ts'
import { receivedMessages, sentMessages } from '../src/phone-log.ts'
import { act, login } from './desktop-client.ts'
import { reinvitesReceived, waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** An INVITE request: all the caller's sipp receives of them are re-INVITEs (its own INVITE it sends). */
const anInvite = (message: string) => message.startsWith('INVITE ')

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
    const reinvites = await reinvitesReceived(callers.messageFile, anInvite, 2)
    expect(reinvites.directions).toEqual(['sendonly', 'sendrecv'])
    expect(reinvites.cseqs).toEqual(['201 INVITE', '202 INVITE'])
    // tm ACKs the caller's 2xx of its own INVITE: without it the caller would send its 200 again and again. The
    // retrieve resolves on the 200 Kamailio relays, so the ACK may reach sipp's log a few ms after it
    const acked = { count: 2, direction: 'received', what: "tm's ACK of both re-INVITEs' 2xx" } as const
    const acks = receivedMessages(await waitForMessages(callers.messageFile, /^ACK /, acked))
      .filter((m) => m.startsWith('ACK '))
      .map((m) => /^CSeq: (.*)$/m.exec(m)?.[1]?.trim())
    expect(acks).toEqual(['201 ACK', '202 ACK'])

    await stack.bridge.release(callId)
    expect(await callers.exited).toBe(0)
  })
})

describe("a hold the caller's phone refuses", () => {
  it('answers the desktop 409 with the SIP code and what it means; the call talks on unheld, and the next hold goes through', async () => {
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 200 }] }))
    // the caller's phone answers its first re-INVITE 488 Not Acceptable Here, the next ones as usual
    const callers = await stack.call([callerCall({ startMs: 0, holdMs: 120_000, holdRefusals: 1 })])
    const view = () => stack.bridge.calls().find((c) => c.state === 'talking')
    const { callId } = await waitFor('the call talking', view, 30_000)
    const desktop = `${stack.bridgeUrl}/desktop/`
    const ann = await login(desktop, 'ann')

    // before, a plain error: 502, as if the way to the phones had failed, when the phone had said no
    expect(await act(desktop, ann, callId, 'hold')).toEqual({
      status: 409,
      body: {
        error:
          "Hold failed: The caller's phone refused the hold (SIP 488 Not Acceptable Here: the phone does not take the media offered): the caller is not on hold",
      },
    })
    // never held: no hold flag nor hold start on the call (its held time stays zero)
    expect(view()).toMatchObject({ state: 'talking' })
    expect(view()).not.toHaveProperty('held', true)
    expect(view()).not.toHaveProperty('heldAt')
    // Kamailio keeps no hold of the call either (a bridge taking it over would retrieve a caller never held)
    expect(await stack.kamailioRpc.item('held', `${callId}|1`)).toBeUndefined()
    // tm ACKed the 488 (in the re-INVITE's transaction): the phone stops sending it again
    const refused = { direction: 'received', what: "tm's ACK of the 488" } as const
    const refusedTrace = await waitForMessages(callers.messageFile, /^CSeq: 201 ACK\r?$/m, refused)
    expect(sentMessages(refusedTrace).filter((m) => m.startsWith('SIP/2.0 488 '))).toHaveLength(1)

    // the re-INVITE's slot is free again: the next hold is sent (CSeq 202) and taken
    expect(await act(desktop, ann, callId, 'hold')).toEqual({ status: 200, body: { ok: true } })
    expect(view()).toMatchObject({ state: 'talking', held: true })
    expect(await stack.kamailioRpc.item('held', `${callId}|1`)).toBeDefined()
    expect(await act(desktop, ann, callId, 'retrieve')).toEqual({ status: 200, body: { ok: true } })
    expect(view()).toMatchObject({ state: 'talking', held: false })
    const reinvites = await reinvitesReceived(callers.messageFile, anInvite, 3)
    expect(reinvites.cseqs).toEqual(['201 INVITE', '202 INVITE', '203 INVITE'])
    expect(reinvites.directions).toEqual(['sendonly', 'sendonly', 'sendrecv'])

    // the refusal is no failed transfer in the operator's figures
    const figures = (await (await fetch(`${stack.bridgeUrl}/telephony/figures`)).json()) as BridgeFigures
    expect(figures.transfersFailed).toEqual({ refused: {}, timedOut: 0, linkDown: 0, unheard: 0 })
    await stack.bridge.release(callId)
    // the caller's sipp took every message as its scenario expects (an unexpected one fails the call)
    expect(await callers.exited).toBe(0)
  })
})

describe('a hold Kamailio cannot send', () => {
  it("answers the desktop 502 with Kamailio's failure; nothing reaches the caller and the call talks on unheld", async () => {
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann', ringMs: 200 }] }))
    // the caller's Contact asks for TLS, on which Kamailio listens nowhere: its t_uac_send of the re-INVITE fails
    const callers = await stack.call([callerCall({ startMs: 0, holdMs: 120_000, contactTransport: 'tls' })])
    const view = () => stack.bridge.calls().find((c) => c.state === 'talking')
    const { callId } = await waitFor('the call talking', view, 30_000)
    const desktop = `${stack.bridgeUrl}/desktop/`
    const ann = await login(desktop, 'ann')

    const unsent = {
      status: 502,
      body: {
        error:
          "Hold failed: Kamailio could not send the re-INVITE: the hold never reached the caller's phone (SIP 500 from Kamailio, see its log); the caller is not on hold",
      },
    }
    expect(await act(desktop, ann, callId, 'hold')).toEqual(unsent)
    expect(view()).toMatchObject({ state: 'talking' })
    expect(view()).not.toHaveProperty('held', true)
    expect(view()).not.toHaveProperty('heldAt')
    // Kamailio keeps no hold (a takeover would read the caller as held)
    expect(await stack.kamailioRpc.item('held', `${callId}|1`)).toBeUndefined()
    // the re-INVITE's slot is free: the next try is sent to Kamailio (and fails the same), not refused as in progress
    expect(await act(desktop, ann, callId, 'hold')).toEqual(unsent)
    // the operator's HTTP call commands map failures as the desktop does: 502 with the same reason (409 before, as if
    // the caller's phone had refused)
    const operator = await fetch(`${stack.bridgeUrl}/telephony/calls/${encodeURIComponent(callId)}/hold`, {
      method: 'POST',
    })
    expect({ status: operator.status, body: await operator.json() }).toEqual({
      status: 502,
      body: { error: unsent.body.error.replace('Hold failed: ', '') },
    })
    expect(view()).not.toHaveProperty('held', true)
    // this Kamailio runs the config shipped with the bridge: its hello says so, and no older-config warning was logged
    const bridgeLog = readFileSync(path.join(stack.runDir, 'bridge.log'), 'utf8')
    expect(bridgeLog).toContain(
      `"event":"hello","bridge":"bridge-1","bridges":1,"config":${KAMAILIO_CONFIG_VERSION}}`,
    )
    expect(bridgeLog).not.toContain('kamailio.cfg is older')
    // nothing reached the caller's phone: its trace holds no re-INVITE
    const trace = { direction: 'received', what: "the caller's 200 OK" } as const
    const messages = receivedMessages(await waitForMessages(callers.messageFile, /^SIP\/2\.0 200 /m, trace))
    expect(messages.filter((m) => m.startsWith('INVITE '))).toEqual([])
  })
})
