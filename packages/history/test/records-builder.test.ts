// Records from a real router's events and host calls, one behaviour per test.

import { REPORT_KEY_SEPARATOR, strategyVersion } from '@routewright/history'
import { describe, expect, it } from 'vitest'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START, salesStrategy } from './routers.ts'

const START = SALES_START
const strategy = salesStrategy()

function setup(options: { maxDataBytes?: number } = {}) {
  return recordedSalesRouter({ builder: options })
}

describe('records builder', () => {
  it('records a wait, the answer and the handling, with path, segment and reservation', () => {
    const { clock, router, items, records } = setup()
    router.submit({ id: 'c1', strategy: 'sales', media: 'voice', priority: 3 })
    clock.advance(12_000)
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.confirmReservation('c1')
    const [record] = records()
    expect(record).toMatchObject({
      id: 'c1',
      router: 'r1',
      strategy: 'sales',
      strategyVersion: strategyVersion(strategy),
      media: 'voice',
      arrivedAt: START,
      answeredAt: START + 12_000,
      outcome: 'routed',
      waitMs: 12_000,
      agent: 'a1',
      target: 'group:sales',
      queue: 'group:sales',
      group: 'group:sales',
      node: 'sales/pick',
      data: { Tier: 'gold' },
    })
    expect(record?.path.map((p) => [p.node, p.exit])).toEqual([
      ['tag', 'next'],
      ['pick', undefined],
    ])
    expect(record?.segments).toEqual([
      {
        strategy: 'sales',
        node: 'pick',
        targets: ['group:sales'],
        priority: 3,
        entered: START,
        left: START + 12_000,
        result: 'routed',
      },
    ])
    expect(record?.reservations).toEqual([
      { at: START + 12_000, agent: 'a1', target: 'group:sales', result: 'confirmed' },
    ])
    expect(record?.selection).toMatchObject({ node: 'pick', winner: 'a1', candidates: expect.any(Number) })
    clock.advance(90_000)
    router.complete('c1')
    expect(items.filter((i) => i.kind === 'handling').map((i) => i.record)).toEqual([
      expect.objectContaining({
        interaction: 'c1',
        agent: 'a1',
        startedAt: START + 12_000,
        endedAt: START + 102_000,
        endedBy: 'completed',
        group: 'group:sales',
      }),
    ])
    expect(items.filter((i) => i.kind === 'agent-state').map((i) => i.record)).toEqual([
      // the host's call (recordHostCalls), said so
      {
        router: 'r1',
        agent: 'a1',
        media: '',
        state: 'ready',
        at: START + 12_000,
        groups: ['sales'],
        by: 'host',
      },
    ])
  })

  it('keeps one segment through an escalation, with the targets it added', () => {
    const { clock, router, records } = setup()
    router.submit({ id: 'c1', strategy: 'sales' })
    clock.advance(25_000)
    router.agentEvent({ agent: 'o1', state: 'ready' })
    router.confirmReservation('c1')
    const [record] = records()
    expect(record?.segments.map((s) => s.targets)).toEqual([['group:sales', 'group:overflow']])
    // waiting for both at once, it counts in both (docs/figures.md "Several targets at once")
    const both = `group:sales${REPORT_KEY_SEPARATOR}group:overflow`
    expect(record).toMatchObject({ agent: 'o1', target: 'group:overflow', queue: both, group: both })
  })

  it('records a refused reservation and the agent who took the interaction next', () => {
    const { clock, router, records } = setup()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    clock.advance(1000)
    router.agentEvent({ agent: 'a2', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'sales' })
    router.rejectReservation('c1')
    router.confirmReservation('c1')
    const [record] = records()
    expect(record?.reservations.map((r) => [r.agent, r.result])).toEqual([
      ['a1', 'rejected'],
      ['a2', 'confirmed'],
    ])
    expect(record?.agent).toBe('a2')
  })

  it("records the router's not-ready after a RONA as an agent state row with its reason", () => {
    const { clock, router, items } = setup()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'sales' })
    // not answered within the reservation timeout (15 s): the router makes a1 not ready, `no-answer`
    clock.advance(15_000)
    router.agentEvent({ agent: 'a2', state: 'ready' })
    router.rejectReservation('c1')
    const states = items.flatMap((i) =>
      i.kind === 'agent-state'
        ? [[i.record.agent, i.record.state, i.record.reason, i.record.at - START]]
        : [],
    )
    expect(states).toEqual([
      ['a1', 'ready', undefined, 0],
      ['a1', 'not-ready', 'no-answer', 15_000],
      ['a2', 'ready', undefined, 15_000],
      ['a2', 'not-ready', 'declined', 15_000],
    ])
    expect(
      items.find((i) => i.kind === 'agent-state' && i.record.reason === 'no-answer')?.record,
    ).toMatchObject({
      media: '',
      groups: ['sales'],
    })
  })

  it('records a withdrawn reservation as withdrawn, with its reason, apart from a declined one', () => {
    const { router, records } = setup()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'sales' })
    router.rejectReservation('c1', { reason: 'withdrawn', note: 'the offer never reached the phone' })
    // a1 kept its state: offered c1 again, and it takes it
    router.confirmReservation('c1')
    const [record] = records()
    expect(record?.reservations.map((r) => [r.agent, r.result, r.reason])).toEqual([
      ['a1', 'withdrawn', 'withdrawn by the host: the offer never reached the phone'],
      ['a1', 'confirmed', undefined],
    ])
    expect(record?.agent).toBe('a1')
  })

  it("records a host's no-answer as rejected, as the router's own timeout, its reason saying so", () => {
    const { clock, router, records } = setup()
    router.agentEvent({ agent: 'a1', state: 'ready' })
    clock.advance(1000)
    router.agentEvent({ agent: 'a2', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'sales' })
    router.rejectReservation('c1', { reason: 'no-answer', note: '408' })
    router.confirmReservation('c1')
    const [record] = records()
    expect(record?.reservations.map((r) => [r.agent, r.result, r.reason])).toEqual([
      ['a1', 'rejected', 'not answered (host): 408'],
      ['a2', 'confirmed', undefined],
    ])
  })

  it('records an abandoned wait and a timed-out one without an agent', () => {
    const { clock, router, records } = setup()
    router.submit({ id: 'gone', strategy: 'sales' })
    router.submit({ id: 'late', strategy: 'sales' })
    clock.advance(8000)
    router.abandon('gone')
    clock.advance(60_000)
    const byId = Object.fromEntries(records().map((r) => [r.id, r]))
    expect(byId.gone).toMatchObject({ outcome: 'abandoned', waitMs: 8000 })
    expect(byId.gone?.segments[0]?.result).toBe('abandoned')
    expect(byId.gone?.agent).toBeUndefined()
    expect(byId.late).toMatchObject({ outcome: 'default-route', waitMs: 60_000 })
    expect(byId.late?.segments[0]?.result).toBe('timeout')
    expect(byId.late?.path.map((p) => p.node)).toEqual(['tag', 'pick', 'bye'])
  })

  it('keeps attached data under its size bound and says how much it left out', () => {
    const { clock, router, records } = setup({ maxDataBytes: 10 })
    router.submit({ id: 'c1', strategy: 'sales' })
    clock.advance(60_000)
    expect(records()[0]?.data).toEqual({ _truncated: 1 })
  })

  it('keeps no key a later attach node removed (a card number scrubbed before the wait)', () => {
    const tagged = salesStrategy({ Card: '"4111111111111111"' }) as unknown as {
      nodes: Record<string, Record<string, unknown>>
    }
    tagged.nodes.tag!.next = 'scrub'
    tagged.nodes.scrub = { type: 'attach', remove: ['Card'], next: 'pick' }
    const { clock, router, records } = recordedSalesRouter({ strategy: tagged as never })
    router.submit({ id: 'c1', strategy: 'sales', data: { Account: '42' } })
    clock.advance(60_000)
    expect(records()[0]?.data).toEqual({ Account: '42', Tier: 'gold' })
  })

  it('follows nothing once every interaction has finished', () => {
    const { clock, router, builder } = setup()
    router.submit({ id: 'c1', strategy: 'sales' })
    expect(builder.counters().open).toBe(1)
    clock.advance(60_000)
    expect(builder.counters()).toMatchObject({ open: 0, answered: 0, givenUp: 0, emitted: 1 })
  })
})
