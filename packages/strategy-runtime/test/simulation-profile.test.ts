import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const agents = Object.fromEntries(
  Array.from({ length: 5 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], capacity: { voice: 1 } }]),
)
const directory: DirectoryDocument = { directory: 'sim', format: 1, groups: { pool: {} }, agents }
const strategy = {
  strategy: 'pool',
  format: 1,
  inputs: { vip: { type: 'bool', default: false } },
  start: 'check',
  nodes: {
    check: { type: 'switch', cases: [{ when: 'data.vip', next: 'pick' }], default: 'pick' },
    pick: { type: 'target', targets: [{ group: 'pool' }] },
  },
} as unknown as StrategyDocument

function run(overrides: Partial<SimulationOptions>) {
  return simulate({
    strategy: 'pool',
    strategies: [strategy],
    directory,
    ahtSeconds: 120,
    durationHours: 24,
    warmupHours: 0,
    seed: 11,
    data: { vip: false },
    ...overrides,
  })
}

// a morning peak and a closed night: 24 hourly rates
const profile = {
  intervalMinutes: 60,
  arrivalsPerHour: Array.from({ length: 24 }, (_, hour) =>
    hour < 8 ? 0 : hour < 12 ? 120 : hour < 18 ? 60 : 0,
  ),
}

describe('simulate: interval profile, per-interval figures, progress, node traffic', {
  timeout: 60_000,
}, () => {
  it('follows the profile: no arrivals when the rate is 0, about the rate where it is not', () => {
    const result = run({ arrivalProfile: profile })
    expect(result.intervals).toHaveLength(24)
    for (const [hour, interval] of result.intervals.entries()) {
      expect(interval.start).toBe(hour * 3_600_000)
      const rate = profile.arrivalsPerHour[hour] ?? 0
      if (rate === 0) expect(interval.offered).toBe(0)
      // Poisson: 5 standard deviations around the rate
      else expect(Math.abs(interval.offered - rate)).toBeLessThan(5 * Math.sqrt(rate))
    }
    const offered = result.intervals.reduce((sum, i) => sum + i.offered, 0)
    expect(offered).toBe(result.offered)
    expect(result.intervals.reduce((sum, i) => sum + i.answered, 0)).toBe(result.answered)
  })

  it('reports the busy morning as busier than the afternoon', () => {
    const { intervals } = run({ arrivalProfile: profile })
    const mean = (from: number, to: number, pick: (i: (typeof intervals)[number]) => number) =>
      intervals.slice(from, to).reduce((sum, i) => sum + pick(i), 0) / (to - from)
    // 120/h x 120 s = 4 Erlangs on 5 agents, then 2 Erlangs
    expect(mean(8, 12, (i) => i.occupancy)).toBeGreaterThan(0.65)
    expect(mean(13, 18, (i) => i.occupancy)).toBeLessThan(0.55)
    expect(mean(8, 12, (i) => i.averageWaiting)).toBeGreaterThan(mean(13, 18, (i) => i.averageWaiting))
    expect(mean(0, 7, (i) => i.occupancy)).toBe(0)
    expect(intervals[3]?.serviceLevel).toBe(1)
  })

  it('uses intervals of the width asked for', () => {
    const { intervals } = run({ arrivalsPerHour: 60, durationHours: 2, intervalMinutes: 15 })
    expect(intervals.map((i) => i.start / 60_000)).toEqual([0, 15, 30, 45, 60, 75, 90, 105])
  })

  it('reports progress in order, ending at 1', () => {
    const seen: number[] = []
    run({ arrivalsPerHour: 30, durationHours: 2, onProgress: (f) => seen.push(f) })
    expect(seen.length).toBeGreaterThanOrEqual(100)
    expect(seen.at(-1)).toBe(1)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
  })

  it('counts entries per node when asked', () => {
    const result = run({ arrivalsPerHour: 30, durationHours: 3, countNodes: true })
    expect(result.nodeEntries?.['pool/check']).toBe(result.offered)
    expect(result.nodeEntries?.['pool/pick']).toBe(result.offered)
    expect(run({ arrivalsPerHour: 30, durationHours: 3 }).nodeEntries).toBeUndefined()
  })

  it('refuses a profile that does not cover a day, saying what it needs', () => {
    expect(() => run({ arrivalProfile: { intervalMinutes: 60, arrivalsPerHour: [1, 2] } })).toThrow(
      /needs 24 rates/,
    )
    expect(() => run({ arrivalProfile: { intervalMinutes: 7, arrivalsPerHour: [1] } })).toThrow(
      /divide a day/,
    )
    expect(() => run({ arrivalProfile: { intervalMinutes: 720, arrivalsPerHour: [0, 0] } })).toThrow(
      /no interval with arrivals/,
    )
    expect(() => run({})).toThrow(/arrivalsPerHour must be a number > 0/)
  })
})

describe('simulate: observers', () => {
  it('passes every router event and the trace to onEvent', () => {
    const finished: string[] = []
    let entered = 0
    const result = run({
      arrivalsPerHour: 30,
      durationHours: 2,
      onEvent: (event, trace) => {
        if (event.type !== 'finished') return
        finished.push(event.interaction)
        entered += (trace(event.interaction) ?? []).filter((e) => e.kind === 'enter').length
      },
    })
    expect(finished.length).toBe(result.offered)
    expect(new Set(finished).size).toBe(finished.length)
    expect(entered).toBe(2 * result.offered)
  })
})
