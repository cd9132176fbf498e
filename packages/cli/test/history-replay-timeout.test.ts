// `routewright history replay` on a PostgreSQL server that goes silent mid-replay (a partition, a stuck backend): a
// real server behind a proxy the test freezes as the second batch goes out. The binary is spawned: it must end, exit
// 1, say what it wrote, what is left in the file, what waited, how long, on which server (password masked) and the
// fix; the batch that timed out is not in the store and still in the file, and a replay once the server answers
// writes it.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createHistoryWriter, type HistoryItem, openStore } from '@routewright/history'
import { expect, it } from 'vitest'
import { frozenPostgresPerFile } from './frozen-postgres.ts'
import { HISTORY_DAY, historyRecord, routewright, workspace } from './helpers.ts'

const postgres = frozenPostgresPerFile()

const item = (id: string, minute: number): HistoryItem => ({
  kind: 'interaction',
  record: historyRecord(id, minute),
})

const escaped = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function storedIds(): Promise<string[]> {
  const store = await openStore(postgres.server.url, undefined, { readOnly: true })
  try {
    const rows = await store.database.all<{ id: string }>('SELECT id FROM interactions ORDER BY id')
    return rows.map((row) => row.id)
  } finally {
    await store.close()
  }
}

it('ends with exit 1, says what it wrote and what waited, and keeps the rest in the file', async () => {
  const cwd = workspace()
  const spool = path.join(cwd, 'history.db.spool.jsonl')
  const refused = `${spool}.refused`
  // three records the store refused (a rule a DBA then lifts): the dead-letter file to replay
  const store = await openStore(postgres.server.url)
  await store.database.all(
    `ALTER TABLE interactions ADD CONSTRAINT no_bad CHECK (id NOT LIKE 'bad%') NOT VALID`,
  )
  const writer = createHistoryWriter({ store, spoolFile: spool, now: () => HISTORY_DAY + 3_600_000 })
  for (const [n, id] of ['bad1', 'bad2', 'bad3'].entries()) writer.add(item(id, n))
  await writer.close()
  await store.database.all('ALTER TABLE interactions DROP CONSTRAINT no_bad')
  await store.close()
  expect(readFileSync(refused, 'utf8').trim().split('\n')).toHaveLength(3)

  const { proxy } = postgres
  const url = postgres.url('query_timeout=3')
  // one record a batch: the first is written, the second's insert (its rows carry the id) never reaches the server.
  // The server, idle in that transaction since BEGIN, ends the session at the same 3 s: the frozen proxy holds that
  // from the client as a partition would, so the client's own limit fires whichever timer is first
  const froze = proxy.freezeWhen('"bad2"')
  const run = await routewright(['history', 'replay', spool, '--store', url, '--batch-size', '1'], cwd)
  await froze
  expect(run.stdout).toBe(
    `wrote 1 record (a record already stored is kept once)\n2 lines left in ${refused}\n`,
  )
  expect(run.stderr).toMatch(
    new RegExp(
      `^error: the store went out of reach during the replay: No answer from PostgreSQL at postgres://postgres:\\*\\*\\*@${proxy.at}/postgres\\?query_timeout=3 within 3 s to "INSERT INTO interactions .*": the server or the network stopped answering in the middle of a query \\(a network partition, a stuck backend, a lock\\)\\. Check that the server runs and this machine reaches it; a query that needs longer may have it with \\?query_timeout=SECONDS in the store's URL\\nhint: run the replay again once it answers; what was not written is still in ${escaped(refused)}, the batch that failed with it \\(a batch is written whole or not at all; if the server took it after all, the replay keeps it once\\)\\n$`,
    ),
  )
  expect(run.stderr).not.toContain('s3cret')
  expect(run.code).toBe(1)
  proxy.thaw()
  // nothing half-written: the first record is stored, the one that timed out is not, and both others are in the file
  expect(await storedIds()).toEqual(['bad1'])
  const left = readFileSync(refused, 'utf8').trim().split('\n')
  expect(left.map((line) => JSON.parse(line).item.record.id)).toEqual(['bad2', 'bad3'])

  const again = await routewright(['history', 'replay', spool, '--store', url], cwd)
  expect(again.stderr).toBe('')
  expect(again.stdout).toBe(
    `wrote 2 records (a record already stored is kept once)\n${refused} is empty and removed\n`,
  )
  expect(again.code).toBe(0)
  expect(existsSync(refused)).toBe(false)
  expect(await storedIds()).toEqual(['bad1', 'bad2', 'bad3'])
})

it('ends with exit 1 and leaves the file unchanged when the server goes silent as the store opens', async () => {
  const cwd = workspace()
  const refused = path.join(cwd, 'history.db.spool.jsonl.refused')
  const store = await openStore(postgres.server.url)
  await store.database.all(
    `ALTER TABLE interactions ADD CONSTRAINT no_bad CHECK (id NOT LIKE 'bad%') NOT VALID`,
  )
  const writer = createHistoryWriter({
    store,
    spoolFile: path.join(cwd, 'history.db.spool.jsonl'),
    now: () => HISTORY_DAY + 3_600_000,
  })
  writer.add(item('bad9', 9))
  await writer.close()
  await store.database.all('ALTER TABLE interactions DROP CONSTRAINT no_bad')
  await store.close()
  const before = readFileSync(refused, 'utf8')

  // the up-front check sends SELECT 1; opening the store reads the migration table
  const { proxy } = postgres
  const froze = proxy.freezeWhen('FROM history_migration')
  const url = postgres.url('connect_timeout=3&query_timeout=3')
  const run = await routewright(['history', 'replay', refused, '--store', url], cwd)
  await froze
  proxy.thaw()
  expect(run.stdout).toBe('')
  expect(run.stderr).toBe(
    `error: Could not open the history at postgres://postgres:***@${proxy.at}/postgres: no answer within 3 s to "SELECT name FROM history_migration": the server or the network stopped answering in the middle of a query (a network partition, a stuck backend, a lock). Check that the server runs and this machine reaches it; a query that needs longer may have it with ?query_timeout=SECONDS in the store's URL\nhint: nothing was replayed; ${refused} is unchanged\n`,
  )
  expect(run.code).toBe(1)
  expect(readFileSync(refused, 'utf8')).toBe(before)
  expect(await storedIds()).not.toContain('bad9')
})
