// `routewright history` and a read-only `report` as an operator and an analyst run them, on a SQLite file and on a
// real PostgreSQL server (a role that may only read); in this process (the built bundle's runCli), as the checks are
// of the commands' output, exit codes and stores (report-command.test.ts spawns the binary on an unreachable store).
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  createHistoryWriter,
  type HistoryItem,
  openDatabase,
  openStore,
  SCHEMA_VERSION,
} from '@routewright/history'
import { freePort } from '@routewright/node-support/ports'
import { type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HISTORY_DAY, historyRecord, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const DAY = HISTORY_DAY

function item(id: string, minute: number): HistoryItem {
  return { kind: 'interaction', record: historyRecord(id, minute) }
}

// a rule the database enforces and a DBA lifts: the cause of the refusals, fixed before the replay
const RULE = {
  sqlite: {
    forbid: `CREATE TRIGGER no_bad BEFORE INSERT ON interactions WHEN NEW.id LIKE 'bad%' BEGIN SELECT RAISE(ABORT, 'bad ids are not allowed'); END`,
    allow: 'DROP TRIGGER no_bad',
  },
  postgres: {
    forbid: `ALTER TABLE interactions ADD CONSTRAINT no_bad CHECK (id NOT LIKE 'bad%')`,
    allow: 'ALTER TABLE interactions DROP CONSTRAINT no_bad',
  },
}

async function sql(url: string, ...statements: string[]) {
  const database = await openDatabase(url)
  try {
    for (const statement of statements) await database.all(statement)
  } finally {
    await database.close()
  }
}

const offered = async (spec: string, cwd: string) => {
  const run = await routewrightInProcess(
    ['report', '--store', spec, '--from', '2026-03-02', '--interval', 'day', '--format', 'json'],
    cwd,
  )
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout).totals[0].offered as number
}

let server: PostgresServer
let databases = 0
beforeAll(async () => {
  server = await startPostgresServer()
})
afterAll(async () => {
  await server?.destroy()
})
const newDatabase = async () => {
  const name = `h${++databases}`
  await sql(server.url, `CREATE DATABASE ${name}`)
  return server.url.replace(/\/postgres$/, `/${name}`)
}

describe.each(['sqlite', 'postgres'] as const)('routewright history refused / replay on %s', (kind) => {
  it('lists the records the store refused, replays them once the cause is fixed, and reports them', async () => {
    const cwd = workspace()
    const spec = kind === 'sqlite' ? 'sqlite:history.db' : await newDatabase()
    const url = kind === 'sqlite' ? `sqlite:${path.join(cwd, 'history.db')}` : spec
    const store = await openStore(url)
    await store.database.all(RULE[kind].forbid)
    const spool = path.join(cwd, 'history.db.spool.jsonl')
    const writer = createHistoryWriter({ store, spoolFile: spool, now: () => DAY + 3_600_000 })
    for (const [n, id] of ['ok1', 'bad1', 'ok2', 'bad2'].entries()) writer.add(item(id, n))
    await writer.close()
    await store.close()

    const list = await routewrightInProcess(['history', 'refused', 'history.db.spool.jsonl'], cwd)
    expect(list.stderr).toBe('')
    expect(list.code).toBe(0)
    const lines = list.stdout.split('\n')
    expect(lines[0]).toBe(`${spool}.refused: 2 refused records`)
    expect(lines[2]).toMatch(/^line\s+refused at\s+kind\s+id\s+reason$/)
    expect(lines[3]).toMatch(/^1\s+2026-03-02T01:00:00\.000Z\s+interaction\s+bad1\s+\S/)
    expect(lines[4]).toMatch(/^2\s+2026-03-02T01:00:00\.000Z\s+interaction\s+bad2\s+\S/)
    const json = JSON.parse(
      (await routewrightInProcess(['history', 'refused', `${spool}.refused`, '--format', 'json'], cwd))
        .stdout,
    )
    expect(json).toMatchObject({
      refused: 2,
      unreadable: 0,
      lines: [
        { line: 1, id: 'bad1' },
        { line: 2, id: 'bad2' },
      ],
    })
    expect(json.lines[0].item.record.id).toBe('bad1')

    // still refused: the file keeps both, and the exit code says something is left
    const again = await routewrightInProcess(
      ['history', 'replay', 'history.db.spool.jsonl', '--store', spec],
      cwd,
    )
    expect(again.code).toBe(1)
    expect(again.stdout).toContain('2 refused again: kept with the new reason')
    expect(readFileSync(`${spool}.refused`, 'utf8').trim().split('\n')).toHaveLength(2)

    await sql(url, RULE[kind].allow)
    const replay = await routewrightInProcess(
      ['history', 'replay', 'history.db.spool.jsonl', '--store', spec],
      cwd,
    )
    expect(replay.stderr).toBe('')
    expect(replay.code).toBe(0)
    expect(replay.stdout).toBe(
      `wrote 2 records (a record already stored is kept once)\n${spool}.refused is empty and removed\n`,
    )
    expect(existsSync(`${spool}.refused`)).toBe(false)
    expect(await offered(spec, cwd)).toBe(4)
  })
})

