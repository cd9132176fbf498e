// PostgreSQL cannot hold U+0000 in text or jsonb, which a host's interaction id or attached data can carry: one such
// record failed its batch on every retry, and every record after it waited on disk for good.
import path from 'node:path'
import { createHistoryWriter } from '@routewright/history'
import { expect, it } from 'vitest'
import { DAY, handling, interaction, postgresForFile } from './fixtures.ts'

const pg = postgresForFile('routewright-nul-')

it('writes a record with U+0000 in an id (as U+FFFD), and every record after it', async () => {
  const { store, folder } = pg
  const writer = createHistoryWriter({ store, spoolFile: path.join(folder, 'pending.jsonl'), batchSize: 50 })
  writer.add({
    kind: 'interaction',
    record: interaction({ id: 'bad\u0000id', arrivedAt: DAY, data: { note: 'a\u0000b', path: 'C:\\u0000' } }),
  })
  writer.add({ kind: 'handling', record: handling({ interaction: 'bad\u0000id' }) })
  for (let n = 0; n < 10; n++)
    writer.add({ kind: 'interaction', record: interaction({ id: `c${n}`, arrivedAt: DAY + (n + 1) * 1000 }) })
  await writer.flush()
  expect(writer.counters()).toMatchObject({ pending: 0, written: 12, failures: 0 })
  const stored = await store.interactions({ from: DAY, to: DAY + 3_600_000 })
  expect(stored).toHaveLength(11)
  const bad = stored.find((r) => r.id.startsWith('bad'))
  // attached data is stored as JSON text, where U+0000 is the six characters of its escape: kept as it was
  expect(bad).toMatchObject({ id: 'bad\uFFFDid', data: { note: 'a\u0000b', path: 'C:\\u0000' } })
  await writer.close()
})
