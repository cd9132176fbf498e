// A live list naming a slot column no migration made (S = 30 added to SHORT_ABANDON_THRESHOLDS without its
// migration, simulated by a schema whose 0005 made no sa30): writes leave the column alone and a report with that S
// reads the raw records, with the same figures.

import { buildReport, type HistoryItem } from '@routewright/history'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { LATER } from './agent-state-rows.ts'
import { abandoned, DAY, MIN, sqliteKind } from './fixtures.ts'

vi.mock('../src/slot-schema.ts', async (original) => {
  const frozen = await original<typeof import('../src/slot-schema.ts')>()
  return {
    ...frozen,
    MIGRATION_0005_SHORT_ABANDON_THRESHOLDS: [2, 3, 5, 10, 15, 20],
    MIGRATED_SLOT_COLUMNS: new Set([...frozen.MIGRATED_SLOT_COLUMNS].filter((c) => c !== 'sa30')),
  }
})

describe('a live threshold without its migration', () => {
  const kind = sqliteKind()
  afterAll(() => kind.cleanup())

  it('writes the slots and reports S = 30 from the raw records, as the raw report does', async () => {
    const store = await kind.open()
    const abandon = (id: string, waitMs: number): HistoryItem => ({
      kind: 'interaction',
      record: abandoned({ id, waitMs, arrivedAt: DAY + MIN }),
    })
    await store.write([abandon('a', 3000), abandon('b', 25_000), abandon('c', 40_000)])
    const columns = await store.database.all<{ name: string }>(
      "SELECT name FROM pragma_table_info('interval_stats')",
    )
    expect(columns.map((c) => c.name)).not.toContain('sa30')
    const options = { from: DAY, to: DAY + 60 * MIN, interval: '1h' as const, by: 'queue' as const }
    for (const source of ['auto', 'raw'] as const) {
      const report = await buildReport(store, { clock: LATER, ...options, shortAbandonSeconds: 30, source })
      expect(report.totals.map((r) => [r.key, r.abandoned, r.shortAbandoned])).toEqual([
        ['group:support', 3, 2],
      ])
    }
    // an S the slots still count reads them
    const slots = await buildReport(store, { clock: LATER, ...options, shortAbandonSeconds: 20 })
    expect(slots.totals.map((r) => r.shortAbandoned)).toEqual([1])
    await store.close()
  })
})
