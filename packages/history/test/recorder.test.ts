// The recorder builds and writes records in a writer thread: the same records as the in-thread builder, nothing
// lost, and a PostgreSQL store that is down at start gets every record once it comes up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  createHistoryRecorder,
  createRecordsBuilder,
  type HistoryRecorder,
  type LiveInteraction,
  liveInteraction,
  openStore,
  recorderWorkerScript,
  recordSimulation,
} from '@routewright/history'
import { type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { salesDirectory, salesStrategy, taggedPool } from './routers.ts'

const { directory, strategy } = taggedPool(4, '60s')
// 5 Erlangs on 4 agents: waits, timeouts and abandons all happen
const options: SimulationOptions = {
  strategy: 'pool',
  strategies: [strategy],
  directory,
  arrivalsPerHour: 100,
  ahtSeconds: 180,
  durationHours: 3,
  patienceSeconds: 90,
  seed: 11,
  startAt: Date.UTC(2026, 2, 2),
}
const ALL = { from: 0, to: Date.UTC(2100, 0, 1) }

let folder: string
let server: PostgresServer
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'routewright-recorder-'))
  server = await startPostgresServer()
})
afterAll(async () => {
  await server?.destroy()
  rmSync(folder, { recursive: true, force: true })
})

it('writes, from its writer thread, exactly the records the in-thread builder writes', async () => {
  const threaded = `sqlite:${path.join(folder, 'threaded.db')}`
  const inline = await openStore(`sqlite:${path.join(folder, 'inline.db')}`)
  const a = await recordSimulation(threaded, options, { spoolFile: path.join(folder, 'a.jsonl') })
  const b = await recordSimulation(inline, options, { spoolFile: path.join(folder, 'b.jsonl') })
  expect(a.counters).toMatchObject({ pending: 0, dropped: 0, failures: 0 })
  expect(a.counters.written).toBe(b.counters.written)
  const store = await openStore(threaded)
  const records = await store.interactions(ALL)
  expect(records.length).toBeGreaterThanOrEqual(a.result.offered)
  expect(records.some((r) => r.outcome === 'abandoned') && records.some((r) => r.outcome === 'routed')).toBe(
    true,
  )
  expect(records).toEqual(await inline.interactions(ALL))
  expect(await store.handling(ALL)).toEqual(await inline.handling(ALL))
  // each agent's state rows keep the directory's groups, from the thread too (group occupancy reads them)
  const states = await store.agentStates(ALL)
  expect(states).toEqual(await inline.agentStates(ALL))
  expect(states.length).toBeGreaterThan(0)
  for (const state of states) expect(state.groups).toEqual(directory.agents?.[state.agent]?.groups)
  await store.close()
  await inline.close()
})

it("says a stop after the day's end, while the calls still open at it finish, came when the day was whole", async () => {
  const end = options.startAt! + options.durationHours * 3_600_000
  let latest = 0
  const run = await recordSimulation(
    `sqlite:${path.join(folder, 'past-end.db')}`,
    {
      ...options,
      onComplete: (_interaction, at) => {
        latest = Math.max(latest, at)
      },
    },
    // a step of a few events: the completions after the end come in several
    { spoolFile: path.join(folder, 'past-end.jsonl'), stop: () => latest > end, stepEvents: 5 },
  )
  expect(run.result).toBeUndefined()
  expect(run).toMatchObject({ stoppedAt: end, dayEnded: true })
  let calls = 0
  const early = await recordSimulation(`sqlite:${path.join(folder, 'early.db')}`, options, {
    spoolFile: path.join(folder, 'early.jsonl'),
    stop: () => ++calls > 50,
    stepEvents: 5,
  })
  expect(early.stoppedAt).toBeLessThan(end)
  expect(early.dayEnded).toBe(false)
})

