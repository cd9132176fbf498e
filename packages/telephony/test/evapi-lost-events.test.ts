// An agent answers (or lets the phone ring out) while the evapi link is down, so the bridge never hears the event
// (evapi keeps no queue). Kamailio keeps each call's state in its `calls` htable (talking with the agent's contact
// and To; queued again with its transaction after a ring-no-answer) and how it ended in its `ended` htable; once the
// link is back the bridge replays the lost event from them. Before, the call answered and hung up meanwhile was
// abandoned at the router, the one still talking stayed ringing there until its reservation ran out (the agent then
// made not ready as for a ring-no-answer), and the one rung out waited with no phone ringing for the next agent.
// A ring the bridge wrote to a connection already dead never reaches Kamailio: it holds that INVITE unrung, and the
// offer is withdrawn (the agent keeps its state) for the router to make again. Before, the bridge took the call for
// ringing until the caller gave up (it waits for Kamailio's word on a ring, which never came).
// The router's offer the bridge holds for a withdrawn ring is withdrawn in turn before it runs out while the link
// stays down; before, it timed out at the router and made the agent not ready for a ring her phone never had.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../src/index.ts'
import { callerCall, type RelayedStack, startRelayedStack } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

// the phone rings 2 s: the link is cut while it rings (at once once Kamailio rang her: the cut is the relay's, a
// poll of Kamailio's RPC after its ring, with 2 s to spare; 3 s waited 1 s more), and the answer comes while it is down
const stackOptions = { agents: [{ id: 'ann', ringMs: 2000 }], ronaMs: 10_000 }

/** The call ringing at the bridge, and Kamailio's word that it relayed the INVITE to that agent's phone. */
async function ringingInKamailio(s: RelayedStack['s']) {
  const ringing = await waitFor(
    'the call to ring',
    () => s.bridge.calls().find((c) => c.state === 'ringing'),
    15_000,
  )
  // the bridge counts a call ringing once it sent the route; cut before Kamailio read it and the ring goes down with
  // the connection (a loaded host): wait for Kamailio's own word that it rang the agent
  await waitFor(
    'Kamailio to relay the INVITE to the agent',
    async () =>
      [...(await s.kamailioRpc.heldCalls()).values()].some(
        (c) => c.state === 'ringing' && c.agent === ringing.agent,
      ),
    15_000,
  )
  return ringing
}

/** ann's phone ringing with `caller` (who talks `holdMs` once answered, or waits `patienceMs`), then the link cut. */
async function ringingThenCut(
  caller: { holdMs?: number; patienceMs?: number },
  options: Parameters<typeof startRelayedStack>[1] = stackOptions,
) {
  const stack = await startRelayedStack(keep, options)
  const { s } = stack
  try {
    const callers = await s.call([callerCall({ startMs: 0, ...caller })])
    const ringing = await ringingInKamailio(s)
    await stack.cut()
    return { ...stack, callers, ringing }
  } catch (error) {
    await stack.relay.close()
    throw error
  }
}

