// The caller's BYE of a transfer's leg sent to Kamailio from a UDP socket of the test's: the caller's sipp scenario
// (`oldLegReleased`) waits on the old leg for Kamailio's BYE and talks a minute on the next, so it hangs up neither
// when a test needs it.
import { randomUUID } from 'node:crypto'
import { createSocket } from 'node:dgram'
import type { TelephonyStack } from '../src/index.ts'
import { waitFor } from '../src/index.ts'

/** Leg `leg` of `callId` as Kamailio keeps it: an earlier leg in `legcalls` and `leginvite`, else the current one. */
async function legInKamailio(s: TelephonyStack, callId: string, leg: number) {
  const old = await s.kamailioRpc.item('leginvite', `${callId}|${leg}`)
  const invite = old ?? (await s.kamailioRpc.item('invite', callId))
  if (invite === undefined) throw new Error(`Kamailio keeps no INVITE of leg ${leg} of ${callId}`)
  const { from, ftag } = JSON.parse(invite) as { from: string; ftag: string }
  const state =
    old === undefined
      ? (await s.kamailioRpc.heldCalls()).get(`${callId}|${ftag}`)
      : (await s.kamailioRpc.heldLegCalls()).get(`${callId}|${leg}`)
  if (state?.state !== 'talking')
    throw new Error(`leg ${leg} of ${callId} is not talking in Kamailio (${JSON.stringify(state)})`)
  return { from, ftag, state }
}

/**
 * Sends the caller's BYE of leg `leg` of `callId` (talking) through Kamailio's route set to the agent's phone, and
 * resolves with the final answer's status line Kamailio relays back.
 */
export async function callerByeOfLeg(s: TelephonyStack, callId: string, leg: number): Promise<string> {
  const { from, ftag, state } = await legInKamailio(s, callId, leg)
  const socket = createSocket('udp4')
  const answers: string[] = []
  socket.on('message', (message) => answers.push(message.toString('utf8')))
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  try {
    const [host, port] = s.sipAddress.split(':')
    const bye = [
      `BYE ${state.contact} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${socket.address().port};branch=z9hG4bK-${randomUUID()}`,
      `Route: <sip:${s.sipAddress};lr;ftag=${ftag};leg=${leg}>`,
      'Max-Forwards: 70',
      `From: ${from}`,
      `To: ${state.to}`,
      `Call-ID: ${callId}`,
      'CSeq: 900 BYE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n')
    socket.send(bye, Number(port), host)
    const final = await waitFor(
      "the final answer to the caller's BYE",
      () => answers.find((a) => /^SIP\/2\.0 [2-6]\d\d /.test(a)),
      10_000,
    )
    return final.split('\r\n')[0] ?? ''
  } finally {
    socket.close()
  }
}
