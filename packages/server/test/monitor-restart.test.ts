// A serve restart and its monitor windows: with a store, the window is read back from it at start, so the figures
// after a restart are the ones before it; without one (or when the read stops short), the figures say since when
// they count (`windowFrom`) and window rules up to an hour hold until their window passed, longer ones evaluate.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedWindow } from '../src/monitor/window-seed.ts'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

const START = Date.UTC(2026, 11, 7, 9, 0, 0)
const MIN = 60_000
const started = stoppedAfterEachTest()
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-monitor-restart-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** A 1h monitor window, a 15m and a 24h service-level rule on the support group. */
const ALARMS = `alarms: center
format: 1
monitor: { window: 1h, serviceLevelThreshold: 20s }
evaluateEvery: 5s
rules:
  sl-short: { figure: service-level, queue: group:support, below: 0.8, window: 15m }
  sl-day: { figure: service-level, queue: group:support, below: 0.8, window: 24h }
`

/** Moves the clock and lets the evaluation it triggered finish. */
async function advance(clock: SimulatedClock, ms: number) {
  clock.advance(ms)
  await new Promise((resolve) => setTimeout(resolve, 20))
}

const support = async (t: TestServer) =>
  (await t.ok('GET', '/v1/monitor')).queues as Array<Record<string, unknown> & { id: string }>

const rules = async (t: TestServer) =>
  ((await t.ok('GET', '/v1/alarms')).active as Array<{ rule: string }>).map((a) => a.rule).sort()

describe('monitor windows across a serve restart', () => {
  it('reads the window back from the store: the figures after a restart are those before it, then count on', async () => {
    const store = `sqlite:${path.join(folder, 'restart.db')}`
    const clock = createSimulatedClock(START)
    const first = await started.serve({ clock, history: { store } }, { 'alarms.yaml': ALARMS })
    // two answered after 5 s and 30 s, one abandoned after 40 s, spread over the hour
    for (const [id, waitMs, answered] of [
      ['r1', 5_000, true],
      ['r2', 30_000, true],
      ['r3', 40_000, false],
    ] as const) {
      await first.ok('POST', '/v1/interactions', { id, strategy: 'support' })
      await advance(clock, waitMs)
      if (answered) {
        await first.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
        await first.ok('POST', `/v1/interactions/${id}/confirm`)
        await first.ok('POST', `/v1/interactions/${id}/complete`)
        await first.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready' })
      } else await first.ok('POST', `/v1/interactions/${id}/abandon`)
      await advance(clock, 10 * MIN)
    }
    await eventually(async () =>
      ((await first.ok('GET', '/healthz')).history as { written: number }).written >= 9 ? true : undefined,
    )
    const before = await first.ok('GET', '/v1/monitor')
    const row = (before.queues as Array<{ id: string }>).find((q) => q.id === 'group:support')
    expect(row).toMatchObject({ offered: 3, answered: 2, abandoned: 1 })
    await first.stop()

    await advance(clock, 1000)
    const second = await started.serve({ clock, history: { store } }, { 'alarms.yaml': ALARMS })
    const after = await second.ok('GET', '/v1/monitor')
    const figures = (queues: Array<Record<string, unknown> & { id: string }>) =>
      queues.map(({ waiting, oldestWaitingSeconds, ...rest }) => rest)
    expect(figures(after.queues as never)).toEqual(figures(before.queues as never))
    // read back whole: not partial
    expect(after.windowFrom).toBeUndefined()
    expect(
      second.logs.find((l) => l.msg === 'monitor window read back from the history store'),
    ).toMatchObject({
      records: 3,
    })
    // the 15m rule evaluates at once on a whole window: 1 of 1 within the last 15 min abandoned
    await advance(clock, 5000)
    expect(await rules(second)).toEqual(['sl-day', 'sl-short'])
    // and counts on
    await second.ok('POST', '/v1/interactions', { id: 'r4', strategy: 'support' })
    await second.ok('POST', '/v1/interactions/r4/abandon')
    await eventually(async () => {
      const q = (await support(second)).find((q) => q.id === 'group:support')
      return q?.offered === 4 ? q : undefined
    })
  })

  it('without a store counts since the start: says so, holds rules of windows up to an hour, evaluates longer ones', async () => {
    const clock = createSimulatedClock(START)
    const t = await started.serve({ clock }, { 'alarms.yaml': ALARMS })
    expect(await t.ok('GET', '/v1/monitor')).toMatchObject({ windowFrom: START, windowFromCause: 'started' })
    await advance(clock, 14 * MIN)
    await t.ok('POST', '/v1/interactions', { id: 'a1', strategy: 'support' })
    await t.ok('POST', '/v1/interactions/a1/abandon')
    await advance(clock, 5000)
    // the day's window evaluates on what it has (windowFrom says so); the 15 min one waits for its window
    expect(await rules(t)).toEqual(['sl-day'])
    await advance(clock, MIN)
    expect(await rules(t)).toEqual(['sl-day', 'sl-short'])
    // the monitor's own 1h window is still partial
    expect((await t.ok('GET', '/v1/monitor')).windowFrom).toBe(START)
    await advance(clock, 46 * MIN)
    const whole = await t.ok('GET', '/v1/monitor')
    expect([whole.windowFrom, whole.windowFromCause]).toEqual([undefined, undefined])
  })
})

