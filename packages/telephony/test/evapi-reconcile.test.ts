// Events lost during an evapi link drop: a caller hangs up on the agent (BYE) and another gives up in the queue
// (CANCEL) while no bridge is connected, so the bridge never hears of either. Kamailio keeps the calls it holds in
// its `calls` htable; once the link is back the bridge asks for them over JSON-RPC and ends the two it missed at the
// router: the talking one completed (the agent freed), the queued one abandoned (Kamailio answered its CANCEL).
// Before, both stayed open: the agent busy and the caller in line until someone released them.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { heldCallKey, waitFor } from '../src/index.ts'
import { callerCall, startRelayedStack } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const call = (over: Parameters<typeof callerCall>[0]) => callerCall({ holdMs: 60_000, ...over })

describe('calls that ended while the evapi link was down', () => {
  it('are ended at the router once the link is back, from what Kamailio still holds', async () => {
    const { s, relay, health, cut } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: 100 },
        { id: 'bob', ringMs: 100 },
      ],
    })
    try {
      /** The calls the router counts `id` handling. */
      const handling = async (id: string) => {
        return (await routerAgent(s, id))?.load.voice ?? 0
      }
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
      // the first caller talks to ann and hangs up 8 s after the answer; the second waits (bob is away) and gives
      // up after 8 s: both while the link is down
      const callers = await s.call([
        call({ startMs: 0, holdMs: 8000 }),
        call({ startMs: 300, patienceMs: 8000 }),
      ])
      const talking = await waitFor(
        'the first call to be talking',
        () => s.bridge.calls().find((c) => c.state === 'talking'),
        15_000,
      )
      const queued = await waitFor(
        'the second call to queue',
        () => s.bridge.calls().find((c) => c.state === 'queued'),
        10_000,
      )
      // Kamailio's own list of the calls it holds and their state, read over JSON-RPC as the bridge does
      const held = await s.kamailioRpc.heldCalls()
      expect(
        held.get(heldCallKey(talking.callId, (await bridgeTag(s.runDir, talking.callId)) ?? '')),
      ).toMatchObject({ state: 'talking', agent: 'ann', contact: expect.stringMatching(/^sip:/) })
      expect(
        held.get(heldCallKey(queued.callId, (await bridgeTag(s.runDir, queued.callId)) ?? '')),
      ).toMatchObject({
        state: 'queued',
        tindex: expect.any(Number),
      })
      expect(held.size).toBe(2)

      await cut()
      await waitFor(
        'both callers to end their calls in Kamailio',
        async () => (await s.kamailioRpc.heldCalls()).size === 0,
        20_000,
      )
      // the bridge heard neither: the call still talking, the other still queued, ann still busy
      expect(
        s.bridge
          .calls()
          .map((c) => c.state)
          .sort(),
      ).toEqual(['queued', 'talking'])
      expect(await handling('ann')).toBe(1)

      await relay.restore()
      await waitFor('the bridge to redial', async () => (await health()).status === 200, 10_000)
      await waitFor(
        'the reconciliation',
        async () => (await health()).body.reconciled.last?.state === 'done',
        10_000,
      )
      expect((await health()).body.reconciled).toMatchObject({
        abandoned: 1,
        completed: 1,
        failures: 0,
        last: { state: 'done', checked: 2, gone: 2 },
      })
      expect(s.bridge.figures()).toMatchObject({ open: 0, reconciledAbandoned: 1, reconciledCompleted: 1 })
      // the router: the answered call completed (ann free again), the queued one abandoned
      const view = async (id: string) =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)).body
      await waitFor('ann to be free', async () => (await handling('ann')) === 0, 5000)
      expect(await view(queued.interaction)).toMatchObject({ outcome: 'abandoned' })
      expect(await view(talking.interaction)).toMatchObject({ outcome: 'routed', state: 'completed' })
      // the queued caller's CANCEL was answered by Kamailio itself (487 to its held INVITE), link or none
      await callers.exited
      expect(readFileSync(callers.messageFile, 'utf8')).toContain('SIP/2.0 487 Request canceled')

      // and the next call routes to ann as usual
      const later = await s.call([call({ startMs: 0, holdMs: 500 })], 'after-reconnect')
      expect(await later.exited, later.tail()).toBe(0)
      await waitFor('the new call to end', () => s.bridge.figures().open === 0, 10_000)
      expect(s.bridge.figures()).toMatchObject({ answered: 2, overlaps: 0, linkDrops: 1, linkReconnects: 1 })
    } finally {
      await relay.close()
    }
  })
})

/** The caller's From tag of `callId`, from the invite events the bridge logged (the key Kamailio files it under). */
async function bridgeTag(runDir: string, callId: string): Promise<string | undefined> {
  const lines = readFileSync(`${runDir}/bridge.log`, 'utf8').trim().split('\n')
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>
    if (entry.event === 'invite' && entry.callid === callId) return String(entry.ftag)
  }
  return undefined
}