describe('an answer lost while the evapi link was down', () => {
  it('of a call hung up meanwhile: completed at the router with its answer time, not abandoned', async () => {
    const { s, relay, health, reconnect, callers, ringing } = await ringingThenCut({ holdMs: 500 })
    try {
      // ann answers and the caller hangs up 0.5 s later: Kamailio holds the call no more, the bridge heard neither
      await waitFor(
        'the call to end in Kamailio',
        async () => (await s.kamailioRpc.heldCalls()).size === 0,
        20_000,
      )
      expect(await callers.exited, callers.tail()).toBe(0)
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'ann' })
      const restoredAt = Date.now()

      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({
        answered: 1,
        completed: 1,
        abandoned: 0,
        unknown: 0,
        last: { checked: 1, gone: 1 },
      })
      await waitFor('the call to end at the bridge', () => s.bridge.figures().open === 0, 5000)
      expect(s.bridge.figures()).toMatchObject({ answered: 1, abandoned: 0, ronas: 0, reconciledAnswered: 1 })
      // answered when Kamailio saw the 200 OK, before the link came back
      const call = s.bridge.calls()[0]!
      expect(call.answeredAt).toBeGreaterThan(call.startedAt)
      expect(call.answeredAt).toBeLessThan(restoredAt)
      // the router: confirmed then completed, and ann free and ready for the next call
      const view = async () =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`)).body
      await waitFor('the router to complete the call', async () => (await view()).state === 'completed', 5000)
      expect(await view()).toMatchObject({ outcome: 'routed', agent: 'ann', state: 'completed' })
      const ann = await routerAgent(s, 'ann')
      expect(ann?.state).toBe('ready')
      expect(ann?.load.voice ?? 0).toBe(0)
    } finally {
      await relay.close()
    }
  })

  it('of a call still talking: talking at the bridge and the router, held and retrieved, and released as usual', async () => {
    const { s, relay, health, reconnect, callers, ringing } = await ringingThenCut({ holdMs: 60_000 })
    try {
      await waitFor(
        'ann to answer in Kamailio',
        async () => [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'talking'),
        15_000,
      )
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'ringing' })

      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({ answered: 1, completed: 0, abandoned: 0 })
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
      const view = async () =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`)).body
      await waitFor('the router to confirm', async () => (await view()).state === 'connected', 5000)

      // the answered event (with the phone's SDP) was lost: a hold asks Kamailio's sdp table for it
      await s.bridge.hold(ringing.callId)
      expect(s.bridge.calls()[0]).toMatchObject({ held: true })
      await s.bridge.retrieve(ringing.callId)
      expect(s.bridge.calls()[0]).toMatchObject({ held: false, state: 'talking' })
      // the agent's phone and tag came from Kamailio's table: the release reaches both sides
      await s.bridge.release(ringing.callId)
      expect(await callers.exited, callers.tail()).toBe(0)
      expect(s.bridge.figures()).toMatchObject({ answered: 1, abandoned: 0, open: 0, ronas: 0 })
      await waitFor('the router to complete the call', async () => (await view()).state === 'completed', 5000)
    } finally {
      await relay.close()
    }
  })
})

describe('a ring-no-answer lost while the evapi link was down', () => {
  it('takes the live RONA path once the link is back: the agent not ready, the next agent rung on the held INVITE', async () => {
    const { s, relay, health, cut } = await startRelayedStack(keep, {
      agents: [
        { id: 'ann', ringMs: Infinity },
        { id: 'bob', ringMs: 100 },
      ],
      ronaMs: 2000,
    })
    try {
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'not-ready' })
      const callers = await s.call([callerCall({ startMs: 0 })])
      const ringing = await ringingInKamailio(s)
      expect(ringing.agent).toBe('ann')
      await cut()
      // ann's phone rings out: Kamailio holds the INVITE again, the bridge never hears it
      await waitFor(
        'Kamailio to hold the call again',
        async () => [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'queued'),
        15_000,
      )
      await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'ringing', agent: 'ann' })

      await relay.restore()
      await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
      expect(await callers.exited, callers.tail()).toBe(0)
      expect((await health()).body.reconciled).toMatchObject({ ronas: 1, abandoned: 0, answered: 0 })
      expect(s.bridge.figures()).toMatchObject({ ronas: 1, answered: 1, abandoned: 0 })
      const view = (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`))
        .body
      expect(view).toMatchObject({ outcome: 'routed', agent: 'bob' })
      expect((await routerAgent(s, 'ann'))?.state).toBe('not-ready')
    } finally {
      await relay.close()
    }
  })
})

describe('a ring the bridge wrote to a connection already dead', () => {
  it('is withdrawn once the link is back (Kamailio holds the INVITE unrung): no RONA, and the agent is rung again', async () => {
    const { s, relay, health, cut, reconnect } = await startRelayedStack(keep, {
      agents: [{ id: 'ann', ringMs: 100 }],
      ronaMs: 10_000,
    })
    try {
      // the connection dies one way without a word: the bridge's writes succeed and never reach Kamailio
      relay.stall()
      const callers = await s.call([callerCall({ startMs: 0 })])
      const ringing = await waitFor(
        'the bridge to ring ann',
        () => s.bridge.calls().find((c) => c.state === 'ringing' && c.agent === 'ann'),
        15_000,
      )
      const kamailioCall = async () => [...(await s.kamailioRpc.heldCalls()).values()][0]
      // Kamailio still holds the INVITE it was never asked to ring
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(await kamailioCall()).toMatchObject({ state: 'queued' })
      expect(await kamailioCall()).not.toHaveProperty('lost')
      await cut()
      await reconnect()
      expect((await health()).body.reconciled).toMatchObject({
        unrung: 1,
        ronas: 0,
        withdrawn: 0,
        abandoned: 0,
      })
      await waitFor('the call to end', () => s.bridge.figures().open === 0, 20_000)
      expect(await callers.exited, callers.tail()).toBe(0)
      expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 0, abandoned: 0, reconciledUnrung: 1 })
      // the router took the offer back without a ring-no-answer, offered it again and ann took it
      const view = (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`))
        .body
      expect(view).toMatchObject({ outcome: 'routed', agent: 'ann' })
      const trace = view.trace as Array<{ kind: string; name?: string }>
      expect(trace.some((e) => e.kind === 'wait' && e.name === 'withdrawn')).toBe(true)
      expect((await routerAgent(s, 'ann'))?.state).toBe('ready')
    } finally {
      await relay.close()
    }
  })
})

