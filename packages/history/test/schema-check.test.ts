// A reader's store (openStore's readOnly, what reports open) checks the schema's version and never migrates.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase, openStore, SCHEMA_VERSION, SchemaVersionError } from '@routewright/history'
import { afterAll, expect, it } from 'vitest'

const folder = mkdtempSync(path.join(tmpdir(), 'routewright-schema-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let n = 0

/** A SQLite history at this build's schema, then changed by `sql` (as an older or newer build would leave it). */
async function history(...sql: string[]): Promise<string> {
  const spec = `sqlite:${path.join(folder, `h${++n}.db`)}`
  await (await openStore(spec)).close()
  const database = await openDatabase(spec)
  for (const statement of sql) await database.all(statement)
  await database.close()
  return spec
}

const migrations = async (spec: string) => {
  const database = await openDatabase(spec)
  try {
    return (await database.all<{ name: string }>('SELECT name FROM history_migration ORDER BY name')).map(
      (r) => r.name,
    )
  } catch {
    return []
  } finally {
    await database.close()
  }
}

it.each([
  [
    'older',
    [`DELETE FROM history_migration WHERE name = '${SCHEMA_VERSION}'`],
    /older than this build's .*history migrate --store/,
  ],
  [
    'newer',
    ["INSERT INTO history_migration (name, timestamp) VALUES ('9999-future', 'now')"],
    /is at schema 9999-future, newer than this build's/,
  ],
])(
  'refuses a database %s than the build, says what to do, and leaves it as it was',
  async (_state, sql, message) => {
    const spec = await history(...sql)
    const before = await migrations(spec)
    const opening = openStore(spec, undefined, { readOnly: true })
    await expect(opening).rejects.toBeInstanceOf(SchemaVersionError)
    await expect(opening).rejects.toThrow(message)
    expect(await migrations(spec)).toEqual(before)
  },
)

it('finds no history in an empty database and creates no table there', async () => {
  const file = path.join(folder, 'empty.db')
  // an empty file is an empty SQLite database (a missing one is refused before it is opened)
  writeFileSync(file, '')
  const spec = `sqlite:${file}`
  await expect(openStore(spec, undefined, { readOnly: true })).rejects.toThrow(
    /There is no history in .*no schema version/,
  )
  const database = await openDatabase(spec)
  expect(await database.all("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([])
  await database.close()
})

it('opens a database at this build’s schema', async () => {
  const store = await openStore(await history(), undefined, { readOnly: true })
  expect(await store.interactions({ from: 0, to: Date.now() })).toEqual([])
  await store.close()
})
