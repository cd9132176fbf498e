// The behaviour every RoutingCoordinator owes the server, as a suite: the one-process coordinator runs it here,
// and a Redis-backed one must pass it too (call coordinatorContract with its factory).

import { eventually } from '@routewright/node-support/testing'
import type {
  AgentStateEvent,
  DeployableWorkspace,
  RoutingCoordinator,
  ServerEvent,
} from '@routewright/server'
import { parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import { type Clock, createSimulatedClock } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { DIRECTORY, supportStrategy } from './helpers.ts'

export function workspaceOf(version: string, ...strategies: string[]): DeployableWorkspace {
  const documents = (strategies.length > 0 ? strategies : [supportStrategy()]).map((text) =>
    parseStrategy(text),
  )
  return {
    version,
    strategies: new Map(documents.map((d) => [d.strategy, d])),
    directory: parseDirectory(DIRECTORY),
  }
}

export function coordinatorContract(
  name: string,
  make: (options: { reservationTimeoutMs?: number; clock?: Clock }) => Promise<RoutingCoordinator>,
): void {
  describe(`RoutingCoordinator contract: ${name}`, () => {
    let c: RoutingCoordinator
    let events: ServerEvent[]
    const start = async (options = {}) => {
      c = await make(options)
      events = []
      c.subscribe((e) => events.push(e))
      await c.deploy(workspaceOf('v1'))
    }
    afterEach(async () => {
      await c?.stop()
    })

    it('routes to a ready agent, confirms, completes, and tags events with version and strategy', async () => {
      await start()
      expect(await c.agentEvent({ agent: 'ann', state: 'ready' })).toEqual({ ok: true, value: undefined })
      const submitted = await c.submit({ id: 'c1', strategy: 'support' })
      expect(submitted).toMatchObject({ ok: true, value: { state: 'reserved', agent: 'ann', version: 'v1' } })
      expect(events.find((e) => e.type === 'routed')).toMatchObject({ version: 'v1', strategy: 'support' })
      expect((await c.confirmReservation('c1')).ok).toBe(true)
      expect((await c.complete('c1')).ok).toBe(true)
      expect((await c.interaction('c1'))?.state).toBe('completed')
      expect(await c.openCount()).toBe(0)
    })

    it("answers an interaction's trace alone as its view has it (the monitor reads it on every event)", async () => {
      await start()
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      await c.submit({ id: 't1', strategy: 'support' })
      const trace = await c.trace?.('t1')
      expect(trace?.map((t) => t.kind)).toContain('enter')
      expect(trace).toEqual((await c.interaction('t1'))?.trace)
      await c.confirmReservation('t1')
      await c.complete('t1')
      expect(await c.trace?.('t1')).toEqual((await c.interaction('t1'))?.trace)
      expect(await c.trace?.('nobody')).toBeUndefined()
    })

    it("keeps an abandon's reason and note in the trace's finish and the finished event; none without one", async () => {
      await start()
      await c.submit({ id: 'q1', strategy: 'support' })
      await c.submit({ id: 'q2', strategy: 'support' })
      expect((await c.abandon('q1', { reason: 'queue-timeout', note: '408' })).ok).toBe(true)
      expect((await c.abandon('q2')).ok).toBe(true)
      const finish = async (id: string) => (await c.trace?.(id))?.find((t) => t.kind === 'finish')?.message
      expect(await finish('q1')).toBe("The caller waited the host's queue time: 408")
      expect(await finish('q2')).toBe('Abandoned by the host (no reason given)')
      const finished = (id: string) => events.find((e) => e.type === 'finished' && e.interaction === id)
      await eventually(() => expect(finished('q2')).toBeDefined())
      expect(finished('q1')).toMatchObject({
        outcome: 'abandoned',
        abandonReason: 'queue-timeout',
        note: '408',
      })
      expect(finished('q2')).not.toHaveProperty('abandonReason')
      // the interaction's view has them as fields too (GET /v1/interactions/{id})
      expect(await c.interaction('q1')).toMatchObject({ abandonReason: 'queue-timeout', abandonNote: '408' })
      expect(await c.interaction('q2')).not.toHaveProperty('abandonReason')
      expect(await c.interaction('q2')).not.toHaveProperty('abandonNote')
    })

    it('answers 404, 409 and 422 instead of throwing', async () => {
      await start()
      expect(await c.confirmReservation('nope')).toMatchObject({ ok: false, status: 404 })
      expect(await c.agentEvent({ agent: 'zed', state: 'ready' })).toMatchObject({ ok: false, status: 404 })
      expect(await c.submit({ id: 'x', strategy: 'missing' })).toMatchObject({ ok: false, status: 422 })
      await c.submit({ id: 'd', strategy: 'support' })
      expect(await c.submit({ id: 'd', strategy: 'support', priority: 1 })).toMatchObject({
        ok: false,
        status: 409,
        code: 'duplicate-id',
      })
      expect(await c.submit({ id: 'd', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { id: 'd', replayed: true },
      })
      expect(await c.confirmReservation('d')).toMatchObject({ ok: false, status: 409 })
    })

    it('marks a reservation that timed out, not one the host rejected', async () => {
      // the clock moves when told: on a real one a loaded machine let ann's 30 ms run out before the host's reject
      // arrived, which then rejected bob's
      const clock = createSimulatedClock(Date.UTC(2026, 10, 30, 9))
      await start({ reservationTimeoutMs: 30, clock })
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      clock.advance(1)
      await c.agentEvent({ agent: 'bob', state: 'ready' })
      expect(await c.submit({ id: 'r', strategy: 'support' })).toMatchObject({ value: { agent: 'ann' } })
      await c.rejectReservation('r')
      expect(await c.interaction('r')).toMatchObject({ state: 'reserved', agent: 'bob' })
      clock.advance(30)
      const rejected = () =>
        events.flatMap((e) => (e.type === 'reservation-rejected' ? [[e.agent, e.timedOut ?? false]] : []))
      await eventually(() =>
        expect(rejected()).toEqual([
          ['ann', false],
          ['bob', true],
        ]),
      )
    })

    it("streams an agent's state once per real change, saying who made it (host, router, timeout)", async () => {
      const clock = createSimulatedClock(Date.UTC(2026, 11, 5, 9))
      await start({ reservationTimeoutMs: 30, clock })
      const states: AgentStateEvent[] = []
      c.onAgentState?.((e) => states.push(e))
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      // the same state again, the same per media: no change
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      await c.agentEvent({ agent: 'ann', state: 'ready', media: 'voice' })
      clock.advance(1)
      await c.agentEvent({ agent: 'bob', state: 'ready', media: 'voice' })
      expect(await c.submit({ id: 's', strategy: 'support' })).toMatchObject({ value: { agent: 'ann' } })
      await c.rejectReservation('s', undefined, { reason: 'no-answer' })
      expect(await c.interaction('s')).toMatchObject({ state: 'reserved', agent: 'bob' })
      clock.advance(30)
      const at = expect.any(Number)
      await eventually(() =>
        expect(states).toEqual([
          { type: 'agent-state', agent: 'ann', state: 'ready', by: 'host', at },
          { type: 'agent-state', agent: 'bob', media: 'voice', state: 'ready', by: 'host', at },
          { type: 'agent-state', agent: 'ann', state: 'not-ready', reason: 'no-answer', by: 'router', at },
          { type: 'agent-state', agent: 'bob', state: 'not-ready', reason: 'no-answer', by: 'timeout', at },
        ]),
      )
    })

    it('a withdrawn reservation leaves the agent ready and offers the interaction again; a decline does not', async () => {
      const clock = createSimulatedClock(Date.UTC(2026, 11, 1, 9))
      await start({ clock })
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      clock.advance(1)
      await c.agentEvent({ agent: 'bob', state: 'ready' })
      const first = await c.submit({ id: 'w', strategy: 'support' })
      expect(first).toMatchObject({ value: { agent: 'ann' } })
      const offered = first.ok ? first.value.reservation : undefined
      expect(
        await c.rejectReservation('w', offered, { reason: 'withdrawn', note: 'the phone was never rung' }),
      ).toEqual({ ok: true, value: undefined })
      // ann kept her state: still the longest idle, offered w again under a new reservation
      const again = await c.interaction('w')
      expect(again).toMatchObject({ state: 'reserved', agent: 'ann' })
      expect(again?.reservation).not.toBe(offered)
      const state = async (id: string) => (await c.agents()).find((a) => a.id === id)?.state
      expect(await state('ann')).toBe('ready')
      await c.rejectReservation('w')
      expect(await c.interaction('w')).toMatchObject({ state: 'reserved', agent: 'bob' })
      expect(await state('ann')).toBe('not-ready')
      await eventually(() =>
        expect(
          events.flatMap((e) =>
            e.type === 'reservation-rejected' ? [[e.agent, e.reason, e.withdrawn ?? false]] : [],
          ),
        ).toEqual([
          ['ann', 'withdrawn by the host: the phone was never rung', true],
          ['ann', 'rejected by the host', false],
        ]),
      )
    })

    it('answers the reservation a confirm or reject names: a stale one gets 409 and changes nothing', async () => {
      const clock = createSimulatedClock(Date.UTC(2026, 11, 1, 9))
      await start({ reservationTimeoutMs: 30, clock })
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      clock.advance(1)
      await c.agentEvent({ agent: 'bob', state: 'ready' })
      const submitted = await c.submit({ id: 's', strategy: 'support' })
      expect(submitted).toMatchObject({ value: { agent: 'ann' } })
      const first = submitted.ok ? (submitted.value.reservation as string) : ''
      clock.advance(30) // ann does not answer: bob is reserved
      await eventually(async () => ((await c.interaction('s'))?.agent === 'bob' ? true : undefined))
      const second = (await c.interaction('s'))?.reservation as string
      expect(second).not.toBe(first)
      for (const late of [() => c.rejectReservation('s', first), () => c.confirmReservation('s', first)])
        expect(await late()).toMatchObject({
          ok: false,
          status: 409,
          error: expect.stringContaining(`the current one is "${second}"`),
        })
      expect(await c.interaction('s')).toMatchObject({ state: 'reserved', agent: 'bob', reservation: second })
      expect(await c.confirmReservation('s', second)).toEqual({ ok: true, value: undefined })
      expect(await c.interaction('s')).toMatchObject({ state: 'connected', agent: 'bob' })
    })

    it('changes a state with ifState only while the agent is in it: a change made between answers 409 and stays', async () => {
      await start()
      await c.agentEvent({ agent: 'ann', state: 'busy' })
      // the host that set busy reads it, the agent goes on a break, then the host undoes its own busy
      await c.agentEvent({ agent: 'ann', state: 'not-ready', reason: 'Break' })
      expect(await c.agentEvent({ agent: 'ann', state: 'ready' }, 'busy')).toEqual({
        ok: false,
        status: 409,
        code: 'state-changed',
        current: 'not-ready',
        error:
          'Agent "ann" is not-ready for voice, not busy: its state changed since; "ready" not applied (ifState)',
      })
      expect((await c.agents()).find((a) => a.id === 'ann')).toMatchObject({
        state: 'not-ready',
        reason: 'Break',
      })
      // nothing was offered to her on her break
      expect(await c.submit({ id: 'w1', strategy: 'support' })).toMatchObject({
        ok: true,
        value: { state: 'queued' },
      })
      // the condition met, the change is made (and routes as any other)
      expect(await c.agentEvent({ agent: 'ann', state: 'ready' }, 'not-ready')).toEqual({
        ok: true,
        value: undefined,
      })
      expect(await c.interaction('w1')).toMatchObject({ state: 'reserved', agent: 'ann' })
    })

    it('counts a not-ready the router set itself (a decline) against ifState, as GET /v1/agents lists it', async () => {
      await start()
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      await c.submit({ id: 'd1', strategy: 'support' })
      await c.rejectReservation('d1')
      expect((await c.agents()).find((a) => a.id === 'ann')).toMatchObject({
        state: 'not-ready',
        reason: 'declined',
      })
      // a host that still thinks her ready is refused: the router's not-ready stays
      expect(await c.agentEvent({ agent: 'ann', state: 'busy' }, 'ready')).toMatchObject({
        status: 409,
        code: 'state-changed',
        current: 'not-ready',
      })
      expect((await c.agents()).find((a) => a.id === 'ann')).toMatchObject({
        state: 'not-ready',
        reason: 'declined',
      })
    })

    it("checks ifState on each media it applies to: an agent-wide change is refused if one media's state differs", async () => {
      await start()
      await c.agentEvent({ agent: 'bob', state: 'busy' })
      await c.agentEvent({ agent: 'bob', state: 'not-ready', media: 'voice', reason: 'Break' })
      expect(await c.agentEvent({ agent: 'bob', state: 'ready' }, 'busy')).toMatchObject({
        status: 409,
        code: 'state-changed',
        current: 'not-ready',
      })
      // an agent that never had a state is logged out, as its router starts it
      expect(await c.agentEvent({ agent: 'ann', state: 'ready' }, 'busy')).toMatchObject({
        current: 'logged-out',
      })
      expect(await c.agentEvent({ agent: 'ann', state: 'ready', media: 'voice' }, 'logged-out')).toEqual({
        ok: true,
        value: undefined,
      })
      expect((await c.agents()).map((a) => [a.id, a.media?.voice ?? a.state])).toEqual([
        ['ann', 'ready'],
        ['bob', 'not-ready'],
      ])
    })

    it('keeps running interactions on their version and never books one agent in two versions', async () => {
      await start()
      await c.submit({ id: 'old', strategy: 'support' })
      await c.deploy(workspaceOf('v2', supportStrategy('support', '2m')))
      await c.submit({ id: 'new', strategy: 'support' })
      await c.agentEvent({ agent: 'ann', state: 'ready' })
      const reserved = [await c.interaction('old'), await c.interaction('new')].filter(
        (v) => v?.state === 'reserved',
      )
      expect(reserved.map((v) => [v!.id, v!.version, v!.agent])).toEqual([['old', 'v1', 'ann']])
      expect((await c.versions()).map((v) => [v.version, v.status])).toEqual([
        ['v1', 'draining'],
        ['v2', 'current'],
      ])
      await c.abandon('old')
      expect((await c.versions()).map((v) => v.version)).toEqual(['v2'])
      expect((await c.interaction('new'))?.agent).toBe('ann')
    })
  })
}