describe('a ringing call while the evapi link stays down past its reservation timeout', () => {
  it('is withdrawn before the router times it out: the agent stays ready, and is rung again once the link is back', async () => {
    // ann never answers and Kamailio rings her 9 s, past the bridge's check 6 s after the routed event (6 s before
    // the router's reservation timeout, 12 s here: serve's limit and the bridge's, as an operator sets both); 3 s
    // either side of the check, so a check that a loaded host runs late still finds her phone ringing, and withdraws
    // before the router's timeout
    const { s, relay, health, reconnect, callers, ringing } = await ringingThenCut(
      { patienceMs: 60_000 },
      {
        agents: [{ id: 'ann', ringMs: Infinity }],
        ronaMs: 9000,
        reservationTimeoutMs: 12_000,
        reservationLeadMs: 6000,
      },
    )
    try {
      await waitFor('the withdrawal', async () => (await health()).body.reconciled.withdrawn === 1, 20_000)
      // the router took the offer back without a ring-no-answer, and offers ann the call again: held by the bridge
      const view = async () =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`)).body
      const trace = (await view()).trace as Array<{ kind: string; name?: string }>
      expect(trace.some((e) => e.kind === 'wait' && e.name === 'withdrawn')).toBe(true)
      const annState = async () => (await routerAgent(s, 'ann'))?.state
      expect(await annState()).toBe('ready')
      // Kamailio rings her out meanwhile (the bridge hears nothing), then the link comes back
      await waitFor(
        'Kamailio to hold the call again',
        async () => [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'queued'),
        15_000,
      )
      await reconnect()
      // no ring-no-answer for the withdrawn offer: the router's next one rings ann on the INVITE Kamailio holds
      await waitFor(
        'ann to be rung again',
        () => s.bridge.calls().find((c) => c.state === 'ringing' && c.agent === 'ann'),
        10_000,
      )
      expect(s.bridge.figures()).toMatchObject({ ronas: 0, reconciledWithdrawn: 1, abandoned: 0 })
      expect(await annState()).toBe('ready')
      await callers.stop()
    } finally {
      await relay.close()
    }
  })
})

describe('a withdrawn ring whose newer offer the bridge holds while the evapi link stays down', () => {
  it('withdraws that offer too before the router times it out: the agent, whose phone never rang for it, stays ready', async () => {
    // reservations of 6 s: the check 2 s after the routed event (4 s before the router's timeout) finds ann's phone
    // still ringing (its ring-no-answer at 5 s) and withdraws the offer; the router offers ann the call again, an
    // answer the bridge holds (the INVITE is Kamailio's until it rings out); the link stays down past that newer
    // offer's 6 s. 3 s between the check and the ring-no-answer and 4 s before each timeout, so a loaded host's late
    // timers do not decide the outcome (a check due before the cut runs at the cut); the sleep below is that timeout
    const reservationTimeoutMs = 6000
    const { s, relay, health, reconnect, callers, ringing } = await ringingThenCut(
      { patienceMs: 60_000 },
      {
        agents: [{ id: 'ann', ringMs: Infinity }],
        ronaMs: 5000,
        reservationTimeoutMs,
        reservationLeadMs: 4000,
      },
    )
    try {
      await waitFor('the withdrawal', async () => (await health()).body.reconciled.withdrawn === 1, 20_000)
      await new Promise((resolve) => setTimeout(resolve, reservationTimeoutMs + 1000))
      // before, the held offer ran out at the router: ann made not ready for a ring her phone never had
      const view = async () =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`)).body
      const trace = (await view()).trace as Array<{
        kind: string
        name?: string
        value?: { reason?: string }
      }>
      const rejections = trace.filter((e) => e.kind === 'wait' && e.name === 'rejected')
      expect(rejections.map((e) => e.value?.reason)).toEqual([])
      expect(trace.filter((e) => e.kind === 'wait' && e.name === 'withdrawn').length).toBeGreaterThanOrEqual(
        2,
      )
      expect(await routerAgent(s, 'ann')).toMatchObject({ state: 'ready' })
      expect((await health()).status).toBe(503)
      // Kamailio rang her out meanwhile: once the link is back the router's current offer rings her again
      await reconnect()
      await waitFor(
        'ann to be rung again',
        () => s.bridge.calls().find((c) => c.state === 'ringing' && c.agent === 'ann'),
        10_000,
      )
      expect(s.bridge.figures()).toMatchObject({ ronas: 0, abandoned: 0 })
      expect(await routerAgent(s, 'ann')).toMatchObject({ state: 'ready' })
      await callers.stop()
    } finally {
      await relay.close()
    }
  })
})