it('writes, from its writer thread, the in-thread builder’s rows of waits, escalations, timeouts, abandons, on both stores', async () => {
  // 3 agents for 3.5 Erlangs: callers wait for sales, the overflow group is added after 20 s, some wait the full
  // 60 s and leave by the node's timeout, others hang up; the writer thread gets the router's run records
  const sales: SimulationOptions = {
    strategy: 'sales',
    strategies: [salesStrategy({ Note: '"a \\"quoted\\" note"' })],
    directory: salesDirectory,
    arrivalsPerHour: 70,
    ahtSeconds: 180,
    durationHours: 4,
    patienceSeconds: 100,
    seed: 7,
    startAt: Date.UTC(2026, 2, 3),
  }
  const inline = await openStore(`sqlite:${path.join(folder, 'sales-inline.db')}`)
  const b = await recordSimulation(inline, sales, { spoolFile: path.join(folder, 'sales-b.jsonl') })
  const records = await inline.interactions(ALL)
  const segments = records.flatMap((r) => r.segments)
  expect(new Set(records.map((r) => r.outcome))).toEqual(new Set(['routed', 'abandoned', 'default-route']))
  expect(segments.some((s) => s.result === 'timeout')).toBe(true)
  expect(segments.some((s) => s.targets.join() === 'group:sales,group:overflow')).toBe(true)
  expect(records.every((r) => r.data.Tier === 'gold' && r.data.Note === 'a "quoted" note')).toBe(true)
  for (const [name, spec] of [
    ['sqlite', `sqlite:${path.join(folder, 'sales-threaded.db')}`],
    ['postgres', `${server.url}`],
  ] as const) {
    const a = await recordSimulation(spec, sales, { spoolFile: path.join(folder, `sales-${name}.jsonl`) })
    expect(a.counters).toMatchObject({ pending: 0, dropped: 0, failures: 0, written: b.counters.written })
    const store = await openStore(spec)
    expect(await store.interactions(ALL)).toEqual(records)
    expect(await store.handling(ALL)).toEqual(await inline.handling(ALL))
    await store.close()
  }
  await inline.close()
})

it('writes the same records when batches are small and travel in buffers the writer thread handed back', async () => {
  // batches of 20 events: dozens of batches, so the buffers the writer thread returns are filled again while
  // simulate routes (it reads them back at each send, with no turn of the event loop)
  const recorder = await createHistoryRecorder({
    store: `sqlite:${path.join(folder, 'small-batches.db')}`,
    spoolFile: path.join(folder, 'small.jsonl'),
    router: 'simulate',
    media: 'voice',
    strategies: options.strategies,
    batchEvents: 20,
  })
  const inline = await openStore(`sqlite:${path.join(folder, 'small-inline.db')}`)
  simulate({
    ...options,
    onEvent: (event, trace) => recorder.onEvent(event, trace),
    onComplete: (interaction, at) => recorder.completed(interaction, at),
  })
  await recorder.close()
  const b = await recordSimulation(inline, options, { spoolFile: path.join(folder, 'small-b.jsonl') })
  expect(recorder.counters()).toMatchObject({
    pending: 0,
    dropped: 0,
    failures: 0,
    // recordSimulation also logs each simulated agent in at the start and out at the end
    written: b.counters.written - 2 * (options.agents ?? Object.keys(options.directory.agents ?? {})).length,
  })
  const store = await openStore(`sqlite:${path.join(folder, 'small-batches.db')}`)
  expect(await store.interactions(ALL)).toEqual(await inline.interactions(ALL))
  expect(await store.handling(ALL)).toEqual(await inline.handling(ALL))
  await store.close()
  await inline.close()
})

it('writes the same rows from summary explanations as from listed ones, over a simulated day', async () => {
  // 40 agents (too many to list whole): the usual longest-idle decisions, which the router then summarises
  const day = taggedPool(40, '60s')
  const options40: SimulationOptions = {
    ...options,
    strategies: [day.strategy],
    directory: day.directory,
    arrivalsPerHour: 820,
    durationHours: 3,
  }
  const stores = ['summary', 'full'].map((name) => `sqlite:${path.join(folder, `explained-${name}.db`)}`)
  // the recorder alone listens: routing summarises (its default); with a listener of the caller's, it lists
  let summarised = 0
  let listed = 0
  const a = await recordSimulation(stores[0] as string, options40, {
    spoolFile: path.join(folder, 's.jsonl'),
  })
  const b = await recordSimulation(
    stores[1] as string,
    {
      ...options40,
      onEvent: (event) => {
        if (event.type === 'routed' && event.explanation.candidates.length > 1) listed++
      },
    },
    { spoolFile: path.join(folder, 'f.jsonl') },
  )
  // the summarising run, seen by a listener that asks for summaries too
  simulate({
    ...options40,
    explanations: 'summary',
    onEvent: (event) => {
      if (event.type === 'routed' && (event.explanation.weighed ?? 0) > 1) summarised++
    },
  })
  expect(summarised).toBeGreaterThan(100)
  expect(listed).toBe(summarised)
  expect(a.result).toEqual(b.result)
  expect(a.counters).toMatchObject({ pending: 0, dropped: 0, failures: 0, written: b.counters.written })
  const [summary, full] = await Promise.all(stores.map((s) => openStore(s)))
  const records = await summary!.interactions(ALL)
  expect(records.length).toBeGreaterThanOrEqual(a.result.offered)
  expect(records.some((r) => r.selection && r.selection.candidates > 1)).toBe(true)
  expect(records).toEqual(await full!.interactions(ALL))
  expect(await summary!.handling(ALL)).toEqual(await full!.handling(ALL))
  await summary!.close()
  await full!.close()
})

