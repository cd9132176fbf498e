// AHT by group (docs/figures.md "AHT by group"): a handling counts in its agent's groups, whatever the interaction
// waited for, in the report as in the memory provider (before, the report counted it in the groups waited for).
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import { eachReport, salesRouterWithProvider } from './report-vs-live.ts'

/** d1 serves both sales and support. */
const twoGroupDirectory: DirectoryDocument = {
  directory: 'test',
  format: 1,
  groups: { sales: {}, support: {} },
  agents: { d1: { groups: ['sales', 'support'], capacity: { voice: 1 } } },
}

/** Waits 60 s for sales only. */
function salesOnly(): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'pick',
    nodes: {
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '60s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

it("counts a handling in each of its agent's groups, in the report as live", async () => {
  const { clock, items, router, read } = salesRouterWithProvider(salesOnly(), twoGroupDirectory)
  router.submit({ id: 'x1', strategy: 'sales' })
  clock.advance(4_000)
  router.agentEvent({ agent: 'd1', state: 'ready' })
  router.confirmReservation('x1')
  // d1 talks 90 s, then finishes
  clock.advance(90_000)
  router.complete('x1')
  clock.advance(1_000)

  const aht = (group: string) => read(group, 'AverageHandleTime')
  // live: d1's handling counts in sales and in support, though x1 waited for sales only
  expect(aht('sales')).toBe(90)
  expect(aht('support')).toBe(90)
  expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({
    agent: 'd1',
    group: 'group:sales\u001fgroup:support',
  })

  await eachReport(items, ['group'], (report, at) => {
    const row = (group: string) => report.totals.find((r) => r.key === `group:${group}`)
    expect(row('sales')?.aht, at).toBe(aht('sales'))
    expect(row('support')?.aht, at).toBe(aht('support'))
    // the answer still counts only where x1 waited
    expect(row('sales'), at).toMatchObject({ offered: 1, answered: 1 })
    expect(row('support'), at).toMatchObject({ offered: 0, answered: 0 })
  })
})
