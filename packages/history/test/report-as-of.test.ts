// A report says which "now" it used: a state still open counts up to min(--to, now) (docs/figures.md "Up to now"),
// so a reader of a range that is not over yet sees where its figures stop.
import { buildReasonReport, buildReport, formatReport, openStore } from '@routewright/history/report'
import { agentStateRows } from '@routewright/history/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryStore } from '../src/store.ts'

const START = Date.UTC(2026, 2, 2, 0, 0)
const MIN = 60_000
const row = agentStateRows({ start: START, groups: ['sales'] })
const range = { from: START, to: START + 60 * MIN, interval: '1h' as const }
const at = (minute: number) => ({ now: () => START + minute * MIN })

let store: HistoryStore
beforeEach(async () => {
  store = await openStore('sqlite::memory:')
  await store.write([row('ann', 0, 'ready'), row('ann', 10, 'not-ready', { reason: 'lunch' })])
})
afterEach(async () => {
  await store.close()
})

describe('the report names its now', () => {
  it('gives asOf in the report and its JSON, and says it under the table when it cut the range', async () => {
    const report = await buildReport(store, { ...range, by: 'agent', clock: at(40) })
    expect(report.asOf).toBe(START + 40 * MIN)
    expect(JSON.parse(formatReport(report, 'json')).asOf).toBe(START + 40 * MIN)
    const table = formatReport(report, 'table')
    expect(table).toContain('as of 2026-03-02T00:40Z: states still open counted up to then')
    // offered counts ended interactions (their records): the ones still open are said to be missing, not hidden
    expect(table).toContain(
      '; interactions still open at report time are not in offered yet: each counts in its arrival interval once it ends; as of',
    )
    expect(table).toMatch(/^total\s+ann\s.*\s2400\s+600\s+1800\s/m) // logged in 00:00-00:40, not to --to
  })

  it('says nothing of it when the range is over before now', async () => {
    const report = await buildReport(store, { ...range, by: 'agent', clock: at(90) })
    expect(report.asOf).toBe(START + 90 * MIN)
    expect(formatReport(report, 'table')).not.toContain('as of')
    expect(formatReport(report, 'table')).not.toContain('still open at report time')
  })

  it('names it in the --by reason table too', async () => {
    const report = await buildReasonReport(store, { ...range, clock: at(30) })
    expect(report.asOf).toBe(START + 30 * MIN)
    expect(formatReport(report, 'table')).toContain('as of 2026-03-02T00:30Z')
    // not-ready reasons count no interaction
    expect(formatReport(report, 'table')).not.toContain('not in offered')
  })
})