// 40 agents for about 41 Erlangs over 12 hours: queues, 60 s timeouts, abandons, thousands of interactions; and
// the sales router's 3 agents (a pool listed whole: callers who time out or hang up keep a selection listing them)
const day = taggedPool(40, '60s')
const runRecordCases: Array<[string, SimulationOptions]> = [
  [
    'a simulated day',
    {
      ...options,
      strategies: [day.strategy],
      directory: day.directory,
      arrivalsPerHour: 830,
      durationHours: 12,
    },
  ],
  [
    'waits with escalations',
    {
      strategy: 'sales',
      strategies: [salesStrategy()],
      directory: salesDirectory,
      arrivalsPerHour: 70,
      ahtSeconds: 180,
      durationHours: 6,
      patienceSeconds: 100,
      seed: 7,
      startAt: Date.UTC(2026, 2, 3),
    },
  ],
]

it.each(runRecordCases)(
  'writes from the router’s run records the rows it writes from traces: %s',
  async (name, dayOptions) => {
    const stores = ['records', 'traces'].map((way) => `sqlite:${path.join(folder, `${name}-${way}.db`)}`)
    const [fromRecords, fromTraces] = await Promise.all(
      stores.map((store, i) =>
        createHistoryRecorder({
          store,
          spoolFile: path.join(folder, `${name}-${i}.jsonl`),
          router: 'day',
          strategies: dayOptions.strategies,
        }),
      ),
    )
    if (!fromRecords?.record || !fromTraces) throw new Error('no writer thread')
    // the router writes its run records and keeps no trace (nobody listens to its events)
    const a = simulate({
      ...dayOptions,
      explanations: fromRecords.explanations,
      record: fromRecords.record,
      onComplete: (interaction, at) => fromRecords.completed(interaction, at),
    })
    // serve's way: every event packed as it comes, a finished interaction's path read from its trace
    const b = simulate({
      ...dayOptions,
      explanations: fromTraces.explanations,
      onEvent: (event, trace) => fromTraces.onEvent(event, trace),
      onComplete: (interaction, at) => fromTraces.completed(interaction, at),
    })
    await Promise.all([fromRecords.close(), fromTraces.close()])
    expect(a).toEqual(b)
    expect(fromRecords.counters()).toMatchObject({
      pending: 0,
      dropped: 0,
      failures: 0,
      written: fromTraces.counters().written,
    })
    const [recorded, traced] = await Promise.all(stores.map((s) => openStore(s)))
    const records = await recorded!.interactions(ALL)
    expect(records.length).toBeGreaterThanOrEqual(a.offered)
    const outcomes = new Set(records.map((r) => r.outcome))
    expect(outcomes.has('routed') && outcomes.has('abandoned') && outcomes.size > 2).toBe(true)
    expect(records.some((r) => r.segments.some((s) => s.result === 'timeout'))).toBe(true)
    expect(records.some((r) => r.outcome === 'routed' && r.selection !== undefined)).toBe(true)
    expect(
      records.some(
        (r) => r.path.length > 1 && r.path.every((step) => step.exit !== undefined || step.node === 'bye'),
      ),
    ).toBe(true)
    expect(records).toEqual(await traced!.interactions(ALL))
    expect(await recorded!.handling(ALL)).toEqual(await traced!.handling(ALL))
    await recorded!.close()
    await traced!.close()
  },
)

