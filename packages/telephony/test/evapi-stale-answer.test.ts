// A router answer held through an evapi outage for longer than heldAnswerMaxAgeMs is not rung but withdrawn: the
// phone never rang, so the agent keeps its state and the router offers the call again at once; the INVITE Kamailio
// still holds rings on that next offer. Before, the bridge's reject counted as the agent declining (not ready,
// RONA): with that agent the only one, the call waited with nobody to take it.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const call = callerCall

describe('a router answer held too long while the evapi link was down', () => {
  it('is withdrawn, not declined: the agent stays ready, is offered the call again and answers it', async () => {
    const MAX_AGE_MS = 500
    const { s, relay, health, cut } = await startRelayedStack(keep, {
      agents: [{ id: 'bob', ringMs: 100 }],
      ready: false,
      heldAnswerMaxAgeMs: MAX_AGE_MS,
    })
    try {
      const callers = await s.call([call({ startMs: 0 })])
      const queued = await waitFor(
        'the call to queue',
        () => s.bridge.calls().find((c) => c.state === 'queued'),
        10_000,
      )
      await cut()
      // bob logs in while the link is down: the router reserves him and the bridge holds that answer
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
      await waitFor('the answer to be held', async () => (await health()).body.resumesWaiting === 1, 5000)
      // older than the age limit when the link is back, still within the router's 15 s reservation
      const heldSince = Date.now()
      await waitFor('the held answer to age', () => Date.now() - heldSince > MAX_AGE_MS, 5000)
      await relay.restore()
      await waitFor('the bridge to redial', async () => (await health()).status === 200, 10_000)
      await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
      expect(await callers.exited, callers.tail()).toBe(0)
      expect(s.bridge.figures()).toMatchObject({
        offered: 1,
        answered: 1,
        overlaps: 0,
        ronas: 0,
        resumesHeld: 1,
        resumesStale: 1,
      })
      // the router's side: bob kept his state, and the trace and events say the first offer was withdrawn
      expect((await routerAgent(s, 'bob'))?.state).toBe('ready')
      const view = (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(queued.interaction)}`))
        .body
      const trace = view.trace as Array<{
        kind: string
        name?: string
        value?: { agent: string; reason: string }
      }>
      expect(trace.find((e) => e.kind === 'wait' && e.name === 'withdrawn')?.value).toMatchObject({
        agent: 'bob',
        reason: expect.stringMatching(
          /^withdrawn by the host: the answer was held \d+ s while the Kamailio link/,
        ),
      })
      expect(view).toMatchObject({ outcome: 'routed', agent: 'bob' })
    } finally {
      await relay.close()
    }
  })
})
