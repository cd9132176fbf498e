// A restart's window read back with its old whole slots from the store's interval totals: the same figures as a read
// of every record, and record by record when the totals would not count the same (another T, another router).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { InteractionRecord } from '@routewright/history'
import * as history from '@routewright/history'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecordWindow } from '../src/monitor/record-window.ts'
import { seedWindow, slotsBefore } from '../src/monitor/window-seed.ts'

const START = Date.UTC(2026, 11, 7, 9, 7, 13)
const MIN = 60_000
const DAY = 24 * 60 * MIN
const SHORT = 15 * MIN
const SEP = history.REPORT_KEY_SEPARATOR
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-seed-slots-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The i-th of a day's interactions: waits, outcomes, reasons, joined and left queues all turn up. */
function record(router: string, i: number, arrivedAt: number): InteractionRecord {
  const waitMs = (i * 7919) % 70_000
  const queue = ['group:support', 'group:sales', `group:support${SEP}group:sales`, undefined][i % 4]
  const outcome = i % 3 === 0 ? 'abandoned' : 'routed'
  const reason = ['caller-hangup', 'queue-timeout', 'host', undefined][(i % 5) % 4]
  return {
    id: `i${i}`,
    router,
    strategy: 'pool',
    strategyVersion: 'abc',
    media: 'voice',
    arrivedAt,
    finishedAt: arrivedAt + waitMs + 1000,
    outcome,
    waitMs,
    ...(outcome === 'routed'
      ? { answeredAt: arrivedAt + waitMs, agent: 'ann', target: 'group:support' }
      : {}),
    ...(outcome === 'abandoned' && reason ? { abandonReason: reason } : {}),
    ...(queue ? { queue, group: queue } : {}),
    ...(i % 6 === 1 ? { overflowQueue: 'group:front', overflowGroup: 'group:front' } : {}),
    priority: 0,
    path: [],
    segments: [],
    reservations: [],
    data: {},
  } as unknown as InteractionRecord
}

/** A day and an hour of this router's records (every 20 s), and `others`' too, written as serve writes them. */
async function storeWithDay(name: string, others = false, extra: InteractionRecord[] = []): Promise<string> {
  const spec = `sqlite:${path.join(folder, name)}`
  const store = await history.openStore(spec)
  const items = []
  for (let i = 0, at = START - DAY - 60 * MIN; at < START - MIN; i++, at += 20_000) {
    items.push({ kind: 'interaction' as const, record: record('serve', i, at) })
    if (others && i % 10 === 0)
      items.push({ kind: 'interaction' as const, record: record('other', i, at + 1) })
  }
  for (const one of extra) items.push({ kind: 'interaction' as const, record: one })
  await store.write(items)
  await store.close()
  return spec
}

/** The window's figures after a seed at START, read as the monitor reads them (by queue and group, 24 h and 15 min). */
async function seeded(
  store: string,
  slots: boolean,
  thresholds = { t: 20, s: 5 },
  kit: Parameters<typeof seedWindow>[0]['kit'] = history,
  summed = true,
  ruleWindowsMs: number[] = [],
) {
  const window = new RecordWindow(
    history,
    () => DAY,
    () => ({ windowMs: SHORT, serviceLevelSeconds: thresholds.t, shortAbandonSeconds: thresholds.s }),
  )
  window.expectWindows([DAY, SHORT, ...ruleWindowsMs], START)
  const fed = window.fedThresholds()
  const lines: Array<[string, string, Record<string, unknown>]> = []
  const result = await seedWindow({
    kit,
    store,
    router: 'serve',
    from: START - DAY,
    finishedBefore: START,
    add: (r) => window.addLive(r),
    ...(slots
      ? {
          totals: {
            before: slotsBefore(START, [DAY, SHORT]),
            thresholds: fed,
            add: (by, at, key, sums) => window.addTotals(by, at, key, fed, sums),
            ...(summed ? window.summedBuckets(DAY) : {}),
          },
        }
      : {}),
    budgetMs: 60_000,
    log: ((level: string, msg: string, fields: Record<string, unknown>) =>
      void lines.push([level, msg, fields])) as never,
  })
  const figures = Object.fromEntries(
    fed.flatMap(([t, s]) =>
      (['queue', 'group'] as const).flatMap((by) =>
        [DAY, SHORT].map((ms) => [
          `${by} ${ms} ${t} ${s}`,
          Object.fromEntries([...window.sums(by, START, ms, t, s)].sort(([a], [b]) => (a < b ? -1 : 1))),
        ]),
      ),
    ),
  )
  return { figures, result, lines }
}