it('refuses a spool in a folder that is not there as a usage error, for refused and replay alike', async () => {
  const cwd = workspace()
  const folder = path.join(cwd, 'nonexistent-dir')
  for (const sub of [['refused'], ['replay', '--store', 'sqlite:h.db']]) {
    const result = await routewrightInProcess(
      ['history', sub[0] as string, 'nonexistent-dir/typo.jsonl', ...sub.slice(1)],
      cwd,
    )
    expect([result.code, result.stdout, result.stderr], sub[0]).toEqual([
      2,
      '',
      `error: No such folder: nonexistent-dir (the folder of nonexistent-dir/typo.jsonl, looked for ${folder})\nhint: Check the path (relative to the current folder); serve's --store-spool says where the spool is\n`,
    ])
  }
})

it('refuses a spool whose folder is a file, or lies under a file, as a usage error (it crashed on ENOTDIR)', async () => {
  const cwd = workspace()
  writeFileSync(path.join(cwd, 'plain'), 'not a folder\n')
  const hint =
    "hint: Check the path (relative to the current folder); serve's --store-spool says where the spool is\n"
  for (const sub of [['refused'], ['replay', '--store', 'sqlite:h.db']]) {
    const inFile = await routewrightInProcess(
      ['history', sub[0] as string, 'plain/s.jsonl', ...sub.slice(1)],
      cwd,
    )
    expect([inFile.code, inFile.stderr], sub[0]).toEqual([
      2,
      `error: plain (the folder of plain/s.jsonl, looked for ${path.join(cwd, 'plain')}) is not a folder\n${hint}`,
    ])
    const under = await routewrightInProcess(
      ['history', sub[0] as string, 'plain/x/s.jsonl', ...sub.slice(1)],
      cwd,
    )
    expect([under.code, under.stderr], sub[0]).toEqual([
      2,
      `error: plain/x (the folder of plain/x/s.jsonl, looked for ${path.join(cwd, 'plain/x')}) is not a folder: part of its path is a file\n${hint}`,
    ])
  }
})

it('a read-only report leaves nothing beside a SQLite store (no -shm, no empty -wal), as simulate leaves none', async () => {
  const cwd = workspace()
  const store = await openStore('sqlite:day.db', cwd)
  await store.write([item('c1', 5)])
  await store.close()
  expect(readdirSync(cwd).filter((name) => name.startsWith('day.db'))).toEqual(['day.db'])
  expect(await offered('sqlite:day.db', cwd)).toBe(1)
  expect(readdirSync(cwd).filter((name) => name.startsWith('day.db'))).toEqual(['day.db'])
})

