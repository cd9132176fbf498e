// A transferred leg still queued at a bridge that goes: the bridge left that takes it over rings with the leg's
// TransferredFrom and TransferFailed (only the gone bridge made them; it kept them in Kamailio with the call), on the
// phone's X- headers and the desktop's pop. Real Kamailio, sipp phones and caller, serve, two bridges.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readPhoneLog, type TelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults } from './kamailio-log.ts'
import { stackPerTest } from './stack-report.ts'
import { agentCallOnB, routerEnds, startTwoBridges, stopBridge } from './two-bridges.ts'

const keep = stackPerTest()

/** The last INVITE `agent`'s phone received for `callId` (its X- headers are the attached data). */
function inviteAt(s: TelephonyStack, agent: string, callId: string) {
  const file = s.phones.find((p) => p.agent === agent)!.messageFile
  return readPhoneLog(readFileSync(file, 'utf8'))
    .invites.filter((i) => i.callId === callId)
    .at(-1)
}

describe('a transferred leg queued at a bridge that goes', () => {
  it('rings at the bridge left with the TransferredFrom and TransferFailed the gone bridge made', async () => {
    const two = await startTwoBridges(keep, { ready: false, ronaMs: 12_000 })
    const { s, a, b, linkB } = two
    const setState = async (agent: string, state: string) =>
      expect((await s.router.call('PUT', `/v1/agents/${agent}/state`, { state })).status).toBe(200)
    const { callers, own, annCall } = await agentCallOnB(two, 'talking', {
      ani: '+1212555140',
      holdMs: 60_000,
    })
    // dan is ready when b checks the transfer and not ready when the caller's INVITE to him comes (the INVITE's
    // event is held until then): b queues the leg at the routing point of ann's call, with TransferFailed
    await setState('dan', 'ready')
    const deliver = b.onKamailio.bind(b)
    let held: Record<string, unknown> | undefined
    b.onKamailio = (message) => {
      if (message.event === 'invite' && message.dnis === 'dan') held = message
      else deliver(message)
    }
    const transfer = b.transfer(annCall.callId, 'dan')
    const invite = await waitFor('the INVITE to dan', () => held, 20_000)
    await setState('dan', 'not-ready')
    // nobody ready for it: the leg stays queued at b (ann's phone would ignore her own caller's Call-ID)
    await setState('ann', 'not-ready')
    deliver(invite)
    await transfer
    const transferData = { TransferredFrom: 'ann', TransferFailed: 'dan: dan is not-ready' }
    // queued once b has heard the router's word on dan (the leg opens before that, without TransferFailed)
    const queued = await waitFor(
      'the next leg queued at b with TransferFailed',
      () =>
        b
          .calls()
          .find(
            (c) =>
              c.interaction === `${annCall.callId}~2` &&
              c.state === 'queued' &&
              c.attached.TransferFailed !== undefined,
          ),
      20_000,
    )
    expect(queued.attached).toMatchObject(transferData)
    await stopBridge(s, linkB)
    // carla is made ready: the router routes the leg, a takes it from Kamailio and rings her as b would have
    await setState('carla', 'ready')
    const taken = await waitFor(
      'the next leg talking at a',
      () => a.calls().find((c) => c.interaction === queued.interaction && c.state === 'talking'),
      20_000,
    )
    expect(taken).toMatchObject({ agent: 'carla', attached: transferData })
    expect(inviteAt(s, 'carla', annCall.callId)?.headers).toMatchObject({
      'x-transferredfrom': 'ann',
      'x-transferfailed': 'dan: dan is not-ready',
    })
    expect(a.figures()).toMatchObject({ takenQueued: 1 })
    await a.release(taken.callId)
    await a.release(own.callId)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'the three legs completed',
      async () =>
        (await routerEnds(s, [own.interaction, annCall.interaction, taken.interaction])).every((e) =>
          e.startsWith('completed'),
        ),
      10_000,
    )
    expect(a.figures()).toMatchObject({ open: 0, adoptedUnknown: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  }, 90_000)
})
