// An interaction that waited in a `queue:` target (docs/figures.md "A `queue:` target"): the report by group counts
// it in each group of the directory's queue, as the memory provider does (before, a wait in a queue had no group).
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import {
  answerAbandonAnswer,
  eachReport,
  reportFigures,
  SL_SECONDS,
  salesRouterWithProvider,
} from './report-vs-live.ts'

/** Queue `front` served by sales and overflow; a1 in sales, o1 in overflow. */
const frontDirectory: DirectoryDocument = {
  directory: 'test',
  format: 1,
  groups: { sales: {}, overflow: {} },
  queues: { front: { groups: ['sales', 'overflow'] } },
  agents: {
    a1: { groups: ['sales'], capacity: { voice: 1 } },
    o1: { groups: ['overflow'], capacity: { voice: 1 } },
  },
}

/** Waits 60 s in queue front. */
function frontQueue(): StrategyDocument {
  return {
    strategy: 'sales',
    format: 1,
    start: 'front',
    nodes: {
      front: { type: 'target', targets: [{ queue: 'front' }], wait: '60s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
}

it("counts a wait in a queue: target in the queue's groups, in the report as live", async () => {
  const { clock, items, router, recordsById, live, read } = salesRouterWithProvider(
    frontQueue(),
    frontDirectory,
  )
  answerAbandonAnswer({ clock, router })

  const byId = recordsById()
  expect(byId.get('x2')).toMatchObject({ outcome: 'abandoned', queue: 'queue:front' })
  // both groups serve front: each saw all three callers, as the queue did
  const each = { serviceLevel: 1 / 3, abandonRate: 1 / 3, asa: 10 }
  expect(live('sales')).toEqual(each)
  expect(live('overflow')).toEqual(each)
  const queueLive = {
    serviceLevel: read('front', `ServiceLevel(${SL_SECONDS}s)`, 'queue'),
    abandonRate: read('front', 'AbandonRate', 'queue'),
    asa: read('front', 'AverageSpeedOfAnswer', 'queue'),
  }
  expect(queueLive).toEqual(each)

  await eachReport(items, ['queue', 'group'], (report, at, by) => {
    const counts = { offered: 3, answered: 2, abandoned: 1 }
    if (by === 'queue') expect(reportFigures(report, 'queue:front'), at).toEqual({ ...counts, ...queueLive })
    else {
      expect(reportFigures(report, 'group:sales'), at).toEqual({ ...counts, ...live('sales') })
      expect(reportFigures(report, 'group:overflow'), at).toEqual({ ...counts, ...live('overflow') })
    }
  })
})
