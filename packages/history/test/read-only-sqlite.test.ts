// A reader's SQLite store (openStore's readOnly, what `routewright report` opens) uses SQLite's read-only flag: it
// reads a WAL database serve writes meanwhile, refuses a write, checkpoints nothing and never creates the file.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type HistoryStore, openStore, StoreSpecError } from '@routewright/history'
import { afterAll, expect, it } from 'vitest'
import { DAY, interaction } from './fixtures.ts'

const folder = mkdtempSync(path.join(tmpdir(), 'routewright-read-only-'))
afterAll(() => {
  chmodSync(folder, 0o755)
  rmSync(folder, { recursive: true, force: true })
})

const write = (store: HistoryStore, ...ids: string[]) =>
  store.write(
    ids.map((id, n) => ({ kind: 'interaction', record: interaction({ id, arrivedAt: DAY + n * 1000 }) })),
  )
const ids = async (store: HistoryStore) =>
  (await store.interactions({ from: DAY, to: DAY + 3_600_000 })).map((r) => r.id).sort()

it('reads a WAL database while serve writes it, and refuses a write of its own', async () => {
  const spec = `sqlite:${path.join(folder, 'live.db')}`
  const serve = await openStore(spec)
  await write(serve, 'a1')
  const report = await openStore(spec, undefined, { readOnly: true })
  try {
    expect(await ids(report)).toEqual(['a1'])
    await write(serve, 'a1', 'a2')
    expect(await ids(report)).toEqual(['a1', 'a2'])
    await expect(report.database.all('DELETE FROM interactions')).rejects.toThrow(/readonly/i)
    await expect(report.write([{ kind: 'interaction', record: interaction({ id: 'r1' }) }])).rejects.toThrow(
      /readonly/i,
    )
  } finally {
    await report.close()
  }
  // serve goes on writing after the report closed
  await write(serve, 'a1', 'a2', 'a3')
  expect(await ids(serve)).toEqual(['a1', 'a2', 'a3'])
  await serve.close()
})

it('leaves a database and its WAL as a crashed serve left them, in a folder it may not write', async () => {
  const source = path.join(folder, 'source.db')
  const serve = await openStore(`sqlite:${source}`)
  await write(serve, 'c1', 'c2')
  // a copy taken while serve runs: the records are in the WAL, not yet in the database file (as after a crash)
  const crashed = path.join(folder, 'crashed')
  mkdirSync(crashed)
  const file = path.join(crashed, 'history.db')
  copyFileSync(source, file)
  copyFileSync(`${source}-wal`, `${file}-wal`)
  await serve.close()
  // tests run as root, whom these modes do not stop: the bytes and times below show nothing was written
  chmodSync(file, 0o444)
  chmodSync(`${file}-wal`, 0o444)
  chmodSync(crashed, 0o555)
  const before = { db: readFileSync(file), wal: readFileSync(`${file}-wal`), mtime: statSync(file).mtimeMs }
  try {
    const report = await openStore(`sqlite:${file}`, undefined, { readOnly: true })
    expect(await ids(report)).toEqual(['c1', 'c2'])
    await report.close()
    // a read-write connection closing last would have checkpointed the WAL into the file
    expect(readFileSync(file).equals(before.db)).toBe(true)
    expect(readFileSync(`${file}-wal`).equals(before.wal)).toBe(true)
    expect(statSync(file).mtimeMs).toBe(before.mtime)
  } finally {
    chmodSync(crashed, 0o755)
  }
})

it('says there is no history at a file that does not exist, and creates neither it nor its folder', async () => {
  const file = path.join(folder, 'missing', 'history.db')
  const opening = openStore(`sqlite:${file}`, undefined, { readOnly: true })
  await expect(opening).rejects.toBeInstanceOf(StoreSpecError)
  await expect(opening).rejects.toThrow(`There is no history at ${file} (no such file)`)
  expect(existsSync(path.dirname(file))).toBe(false)
})
