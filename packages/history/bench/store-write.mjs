// The store's own write of the store-throughput bench's day: its records (recordSimulation, seed 5) read back, then
// written into a new SQLite store with store.write in 1,000-item batches (the writer's batch size) on this thread,
// no recorder and no writer thread, then closed (its last WAL checkpoint). Prints the CPU per routed interaction: the
// floor under the writer thread's cost for this schema. After `npm run build`, from this folder:
// node bench/store-write.mjs [build folder, default dist]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDay } from './store-day.mjs'

const h = await import(
  pathToFileURL(path.resolve(import.meta.dirname, '..', process.argv[2] ?? 'dist', 'index.js')).href
)
const dir = mkdtempSync(path.join(tmpdir(), 'routewright-store-write-'))
// the bench's day: taggedPool(50, '5m') of test/routers.ts, about 10,800 interactions in 12 hours
const options = benchDay
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
try {
  const r = await h.recordSimulation(`sqlite:${dir}/a.db`, options, { spoolFile: `${dir}/p.jsonl` })
  const a = await h.openStore(`sqlite:${dir}/a.db`)
  const range = { from: 0, to: 8e12 }
  const items = [
    ...(await a.interactions(range)).map((record) => ({ kind: 'interaction', record })),
    ...(await a.handling(range)).map((record) => ({ kind: 'handling', record })),
  ]
  await a.close()
  const n = r.result.offered
  for (let round = 0; round < 4; round++) {
    const b = await h.openStore(`sqlite:${dir}/b${round}.db`)
    const c0 = cpu()
    for (let i = 0; i < items.length; i += 1000) await b.write(items.slice(i, i + 1000))
    // close counted too: it runs the last WAL checkpoint, which a larger wal_autocheckpoint would only move here
    await b.close()
    const ms = cpu() - c0
    console.log(
      `round ${round}: ${items.length} records, ${n} interactions, store.write and close ${((ms * 1000) / n).toFixed(1)} us CPU per interaction`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