describe('seedWindow from the interval totals', () => {
  it('reads the old whole slots as totals: the same figures as every record read, from far fewer rows', async () => {
    const store = await storeWithDay('day.db')
    const byRecords = await seeded(store, false)
    const bySlots = await seeded(store, true)
    expect(byRecords.result).toMatchObject({ whole: true, records: 4317 })
    expect(bySlots.result.whole).toBe(true)
    // ~90 slots of 4 queue and 4 group keys; records only at the edges (the last ~40 min and under a slot at the old end)
    expect(bySlots.result.slots).toBeGreaterThan(500)
    expect(bySlots.result.records).toBeLessThan(250)
    expect(bySlots.figures['group 86400000 20 5']?.['group:support']?.offered).toBeGreaterThan(1000)
    expect(bySlots.figures).toEqual(byRecords.figures)
    // the edges summed by the store per bucket, not read record by record: the same figures
    const read = bySlots.lines.find(([, msg]) => msg === 'monitor window read back from the history store')
    expect(read?.[2].summed).toBeGreaterThan(0)
    const edgesByRecords = await seeded(store, true, undefined, history, false)
    expect(edgesByRecords.lines.some(([, , fields]) => 'summed' in fields)).toBe(false)
    expect(edgesByRecords.result).toEqual(bySlots.result)
    expect(edgesByRecords.figures).toEqual(bySlots.figures)
  })

  it("sums the edges in spans of time, not of a 100 ms or 1 s rule window's 1 ms buckets", async () => {
    const store = await storeWithDay('fine.db')
    for (const rule of [100, 1000]) {
      let calls = 0
      const counted = {
        ...history,
        readSeedGroups: (...args: Parameters<typeof history.readSeedGroups>) => {
          calls++
          return history.readSeedGroups(...args)
        },
      }
      const byRecords = await seeded(store, false, undefined, history, true, [rule])
      const bySums = await seeded(store, true, undefined, counted, true, [rule])
      expect(bySums.result.whole).toBe(true)
      // ~20 min of edges at a minute a read, not 3,645 (1 s) or 14,576 (100 ms) reads of 64 buckets
      expect(calls).toBeGreaterThan(0)
      expect(calls).toBeLessThan(60)
      expect(bySums.figures).toEqual(byRecords.figures)
    }
  })

  it('reads record by record when the totals count no service level of the T (and says so)', async () => {
    const store = await storeWithDay('t25.db')
    const byRecords = await seeded(store, false, { t: 25, s: 5 })
    const bySlots = await seeded(store, true, { t: 25, s: 5 })
    expect(bySlots.result).toEqual({
      countsFrom: START - DAY,
      records: byRecords.result.records,
      whole: true,
    })
    expect(bySlots.lines[0]?.[1]).toBe(
      'the monitor window is read back record by record, not from the interval totals',
    )
    expect(bySlots.lines[0]?.[2].why).toContain('T 25 s and S 5 s')
    expect(bySlots.figures).toEqual(byRecords.figures)
  })

  it("reads record by record when the store holds another router's records (the totals hold them too)", async () => {
    const store = await storeWithDay('shared.db', true)
    const byRecords = await seeded(store, false)
    const bySlots = await seeded(store, true)
    expect(bySlots.result.slots).toBeUndefined()
    expect(bySlots.lines[0]?.[2].why).toBe('the store holds records of other routers than serve')
    expect(bySlots.figures).toEqual(byRecords.figures)
  })

  it('counts once a record that arrived in an old slot and finished after the start (it is counted live)', async () => {
    const late = { ...record('serve', 0, START - 3 * 60 * MIN), id: 'late', finishedAt: START + 1000 }
    const store = await storeWithDay('late.db', false, [late])
    const byRecords = await seeded(store, false)
    const bySlots = await seeded(store, true)
    // the slots end before the late record's: the ~3 h after it are read record by record
    expect(bySlots.result.slots).toBeGreaterThan(400)
    expect(bySlots.figures).toEqual(byRecords.figures)
  })

  it("does not take a router `serve/b`'s store for `serve`'s (its keys start `serve/` too)", async () => {
    const spec = `sqlite:${path.join(folder, 'nested.db')}`
    const store = await history.openStore(spec)
    await store.write([{ kind: 'interaction', record: record('serve/b', 0, START - 60 * MIN) }])
    expect(await history.storeOfOneRouter(store, 'serve')).toBe(false)
    expect(await history.storeOfOneRouter(store, 'serve/b')).toBe(true)
    await store.close()
  })

  it('reads the slots through the server-kit entry serve --store loads, and warns when a kit lacks them', async () => {
    const store = await storeWithDay('kit.db')
    const serverKit = await import('@routewright/history/server-kit')
    const byKit = await seeded(store, true, undefined, serverKit)
    expect(byKit.result.slots).toBeGreaterThan(500)
    expect(byKit.lines.filter(([level]) => level === 'warn')).toEqual([])
    const { readSeedSlots: _, ...without } = serverKit
    const byRecords = await seeded(store, true, undefined, without)
    expect(byRecords.result.slots).toBeUndefined()
    expect(byRecords.lines[0]?.[0]).toBe('warn')
    expect(byRecords.lines[0]?.[1]).toContain('no slot functions')
    expect(byRecords.figures).toEqual(byKit.figures)
  })
})
