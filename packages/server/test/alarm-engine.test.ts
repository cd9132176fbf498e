// The alarm engine on its own: provider staleness from statistics readings, abandon rate and ASA with minOffered,
// and rules that change on a reload, with figures from @routewright/history.

import type { InteractionRecord } from '@routewright/history'
import * as history from '@routewright/history'
import type { TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { createAlarmEngine } from '../src/alarms/alarm-engine.ts'
import type { AlarmRule } from '../src/alarms/alarm-schema.ts'
import type { AlarmView } from '../src/core/types.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'

const MIN = 60_000

function setup(rules: Record<string, Partial<AlarmRule>>) {
  const window = new RecordWindow(history, () => 15 * MIN)
  const log: string[] = []
  const engine = createAlarmEngine(history, {
    raised: (a: AlarmView) => log.push(`raised ${a.id} ${a.value}`),
    cleared: (a: AlarmView) => log.push(`cleared ${a.id} ${a.value}`),
  })
  engine.setRules(
    Object.fromEntries(
      Object.entries(rules).map(([id, r]) => [id, { severity: 'warning', ...r } as AlarmRule]),
    ),
    0,
  )
  const evaluate = (now: number) =>
    engine.evaluate({
      now,
      window,
      waiting: new Map(),
      monitorWindowMs: 15 * MIN,
      serviceLevelSeconds: 20,
      shortAbandonSeconds: 5,
    })
  return { window, log, engine, evaluate }
}

function stat(at: number, asOf: number, stale: boolean): TraceEntry {
  return {
    at,
    strategy: 's',
    node: 'n',
    kind: 'stat',
    name: 'x',
    provider: 'redis',
    asOf,
    ...(stale ? { stale } : {}),
  }
}

function record(arrivedAt: number, outcome: string, waitMs: number): InteractionRecord {
  return {
    id: `r${arrivedAt}`,
    router: 'serve',
    strategy: 's',
    strategyVersion: 'v',
    media: 'voice',
    arrivedAt,
    finishedAt: arrivedAt + waitMs,
    outcome,
    waitMs,
    queue: 'group:support',
    priority: 0,
    path: [],
    segments: [],
    reservations: [],
    data: {},
  }
}

describe('alarm engine', () => {
  it('measures how long a provider has been stale and clears on a fresh reading', () => {
    const { window, log, engine, evaluate } = setup({
      feed: { figure: 'provider-stale', provider: '*', above: 30 },
    })
    window.trace([stat(10_000, 5_000, false)])
    evaluate(20_000)
    window.trace([stat(30_000, 5_000, true)])
    evaluate(35_000) // stale since 5 s: 30 s, not above 30
    evaluate(36_000)
    expect(log).toEqual(['raised feed/redis 31'])
    expect(engine.active()[0]!.message).toBe('Statistics staleness of redis is 31 s, above 30 s')
    window.trace([stat(40_000, 39_000, false)])
    evaluate(41_000)
    expect(log).toEqual(['raised feed/redis 31', 'cleared feed/redis 0'])
  })

  it('waits for minOffered before a ratio counts, then raises the abandon rate and ASA', () => {
    const { window, log, engine, evaluate } = setup({
      abandons: { figure: 'abandon-rate', queue: 'group:support', above: 0.2, minOffered: 4 },
      slow: { figure: 'asa', queue: '*', above: 30, window: 5 * MIN },
    })
    for (const [at, outcome, wait] of [
      [0, 'abandoned', 50_000],
      [1000, 'routed', 40_000],
      [2000, 'routed', 60_000],
    ] as const)
      window.add({ kind: 'interaction', record: record(at, outcome, wait) })
    evaluate(3 * MIN)
    expect(log).toEqual(['raised slow/group:support 50'])
    window.add({ kind: 'interaction', record: record(3000, 'routed', 5000) })
    evaluate(4 * MIN)
    expect(log).toEqual(['raised slow/group:support 50', 'raised abandons/group:support 0.25'])
    // each figure in its unit, as the Monitor shows it (one formatter): a ratio in %, a time in s
    expect(engine.active().map((a) => a.message)).toEqual([
      'ASA of group:support is 50 s over 5m, above 30 s',
      'Abandon rate of group:support is 25% over 15m, above 20%',
    ])
    // six minutes on, the 5-minute ASA window is empty: nothing to measure counts as recovered, and the clear
    // carries the last figure seen (it said null)
    evaluate(6 * MIN)
    expect(log.at(-1)).toBe('cleared slow/group:support 35')
  })

  it('clears with the last figure seen when the figure or its queue goes missing, never null', () => {
    const { window, log, engine } = setup({
      long: { figure: 'oldest-waiting', queue: '*', above: 120 },
      abandons: { figure: 'abandon-rate', queue: 'group:support', above: 0.2, window: 5 * MIN },
    })
    const evaluate = (now: number, waiting: Map<string, { count: number; since: number }>) =>
      engine.evaluate({
        now,
        window,
        waiting,
        monitorWindowMs: 15 * MIN,
        serviceLevelSeconds: 20,
        shortAbandonSeconds: 5,
      })
    window.add({ kind: 'interaction', record: record(0, 'abandoned', 50_000) })
    evaluate(130_000, new Map([['group:sales', { count: 1, since: 0 }]]))
    expect(log).toEqual(['raised long/group:sales 130', 'raised abandons/group:support 1'])
    // sales' caller was answered and its record is not in yet: the queue is out of the figures for a moment
    evaluate(131_000, new Map())
    // six minutes on, the abandon out of the 5-minute window: nothing to measure
    evaluate(6 * MIN, new Map())
    expect(log.slice(2)).toEqual(['cleared long/group:sales 130', 'cleared abandons/group:support 1'])
    expect(engine.recent().map((a) => a.value)).toEqual([1, 130])
    // long has no for, so no clearAfter: gone clears at the next evaluation, and says why
    expect(engine.recent().map((a) => a.clearReason)).toEqual(['recovered', 'subject-gone'])
  })

  it('raises one alarm for a "*" rule with per: rule, on the worst queue\'s figure, where per subject raises one each', () => {
    const { window, log, engine } = setup({
      each: { figure: 'oldest-waiting', queue: '*', above: 120 },
      once: { figure: 'oldest-waiting', queue: '*', above: 120, per: 'rule' },
    })
    const evaluate = (now: number, waiting: Map<string, { count: number; since: number }>) =>
      engine.evaluate({
        now,
        window,
        waiting,
        monitorWindowMs: 15 * MIN,
        serviceLevelSeconds: 20,
        shortAbandonSeconds: 5,
      })
    // one call offered to three groups waits in each of their queues; another waits in a fourth, for less long
    const stuck = { count: 1, since: 0 }
    evaluate(
      130_000,
      new Map([
        ['group:sales_ny', stuck],
        ['group:sales_paris', stuck],
        ['group:vip', stuck],
        ['group:support', { count: 1, since: 20_000 }],
      ]),
    )
    expect(log.filter((line) => line.startsWith('raised each/'))).toHaveLength(3)
    expect(log.filter((line) => line.startsWith('raised once/'))).toEqual(['raised once/* 130'])
    expect(engine.active().find((a) => a.rule === 'once')).toMatchObject({
      subject: '*',
      message: expect.stringContaining('group:sales_ny (the worst of "*") is'),
    })
    evaluate(135_000, new Map([['group:support', { count: 1, since: 20_000 }]]))
    expect(log.filter((line) => line.startsWith('cleared once/'))).toEqual(['cleared once/* 115'])
  })

  it('keeps one alarm while its subject flaps, and clears it clearAfter after the subject left for good', () => {
    const { window, log, engine } = setup({
      busy: { figure: 'waiting', queue: '*', above: 2, for: 10_000, clearAfter: 30_000 },
    })
    const evaluate = (now: number, waiting: number) =>
      engine.evaluate({
        now,
        window,
        waiting: new Map(waiting ? [['group:sales', { count: waiting, since: 0 }]] : []),
        monitorWindowMs: 15 * MIN,
        serviceLevelSeconds: 20,
        shortAbandonSeconds: 5,
      })
    evaluate(0, 5)
    evaluate(10_000, 5)
    expect(log).toEqual(['raised busy/group:sales 5'])
    // sales is no longer reported (its group emptied, its strategy removed): no data, still raised
    evaluate(15_000, 0)
    expect(engine.active()).toMatchObject([{ id: 'busy/group:sales', value: null }])
    // back within clearAfter and still over: the same alarm, not a second one
    evaluate(25_000, 5)
    evaluate(35_000, 5)
    expect(log).toEqual(['raised busy/group:sales 5'])
    expect(engine.active()).toMatchObject([{ value: 5, raisedAt: 10_000 }])
    // gone at 40 s for good: still raised at 69 s, cleared at 70 s with the last figure measured
    evaluate(40_000, 0)
    evaluate(69_000, 0)
    expect(log).toHaveLength(1)
    evaluate(70_000, 0)
    expect(log).toEqual(['raised busy/group:sales 5', 'cleared busy/group:sales 5'])
    expect(engine.recent()).toMatchObject([{ clearedAt: 70_000, clearReason: 'subject-gone' }])
    expect(engine.active()).toEqual([])
  })

  it('raises the overflow rate once minEntered entered the queue, and clears it when it recovers', () => {
    const { window, log, engine, evaluate } = setup({
      overflow: { figure: 'overflow-rate', queue: '*', above: 0.5, clear: 0.4, minEntered: 4 },
    })
    // queues in turn: three left group:first for group:second (overflow out of first), one ended in first
    const left = (at: number) => ({
      ...record(at, 'routed', 30_000),
      queue: 'group:second',
      overflowQueue: 'group:first',
    })
    for (const at of [0, 1000, 2000]) window.add({ kind: 'interaction', record: left(at) })
    evaluate(3000)
    // 3 out of 3 is under minEntered: nothing to measure, nobody paged
    expect(log).toEqual([])
    window.add({ kind: 'interaction', record: { ...record(3000, 'abandoned', 5000), queue: 'group:first' } })
    evaluate(4000)
    // group:first: 3 of 4 entered left it; group:second kept all it took
    expect(log).toEqual(['raised overflow/group:first 0.75'])
    expect(engine.active()[0]!.message).toBe('Overflow rate of group:first is 75% over 15m, above 50%')
    // 3 of 7: under 0.5 but not yet past clear (0.4); 3 of 8 is
    for (const at of [5000, 6000, 7000])
      window.add({ kind: 'interaction', record: { ...record(at, 'routed', 1000), queue: 'group:first' } })
    evaluate(8000)
    expect(log).toHaveLength(1)
    window.add({ kind: 'interaction', record: { ...record(8000, 'routed', 1000), queue: 'group:first' } })
    evaluate(9000)
    expect(log).toEqual(['raised overflow/group:first 0.75', 'cleared overflow/group:first 0.375'])
    expect(engine.recent()[0]!.clearReason).toBe('recovered')
  })

  it('clears the alarms of a rule a reload changes, and keeps those of an unchanged rule', () => {
    const { window, log, engine, evaluate } = setup({
      a: { figure: 'abandon-rate', queue: 'group:support', above: 0.1 },
      b: { figure: 'asa', queue: 'group:support', above: 1 },
    })
    window.add({ kind: 'interaction', record: record(0, 'abandoned', 9000) })
    window.add({ kind: 'interaction', record: record(0, 'routed', 9000) })
    evaluate(1000)
    expect(engine.active().map((a) => a.id)).toEqual(['a/group:support', 'b/group:support'])
    engine.setRules(
      {
        a: { figure: 'abandon-rate', queue: 'group:support', above: 0.6, severity: 'warning' },
        b: { figure: 'asa', queue: 'group:support', above: 1, severity: 'warning' },
      },
      2000,
    )
    expect(engine.active().map((a) => a.id)).toEqual(['b/group:support'])
    expect(engine.recent().map((a) => [a.id, a.clearedAt, a.clearReason])).toEqual([
      ['a/group:support', 2000, 'rule-changed'],
    ])
    expect(log.filter((l) => l.startsWith('raised'))).toHaveLength(2)
  })

  it('works out the figures of each queue once per window and evaluation however many rules read them, none for windowless figures', () => {
    const window = new RecordWindow(history, () => 15 * MIN)
    let figuresOf = 0
    let sums = 0
    const kit = {
      ...history,
      figuresOf: (...args: Parameters<typeof history.figuresOf>) => {
        figuresOf++
        return history.figuresOf(...args)
      },
    }
    const readSums = window.sums.bind(window)
    window.sums = (...args) => {
      sums++
      return readSums(...args)
    }
    const engine = createAlarmEngine(kit, { raised: () => {}, cleared: () => {} })
    const rules: Record<string, AlarmRule> = {}
    for (let r = 0; r < 30; r++) {
      const figure = (['service-level', 'asa', 'abandon-rate'] as const)[r % 3]
      rules[`w${r}`] = { figure, queue: '*', above: 1e9, window: 5 * MIN, severity: 'warning' } as AlarmRule
      rules[`n${r}`] = { figure: 'waiting', queue: 'group:q0', above: 1e9, severity: 'warning' } as AlarmRule
    }
    engine.setRules(rules, 0)
    for (let i = 0; i < 30; i++)
      window.add({
        kind: 'interaction',
        record: { ...record(i * 1000, 'routed', 5000), queue: `group:q${i % 3}` },
      })
    const inputs = {
      window,
      waiting: new Map(),
      monitorWindowMs: 15 * MIN,
      serviceLevelSeconds: 20,
      shortAbandonSeconds: 5,
    }
    engine.evaluate({ ...inputs, now: MIN })
    // the 5-minute window's sums once and three queues' figures once each; the waiting rules read no window
    expect({ figuresOf, sums }).toEqual({ figuresOf: 3, sums: 1 })
    engine.evaluate({ ...inputs, now: 2 * MIN })
    expect({ figuresOf, sums }).toEqual({ figuresOf: 6, sums: 2 })
  })

  it('holds a window rule, neither raising nor clearing, until a reload that changed T has seen its window', () => {
    let settings = { windowMs: 15 * MIN, serviceLevelSeconds: 20, shortAbandonSeconds: 5 }
    const window = new RecordWindow(
      history,
      () => 15 * MIN,
      () => settings,
    )
    const log: string[] = []
    const engine = createAlarmEngine(history, {
      raised: (a: AlarmView) => log.push(`raised ${a.id} ${a.value}`),
      cleared: (a: AlarmView) => log.push(`cleared ${a.id} ${a.value}`),
    })
    const rule = { figure: 'service-level', below: 0.8, window: 15 * MIN, severity: 'warning' }
    engine.setRules(
      {
        late: { ...rule, queue: 'group:late' } as AlarmRule,
        quick: { ...rule, queue: 'group:quick' } as AlarmRule,
      },
      0,
    )
    window.expectWindows([15 * MIN], 0)
    const evaluate = (now: number) =>
      engine.evaluate({
        now,
        window,
        waiting: new Map(),
        monitorWindowMs: 15 * MIN,
        serviceLevelSeconds: settings.serviceLevelSeconds,
        shortAbandonSeconds: 5,
      })
    // answered after `late` s in group:late and `quick` s in group:quick, one each every 10 s from `from` to `to`
    const traffic = (from: number, to: number, late: number, quick: number) => {
      for (let at = from; at < to; at += 10_000) {
        for (const [queue, seconds] of [
          ['group:late', late],
          ['group:quick', quick],
        ] as const)
          window.add({ kind: 'interaction', record: { ...record(at, 'routed', seconds * 1000), queue } })
      }
    }
    // under T = 20 s: group:late 0 %, raised; group:quick 100 %
    traffic(0, 10 * MIN, 30, 5)
    evaluate(10 * MIN)
    expect(log).toEqual(['raised late/group:late 0'])
    // the reload: T = 10 s, whose sums start empty; from now group:late answers in 5 s, group:quick in 15 s
    settings = { ...settings, serviceLevelSeconds: 10 }
    window.expectWindows([15 * MIN], 10 * MIN)
    for (let minute = 11; minute < 25; minute++) {
      traffic((minute - 1) * MIN, minute * MIN, 5, 15)
      evaluate(minute * MIN)
    }
    // the partial window (100 % late, 0 % quick) neither cleared nor raised anything
    expect(log).toEqual(['raised late/group:late 0'])
    // a window's length after the reload: the window is whole, and what it says goes
    traffic(24 * MIN, 26 * MIN, 5, 15)
    evaluate(26 * MIN)
    expect(log).toEqual([
      'raised late/group:late 0',
      'cleared late/group:late 1',
      'raised quick/group:quick 0',
    ])
  })
})
