// A simulated day's hours with no arrival while calls answered before them are still handled: their AHT is that of
// the handlings that ended in them (docs/figures.md `aht`: handlings count in the interval they end), a number and
// not blank, 0 or NaN; an agent's hour where none of hers ended is blank. Recomputed from the stored handlings, on
// the 15-minute slots and the raw records, SQLite and PostgreSQL.
import { buildReport, formatReport, type HistoryStore, type Report } from '@routewright/history'
import { POOL_DAY, POOL_DAY_START } from '@routewright/node-support/testing'
import type { SimulationOptions } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { recordedSimulation, STORE_KINDS } from './fixtures.ts'

const START = POOL_DAY_START
const HOUR = 3_600_000
const { arrivalsPerHour: _constant, ...pool } = POOL_DAY
// calls in the first hour only, 40 minutes each on average (6 agent-hours of work for 10 agents): the next hours handle what it left and take none
const options: SimulationOptions = {
  ...pool,
  arrivalProfile: { intervalMinutes: 60, arrivalsPerHour: [60, ...Array<number>(23).fill(0)] },
  ahtSeconds: 2400,
  durationHours: 4,
  warmupHours: 0,
}

/** The mean handle time (s) of the handlings that ended in each hour, per key; no entry where none ended. */
async function handledByHour(
  store: HistoryStore,
  keyOf: (agent: string) => string,
): Promise<Map<string, number>> {
  const sums = new Map<string, { ms: number; n: number }>()
  for (const h of await store.handling({ from: START, to: START + 4 * HOUR })) {
    if (h.truncated) continue
    const id = `${keyOf(h.agent)}@${Math.floor((h.endedAt - START) / HOUR)}`
    const sum = sums.get(id) ?? { ms: 0, n: 0 }
    sums.set(id, { ms: sum.ms + h.endedAt - h.startedAt, n: sum.n + 1 })
  }
  return new Map([...sums].map(([id, { ms, n }]) => [id, ms / n / 1000]))
}

describe.each(STORE_KINDS)(
  'hours after the last arrival, recorded in %s',
  { timeout: 120_000 },
  (_name, make) => {
    it('give the AHT of the handlings that ended in them, blank only where none ended', async () => {
      const { store } = await recordedSimulation(make, options)
      const range = { clock: LATER, from: START, to: START + 4 * HOUR, interval: '1h' } as const
      for (const by of ['strategy', 'agent'] as const) {
        const expected = await handledByHour(store, (agent) => (by === 'agent' ? agent : 'pool'))
        for (const source of ['auto', 'raw'] as const) {
          const report: Report = await buildReport(store, { ...range, by, source })
          for (const row of report.rows) {
            const want = expected.get(`${row.key}@${(row.start - START) / HOUR}`)
            if (want === undefined) expect(row.aht, `${by} ${source} ${row.key}`).toBeNull()
            else expect(row.aht, `${by} ${source} ${row.key}`).toBeCloseTo(want, 6)
          }
        }
      }
      // the strategy's hours 1 to 3: nothing offered, handlings still ending (the case this pins)
      const day = await buildReport(store, { ...range, by: 'strategy' })
      const quiet = day.rows.filter((r) => r.start >= START + HOUR)
      expect(quiet.map((r) => [(r.start - START) / HOUR, r.offered, r.answered])).toEqual([
        [1, 0, 0],
        [2, 0, 0],
        [3, 0, 0],
      ])
      for (const row of quiet) expect(row.aht).toBeGreaterThan(0)
      // printed as a number, in the table and the CSV
      const csv = formatReport(day, 'csv').split('\n')
      const aht = csv[0]?.split(',').indexOf('aht_s') ?? -1
      const hour1 = csv.find((line) => line.startsWith('2026-01-05T01:00Z'))?.split(',')
      expect(hour1?.[aht]).toBe((quiet[0]?.aht ?? Number.NaN).toFixed(1))
      // an agent's hour where none of hers ended stays blank, not 0
      const byAgent = await buildReport(store, { ...range, by: 'agent' })
      expect(byAgent.rows.some((r) => r.aht === null && r.busyTime !== null && r.busyTime > 0)).toBe(true)
    })
  },
)
