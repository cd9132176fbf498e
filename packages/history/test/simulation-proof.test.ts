// The proof: a simulated day written through simulate's onEvent into a store gives, through the report, the
// simulation's own service level and ASA, and both agree with Erlang C (10 agents, 8 Erlangs).

import { buildReport } from '@routewright/history'
import { POOL_AGENTS, POOL_DAY, POOL_DAY_START } from '@routewright/node-support/testing'
import { erlangC, type SimulationOptions } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { recordedSimulation, STORE_KINDS } from './fixtures.ts'

const START = POOL_DAY_START
const HOUR = 3_600_000
// a day measured after an hour of warm-up: 160 calls an hour of 180 s = 8 Erlangs on 10 agents
const options: SimulationOptions = { ...POOL_DAY }

describe.each(STORE_KINDS)('a simulated day recorded in %s', { timeout: 120_000 }, (_name, make) => {
  it('reports the simulation’s service level and ASA, in agreement with Erlang C', async () => {
    const { store, result } = await recordedSimulation(make, options)
    expect(result.abandoned + result.other).toBe(0)

    const from = START + HOUR
    /** The measured day (after the warm-up hour) in one interval, one row per `by`. */
    const measuredDay = (by: 'strategy' | 'agent' | 'group') =>
      buildReport(store, { clock: LATER, from, to: from + 24 * HOUR, interval: 'day', by })
    const day = await measuredDay('strategy')
    const [total] = day.totals
    expect(day.totals).toHaveLength(1)
    expect(total).toMatchObject({
      key: 'pool',
      offered: result.offered,
      answered: result.answered,
      abandoned: 0,
    })
    expect(total?.serviceLevel).toBeCloseTo(result.serviceLevel, 9)
    expect(total?.asa).toBeCloseTo(result.asa, 6)
    // handlings are recorded too: AHT counts those that end in the day, the simulation those that arrived in it
    expect(Math.abs((total?.aht ?? 0) / result.averageHandleTime - 1)).toBeLessThan(0.02)
    expect(total?.transfers).toBe(0)

    const theory = erlangC({
      arrivalRate: result.offered / 24 / 3600,
      aht: result.averageHandleTime,
      agents: POOL_AGENTS,
    })
    expect(theory.offeredLoad).toBeCloseTo(8, 0)
    expect(Math.abs((total?.serviceLevel ?? 0) - theory.serviceLevel(20))).toBeLessThan(0.06)
    expect((total?.asa ?? 0) / theory.asa).toBeGreaterThan(0.65)
    expect((total?.asa ?? 0) / theory.asa).toBeLessThan(1.35)

    // hour by hour too: the report's intervals are the simulation's (every arrival was answered)
    const hourly = await buildReport(store, {
      clock: LATER,
      from: START,
      to: START + 25 * HOUR,
      interval: '1h',
      by: 'queue',
    })
    expect(hourly.rows.map((r) => r.offered)).toEqual(result.intervals.map((i) => i.offered))
    hourly.rows.forEach((row, i) => {
      expect(row.serviceLevel).toBeCloseTo(result.intervals[i]?.serviceLevel ?? Number.NaN, 9)
      expect(row.asa).toBeCloseTo(result.intervals[i]?.asa ?? Number.NaN, 6)
    })
    expect(hourly.totals.map((r) => r.key)).toEqual(['group:pool'])

    // each simulated agent is logged in (ready) from the start to the end, as simulate runs her: her busy time lies
    // inside her logged-in time and the day has the simulation's occupancy (the records had no login: blanks)
    const agents = await measuredDay('agent')
    expect(agents.totals).toHaveLength(POOL_AGENTS)
    for (const agent of agents.totals) {
      expect(agent.loggedInTime).toBe(24 * 3600)
      expect(agent.busyTime ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(agent.loggedInTime ?? 0)
      expect((agent.readyTime ?? 0) + (agent.busyTime ?? 0)).toBeCloseTo(agent.loggedInTime ?? 0, 6)
    }
    const busy = agents.totals.reduce((sum, a) => sum + (a.busyTime ?? 0), 0)
    expect(Math.abs(busy / (POOL_AGENTS * 24 * 3600) / result.occupancy - 1)).toBeLessThan(0.02)

    // her group counts her too: the state rows keep the directory's groups, so group:pool is logged in all day
    // with its agents' busy time (the rows had no groups and the group's time was blank)
    const groups = await measuredDay('group')
    expect(groups.totals.map((g) => g.key)).toEqual(['group:pool'])
    const [pool] = groups.totals
    expect(pool?.loggedInTime).toBe(POOL_AGENTS * 24 * 3600)
    expect(pool?.busyTime).toBeCloseTo(busy, 6)
    expect(pool?.readyTime).toBeCloseTo(POOL_AGENTS * 24 * 3600 - busy, 6)
    expect(pool?.occupancy).toBeCloseTo(busy / (POOL_AGENTS * 24 * 3600), 9)
    expect(Math.abs((pool?.occupancy ?? 0) / result.occupancy - 1)).toBeLessThan(0.02)
  })
})
