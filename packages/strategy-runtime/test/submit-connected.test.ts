// An interaction that arrives already connected to an agent (submit's connectedTo): a call dialled straight to the
// agent's extension. No strategy runs, nothing is offered to anyone else; it is the agent's from its arrival.
import {
  createMemoryStatProvider,
  createSimulatedClock,
  type StatSubject,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, offeredWithOneBehind, salesTarget, setup, T0 } from './fixtures.ts'

describe('submit with connectedTo', () => {
  it('is the agent’s at once: no strategy node entered, no offer, no other agent reserved', () => {
    const h = setup([salesTarget])
    // a1 is ready and free: a strategy run would have offered the call to it first
    h.ready('a1')
    h.router.submit({ id: 'd', strategy: 'test', connectedTo: { agent: 'a2', note: 'dialled a2' } })
    expect(h.events.filter((e) => e.interaction === 'd').map((e) => e.type)).toEqual(['routed', 'finished'])
    expect(h.of('routed', 'd')).toMatchObject([
      { agent: 'a2', target: 'agent:a2', connected: true, direct: true, explanation: { rule: 'direct' } },
    ])
    expect(h.of('finished', 'd').map((e) => e.outcome)).toEqual(['routed'])
    expect(h.of('reservation-rejected')).toEqual([])
    const agents = h.router.snapshot().agents
    expect(agents.find((a) => a.id === 'a1')).toMatchObject({ state: 'ready', load: {}, reserved: 0 })
    expect(agents.find((a) => a.id === 'a2')).toMatchObject({ load: { voice: 1 }, reserved: 0 })
    expect(h.router.trace('d')?.map((e) => e.kind)).toEqual(['value', 'finish'])
    // its place frees on complete, as any handled call's
    h.router.complete('d')
    expect(h.router.snapshot().agents.find((a) => a.id === 'a2')).toMatchObject({ load: {} })
    expect(h.of('error')).toEqual([])
  })

  it("withdraws another interaction's offer holding the agent's only place, and serves that one again", () => {
    const { router, of, first, agent } = offeredWithOneBehind()
    router.submit({ id: 'd', strategy: 'test', connectedTo: { agent: 'a1' } })
    expect(of('reservation-rejected', 'x')).toMatchObject([
      {
        agent: 'a1',
        reservation: first.reservation,
        reason: 'withdrawn by the host: a1 was connected to d',
        withdrawn: true,
      },
    ])
    expect(agent('a1')).toMatchObject({ state: 'ready', load: { voice: 1 }, reserved: 0 })
    expect(router.waiting().map((w) => w.interaction)).toEqual(['x', 'y'])
    expect(of('error')).toEqual([])
  })

  it.each([
    [
      { agent: 'nobody' },
      undefined,
      'submit: connectedTo: unknown agent "nobody" (not in directory "test"); nothing changed',
    ],
    [
      { agent: 'a1', note: 'x'.repeat(201) },
      undefined,
      'submit: connectedTo: "note" must be a string of at most 200 characters; nothing changed',
    ],
    [{ agent: 'a1', at: T0 + 1 }, 'answer-time', undefined],
    [
      'a1',
      undefined,
      'submit: "connectedTo" must be { agent, at?, note? } (got the string "a1"); nothing created',
    ],
  ])('refuses %j, creating nothing', (connectedTo, code, reason) => {
    const h = setup([salesTarget])
    h.router.submit({ id: 'd', strategy: 'test', connectedTo: connectedTo as never })
    const errors = h.of('error', 'd')
    expect(errors.map((e) => e.code)).toEqual([code])
    if (reason !== undefined) expect(errors.map((e) => e.reason)).toEqual([reason])
    expect(h.events.filter((e) => e.type !== 'error')).toEqual([])
    expect(h.router.snapshot().active).toBe(0)
  })

  it('refuses an agent whose confirmed work fills its place (no-free-place), and changes nothing', () => {
    const h = setup([salesTarget])
    h.router.submit({ id: 'd1', strategy: 'test', connectedTo: { agent: 'a1' } })
    h.router.submit({ id: 'd2', strategy: 'test', connectedTo: { agent: 'a1' } })
    expect(h.of('error', 'd2').map((e) => e.code)).toEqual(['no-free-place'])
    expect(h.of('finished', 'd2')).toEqual([])
    expect(h.router.snapshot().agents.find((a) => a.id === 'a1')).toMatchObject({ load: { voice: 1 } })
    expect(h.router.snapshot().active).toBe(0)
  })

  it("counts on the agent's load and handle time from `at`, and on no queue's answers", () => {
    const clock = createSimulatedClock(T0)
    const stats = createMemoryStatProvider({ clock, directory: makeDirectory() })
    const h = setup([salesTarget], { clock, stats })
    const value = (statistic: string, subject: StatSubject) =>
      stats.read({ subject, statistic, window: 'current' }).value
    const asa = value('AverageSpeedOfAnswer', { kind: 'group', id: 'sales' })
    clock.advance(10_000)
    h.router.submit({ id: 'd', strategy: 'test', connectedTo: { agent: 'a2', at: T0 + 4000 } })
    expect(h.of('finished', 'd')).toMatchObject([{ outcome: 'routed', answeredAt: T0 + 4000 }])
    expect(value('CurrentLoad', { kind: 'agent', id: 'a2' })).toBe(1)
    clock.advance(6000)
    h.router.complete('d')
    expect(value('AverageHandleTime', { kind: 'agent', id: 'a2' })).toBe(12)
    // answered by no queue: the group's speed of answer has no answer to count
    expect(value('AverageSpeedOfAnswer', { kind: 'group', id: 'sales' })).toBe(asa)
    expect(h.of('error')).toEqual([])
  })
})
