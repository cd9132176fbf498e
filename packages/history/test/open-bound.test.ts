// More interactions open than the history follows (`maxOpen`): the oldest is given up, counted once in the
// recorder's `givenUp`, and its record, when it finishes, is marked `truncated` (in the writer thread its path is
// given up under the same bound), never silently short.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  createHistoryRecorder,
  type HandlingRecord,
  type HistoryStore,
  openStore,
  recordHostCalls,
} from '@routewright/history'
import { createRouter, createSimulatedClock, type Router } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START, salesDirectory, salesStrategy } from './routers.ts'

const strategy = salesStrategy()
const ALL = { from: 0, to: Date.UTC(2100, 0, 1) }

let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'routewright-open-bound-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** A router on `strategies` recording through a writer-thread recorder into a new SQLite store, at most `maxOpen` open. */
async function workerRecorded(name: string, strategies: (typeof strategy)[], maxOpen: number) {
  const db = `sqlite:${path.join(folder, `${name}.db`)}`
  const clock = createSimulatedClock(SALES_START)
  const recorder = await createHistoryRecorder({
    store: db,
    spoolFile: path.join(folder, `${name}.jsonl`),
    strategies,
    maxOpen,
    thread: 'worker',
  })
  const router = createRouter({
    strategies,
    directory: salesDirectory,
    clock,
    ...(recorder.record ? { record: recorder.record } : {}),
  })
  return { db, clock, recorder, router }
}

/** What `read` finds in the store `db` (its recorder closed). */
async function readStore<T>(db: string, read: (store: HistoryStore) => Promise<T>): Promise<T> {
  const store = await openStore(db)
  try {
    return await read(store)
  } finally {
    await store.close()
  }
}

/** c1, c2, c3 wait for sales a second apart; a1 answers c1 (the oldest) after 30 s; c2 and c3 time out at 60 s. */
function threeWaiting(router: Router, clock: ReturnType<typeof createSimulatedClock>): void {
  for (const id of ['c1', 'c2', 'c3']) {
    router.submit({ id, strategy: 'sales' })
    clock.advance(1000)
  }
  clock.advance(27_000)
  router.agentEvent({ agent: 'a1', state: 'ready' })
  router.confirmReservation('c1')
  clock.advance(60_000)
}

it('in the routing thread: the given-up interaction is counted and its record marked, the others not', () => {
  // a records builder holding at most 2 open interactions
  const { clock, builder, router, records: built } = recordedSalesRouter({ builder: { maxOpen: 2 } })
  threeWaiting(router, clock)
  const records = built()
  // c3 gives c1 up; c1's answer is followed again, which gives up c2, the oldest then: each counted once, marked
  expect(records.map((r) => [r.id, r.outcome, r.truncated])).toEqual([
    ['c1', 'routed', true],
    ['c2', 'default-route', true],
    ['c3', 'default-route', undefined],
  ])
  // their waits were given up with them: the records know only what came after (c1's starts at its answer)
  expect(records.map((r) => r.segments.map((segment) => segment.entered - SALES_START))).toEqual([
    [30_000],
    [],
    [2000],
  ])
  expect(builder.counters()).toMatchObject({ givenUp: 2, open: 0 })
})

it('in the writer thread, from run records: the path is given up under the same bound, counted once, marked in the store', async () => {
  const { db, clock, recorder, router: inner } = await workerRecorded('given-up', [strategy], 2)
  // the host calls the router raises no event for, as serve feeds them
  const router: Router = {
    ...inner,
    submit(input) {
      recorder.submitted(input, clock.now())
      inner.submit(input)
    },
  }
  threeWaiting(router, clock)
  await recorder.flush()
  // the records builder and the run records' paths both gave c1 up, counted once; c1's answer gave c2 up
  expect(recorder.counters()).toMatchObject({ givenUp: 2, open: 0, written: 3, pending: 0 })
  await recorder.close()
  const records = await readStore(db, (store) => store.interactions(ALL))
  const byId = new Map(records.map((r) => [r.id, r]))
  // c1 entered tag and pick before it was given up: its record has neither, and says so
  expect(byId.get('c1')).toMatchObject({ outcome: 'routed', agent: 'a1', path: [], truncated: true })
  // c2's path was still kept (the run records' paths had room), its wait was not
  const [c2, c3] = [byId.get('c2'), byId.get('c3')]
  expect([c2?.path.map((step) => step.node), c2?.segments, c2?.truncated]).toEqual([
    ['tag', 'pick', 'bye'],
    [],
    true,
  ])
  expect(c3?.path.map((step) => step.node)).toEqual(['tag', 'pick', 'bye'])
  expect(c3?.segments).toHaveLength(1)
  expect(c3 && 'truncated' in c3).toBe(false)
})

