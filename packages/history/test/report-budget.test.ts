// A report's range, interval and keys come from the caller: past its budget of rows (or of per-interval figures
// kept while it is built) it is refused with what to give instead, before its memory grows with range times keys.
import { buildReasonReport, buildReport, openStore, reportBudgets } from '@routewright/history/report'
import { agentStateRows } from '@routewright/history/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryStore } from '../src/store.ts'

const START = Date.UTC(2026, 2, 2, 0, 0)
const DAY = 86_400_000
const row = agentStateRows({ start: START, groups: ['sales'] })
const day = { from: START, to: START + DAY, clock: { now: () => START + 2 * DAY } }
const roomy = { rows: 1_000_000, slots: 1_000_000 }

let store: HistoryStore
beforeEach(async () => {
  store = await openStore('sqlite::memory:')
  // three agents in a state all day: a row each per interval
  await store.write([
    row('ann', 0, 'ready'),
    row('bob', 0, 'ready'),
    row('cyd', 0, 'not-ready', { reason: 'lunch' }),
  ])
})
afterEach(async () => {
  await store.close()
})

describe('report budget', () => {
  it('refuses a report of more rows than its budget, naming the fix, and gives one within it', async () => {
    const quarters = { ...day, interval: '15m' as const, by: 'agent' as const }
    // 3 agents x 96 intervals
    await expect(buildReport(store, quarters, reportBudgets({ ...roomy, rows: 100 }))).rejects.toThrow(
      'The report would hold more than 100 rows: report a shorter range (--from to --to), or a longer interval than 15m',
    )
    const hours = await buildReport(
      store,
      { ...quarters, interval: '1h' },
      reportBudgets({ ...roomy, rows: 100 }),
    )
    expect(hours.rows).toHaveLength(72)
  })

  it('refuses before the per-interval figures of every agent are kept', async () => {
    const quarters = { ...day, interval: '15m' as const, by: 'agent' as const }
    await expect(buildReport(store, quarters, reportBudgets({ ...roomy, slots: 500 }))).rejects.toThrow(
      'more than 500 figures per interval in memory',
    )
  })

  it('holds the reason report to the same budget', async () => {
    const quarters = { ...day, interval: '15m' as const }
    await expect(buildReasonReport(store, quarters, reportBudgets({ ...roomy, rows: 50 }))).rejects.toThrow(
      'more than 50 rows',
    )
    const whole = await buildReasonReport(
      store,
      { ...day, interval: 'day' },
      reportBudgets({ ...roomy, rows: 50 }),
    )
    expect(whole.rows).toHaveLength(1)
  })
})