it("says on stderr a stale lock of the dead-letter file it took over, as it says the store's warnings", async () => {
  const cwd = workspace()
  const spool = path.join(cwd, 'history.db.spool.jsonl')
  const store = await openStore(`sqlite:${path.join(cwd, 'history.db')}`)
  await store.close()
  writeFileSync(
    `${spool}.refused`,
    `${JSON.stringify({ at: 'x', reason: 'refused', item: item('left', 0) })}\n`,
  )
  // a replay in another container that died holding the lock: its pid means nothing here, its mtime a minute old
  const lock = `${spool}.refused.lock`
  writeFileSync(lock, JSON.stringify({ host: 'other-container', pid: 41, ns: 'pid:[1]', token: 't' }))
  const old = new Date(Date.now() - 60_000)
  utimesSync(lock, old, old)
  const replay = await routewrightInProcess(
    ['history', 'replay', 'history.db.spool.jsonl', '--store', 'sqlite:history.db'],
    cwd,
  )
  expect(replay.code).toBe(0)
  expect(replay.stderr).toBe(
    `warning: Took over the stale lock ${lock}: pid 41 on other-container has not refreshed it for 60 s\n`,
  )
  expect(existsSync(lock)).toBe(false)
})

it('lists a hostile record with its control characters shown, not sent to the terminal', async () => {
  const cwd = workspace()
  const spool = path.join(cwd, 'history.db.spool.jsonl')
  const reason = 'refused\u001b]52;c;cGF3bmVk\u0007 then\r\n\u001b[2Kcleared'
  writeFileSync(
    `${spool}.refused`,
    `${JSON.stringify({ at: '2026\u001b[31m', reason, item: item('hostile', 0) })}\n`,
  )
  const list = await routewrightInProcess(['history', 'refused', 'history.db.spool.jsonl'], cwd)
  expect(list.code).toBe(0)
  for (const raw of ['\u001b', '\u0007', '\r']) expect(list.stdout).not.toContain(raw)
  expect(list.stdout.split('\n')[3]).toBe(
    '1     2026\u241b[31m   interaction  hostile  refused\u241b]52;c;cGF3bmVk\u2407 then \u241b[2Kcleared',
  )
})

it('prints a hostile folder name in its header made printable, and cuts a long reason between characters', async () => {
  // a folder name can hold ESC (clear the screen) and a bidi override (the name read backwards)
  const folder = 'spool\u001b[2J\u202edir'
  const cwd = workspace({ [`${folder}/keep`]: '' })
  const spool = path.join(cwd, folder, 'history.db.spool.jsonl')
  // 120 is the reason's cell: its cut falls inside the 60th emoji, which must not print as half a character
  const reason = '\u{1f600}'.repeat(100)
  writeFileSync(`${spool}.refused`, `${JSON.stringify({ at: 'x', reason, item: item('hostile', 0) })}\n`)
  const list = await routewrightInProcess(
    ['history', 'refused', path.join(folder, 'history.db.spool.jsonl')],
    cwd,
  )
  expect(list.code).toBe(0)
  for (const raw of ['\u001b', '\u202e']) expect(list.stdout).not.toContain(raw)
  expect(list.stdout.split('\n')[0]).toBe(
    `${path.join(cwd, 'spool\u241b[2J\ufffddir', 'history.db.spool.jsonl.refused')}: 1 refused record`,
  )
  // a lone half of a surrogate pair: U+FFFD on a terminal, invalid in UTF-8
  expect(list.stdout).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  expect(list.stdout.split('\n')[3]?.endsWith(`${'\u{1f600}'.repeat(59)}\u2026`)).toBe(true)
  const missing = await routewrightInProcess(
    ['history', 'replay', 'x', '--store', `sqlite:${path.join(folder, 'none.db')}`],
    cwd,
  )
  expect(missing.stderr.split('\n')[0]).toBe(
    `error: there is no history at ${path.join(cwd, 'spool\u241b[2J\ufffddir', 'none.db')}`,
  )
})

