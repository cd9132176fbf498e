// A call serve refuses as it is, on real SIP (sipp caller -> Kamailio -> the bridge -> serve): the caller hears 400
// with a Warning and a Reason naming serve's code and message, and the example caller ends it cleanly.
import { describe, expect, it } from 'vitest'
import { startTelephonyStack } from '../src/index.ts'
import { kamailioLogFaults } from './kamailio-log.ts'
import { waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe('a call serve refuses', () => {
  it('is answered 400 with a Warning and Reason saying why, and the caller ends it cleanly', async () => {
    const s = keep(await startTelephonyStack({ agents: [{ id: 'ann' }], ready: false }))

    // a routing point over serve's maxAddressChars (128): the bridge submits the dialled number as it came
    const dnis = '5'.repeat(200)
    const refused = await s.call([callerCall({ startMs: 0, dnis })], 'refused')
    expect(await refused.exited, refused.tail()).toBe(0)
    const answer = (
      await waitForMessages(refused.messageFile, /^SIP\/2\.0 400 /, { direction: 'received' })
    ).match(/^SIP\/2\.0 400 [^\r\n]*(?:\r?\n(?!\r?\n)[^\r\n]*)*/m)![0]
    expect(answer).toMatch(/^SIP\/2\.0 400 Refused by router/)
    expect(answer).toMatch(
      /^Warning: 399 routewright "routewright serve refused the call, not routed: over-limit: Interaction \\"dnis\\" is 200 characters long(?:[^"\\]|\\.)*"\r?$/m,
    )
    expect(answer).toMatch(
      /^Reason: SIP;cause=400;text="over-limit: Interaction \\"dnis\\" is 200 characters long(?:[^"\\]|\\.)*"\r?$/m,
    )
    expect(s.bridge.figures()).toMatchObject({ offered: 1, other: 1, open: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
