// The report's service level and the memory provider's ServiceLevel(T) over the same traffic (docs/figures.md
// "Figures"): an abandon before any queueing is in neither (the router feeds the provider no abandon for it, and the
// report leaves a record without a queue out of both sides), one in a queue counts against in both, and so does one
// after the interaction left its queue unanswered (a time-out, then a treatment, then the caller hangs up).
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import { eachReport, salesRouterWithProvider } from './report-vs-live.ts'
import { salesStrategy } from './routers.ts'

/** The sales strategy with a 10 s wait (an IVR's message) before the sales target: a caller may leave in it. */
function introThenSales(): StrategyDocument {
  const doc = salesStrategy() as unknown as { start: string; nodes: Record<string, unknown> }
  return {
    ...doc,
    start: 'intro',
    nodes: { intro: { type: 'wait', for: '10s', next: 'tag' }, ...doc.nodes },
  } as unknown as StrategyDocument
}

it('leaves an abandon before any queue out of both service levels and counts a queued one against in both', async () => {
  const { clock, items, router, recordsById, read } = salesRouterWithProvider(introThenSales())
  // u1 hangs up in the message, before any queue; c1 is answered as it queues; c2 waits 15 s (past T = 10 s), leaves
  router.submit({ id: 'u1', strategy: 'sales' })
  clock.advance(5_000)
  router.abandon('u1', { reason: 'caller-hangup' })
  router.submit({ id: 'c1', strategy: 'sales' })
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(10_000)
  router.confirmReservation('c1')
  router.submit({ id: 'c2', strategy: 'sales' })
  clock.advance(25_000)
  router.abandon('c2', { reason: 'caller-hangup' })
  clock.advance(1_000)

  const byId = recordsById()
  expect(byId.get('u1')).toMatchObject({ outcome: 'abandoned' })
  expect(byId.get('u1')?.queue).toBeUndefined()
  expect(byId.get('c2')).toMatchObject({ outcome: 'abandoned', queue: 'group:sales', waitMs: 15_000 })
  const live = read('sales', 'ServiceLevel(10s)')
  // c1 within T over c1 and c2: u1 would make it 1/3 on either side
  expect(live).toBe(0.5)

  await eachReport(items, ['queue', 'strategy'], (report, at, by) => {
    const key = by === 'queue' ? 'group:sales' : 'sales'
    // by strategy u1 is offered and abandoned, yet not in the service level: the provider's figure still
    const offered = by === 'queue' ? 2 : 3
    expect(
      report.totals.find((row) => row.key === key),
      at,
    ).toMatchObject({
      offered,
      abandoned: offered - 1,
      serviceLevel: live,
    })
  })
})

/** Sales for 20 s, then on the time-out an apology (a treatment the host plays until the caller hangs up). */
function salesThenSorry(): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'pick',
    nodes: {
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '20s', next: { timeout: 'sorry' } },
      sorry: { type: 'treatment', play: 'prompts/sorry', next: { done: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

it('counts an abandon after the queue timed out against both service levels, where it waited', async () => {
  const { clock, items, router, recordsById, read } = salesRouterWithProvider(salesThenSorry())
  // c1 is answered as it queues; t1 waits the 20 s out while a1 talks, hears the apology 5 s and hangs up
  router.agentEvent({ agent: 'a1', state: 'ready' })
  router.submit({ id: 'c1', strategy: 'sales' })
  router.confirmReservation('c1')
  router.submit({ id: 't1', strategy: 'sales' })
  clock.advance(20_000)
  expect(router.trace('t1')?.map((step) => step.node)).toContain('sorry')
  clock.advance(5_000)
  router.abandon('t1', { reason: 'caller-hangup' })
  clock.advance(1_000)

  const byId = recordsById()
  expect(byId.get('c1')).toMatchObject({ outcome: 'routed', waitMs: 0 })
  expect(byId.get('t1')).toMatchObject({ outcome: 'abandoned', queue: 'group:sales', waitMs: 25_000 })
  // c1 within T over c1 and t1: without t1's abandon the provider would say 1
  expect(read('sales', 'ServiceLevel(10s)')).toBe(0.5)
  expect(read('sales', 'AbandonRate')).toBe(0.5)

  await eachReport(items, ['queue', 'group', 'strategy'], (report, at, by) => {
    const key = by === 'queue' || by === 'group' ? 'group:sales' : 'sales'
    expect(
      report.totals.find((row) => row.key === key),
      at,
    ).toMatchObject({
      offered: 2,
      answered: 1,
      abandoned: 1,
      serviceLevel: read('sales', 'ServiceLevel(10s)'),
    })
  })
})
