// A wrap-up held by a bridge that stops (a restart, a crash): nothing else completes the interaction (the call ended
// in Kamailio, so no takeover finds it: it stays connected to the agent at serve, who gets no new call). The bridge
// started again under the same id takes up the wrap-ups it kept (the stack's file per bridge id, BridgeLinkOptions
// wrapUpFile) and ends each as it would have: the agent's Done on its desktop there completes the call with the
// disposition, and the agent is free at serve. Real Kamailio, sipp phones and callers, serve, two bridges.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { act, login } from './desktop-client.ts'
import { stackPerTest } from './stack-report.ts'
import { agentCallOnB, routerEnds, startTwoBridges, stopBridge } from './two-bridges.ts'

const keep = stackPerTest()

describe('a wrap-up held by a bridge that stops', () => {
  it('is taken up by the bridge started again under its id: Done there completes it, the agent free', async () => {
    const wrapUp = { seconds: 600, dispositions: [{ code: 'resolved', label: 'Resolved' }] }
    const two = await startTwoBridges(keep, { ready: false, wrapUp })
    const { s, b, linkB } = two
    // ann's call on b, the caller hanging up 1 s after the answer: b holds its complete for the wrap-up
    const { annCall } = await agentCallOnB(two, 'talking', { ani: '+1212555140', holdMs: 1000 })
    const held = await waitFor("ann's wrap-up held at b", () => b.wrapUps?.('ann')[0], 20_000)
    expect(held).toMatchObject({ interaction: annCall.interaction, agent: 'ann' })
    const annLoad = async () => {
      const { body } = await s.router.call('GET', '/v1/agents')
      return (body as { agents: Array<{ id: string; load: Record<string, number> }> }).agents.find(
        (a) => a.id === 'ann',
      )?.load
    }
    await stopBridge(s, linkB)
    // b gone: its wrap-up ended with it (a stopped bridge completes nothing) and a has no word of it
    expect(b.wrapUps?.('ann')).toEqual([])
    expect(await routerEnds(s, [annCall.interaction])).toEqual(['connected/routed'])
    expect(await annLoad()).toMatchObject({ voice: 1 })
    // b again: it holds the wrap-up b kept, with its deadline, and shows it on ann's desktop there
    const again = await s.addBridge('b', { http: true })
    expect(again.bridge.wrapUps?.('ann')).toEqual([{ ...held }])
    const desk = await login(`${again.url}/desktop/`, 'ann')
    expect(desk.session.wrapUps).toMatchObject([{ interaction: annCall.interaction, endsAt: held.endsAt }])
    const done = await act(`${again.url}/desktop/`, desk, annCall.callId, 'wrap-up', {
      disposition: 'resolved',
    })
    expect(done.status, done.body.error).toBe(200)
    await waitFor(
      "ann's call completed at serve",
      async () => (await routerEnds(s, [annCall.interaction]))[0] === 'completed/routed' || undefined,
      10_000,
    )
    const view = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(annCall.interaction)}`)
    expect(JSON.stringify(view.body)).toContain('"disposition":"resolved"')
    expect(await annLoad()).not.toMatchObject({ voice: 1 })
    expect(again.bridge.wrapUps?.('ann')).toEqual([])
  })
})
