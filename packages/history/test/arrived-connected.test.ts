// An interaction that arrived already connected to its agent (submit's connectedTo: a call dialled to the agent's
// extension): its record is the agent's handled call with no wait, no queue segment and no offer counted, as
// Genesys Stat Server and Cisco ICM report a direct call (the agent's, never routed).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createHistoryRecorder, openStore, recordHostCalls } from '@routewright/history'
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { createRouter, createSimulatedClock, type Router } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { recordedSalesRouter } from './recorded-router.ts'
import { SALES_START, salesDirectory, salesStrategy } from './routers.ts'

const START = SALES_START

let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'routewright-arrived-connected-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The sales strategy reading an `Account` input: a direct call's record keeps it, as its attach node would. */
const withAccount = { ...salesStrategy(), inputs: { Account: { type: 'string' } } } as StrategyDocument

/** The direct call `d1` to a2 with an account (and a key no input declares), answered and completed 30 s later. */
function directWithData(router: Router, clock: ReturnType<typeof createSimulatedClock>): void {
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(5000)
  router.submit({
    id: 'd1',
    strategy: 'sales',
    data: { Account: 'A-17', crm: 'not an input' },
    connectedTo: { agent: 'a2' },
  })
  clock.advance(30_000)
  router.complete('d1')
}

function directCall(at?: number) {
  const { clock, items, router } = recordedSalesRouter()
  // a1 is free and ready: a strategy run would have offered the call to it
  router.agentEvent({ agent: 'a1', state: 'ready' })
  clock.advance(5000)
  router.submit({
    id: 'd1',
    strategy: 'sales',
    connectedTo: { agent: 'a2', note: 'dialled a2', ...(at === undefined ? {} : { at }) },
  })
  clock.advance(30_000)
  router.complete('d1')
  return items
}

/** d1's record, dialled to a2 at START + 5 s: the agent's handled call, no wait, no segment, no offer. */
const DIRECT_RECORD = {
  id: 'd1',
  outcome: 'routed',
  agent: 'a2',
  target: 'agent:a2',
  arrivedAt: START + 5000,
  answeredAt: START + 5000,
  waitMs: 0,
  segments: [],
  reservations: [],
  selection: { rule: 'direct', winner: 'a2' },
}

it("records the agent's handled call: no wait, no segment, no offer", () => {
  const items = directCall()
  const interaction = items.find((i) => i.kind === 'interaction')?.record
  expect(interaction).toMatchObject(DIRECT_RECORD)
  expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({
    agent: 'a2',
    startedAt: START + 5000,
    endedAt: START + 35_000,
    endedBy: 'completed',
  })
})

it('answered before the router heard of it: arrived and answered then', () => {
  const items = directCall(START + 2000)
  expect(items.find((i) => i.kind === 'interaction')?.record).toMatchObject({
    arrivedAt: START + 2000,
    answeredAt: START + 2000,
    waitMs: 0,
  })
  expect(items.find((i) => i.kind === 'handling')?.record).toMatchObject({ startedAt: START + 2000 })
})

it('from the events and from the run records (RouterOptions.record, in the writer thread): the same record, its declared input kept', async () => {
  // the event path: the records builder hears the router's events
  const { clock, items, router } = recordedSalesRouter({ strategy: withAccount })
  directWithData(router, clock)
  const fromEvents = items.find((i) => i.kind === 'interaction')?.record
  // the run records' path: the router writes run records, a writer thread builds and stores the record
  const db = `sqlite:${path.join(folder, 'direct.db')}`
  const recordClock = createSimulatedClock(START)
  const recorder = await createHistoryRecorder({
    store: db,
    spoolFile: path.join(folder, 'direct.jsonl'),
    router: 'r1',
    strategies: [withAccount],
    thread: 'worker',
  })
  expect(recorder.record).toBeDefined()
  const recorded = createRouter({
    strategies: [withAccount],
    directory: salesDirectory,
    clock: recordClock,
    ...(recorder.record ? { record: recorder.record } : {}),
  })
  directWithData(recordHostCalls(recorded, recorder, recordClock), recordClock)
  await recorder.close()
  const store = await openStore(db)
  const [fromRunRecords] = await store.interactions({ from: 0, to: Date.UTC(2100, 0, 1) })
  await store.close()
  const kept = { ...DIRECT_RECORD, path: [], data: { Account: 'A-17' } }
  expect(fromEvents).toMatchObject(kept)
  expect(fromRunRecords).toMatchObject(kept)
  const fields = Object.keys(kept) as Array<keyof typeof kept>
  const pick = (r: object | undefined) =>
    Object.fromEntries(fields.map((f) => [f, (r as Record<string, unknown>)?.[f]]))
  expect(pick(fromRunRecords)).toEqual(pick(fromEvents))
  expect(fromRunRecords?.data).toEqual({ Account: 'A-17' })
})
