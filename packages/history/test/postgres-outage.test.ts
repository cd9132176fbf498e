// PostgreSQL stopped in the middle of a run: records wait on disk, the counters say how many, and all of them
// reach the store once it is back.
import path from 'node:path'
import { createHistoryWriter } from '@routewright/history'
import { expect, it } from 'vitest'
import { DAY, interaction, postgresForFile } from './fixtures.ts'

const pg = postgresForFile('routewright-outage-', { ownServer: true })

it('loses nothing when PostgreSQL stops mid-run and comes back', async () => {
  const { server, store, folder } = pg
  const writer = createHistoryWriter({ store, spoolFile: path.join(folder, 'pending.jsonl'), batchSize: 50 })
  const add = (from: number, to: number) => {
    for (let n = from; n < to; n++) {
      writer.add({ kind: 'interaction', record: interaction({ id: `c${n}`, arrivedAt: DAY + n * 1000 }) })
    }
  }
  add(0, 200)
  await writer.flush()
  expect(writer.counters()).toMatchObject({ pending: 0, written: 200 })

  await server.stop()
  add(200, 500)
  await writer.flush()
  const down = writer.counters()
  expect(down.pending).toBe(300)
  expect(down.spooled).toBe(300)
  expect(down.failures).toBeGreaterThan(0)
  add(500, 600)

  await server.start()
  await writer.flush()
  expect(writer.counters()).toMatchObject({ pending: 0, written: 600, dropped: 0 })
  const rows = await store.database.all<{ n: number }>('SELECT COUNT(*) AS n FROM interactions')
  expect(Number(rows[0]?.n)).toBe(600)
  await writer.close()
})
