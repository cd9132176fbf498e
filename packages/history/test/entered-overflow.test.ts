// Queues in turn (docs/figures.md "Entered and overflow out"): the report by queue and by group counts each
// interaction's entry into every queue it waited in and its overflow out of the earlier ones, and the queue's AHT
// where it was delivered from, as the memory provider does live.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import {
  answerAbandonAfterLeaving,
  answerOnArrival,
  eachReport,
  firstThenSecond,
  reportFigures,
  SL_SECONDS,
  salesRouterWithProvider,
} from './report-vs-live.ts'

/** Queue first served by sales, queue second by overflow; a1 in sales, o1 in overflow. */
const twoQueues: DirectoryDocument = {
  directory: 'test',
  format: 1,
  groups: { sales: {}, overflow: {} },
  queues: { first: { groups: ['sales'] }, second: { groups: ['overflow'] } },
  agents: {
    a1: { groups: ['sales'], capacity: { voice: 1 } },
    o1: { groups: ['overflow'], capacity: { voice: 1 } },
  },
}

it('counts the entry into the earlier queue and its overflow out, and AHT where delivered, in the report as live', async () => {
  const { clock, items, router, recordsById, read } = salesRouterWithProvider(
    firstThenSecond({ queue: 'first' }, { queue: 'second' }),
    twoQueues,
  )
  // x1 is answered from second (and handled 30 s), x2 hangs up in it, x3 in the apology after second timed out too
  answerAbandonAfterLeaving({ clock, router }, 'o1')
  clock.advance(10_000)
  router.complete('x1')
  // y1 is answered from first as it arrives and handled 10 s
  answerOnArrival({ clock, router }, 'a1', 10_000)

  const byId = recordsById()
  expect(byId.get('x1')).toMatchObject({ queue: 'queue:second', overflowQueue: 'queue:first' })
  expect(byId.get('x3')).toMatchObject({ queue: 'queue:second', overflowGroup: 'group:sales' })
  expect(byId.get('y1')?.overflowQueue).toBeUndefined()

  const live = (kind: 'queue' | 'group', id: string) => ({
    entered: read(id, 'Entered', kind),
    overflowOut: read(id, 'OverflowOut', kind),
  })
  const liveAht = (queue: string) => read(queue, 'AverageHandleTime', 'queue')
  // first: all four entered it, x1 to x3 went on to second; it delivered y1 only (10 s), second x1 (30 s)
  expect(live('queue', 'first')).toEqual({ entered: 4, overflowOut: 3 })
  expect(live('queue', 'second')).toEqual({ entered: 3, overflowOut: 0 })
  expect(live('group', 'sales')).toEqual({ entered: 4, overflowOut: 3 })
  expect(live('group', 'overflow')).toEqual({ entered: 3, overflowOut: 0 })
  expect({ first: liveAht('first'), second: liveAht('second') }).toEqual({ first: 10, second: 30 })

  await eachReport(items, ['queue', 'group'], (report, at, by) => {
    const row = (key: string) => {
      const found = report.totals.find((r) => r.key === key)
      return found && { offered: found.offered, entered: found.entered, overflowOut: found.overflowOut }
    }
    const [first, second] = by === 'queue' ? ['first', 'second'] : ['sales', 'overflow']
    expect(row(`${by}:${first}`), at).toEqual({ offered: 1, ...live(by, first) })
    expect(row(`${by}:${second}`), at).toEqual({ offered: 3, ...live(by, second) })
    if (by === 'queue') {
      const aht = (key: string) => report.totals.find((r) => r.key === `queue:${key}`)?.aht
      expect({ first: aht('first'), second: aht('second') }, at).toEqual({
        first: liveAht('first'),
        second: liveAht('second'),
      })
    }
  })
})

it('counts AHT and the answer where delivered when the later queue routes at once, in the report as live', async () => {
  const { clock, items, router, read } = salesRouterWithProvider(
    firstThenSecond({ queue: 'first' }, { queue: 'second' }),
    twoQueues,
  )
  // o1 (overflow only) is ready: z1 waits 20 s in first, then second reserves o1 at once; handled 30 s
  router.agentEvent({ agent: 'o1', state: 'ready' })
  router.submit({ id: 'z1', strategy: 'sales' })
  clock.advance(20_500)
  router.confirmReservation('z1')
  clock.advance(30_000)
  router.complete('z1')
  // y1 is answered from first as it arrives and handled 10 s
  answerOnArrival({ clock, router }, 'a1', 10_000)

  const live = (queue: string) => ({
    entered: read(queue, 'Entered', 'queue'),
    overflowOut: read(queue, 'OverflowOut', 'queue'),
    aht: read(queue, 'AverageHandleTime', 'queue'),
    asa: read(queue, 'AverageSpeedOfAnswer', 'queue'),
    serviceLevel: read(queue, `ServiceLevel(${SL_SECONDS}s)`, 'queue'),
  })
  // first delivered y1 only: z1's handling and answer are second's (before, the provider counted them in both)
  expect(live('first')).toEqual({ entered: 2, overflowOut: 1, aht: 10, asa: 0, serviceLevel: 1 })
  expect(live('second')).toEqual({ entered: 1, overflowOut: 0, aht: 30, asa: 20.5, serviceLevel: 0 })

  await eachReport(items, ['queue'], (report, at) => {
    for (const queue of ['first', 'second']) {
      const key = `queue:${queue}`
      const row = report.totals.find((r) => r.key === key)
      const { asa, serviceLevel } = reportFigures(report, key) ?? {}
      expect(
        { entered: row?.entered, overflowOut: row?.overflowOut, aht: row?.aht, asa, serviceLevel },
        `${queue}, ${at}`,
      ).toEqual(live(queue))
    }
  })
})