it('in the writer thread, a path given up alone (no other event followed the interaction) is counted and marked', async () => {
  // a greeting before the end: run records enter nodes, but nothing the records builder follows happens before
  // the finish, so only the run records' paths are over the bound
  const greeting = {
    strategy: 'greeting',
    format: 1,
    start: 'greet',
    nodes: {
      greet: { type: 'treatment', play: 'prompts/welcome', next: { done: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as typeof strategy
  const { db, clock, recorder, router } = await workerRecorded('paths', [greeting], 2)
  for (const id of ['g1', 'g2', 'g3']) {
    router.submit({ id, strategy: 'greeting' })
    clock.advance(1000)
  }
  // the newest first: g1, whose path was given up when g3 entered, is the last in progress again
  for (const id of ['g3', 'g2', 'g1']) router.treatmentDone(id, {})
  await recorder.flush()
  expect(recorder.counters()).toMatchObject({ givenUp: 1, open: 0, written: 3 })
  await recorder.close()
  // by id: g1's arrival is lost with its path (its record starts where the history picked it up again)
  const records = (await readStore(db, (store) => store.interactions(ALL))).sort((a, b) =>
    a.id.localeCompare(b.id),
  )
  expect(records.map((r) => [r.id, r.path.map((step) => step.node), r.truncated])).toEqual([
    ['g1', ['bye'], true],
    ['g2', ['greet', 'bye'], undefined],
    ['g3', ['greet', 'bye'], undefined],
  ])
})

/** c1 and c2 are answered by a1 and a2 a minute apart; the host completes both a minute later. */
function twoAnswered(router: Router, clock: ReturnType<typeof createSimulatedClock>): void {
  router.agentEvent({ agent: 'a1', state: 'ready' })
  router.agentEvent({ agent: 'a2', state: 'ready' })
  router.submit({ id: 'c1', strategy: 'sales' })
  router.confirmReservation('c1')
  clock.advance(60_000)
  router.submit({ id: 'c2', strategy: 'sales' })
  router.confirmReservation('c2')
  clock.advance(60_000)
  router.complete('c1')
  router.complete('c2')
}

it('a handling given up (more answered and not completed than maxOpen) is counted, written then and marked', () => {
  const { clock, items, builder, router } = recordedSalesRouter({ builder: { maxOpen: 1 } })
  twoAnswered(router, clock)
  const handlings = items.flatMap((i) => (i.kind === 'handling' ? [i.record as HandlingRecord] : []))
  // c2's answer gave c1's handling up: it ends there, marked; the host's later complete for it is not seen
  expect(handlings.map((h) => [h.interaction, h.agent, h.endedAt - h.startedAt, h.truncated])).toEqual([
    ['c1', 'a1', 60_000, true],
    ['c2', 'a2', 60_000, undefined],
  ])
  expect(builder.counters()).toMatchObject({ handlingGivenUp: 1, givenUp: 0, answered: 0 })
})

it('in the writer thread: the handling given up is counted and its row in the store says truncated', async () => {
  const { db, clock, recorder, router: inner } = await workerRecorded('handling-given-up', [strategy], 1)
  twoAnswered(recordHostCalls(inner, recorder, clock), clock)
  await recorder.flush()
  expect(recorder.counters()).toMatchObject({ handlingGivenUp: 1, answered: 0, pending: 0 })
  await recorder.close()
  const handlings = await readStore(db, (store) => store.handling(ALL))
  expect(handlings.map((h) => [h.interaction, h.truncated])).toEqual([
    ['c1', true],
    ['c2', undefined],
  ])
})
