import { POOL_AGENTS, POOL_DAY } from '@routewright/node-support/testing'
import {
  erlangA,
  erlangC,
  SIMULATION_LIMITS,
  type SimulationOptions,
  simulate,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

function run(overrides: Partial<SimulationOptions>) {
  const options: SimulationOptions = { ...POOL_DAY, durationHours: 41, subject: 'group:pool', ...overrides }
  const result = simulate(options)
  // compare with the formulas at the load the run really offered: it removes most of the sampling noise
  const hours = options.durationHours - (options.warmupHours ?? 1)
  return { result, arrivalRate: result.offered / hours / 3600, aht: result.averageHandleTime }
}

// a simulated day costs about a second of CPU on this machine: these runs are the slow tests of the package
describe('simulate against queueing theory', { timeout: 120_000 }, () => {
  it('agrees with Erlang C for 10 agents at 8 Erlangs (AHT 180 s, no abandonment)', () => {
    const { result, arrivalRate, aht } = run({})
    const theory = erlangC({ arrivalRate, aht, agents: POOL_AGENTS })
    expect(result.problems).toEqual([])
    expect(result.offered).toBeGreaterThan(6000)
    expect(result.other + result.abandoned).toBe(0)
    expect(theory.offeredLoad).toBeCloseTo(8, 0)
    expect(Math.abs(result.probabilityOfWaiting - theory.probabilityOfWaiting)).toBeLessThan(0.06)
    expect(Math.abs(result.serviceLevel - theory.serviceLevel(20))).toBeLessThan(0.06)
    expect(result.asa / theory.asa).toBeGreaterThan(0.65)
    expect(result.asa / theory.asa).toBeLessThan(1.35)
    expect(Math.abs(result.occupancy - theory.occupancy)).toBeLessThan(0.02)
    // the memory provider, fed by the router, saw the same run (its window is the last 24 h)
    expect(Math.abs((result.provider?.Occupancy ?? 0) - result.occupancy)).toBeLessThan(0.03)
    expect(Math.abs((result.provider?.['ServiceLevel(20s)'] ?? 0) - result.serviceLevel)).toBeLessThan(0.08)
    expect(result.provider?.AbandonRate).toBe(0)
  })

  it('agrees with Erlang A when callers hang up after 2 minutes on average', () => {
    const { result, arrivalRate, aht } = run({
      arrivalsPerHour: 200,
      durationHours: 21,
      patienceSeconds: 120,
      seed: 3,
    })
    const theory = erlangA({ arrivalRate, aht, agents: POOL_AGENTS, patience: 120 })
    expect(result.problems).toEqual([])
    expect(result.abandoned).toBeGreaterThan(0)
    expect(Math.abs(result.abandonRate - theory.probabilityOfAbandon)).toBeLessThan(0.03)
    expect(Math.abs(result.occupancy - theory.occupancy)).toBeLessThan(0.03)
    expect(result.provider?.AbandonRate).toBeGreaterThan(0)
  })

  it('replays exactly with the same seed', () => {
    const a = run({ durationHours: 3 }).result
    const b = run({ durationHours: 3 }).result
    expect(a).toEqual(b)
    expect(run({ durationHours: 3, seed: 8 }).result).not.toEqual(a)
  })

  it('rejects options that cannot run, saying which', () => {
    expect(() => run({ arrivalsPerHour: 0 })).toThrow(/arrivalsPerHour must be a number > 0/)
    expect(() => run({ durationHours: 1 })).toThrow(/warmupHours must be shorter/)
  })

  it('refuses a run over its budgets before allocating anything (a typo of 1e9 hours ran out of memory)', () => {
    expect(SIMULATION_LIMITS).toEqual({ intervals: 100_000, arrivals: 10_000_000, handleSeconds: 86_400 })
    expect(() => run({ durationHours: 1e9 })).toThrow(
      /^1000000000 hours in intervals of 60 minutes is over the 100,000 intervals a simulation keeps/,
    )
    expect(() => run({ durationHours: 25_001, intervalMinutes: 15 })).toThrow(/over the 100,000 intervals/)
    // a handle time of 1e300 s ran and printed a load of 1.67e+298 Erlangs
    expect(() => run({ ahtSeconds: 1e300 })).toThrow(/^ahtSeconds 1e\+300 is over a day \(86,400 s\)/)
    expect(() => run({ arrivalsPerHour: 1e9, durationHours: 2 })).toThrow(
      /^About 2,000,000,000 arrivals \(rate × 2 hours\) is over the 10,000,000 a simulation takes/,
    )
  })
})