describe('seedWindow', () => {
  const records = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      arrivedAt: from - i * 1000,
      outcome: 'routed',
      waitMs: 1000,
      queue: 'group:support',
      group: undefined,
    }))
  const log = (into: Array<[string, string, unknown]>) => (level: string, msg: string, fields?: unknown) =>
    void into.push([level, msg, fields])

  it('stops at its budget with the figures whole from the oldest arrival it read, and says so', async () => {
    let now = 0
    const added: number[] = []
    const lines: Array<[string, string, unknown]> = []
    const result = await seedWindow({
      kit: {
        openStore: (async () => ({ close: async () => {} })) as never,
        // each page costs 400 ms of the 1000 ms budget; the store has more pages than that
        readSeedPage: async (_store, query) => {
          now += 400
          const page = records(query.before === undefined ? START : query.before - 1000, 2)
          return { records: page, next: page[1]!.arrivedAt }
        },
      },
      store: 'sqlite:x.db',
      router: 'serve',
      from: START - 24 * 60 * MIN,
      finishedBefore: START + 1,
      add: (record) => added.push(record.arrivedAt),
      budgetMs: 1000,
      log: log(lines) as never,
      elapsed: () => now,
    })
    expect(added).toEqual([START, START - 1000, START - 2000, START - 3000, START - 4000, START - 5000])
    expect(result).toEqual({ countsFrom: START - 5000, records: 6, whole: false })
    expect(lines.map(([level, msg]) => [level, msg])).toEqual([
      [
        'warn',
        'the monitor window could not be read back from the history store: its figures count since then',
      ],
    ])
  })

  it('counts since the start when the store cannot be read, and a read that never answers does not hold the start', async () => {
    const lines: Array<[string, string, unknown]> = []
    const failed = await seedWindow({
      kit: {
        openStore: async () => {
          throw new Error('no such table')
        },
        readSeedPage: async () => ({ records: [] }),
      },
      store: 'sqlite:x.db',
      router: 'serve',
      from: 0,
      finishedBefore: START,
      add: () => {},
      log: log(lines) as never,
    })
    expect(failed).toEqual({ countsFrom: START, records: 0, whole: false })
    expect(lines[0]![2]).toMatchObject({ error: 'no such table' })
    const silent = await seedWindow({
      kit: {
        openStore: (async () => ({ close: async () => {} })) as never,
        readSeedPage: () => new Promise(() => {}),
      },
      store: 'sqlite:x.db',
      router: 'serve',
      from: 0,
      finishedBefore: START,
      add: () => {},
      budgetMs: 50,
      log: log(lines) as never,
    })
    expect(silent).toEqual({ countsFrom: START, records: 0, whole: false })
    expect(lines[1]![2]).toMatchObject({ error: 'not read within 50 ms' })
  })
})
