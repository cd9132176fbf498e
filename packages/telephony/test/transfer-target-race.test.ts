// A blind transfer to an agent whose state changes between the transfer's check and the caller's INVITE that the
// REFER sets off, on real SIP: the INVITE's Kamailio event is held until the router has made the target not ready,
// the same order a loaded machine gives by chance. The caller must be queued and answered, never refused with 486.
import { describe, expect, it } from 'vitest'
import { readPhoneLog, startTelephonyStack, waitFor } from '../src/index.ts'
import { readTrace } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('a transfer target that changes state before the REFER’s INVITE', () => {
  it('queues the caller at the routing point it dialled, and the router gives it to the agent who is ready', async () => {
    const stack = keep(
      await startTelephonyStack({
        agents: ['ann', 'bob', 'dan'].map((id) => ({ id, ringMs: 200 })),
        ronaMs: 12_000,
        ready: false,
      }),
    )
    const setState = (agent: string, state: string) =>
      stack.router.call('PUT', `/v1/agents/${agent}/state`, { state })
    await setState('ann', 'ready')
    const callers = await stack.call([callerCall({ startMs: 0, holdMs: 120_000 })])
    const first = await waitFor(
      'the call talking with ann',
      () => stack.bridge.calls().find((c) => c.state === 'talking' && c.agent === 'ann'),
      30_000,
    )
    await setState('dan', 'ready')

    // the stack hands each Kamailio event to bridge.onKamailio: the INVITE to dan waits for dan's change
    const deliver = stack.bridge.onKamailio.bind(stack.bridge)
    let held: Record<string, unknown> | undefined
    stack.bridge.onKamailio = (message) => {
      if (message.event === 'invite' && message.dnis === 'dan') held = message
      else deliver(message)
    }
    const transfer = stack.bridge.transfer(first.callId, 'dan')
    const invite = await waitFor('the INVITE to dan', () => held, 30_000)
    expect((await setState('dan', 'not-ready')).status).toBe(200)
    // bob takes the queued caller: a sipp phone ignores an INVITE with the Call-ID of a call it has ended, as ann's
    // would (a real phone would ring)
    await setState('ann', 'not-ready')
    await setState('bob', 'ready')
    deliver(invite)
    await transfer

    const second = await waitFor(
      'the transferred caller talking',
      () => stack.bridge.calls().find((c) => c.interaction.endsWith('~2') && c.state === 'talking'),
      30_000,
    )
    expect(second).toMatchObject({
      agent: 'bob',
      queue: 'support',
      attached: { TransferredFrom: 'ann', TransferFailed: 'dan: dan is not-ready' },
    })
    expect(stack.bridge.figures()).toMatchObject({ transfersQueued: 1, other: 0 })

    await stack.bridge.release(second.callId)
    expect(await callers.exited).toBe(0)
    // dan's phone never rang: read once the caller's run is over (an INVITE to dan would have come before its end),
    // whole messages only (a half written INVITE would not count as one)
    const danPhone = stack.phones.find((p) => p.agent === 'dan')!
    expect(readPhoneLog(readTrace(danPhone.messageFile)).invites).toEqual([])
  })
})
