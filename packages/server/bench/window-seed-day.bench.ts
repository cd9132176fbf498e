// A restart's read-back of a 24h window at 200 interactions a second (window-seed.ts): the old whole slots from the
// interval totals, the edges record by record. The store holds the edges at 200 a second (the records the read
// touches) and the rest of the day at 1 a second: the slots read are as many whatever the rate (slots x keys), so the
// time is a full day's, without writing 17 M records on a shared machine. The record-by-record read of the same store
// gives the rows a second of the old way for comparison.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { HistoryItem, InteractionRecord } from '@routewright/history'
import * as history from '@routewright/history'
import type { BenchFigure } from '../../../bench/result.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'
import { seedWindow, slotsBefore } from '../src/monitor/window-seed.ts'

const MIN = 60_000
const DAY = 24 * 60 * MIN
const START = Date.UTC(2026, 11, 7, 9, 7, 13)
const WINDOWS = [DAY, 15 * MIN]
const QUEUES = 20

function record(i: number, arrivedAt: number): InteractionRecord {
  const queue = `group:q${i % QUEUES}`
  const waitMs = (i * 7919) % 60_000
  const routed = i % 5 !== 0
  return {
    id: `i${i}`,
    router: 'serve',
    strategy: 'pool',
    strategyVersion: 'abc',
    media: 'voice',
    arrivedAt,
    finishedAt: arrivedAt + waitMs + 1000,
    outcome: routed ? 'routed' : 'abandoned',
    waitMs,
    ...(routed ? { answeredAt: arrivedAt + waitMs, agent: 'ann', target: queue } : {}),
    queue,
    group: queue,
    priority: 0,
    path: [],
    segments: [],
    reservations: [],
    data: {},
  } as unknown as InteractionRecord
}

/** Every 5 ms (200 a second) near the window's edges, every second between. */
async function writeDay(spec: string): Promise<number> {
  const store = await history.openStore(spec)
  let batch: HistoryItem[] = []
  let n = 0
  const edge = (at: number) => at < START - DAY + 20 * MIN || at >= START - 50 * MIN
  for (let at = START - DAY - MIN; at < START - 2 * MIN; at += edge(at) ? 5 : 1000) {
    batch.push({ kind: 'interaction', record: record(n++, at) })
    if (batch.length === 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  await store.close()
  return n
}

/** `summed`: the edges summed by the store (readSeedGroups), else read record by record. */
async function seed(spec: string, slots: boolean, sum = true, summed = true) {
  const window = new RecordWindow(history, () => DAY)
  window.expectWindows(WINDOWS, START)
  const fed = window.fedThresholds()
  const started = performance.now()
  const result = await seedWindow({
    kit: history,
    store: spec,
    router: 'serve',
    from: START - DAY,
    finishedBefore: START,
    add: sum ? (r) => window.addLive(r) : () => {},
    ...(slots
      ? {
          totals: {
            before: slotsBefore(START, WINDOWS),
            thresholds: fed,
            add: (by, at, key, sums) => window.addTotals(by, at, key, fed, sums),
            ...(summed ? window.summedBuckets(DAY) : {}),
          },
        }
      : {}),
    budgetMs: 10 * 60_000,
    log: () => {},
  })
  return { ...result, ms: performance.now() - started }
}

export async function runWindowSeedDayBench(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'rw-seed-day-'))
  try {
    const spec = `sqlite:${path.join(folder, 'day.db')}`
    const written = await writeDay(spec)
    const bySlots = await seed(spec, true)
    const edgesByRecords = await seed(spec, true, true, false)
    const byRecords = await seed(spec, false)
    const readOnly = await seed(spec, false, false)
    console.log(JSON.stringify({ written, bySlots, edgesByRecords, byRecords, readOnly }))
    return [
      {
        name: 'window read-back, 24h at 200/s, slots and summed edges',
        value: bySlots.ms / 1000,
        unit: 's',
        target: 5,
      },
      {
        name: 'window read-back, record by record',
        value: byRecords.records / (byRecords.ms / 1000),
        unit: 'rows/s',
        target: 44_500,
      },
    ]
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
