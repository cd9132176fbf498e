// The agent a call was transferred to acts on it from the desktop: the call keeps its Call-ID, and the bridge lists
// its first leg (the transferring agent's) before the next one, so the desktop must find the asking agent's leg.
// Real Kamailio, sipp phones and caller, serve, a bridge's desktop API.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { act, login } from './desktop-client.ts'
import { stackPerTest } from './stack-report.ts'
import { legTalkingWithDanAtB, releaseAllAtA, startTwoBridges } from './two-bridges.ts'

const keep = stackPerTest()

describe('a transferred call at the desktop of the agent it went to', () => {
  it('lets the agent it was transferred to hold, retrieve and release it', async () => {
    const two = await startTwoBridges(keep, { ready: false }, { http: true })
    const { b, linkB } = two
    const desktop = `${linkB.url}/desktop/`
    const dan = await login(desktop, 'dan')
    // ann's blind transfer to dan by id: his phone rings at once and answers
    const { callers, own, annCall, leg } = await legTalkingWithDanAtB(two, '+1212555210')
    expect(leg.agent).toBe('dan')
    // the Call-ID's first leg is ann's (ended): without the asking agent's leg, dan got 404 "You have no call"
    for (const action of ['hold', 'retrieve', 'release']) {
      const done = await act(desktop, dan, annCall.callId, action)
      expect(done.status, `${action}: ${done.body.error}`).toBe(200)
    }
    await waitFor(
      "dan's leg ended",
      () => b.calls().find((c) => c.interaction === leg.interaction)?.state === 'ended',
      10_000,
    )
    await releaseAllAtA(two, callers, [own], [annCall.interaction, leg.interaction])
  })
})