it('keeps, from run records, the last listed selection of callers who were not routed', async () => {
  const [, sales] = runRecordCases[1]!
  const recorded = await recordSimulation(`sqlite:${path.join(folder, 'listed.db')}`, sales, {
    spoolFile: path.join(folder, 'listed.jsonl'),
  })
  expect(recorded.counters).toMatchObject({ pending: 0, failures: 0 })
  const store = await openStore(`sqlite:${path.join(folder, 'listed.db')}`)
  const unrouted = (await store.interactions(ALL)).filter((r) => r.outcome !== 'routed')
  await store.close()
  expect(unrouted.length).toBeGreaterThan(5)
  // a pool this small is listed whole: each caller who left waiting keeps the selection that found nobody free
  // (the sales agents, and the overflow one once added)
  expect(
    unrouted.every((r) => r.selection?.winner === undefined && (r.selection?.candidates ?? 0) >= 2),
  ).toBe(true)
})

it('starts with PostgreSQL down, keeps the records on disk, and writes them all once it is up', async () => {
  await server.stop()
  const recorder = await createHistoryRecorder({
    store: server.url,
    spoolFile: path.join(folder, 'down.jsonl'),
    router: 'down',
    strategies: options.strategies,
    flushIntervalMs: 50,
  })
  expect(recorder.thread).toBe('worker')
  const result = simulate({
    ...options,
    onEvent: (event, trace) => recorder.onEvent(event, trace),
    onComplete: (interaction, at) => recorder.completed(interaction, at),
  })
  await recorder.flush()
  const down = recorder.counters()
  expect(down.storeUp).toBe(false)
  expect(down.written).toBe(0)
  expect(down.spooled).toBe(down.pending)
  expect(down.pending).toBeGreaterThan(result.offered)
  expect(down.lastError).toMatch(/ECONNREFUSED|connect/)

  await server.start()
  await recorder.flush()
  expect(recorder.counters()).toMatchObject({ storeUp: true, pending: 0, written: down.pending, dropped: 0 })
  await recorder.close()
  const store = await openStore(server.url)
  // every interaction and every handling that waited on disk is in the store
  const rows = await store.database.all<{ n: number }>(
    "SELECT (SELECT COUNT(*) FROM interactions WHERE router = 'down') + (SELECT COUNT(*) FROM handling WHERE router = 'down') AS n",
  )
  expect(Number(rows[0]?.n)).toBe(down.pending)
  await store.close()
})

it('with a store, writes everything recorded when discarded: only a store-less echo drops what its thread holds', async () => {
  const recorder = await createHistoryRecorder({
    store: `sqlite:${path.join(folder, 'discarded.db')}`,
    spoolFile: path.join(folder, 'discarded.jsonl'),
    router: 'simulate',
    media: 'voice',
    strategies: options.strategies,
  })
  simulate({
    ...options,
    onEvent: (event, trace) => recorder.onEvent(event, trace),
    onComplete: (interaction, at) => recorder.completed(interaction, at),
  })
  await recorder.discard?.()
  const inline = await openStore(`sqlite:${path.join(folder, 'discarded-inline.db')}`)
  await recordSimulation(inline, options, { spoolFile: path.join(folder, 'discarded-b.jsonl') })
  const store = await openStore(`sqlite:${path.join(folder, 'discarded.db')}`)
  expect(await store.interactions(ALL)).toEqual(await inline.interactions(ALL))
  await store.close()
  await inline.close()
})

/** The day simulated into `recorder` and, beside it, a records builder in this thread: the live figures it built. */
function simulateBeside(recorder: Pick<HistoryRecorder, 'onEvent' | 'completed'>) {
  const built: LiveInteraction[] = []
  const builder = createRecordsBuilder({
    strategies: options.strategies,
    emit: (item) => {
      // the monitor's own projection: a simulated hang-up's abandonReason (caller-hangup) is in both
      if (item.kind === 'interaction') built.push(liveInteraction(item.record))
    },
  })
  const result = simulate({
    ...options,
    onEvent: (event, trace) => {
      recorder.onEvent(event, trace)
      builder.onEvent(event, trace)
    },
    onComplete: (interaction, at) => {
      recorder.completed(interaction, at)
      builder.completed(interaction, at)
    },
  })
  return { built, builder, result }
}

