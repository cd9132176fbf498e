// simulate's callers waiting (each interval's averageWaiting) count from the first queueing, as its waits do: a
// caller still hearing the greeting before any queue is not waiting.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type SimulationOptions, simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const agents = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`p${i + 1}`, { groups: ['pool'], capacity: { voice: 1 } }]),
)
const directory: DirectoryDocument = { directory: 'sim', format: 1, groups: { pool: {} }, agents }
// a two-minute greeting before the queue
const greeted = {
  strategy: 'pool',
  format: 1,
  start: 'greet',
  nodes: {
    greet: { type: 'wait', for: '120s', next: 'pick' },
    pick: { type: 'target', targets: [{ group: 'pool' }] },
  },
} as StrategyDocument

function run(overrides: Partial<SimulationOptions>) {
  return simulate({
    strategy: 'pool',
    strategies: [greeted],
    directory,
    ahtSeconds: 120,
    durationHours: 8,
    warmupHours: 0,
    seed: 7,
    ...overrides,
  })
}

describe('simulate: callers waiting', { timeout: 60_000 }, () => {
  it('counts nobody waiting while callers hear the greeting and every one is answered on reaching the queue', () => {
    // 30 calls an hour on 20 agents: one Erlang, nobody ever waits in the queue; a minute of greeting each
    const result = run({ arrivalsPerHour: 30 })
    expect(result.answered).toBeGreaterThan(200)
    expect(result.asa).toBe(0)
    expect(result.intervals.map((i) => i.averageWaiting)).toEqual(result.intervals.map(() => 0))
  })

  it('counts the callers in the queue as their waits do (arrivals x ASA), not those in the greeting', () => {
    // 120 calls an hour on 5 agents: 4 Erlangs, callers wait; the greeting would add 120/h x 120 s = 4 callers
    const result = run({ arrivalsPerHour: 120, agents: ['p1', 'p2', 'p3', 'p4', 'p5'] })
    expect(result.asa).toBeGreaterThan(10)
    const meanWaiting =
      result.intervals.reduce((sum, i) => sum + i.averageWaiting, 0) / result.intervals.length
    // Little's law over the day: the mean number waiting is the arrival rate times the mean wait
    const expected = ((result.offered / 8) * result.asa) / 3600
    expect(meanWaiting).toBeGreaterThan(expected * 0.85)
    expect(meanWaiting).toBeLessThan(expected * 1.15)
  })
})
