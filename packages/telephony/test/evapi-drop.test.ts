// The evapi connection between the bridge and Kamailio drops mid-run (a relay between them severed: Kamailio keeps
// its calls): while it is down a release fails clearly and a router answer waits; once the bridge has redialled,
// the call answered before the drop is released, the call queued before it is rung, and a new call routes; a call
// arriving while no bridge is connected is refused by Kamailio at once (503, with the stack's Retry-After). Before,
// the bridge never redialled and routing for SIP stopped in silence.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const call = callerCall

describe('a dropped evapi connection', () => {
  it('is redialled; calls Kamailio held across the drop are released and rung after it, and new calls route', async () => {
    const { s, relay, health, cut } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'bob', ringMs: 100 },
      ],
      // kamailio.cfg's RETRY_AFTER_S with the bridge's: Kamailio's own 503 says it too
      retryAfterSeconds: 30,
    })
    try {
      expect(await health()).toMatchObject({ status: 200, body: { kamailio: { state: 'up' }, linkDrops: 0 } })
      // bob is away: the second call waits in Kamailio (its INVITE held) while ann talks on the first
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
      const callers = await s.call([call({ startMs: 0, holdMs: 60_000 }), call({ startMs: 300 })])
      const first = await waitFor(
        'the first call to be talking',
        () => s.bridge.calls().find((c) => c.state === 'talking'),
        15_000,
      )
      await waitFor(
        'the second call to queue',
        () => s.bridge.calls().some((c) => c.state === 'queued'),
        10_000,
      )

      await cut()
      expect((await health()).body).toMatchObject({ kamailio: { state: 'down' }, linkDrops: 1 })
      // a release cannot reach Kamailio now: it fails at once with why, not after its 15 s timeout; 502, the way to
      // the phones failed (the desktop's status for it), not 409 as if the call had said no
      const refused = await fetch(
        `${s.bridgeUrl}/telephony/calls/${encodeURIComponent(first.callId)}/release`,
        {
          method: 'POST',
        },
      )
      expect(refused.status).toBe(502)
      expect(((await refused.json()) as { error: string }).error).toMatch(
        /Kamailio's evapi link .* is down since .* the release was not sent/,
      )
      // a new call now: Kamailio knows no bridge is connected and refuses it at once, rather than holding it
      const whileDown = await s.call([call({ startMs: 0, patienceMs: 3000 })], 'while-down')
      await whileDown.exited // the caller's scenario ends on a final failure reply as on any other end
      const refusal = readFileSync(whileDown.messageFile, 'utf8')
      expect(refusal).toContain('SIP/2.0 503 Routing unavailable')
      // why, for the carrier's log: no bridge to route it
      expect(refusal).toMatch(
        /^Warning: 399 routewright "no routewright bridge is connected to Kamailio: the call was not routed"\r?$/m,
      )
      expect(refusal).toMatch(/^Reason: SIP;cause=503;text="no routewright bridge connected"\r?$/m)
      // how long the carrier keeps off this site (it tries its next one), as the bridges' own 503s say
      expect(refusal).toMatch(/^Retry-After: 30\r?$/m)
      // the router picks bob for the held call while the link is down: the bridge holds that answer
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
      await waitFor('the answer to be held', async () => (await health()).body.resumesWaiting === 1, 5000)
      expect(s.bridge.calls().find((c) => c.state === 'queued')).toBeDefined()

      await relay.restore()
      await waitFor('the bridge to redial', async () => (await health()).status === 200, 10_000)
      // the held answer went out: bob rings, answers, and the caller hangs up after a second
      await waitFor(
        'the second call to end',
        () => s.bridge.calls().filter((c) => c.state === 'ended').length === 1,
        15_000,
      )
      // the call answered before the drop: Kamailio still holds its dialog, the release goes through the new link
      await s.bridge.release(first.callId)
      await waitFor('both calls to end', () => s.bridge.figures().open === 0, 15_000)
      expect(await callers.exited, callers.tail()).toBe(0)

      const later = await s.call([call({ startMs: 0 })], 'after-reconnect')
      expect(await later.exited, later.tail()).toBe(0)
      await waitFor('the new call to end', () => s.bridge.figures().open === 0, 10_000)
      expect(s.bridge.figures()).toMatchObject({
        offered: 3,
        answered: 3,
        overlaps: 0,
        linkDrops: 1,
        linkReconnects: 1,
        resumesHeld: 1,
      })
      expect((await health()).body).toMatchObject({
        kamailio: { state: 'up' },
        linkReconnects: 1,
        resumesWaiting: 0,
      })
      expect(relay.accepted()).toBe(2)
    } finally {
      await relay.close()
    }
  })
})
