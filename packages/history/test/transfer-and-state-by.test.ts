// Where a transfer went and who set an agent's state reach the store through the writer thread, on SQLite and
// PostgreSQL: the host's complete `to` on the handling, and host, router (a host's reject) or timeout (RONA) on the
// agent state rows; the agent's wrap-up code (the complete's `disposition`) on the handling.
import path from 'node:path'
import { createHistoryRecorder, openStore } from '@routewright/history'
import { testFolder } from '@routewright/node-support/testing'
import { createRouter, createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it, onTestFinished } from 'vitest'
import { STORE_KINDS } from './fixtures.ts'
import { SALES_START, salesDirectory, salesGroupsOf, salesStrategy } from './routers.ts'

const ALL = { from: 0, to: Date.UTC(2100, 0, 1) }

/** Routes three calls through a real router into a writer thread writing `store`; the agents' moves are listed. */
async function recordDay(store: string) {
  const strategy = salesStrategy()
  const clock = createSimulatedClock(SALES_START)
  const recorder = await createHistoryRecorder({
    store,
    spoolFile: path.join(testFolder('routewright-transfer-by-'), 'day.jsonl'),
    router: 'r1',
    strategies: [strategy],
    directory: salesDirectory,
    groupsOf: salesGroupsOf,
  })
  const router = createRouter({
    strategies: [strategy],
    directory: salesDirectory,
    clock,
    limits: { reservationTimeoutMs: 10_000 },
    onEvent: (event) => recorder.onEvent(event, (id) => router.trace(id)),
  })
  const host = {
    agent(agent: string, state: 'ready' | 'not-ready', reason?: string) {
      const event = { agent, state, ...(reason === undefined ? {} : { reason }) }
      recorder.agentEvent(event, clock.now(), 'host')
      router.agentEvent(event)
    },
    submit(id: string) {
      recorder.submitted({ id, strategy: 'sales' }, clock.now())
      router.submit({ id, strategy: 'sales' })
    },
  }
  host.agent('a1', 'ready')
  clock.advance(1000)
  // c1 rings a1, who lets it ring out: the router makes her not ready (by timeout)
  host.submit('c1')
  clock.advance(11_000)
  host.agent('a2', 'ready')
  clock.advance(1000)
  // a2 rejects c1's offer: the router makes her not ready (by router, on the host's reject)
  router.rejectReservation('c1')
  clock.advance(1000)
  host.agent('a1', 'not-ready', 'lunch')
  host.agent('a2', 'ready')
  // a2 takes c1 and transfers it to billing; then c2, transferred without saying where; then c3, completed
  router.confirmReservation('c1')
  clock.advance(30_000)
  recorder.transferred('c1', clock.now(), 'queue:billing')
  router.complete('c1')
  host.submit('c2')
  router.confirmReservation('c2')
  clock.advance(30_000)
  // with the wrap-up code the agent picked (serve's complete `disposition`)
  recorder.transferred('c2', clock.now(), undefined, 'callback-needed')
  router.complete('c2')
  host.submit('c3')
  router.confirmReservation('c3')
  clock.advance(30_000)
  recorder.completed('c3', clock.now(), 'resolved')
  router.complete('c3')
  await recorder.close()
  expect(recorder.counters()).toMatchObject({ pending: 0, dropped: 0, failures: 0, refused: 0 })
}

describe.each(STORE_KINDS)('on %s', (_name, make) => {
  it('keeps where each transfer went and who set each agent state', async () => {
    const kind = await make()
    onTestFinished(() => kind.cleanup())
    const url = await kind.address()
    await recordDay(url)
    const store = await openStore(url, undefined, { readOnly: true })
    const handlings = await store.handling(ALL)
    const states = await store.agentStates(ALL)
    await store.close()
    expect(handlings.map((h) => [h.interaction, h.agent, h.endedBy, h.transferredTo, h.disposition])).toEqual(
      [
        ['c1', 'a2', 'transferred', 'queue:billing', undefined],
        ['c2', 'a2', 'transferred', undefined, 'callback-needed'],
        ['c3', 'a2', 'completed', undefined, 'resolved'],
      ],
    )
    expect(states.map((s) => [s.agent, s.state, s.reason, s.by])).toEqual([
      ['a1', 'ready', undefined, 'host'],
      ['a1', 'not-ready', 'no-answer', 'timeout'],
      ['a2', 'ready', undefined, 'host'],
      ['a2', 'not-ready', 'declined', 'router'],
      ['a1', 'not-ready', 'lunch', 'host'],
      ['a2', 'ready', undefined, 'host'],
    ])
  })
})
