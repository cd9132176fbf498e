// An interaction that waits in one queue, times out and waits in another (docs/figures.md "Queues in turn"): the
// report by queue and by group and the memory provider count its answer or abandon, its offer and its wait in the
// queue it ended in (answered from, waiting in, or last left), not in the first one it entered.
import { expect, it } from 'vitest'
import {
  answerAbandonAfterLeaving,
  answerOnArrival,
  eachReport,
  firstThenSecond,
  reportFigures,
  salesRouterWithProvider,
} from './report-vs-live.ts'

it('counts an interaction that waited in two queues in turn where it ended, in the report as live', async () => {
  const { clock, items, router, recordsById, live } = salesRouterWithProvider(
    firstThenSecond({ group: 'sales' }, { group: 'overflow' }),
  )
  // x1 is answered from overflow, x2 hangs up in it, x3 hangs up in the apology after overflow timed out too
  answerAbandonAfterLeaving({ clock, router }, 'o1')
  // y1 is answered from sales as it arrives
  answerOnArrival({ clock, router }, 'a1')

  const byId = recordsById()
  expect(byId.get('x1')).toMatchObject({ outcome: 'routed', queue: 'group:overflow', waitMs: 25_000 })
  expect(byId.get('x2')).toMatchObject({
    outcome: 'abandoned',
    queue: 'group:overflow',
    group: 'group:overflow',
  })
  expect(byId.get('x3')).toMatchObject({ outcome: 'abandoned', queue: 'group:overflow', waitMs: 45_000 })
  // overflow: x1 answered after 25 s, x2 and x3 abandoned; sales: y1 answered at once
  expect(live('overflow')).toEqual({ serviceLevel: 0, abandonRate: 2 / 3, asa: 25 })
  expect(live('sales')).toEqual({ serviceLevel: 1, abandonRate: 0, asa: 0 })

  await eachReport(items, ['queue', 'group'], (report, at) => {
    const row = (group: string) => reportFigures(report, `group:${group}`)
    expect(row('overflow'), at).toEqual({ offered: 3, answered: 1, abandoned: 2, ...live('overflow') })
    expect(row('sales'), at).toEqual({ offered: 1, answered: 1, abandoned: 0, ...live('sales') })
  })
})
