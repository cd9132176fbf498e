// An interaction whose target node waits for several groups at once (docs/figures.md "Several targets at once"):
// the report by queue and by group and the memory provider count it in each target it waited for, its offer, its
// answer or abandon and its wait alike (before, the report counted it in the first target only).
import { REPORT_KEY_SEPARATOR } from '@routewright/history'
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import { answerAbandonAnswer, eachReport, reportFigures, salesRouterWithProvider } from './report-vs-live.ts'

/** Sales and overflow at once for 60 s. */
function salesOrOverflow(): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'both',
    nodes: {
      both: {
        type: 'target',
        targets: [{ group: 'sales' }, { group: 'overflow' }],
        wait: '60s',
        next: { timeout: 'bye' },
      },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

it('counts an interaction that waited for two groups at once in each, in the report as live', async () => {
  const { clock, items, router, recordsById, live } = salesRouterWithProvider(salesOrOverflow())
  // nobody is ready: x1, x2 and x3 wait for sales and overflow at once
  answerAbandonAnswer({ clock, router })

  const both = `group:sales${REPORT_KEY_SEPARATOR}group:overflow`
  const byId = recordsById()
  expect(byId.get('x1')).toMatchObject({ outcome: 'routed', queue: both, waitMs: 5_000 })
  expect(byId.get('x2')).toMatchObject({ outcome: 'abandoned', queue: both, group: both })
  expect(byId.get('x3')).toMatchObject({ outcome: 'routed', queue: both, waitMs: 15_000 })
  // each group: x1 answered after 5 s, x3 after 15 s, x2 abandoned
  const each = { serviceLevel: 1 / 3, abandonRate: 1 / 3, asa: 10 }
  expect(live('sales')).toEqual(each)
  expect(live('overflow')).toEqual(each)

  await eachReport(items, ['queue', 'group'], (report, at) => {
    const row = (group: string) => reportFigures(report, `group:${group}`)
    expect(row('sales'), at).toEqual({ offered: 3, answered: 2, abandoned: 1, ...live('sales') })
    expect(row('overflow'), at).toEqual({ offered: 3, answered: 2, abandoned: 1, ...live('overflow') })
    // no joined key shows as a row of its own
    expect(
      report.totals.map((r) => r.key).filter((k) => k.includes(REPORT_KEY_SEPARATOR)),
      at,
    ).toEqual([])
  })
})