it('without a store, echoes from its writer thread the live figures of the records a builder makes, writing none', async () => {
  const echoed: LiveInteraction[] = []
  const recorder = await createHistoryRecorder({
    strategies: options.strategies,
    onInteractions: (records) => echoed.push(...records),
  })
  expect(recorder.thread).toBe('worker')
  const { built, builder, result } = simulateBeside(recorder)
  await recorder.flush()
  expect(built.length).toBeGreaterThanOrEqual(result.offered)
  expect(echoed).toEqual(built)
  expect(recorder.counters()).toMatchObject({
    written: 0,
    pending: 0,
    storeUp: false,
    emitted: builder.counters().emitted,
  })
  await recorder.close()
})

it('without a store and awaitThread false, resolves before its thread is up, and echoes what it was sent first', async () => {
  // the real writer thread behind a gate: it boots only once the gate file exists
  const gate = path.join(folder, 'echo-gate')
  const held = path.join(folder, 'held-worker.mjs')
  const real = pathToFileURL(recorderWorkerScript()!).href
  writeFileSync(
    held,
    `import { existsSync } from 'node:fs'
while (!existsSync(${JSON.stringify(gate)})) await new Promise((resolve) => setTimeout(resolve, 10))
await import(${JSON.stringify(real)})
`,
  )
  const echoed: LiveInteraction[] = []
  try {
    const starting = createHistoryRecorder({
      strategies: options.strategies,
      onInteractions: (records) => echoed.push(...records),
      workerScript: held,
      awaitThread: false,
    })
    // a recorder waiting for its thread's boot would still wait here: the gate opens only after this
    const recorder = await Promise.race([
      starting,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000)),
    ])
    expect(recorder).toBeDefined()
    const { built, result } = simulateBeside(recorder!)
    // everything was sent while the thread was not up: it waited in the thread's queue
    expect(echoed).toEqual([])
    writeFileSync(gate, '')
    await recorder!.flush()
    expect(built.length).toBeGreaterThanOrEqual(result.offered)
    expect(echoed).toEqual(built)
    await recorder!.close()
  } finally {
    // a thread still held (the recorder waited for it) ends once it may boot
    writeFileSync(gate, '')
  }
})

it('refuses a store without a spool file for its records to wait in', async () => {
  await expect(
    createHistoryRecorder({ store: `sqlite:${path.join(folder, 'no-spool.db')}` }),
  ).rejects.toThrow(/needs a spool file/)
})

it('refuses a SQLite file it cannot open, with the reason', async () => {
  const file = path.join(folder, 'a-file')
  writeFileSync(file, '')
  await expect(
    createHistoryRecorder({ store: `sqlite:${file}/h.db`, spoolFile: path.join(folder, 'x.jsonl') }),
  ).rejects.toThrow(/EEXIST|ENOTDIR/)
})

it("counts, from its writer thread too, a wait in a queue in the queue's groups and a handling in its agent's", async () => {
  // queue front is served by pool and spare; every agent is in pool and spare (records-builder, docs/figures.md)
  const { directory: pool, strategy: poolStrategy } = taggedPool(3, '60s')
  const agents = Object.fromEntries(
    Object.entries(pool.agents ?? {}).map(([id, agent]) => [id, { ...agent, groups: ['pool', 'spare'] }]),
  )
  const front: SimulationOptions = {
    ...options,
    strategies: [
      {
        ...poolStrategy,
        nodes: { ...poolStrategy.nodes, pick: { ...poolStrategy.nodes.pick, targets: [{ queue: 'front' }] } },
      } as typeof poolStrategy,
    ],
    directory: { ...pool, groups: { pool: {}, spare: {} }, queues: { front: { groups: ['pool'] } }, agents },
  }
  const threaded = `sqlite:${path.join(folder, 'front.db')}`
  await recordSimulation(threaded, front, { spoolFile: path.join(folder, 'front.jsonl') })
  const store = await openStore(threaded)
  const records = await store.interactions(ALL)
  const handlings = await store.handling(ALL)
  await store.close()
  expect(records.length).toBeGreaterThan(0)
  expect(handlings.length).toBeGreaterThan(0)
  expect(new Set(records.map((r) => r.group))).toEqual(new Set(['group:pool']))
  expect(new Set(handlings.map((h) => h.group))).toEqual(new Set(['group:pool\u001fgroup:spare']))
})
