// A reader's SQLite store (openStore's readOnly, what `routewright report` opens) uses SQLite's read-only flag: it
// reads a WAL database serve writes meanwhile, refuses a write, checkpoints nothing and never creates the file.

import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
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

// the same file as a user who may not write its folder: only root runs setpriv, and the build is what it loads
const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url))

it.skipIf(!asNobody)(
  'tells a user who may not write the folder why a WAL database without its -shm cannot be read',
  async () => {
    // mkdtemp's folder is the owner's alone: the other user must get through it to the database
    chmodSync(folder, 0o755)
    const shut = path.join(folder, 'shut')
    mkdirSync(shut, { mode: 0o755 })
    const file = path.join(shut, 'history.db')
    // serve closed cleanly: its WAL and -shm are gone, and SQLite needs to create the -shm to read
    await (await openStore(`sqlite:${file}`)).close()
    const script = path.join(folder, 'open-as-nobody.mjs')
    writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(built)}
try { await openStore(${JSON.stringify(`sqlite:${file}`)}, undefined, { readOnly: true }); console.log('opened') }
catch (error) { console.log(error.message) }`,
      { mode: 0o644 },
    )
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', script])
    expect(out.toString().trim()).toBe(
      `Cannot read ${file}: it is a WAL database with no history.db-shm beside it, and SQLite may not create one in ${shut} as this user. Let this user write that folder, or read it while serve has it open (the -shm is there then)`,
    )
  },
)