describe('a ringing call withdrawn while the evapi link is down, then answered', () => {
  it("is connected to the agent at the router (its newer offer confirmed, no RONA), answered at Kamailio's time", async () => {
    // Kamailio rings ann 10 s, 3 s past the bridge's check 7 s after the routed event (reservations of 14 s, checked
    // 7 s before they run out), and 3 s before its ring-no-answer; the router's newer offer, held by the bridge, is
    // checked 4 s after the answer. A loaded host's late timers (sipp's answer, the check) then decide nothing
    const { s, relay, health, reconnect, callers, ringing } = await ringingThenCut(
      { holdMs: 60_000 },
      {
        agents: [{ id: 'ann', ringMs: 10_000 }],
        ronaMs: 13_000,
        reservationTimeoutMs: 14_000,
        reservationLeadMs: 7000,
      },
    )
    try {
      await waitFor('the withdrawal', async () => (await health()).body.reconciled.withdrawn === 1, 20_000)
      await waitFor(
        'ann to answer in Kamailio',
        async () => [...(await s.kamailioRpc.heldCalls()).values()].some((c) => c.state === 'talking'),
        15_000,
      )
      const restoredAt = Date.now()
      await reconnect()
      // the router offered the call to ann again meanwhile (held by the bridge): told she has it, it confirms that
      const view = async () =>
        (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(ringing.interaction)}`)).body
      await waitFor('the router to connect the call', async () => (await view()).state === 'connected', 5000)
      const connected = await view()
      expect(connected).toMatchObject({ outcome: 'routed', agent: 'ann' })
      const entry = (
        connected.trace as Array<{ name?: string; value?: { agent: string; answeredAt?: number } }>
      ).find((e) => e.name === 'connected')
      expect(entry?.value?.agent).toBe('ann')
      expect(entry?.value?.answeredAt).toBeLessThan(restoredAt)
      expect(s.bridge.calls()[0]).toMatchObject({ state: 'talking', agent: 'ann' })
      expect(s.bridge.figures()).toMatchObject({
        connectedAfterWithdrawal: 1,
        ronas: 0,
        reconciledWithdrawn: 1,
      })
      expect((await health()).body.resumesWaiting).toBe(0)
      expect(await routerAgent(s, 'ann')).toMatchObject({
        state: 'ready',
        load: { voice: 1 },
        reserved: 0,
      })
      // released as any answered call
      await s.bridge.release(ringing.callId)
      expect(await callers.exited, callers.tail()).toBe(0)
      await waitFor('the router to complete the call', async () => (await view()).state === 'completed', 5000)
    } finally {
      await relay.close()
    }
  })
})
