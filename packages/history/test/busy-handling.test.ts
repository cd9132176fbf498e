// An agent handling an interaction is busy whatever her host said (docs/figures.md "Busy"), and an entry into not
// ready is her host's row: back to not ready after a handling continues the period she chose, no new entry.
import { buildReasonReport, buildReport, type HistoryItem, openStore } from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import { expect, it } from 'vitest'

const START = Date.UTC(2026, 2, 2, 9)
const MIN = 60_000
const row = agentStateRows({ start: START })
const clock = { now: () => START + 2 * 60 * MIN }
const range = { clock, from: START, to: START + 60 * MIN, interval: '1h' as const }

/** ann's call from `from` to `to` (minutes), answered and completed. */
function handled(interaction: string, from: number, to: number): HistoryItem {
  const record = {
    interaction,
    router: 'r1',
    agent: 'ann',
    media: 'voice',
    startedAt: START + from * MIN,
    endedAt: START + to * MIN,
    endedBy: 'completed' as const,
    strategy: 'sales',
  }
  return { kind: 'handling', record }
}

it('counts a call finished while not ready as busy, and the not-ready period around it as one entry', async () => {
  const store = await openStore('sqlite::memory:')
  try {
    await store.write([
      row('ann', 0, 'ready'),
      handled('x1', 10, 20),
      // not ready for lunch while on x1 ("not ready after this call"), then x2 forced on her at 40-45
      row('ann', 15, 'not-ready', { reason: 'lunch' }),
      handled('x2', 40, 45),
    ])
    const report = await buildReport(store, { ...range, by: 'agent' })
    const ann = report.totals.find((r) => r.key === 'ann')
    expect([ann?.readyTime, ann?.busyTime, ann?.notReadyTime, ann?.loggedInTime]).toEqual([
      600, 900, 2100, 3600,
    ])
    const reasons = await buildReasonReport(store, range)
    expect(reasons.totals.map((r) => [r.reason, r.count, r.notReadyTime])).toEqual([['lunch', 1, 2100]])
  } finally {
    await store.close()
  }
})

it('counts no time for a handling recorded as ending before it starts, and never more logged-in time than the hour', async () => {
  const store = await openStore('sqlite::memory:')
  try {
    // x2's end was written before its start (a host's clock stepped back): before, her walk went back to 25 and
    // counted 25-30 twice
    await store.write([row('ann', 0, 'ready'), handled('x1', 10, 20), handled('x2', 30, 25)])
    const report = await buildReport(store, { ...range, by: 'agent' })
    const ann = report.totals.find((r) => r.key === 'ann')
    expect([ann?.readyTime, ann?.busyTime, ann?.loggedInTime]).toEqual([3000, 600, 3600])
  } finally {
    await store.close()
  }
})