describe('routewright report is read-only; routewright history migrate migrates', () => {
  it('reports as a role that may only read, and says how to migrate a database older or newer than the build', async () => {
    const cwd = workspace()
    const owner = await newDatabase()
    const store = await openStore(owner)
    await store.write([item('a', 1), item('b', 2)])
    await store.close()
    await sql(owner, 'CREATE ROLE analyst LOGIN', 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO analyst')
    const analyst = owner.replace('postgres@', 'analyst@')
    expect(await offered(analyst, cwd)).toBe(2)

    // a database one migration behind: the analyst is told, and nothing is changed
    // (a new migration fails here on purpose: name the one before it and what it adds)
    const [previous] = SCHEMA_VERSION === '0012-handling-disposition' ? ['0011-interactions-finished'] : []
    expect(previous).toBeDefined()
    // the migration's row and its column gone, as a database the build before it wrote
    await sql(
      owner,
      `DELETE FROM history_migration WHERE name = '${SCHEMA_VERSION}'`,
      'ALTER TABLE handling DROP COLUMN disposition',
    )
    const older = await routewrightInProcess(['report', '--store', analyst, '--from', '2026-03-02'], cwd)
    // a store migrate can fix is the wrong input, as a missing SQLite file is: exit 2 (README: exit codes)
    expect(older.code).toBe(2)
    expect(older.stderr).toContain(`is at schema ${previous}, older than this build's ${SCHEMA_VERSION}`)
    expect(older.stderr).toContain('routewright history migrate --store')
    expect(older.stderr).not.toMatch(/permission denied/)

    const migrated = await routewrightInProcess(['history', 'migrate', '--store', owner], cwd)
    expect(migrated.stderr).toBe('')
    expect(migrated.stdout).toContain(`applied ${SCHEMA_VERSION}; now at schema ${SCHEMA_VERSION}`)
    expect((await routewrightInProcess(['history', 'migrate', '--store', owner], cwd)).stdout).toContain(
      'nothing to do',
    )
    expect(await offered(analyst, cwd)).toBe(2)

    // a database a newer build migrated: neither the report nor migrate touch it
    await sql(owner, "INSERT INTO history_migration (name, timestamp) VALUES ('9999-future', 'now')")
    for (const args of [
      ['report', '--store', analyst, '--from', '2026-03-02'],
      ['history', 'migrate', '--store', owner],
    ]) {
      const newer = await routewrightInProcess(args, cwd)
      expect(newer.code).toBe(2)
      expect(newer.stderr).toContain(`is at schema 9999-future, newer than this build's ${SCHEMA_VERSION}`)
    }
  })

  it('finds no history in an empty database and creates nothing there', async () => {
    const empty = await newDatabase()
    const run = await routewrightInProcess(['report', '--store', empty, '--from', '2026-03-02'], workspace())
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/There is no history in .* \(no schema version\)/)
    const database = await openDatabase(empty)
    try {
      expect(await database.all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([])
    } finally {
      await database.close()
    }
  })

  it('says what is wrong with the command line', async () => {
    const cwd = workspace()
    const none = await routewrightInProcess(['history'], cwd)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Use one of refused, replay, migrate')
    const store = await routewrightInProcess(['history', 'replay', 'spool.jsonl'], cwd)
    expect(store.code).toBe(2)
    expect(store.stderr).toContain('history replay needs --store')
    const missing = await routewrightInProcess(
      ['history', 'replay', 'spool.jsonl', '--store', 'sqlite:mistyped.db'],
      cwd,
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/there is no history at .*mistyped\.db/)
    expect(existsSync(path.join(cwd, 'mistyped.db'))).toBe(false)
    const mistyped = await routewrightInProcess(
      ['history', 'migrate', '--store', 'sqlite:data/mistyped.db'],
      cwd,
    )
    expect(mistyped.code).toBe(2)
    expect(mistyped.stderr).toMatch(/there is no history at .*mistyped\.db\nhint: give the SQLite file serve/)
    expect(existsSync(path.join(cwd, 'data'))).toBe(false)
    // nothing listens on a port just found free: the store out of reach is a usage error naming it and the cause
    const down = `postgres://routewright@127.0.0.1:${await freePort()}/history`
    const unreachable = await routewrightInProcess(['history', 'migrate', '--store', down], cwd)
    expect(unreachable.code).toBe(2)
    expect(unreachable.stderr).toContain(`error: --store ${down}: nothing accepts connections at `)
    const nothing = await routewrightInProcess(['history', 'refused', 'spool.jsonl'], cwd)
    expect(nothing.code).toBe(0)
    expect(nothing.stdout).toContain('spool.jsonl.refused: no such file: the store refused nothing there')
  })
})
