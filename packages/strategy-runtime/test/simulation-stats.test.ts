// simulate() computes statistics only when something reads them: which strategies read them, that routing on a
// statistic still sees live figures, that the figures of a day do not depend on it, and that a missed read shows.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { createSimulatedClock, type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { compileStrategies } from '../src/engine/compile.ts'
import { DEFAULT_LIMITS } from '../src/engine/engine.ts'
import { strategiesReadStatistics as compiledRead, simulationStats } from '../src/simulation/sim-stats.ts'

const directory: DirectoryDocument = {
  directory: 'sim',
  format: 1,
  groups: { pool: {} },
  agents: Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], skills: { vip: i } }]),
  ),
}

const target = (extra: Record<string, unknown> = {}, targets: unknown[] = [{ group: 'pool' }]) =>
  ({
    strategy: 's',
    format: 1,
    start: 't',
    nodes: { t: { type: 'target', targets, ...extra } },
  }) as StrategyDocument

/** Routes to the pool while the pool has handled fewer than `limit` calls since midnight, then rejects. */
const capped = (limit: number) =>
  ({
    strategy: 'capped',
    format: 1,
    start: 'check',
    nodes: {
      check: {
        type: 'switch',
        cases: [
          { when: `stat("group:pool", "InteractionsHandled", "since-midnight") < ${limit}`, next: 't' },
        ],
        default: 'full',
      },
      t: { type: 'target', targets: [{ group: 'pool' }] },
      full: { type: 'end', outcome: 'reject' },
    },
  }) as StrategyDocument

const strategiesReadStatistics = (
  strategies: StrategyDocument[] | Map<string, StrategyDocument>,
  dir: DirectoryDocument,
) => compiledRead(compileStrategies(strategies, dir, DEFAULT_LIMITS.functionTimeoutMs).values())

describe('strategiesReadStatistics', () => {
  it('is false for pick rules and targets that read no statistic', () => {
    for (const pick of [undefined, 'longest-idle', 'random', 'round-robin'] as const)
      expect(strategiesReadStatistics([target(pick ? { pick } : {})], directory)).toBe(false)
    const escalating = target({ escalate: [{ after: '20s', add: [{ skill: 'skills.vip >= 3' }] }] })
    expect(strategiesReadStatistics(new Map([['s', escalating]]), directory)).toBe(false)
  })

  it('is true for a stat() in any strategy, a threshold, or a pick rule by statistic', () => {
    expect(strategiesReadStatistics([target(), capped(5)], directory)).toBe(true)
    expect(strategiesReadStatistics([target({ threshold: 'agent.occupancy < 0.85' })], directory)).toBe(true)
    expect(strategiesReadStatistics([target({ pick: 'least-occupied' })], directory)).toBe(true)
    expect(strategiesReadStatistics([target({ pick: { min: 'InteractionsHandled' } })], directory)).toBe(true)
    expect(strategiesReadStatistics([target({ pick: { max: 'TimeInReadyState' } })], directory)).toBe(true)
    const skill = target({}, [{ skill: 'stat("agent", "Occupancy", "current") < 0.9' }])
    expect(strategiesReadStatistics([skill], directory)).toBe(true)
  })
})

const day = (overrides: Partial<SimulationOptions>) =>
  simulate({
    strategy: 's',
    strategies: [target(), capped(40)],
    directory,
    arrivalsPerHour: 90,
    ahtSeconds: 180,
    patienceSeconds: 90,
    durationHours: 6,
    warmupHours: 0.5,
    seed: 9,
    ...overrides,
  })

describe('simulate and statistics', () => {
  it('gives the same figures whether or not the provider is fed (a subject makes it fed)', () => {
    const plain = day({})
    const { provider, ...fed } = day({ subject: 'group:pool' })
    expect(plain.abandoned).toBeGreaterThan(0)
    expect(provider?.Occupancy).toBeGreaterThan(0.5)
    expect(fed).toEqual(plain)
  })

  it('routes on live statistics when a strategy reads them', () => {
    // after 40 handled calls the switch rejects: only live figures make it do so
    const result = day({ strategy: 'capped' })
    expect(result.problems).toEqual([])
    expect(result.other).toBeGreaterThan(100)
    expect(result.answered).toBeLessThan(45)
  })

  it('reports a statistic read while the provider is not fed', () => {
    const reported: string[] = []
    const stats = simulationStats(createSimulatedClock(0), directory, false, (what) => reported.push(what))
    expect('record' in stats.provider).toBe(false)
    stats.provider.read({
      subject: { kind: 'group', id: 'pool' },
      statistic: 'AgentsReady',
      window: 'current',
    })
    expect(reported).toEqual([
      'statistic AgentsReady of group:pool was read, but simulate() did not compute statistics for these strategies',
    ])
    expect(simulationStats(createSimulatedClock(0), directory, true, () => {}).provider).toHaveProperty(
      'record',
    )
  })
})
