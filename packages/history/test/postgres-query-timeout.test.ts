// A PostgreSQL server that goes silent after the connection was made (a partition, a stuck backend): a real server
// behind a proxy the test freezes. Every statement has a time limit (?query_timeout=SECONDS): the writer keeps the
// batch that timed out and writes it once the server answers again, a report fails with what, how long and where.
import path from 'node:path'
import {
  buildReport,
  createHistoryWriter,
  createSqlStore,
  type HistoryStore,
  openDatabase,
  openPostgresDatabase,
  openStore,
  QueryTimeoutError,
  StatementTimeoutError,
} from '@routewright/history'
import { type FreezableProxy, startFreezableProxy, testFolder } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUERY_TIMEOUT_MS, queryTimeoutOf } from '../src/operations-entry.ts'
import { serverTimeoutOf } from '../src/postgres-reach.ts'
import { DAY, freshPostgresDatabase, interaction, MIN } from './fixtures.ts'

let proxy: FreezableProxy
/** The test's database through the proxy, with a password (to see it masked) and `params`. */
let through: (params: string) => string
let direct: string
beforeAll(async () => {
  direct = await freshPostgresDatabase()
  const { host, pathname } = new URL(direct)
  proxy = await startFreezableProxy(host)
  through = (params) => `postgres://postgres:s3cret@${proxy.at}${pathname}?${params}`
  // migrated once, directly: the tests below open it as a writer or a reader would
  await (await openStore(direct)).close()
})
afterAll(async () => {
  proxy?.thaw()
  await proxy?.close()
})

const FIX =
  "Check that the server runs and this machine reaches it; a query that needs longer may have it with ?query_timeout=SECONDS in the store's URL"
const silent = (seconds: number, statement: string) =>
  `No answer from PostgreSQL at postgres://postgres:***@${proxy.at}${new URL(direct).pathname}?connect_timeout=3&query_timeout=${seconds} within ${seconds} s to "${statement}": the server or the network stopped answering in the middle of a query (a network partition, a stuck backend, a lock). ${FIX}`

async function count(table: string, column = 'COUNT(*)'): Promise<number> {
  const store = await openStore(direct, undefined, { readOnly: true })
  try {
    const rows = await store.database.all<{ n: number }>(`SELECT ${column} AS n FROM ${table}`)
    return Number(rows[0]?.n)
  } finally {
    await store.close()
  }
}

describe('the time limit', () => {
  it('is the URL query_timeout in seconds, else 30 s for a writer and 120 s for a report', () => {
    expect(QUERY_TIMEOUT_MS).toEqual({ write: 30_000, report: 120_000 })
    expect(queryTimeoutOf('postgres://u@h/db', 30_000)).toBe(30_000)
    expect(queryTimeoutOf('postgres://u@h/db?connect_timeout=1&query_timeout=2.5', 30_000)).toBe(2500)
    expect(queryTimeoutOf('postgres://u@h/db?query_timeout=0', 120_000)).toBe(120_000)
    expect(queryTimeoutOf('postgres://u@h/db?query_timeout=soon', 120_000)).toBe(120_000)
    // the server's statement_timeout: a tenth under the client's limit, at most 1 s under
    expect([2000, 3000, 30_000, 120_000].map(serverTimeoutOf)).toEqual([1800, 2700, 29_000, 119_000])
  })

  it('reads the URL query_timeout as seconds, and leaves the migrator without one', async () => {
    const store = await openStore(through('query_timeout=5'), undefined, { readOnly: true })
    try {
      // 200 ms: past 5 ms, well within 5 s
      await expect(store.database.all('SELECT pg_sleep(0.2)')).resolves.toHaveLength(1)
    } finally {
      await store.close()
    }
    // node-postgres reads a query_timeout left in the URL itself, as milliseconds, for every query of the pool
    // (the migrator's too): a fresh database's migrations take longer than 1 ms
    const fresh = await openStore(`${await freshPostgresDatabase()}?query_timeout=1`)
    await fresh.close()
  })
})

describe('a server that stops answering mid-query', () => {
  it("the writer's batch that timed out waits on disk, and is written once when the server answers again", async () => {
    const store = await openStore(through('connect_timeout=3&query_timeout=3'))
    const spoolFile = path.join(testFolder('routewright-query-timeout-'), 'pending.jsonl')
    const writer = createHistoryWriter({ store, spoolFile, batchSize: 50 })
    const add = (from: number, to: number) => {
      for (let n = from; n < to; n++) {
        writer.add({ kind: 'interaction', record: interaction({ id: `q${n}`, arrivedAt: DAY + n * 1000 }) })
      }
    }
    try {
      add(0, 100)
      await writer.flush()
      expect(writer.counters()).toMatchObject({ pending: 0, written: 100 })

      // the interactions' insert is prepared once per connection: later batches name it, as this one does
      const froze = proxy.freezeWhen('history_insert_1')
      add(100, 200)
      await writer.flush()
      await froze
      const down = writer.counters()
      // kept on disk as in an outage (not set aside as refused), said with the server and the fix
      expect(down).toMatchObject({ written: 100, spooled: 100, refused: 0, dropped: 0 })
      expect(down.failures).toBeGreaterThan(0)
      expect(down.lastError).toBe(
        silent(3, 'INSERT INTO interactions (key, router, id, strategy, strateg...'),
      )

      proxy.thaw()
      await writer.flush()
      expect(writer.counters()).toMatchObject({ pending: 0, written: 200, refused: 0, dropped: 0 })
      // all there, none twice: the slots counted each interaction once
      expect(await count('interactions')).toBe(200)
      expect(await count('interval_stats', "SUM(offered) FILTER (WHERE dim = 'queue')")).toBe(200)
    } finally {
      proxy.thaw()
      await writer.close()
      await store.close()
    }
  })

  it('a report fails after the time limit, naming the statement, the server and the fix', async () => {
    const store: HistoryStore = await openStore(through('connect_timeout=3&query_timeout=3'), undefined, {
      readOnly: true,
    })
    try {
      const froze = proxy.freezeWhen('FROM interactions')
      const report = buildReport(store, {
        clock: { now: () => DAY + 24 * 60 * MIN },
        from: DAY,
        to: DAY + 60 * MIN,
        interval: '1h',
        by: 'queue',
        source: 'raw',
      })
      await froze
      const error = await report.catch((thrown: unknown) => thrown)
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect((error as QueryTimeoutError).timeoutMs).toBe(3000)
      expect((error as Error).message).toMatch(/^No answer from PostgreSQL at postgres:\/\/postgres:\*\*\*@/)
      expect((error as Error).message).toContain(' within 3 s to "SELECT ')
      expect((error as Error).message).not.toContain('s3cret')
    } finally {
      proxy.thaw()
      await store.close()
    }
  })
})

describe('a server that stops answering while a store opens', () => {
  it('openStore names the server once, without the time limits, and says what waited', async () => {
    const froze = proxy.freezeWhen('FROM history_migration')
    const opening = openStore(through('connect_timeout=3&query_timeout=3'), undefined, { readOnly: true })
    try {
      await froze
      await expect(opening).rejects.toThrow(
        new Error(
          `Could not open the history at postgres://postgres:***@${proxy.at}${new URL(direct).pathname}: no answer within 3 s to "SELECT name FROM history_migration": the server or the network stopped answering in the middle of a query (a network partition, a stuck backend, a lock). ${FIX}`,
        ),
      )
    } finally {
      proxy.thaw()
      await opening.then((store) => store.close()).catch(() => {})
    }
  })
})

describe('a statement stuck on a lock another session holds', () => {
  /** Sessions of the database waiting for a lock, but the one asking. */
  async function waitingForALock(url: string): Promise<unknown[]> {
    const database = await openDatabase(url)
    try {
      return await database.all(
        `SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      )
    } finally {
      await database.close()
    }
  }

  it('is cancelled by the server at its statement_timeout, its locks let go, and the writer keeps the batch', async () => {
    const url = await freshPostgresDatabase()
    await (await openStore(url)).close()
    // the server's bound 8 s under the client's, not the default's 0.4 s at 4 s: a loaded host read the server's
    // cancel after its own timer had fired, and the test saw the client's timeout instead of the server's
    const store = await createSqlStore(
      openPostgresDatabase(`${url}?query_timeout=10`, { serverTimeoutMs: 2000 }),
    )
    const spoolFile = path.join(testFolder('routewright-statement-timeout-'), 'pending.jsonl')
    const writer = createHistoryWriter({ store, spoolFile, batchSize: 50 })
    // another session (a long transaction, a manual LOCK) holds the table: inserts wait for it
    const holder = await openDatabase(url)
    let release = () => {}
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve
    })
    const holding = holder.transaction(async (tx) => {
      await tx.all('LOCK TABLE interactions IN SHARE MODE')
      locked()
      await new Promise<void>((resolve) => {
        release = resolve
      })
    })
    try {
      await isLocked
      for (let n = 0; n < 10; n++) {
        writer.add({ kind: 'interaction', record: interaction({ id: `l${n}`, arrivedAt: DAY + n * 1000 }) })
      }
      await writer.flush()
      const down = writer.counters()
      expect(down).toMatchObject({ written: 0, spooled: 10, refused: 0, dropped: 0 })
      // the server cancelled it: no session of the writer's still waits (before, its backend waited for the lock,
      // with the locks its transaction held, until the holder let go, the client long gone)
      expect(await waitingForALock(url)).toEqual([])
      const error = (down.lastError ?? '') as string
      expect(error).toBe(
        `No answer from PostgreSQL at ${url}?query_timeout=10 within 2 s to "INSERT INTO interactions (key, router, id, strategy, strateg...": the server cancelled it at its statement_timeout, set a little under the store's query time limit (10 s) so that a statement waiting for a lock lets go of its own. Look in pg_stat_activity for the session holding the lock (a long transaction, a migration, a manual LOCK); a query that needs longer may have it with ?query_timeout=SECONDS in the store's URL`,
      )
    } finally {
      release()
      await holding
      await holder.close()
    }
    await writer.flush()
    expect(writer.counters()).toMatchObject({ pending: 0, written: 10, refused: 0, dropped: 0 })
    await writer.close()
    await store.close()
  })

  it('is a QueryTimeoutError, for whoever handles one (a report exits 1, the designer answers 503)', async () => {
    // the server's bound 29 s under the client's, not the default's 0.2 s at 2 s: under load the client's timer could
    // fire before the server's cancel was read, and the test saw the other error (the default's figures: above)
    const store = await createSqlStore(
      openPostgresDatabase(`${direct}?query_timeout=30`, { readOnly: true, serverTimeoutMs: 1000 }),
      { readOnly: true },
    )
    try {
      const error = await store.database.all('SELECT pg_sleep(40)').catch((thrown: unknown) => thrown)
      expect(error).toBeInstanceOf(StatementTimeoutError)
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect(error).toMatchObject({ timeoutMs: 30_000, serverTimeoutMs: 1000 })
      expect((error as Error).message).toContain(
        ' within 1 s to "SELECT pg_sleep(40)": the server cancelled it',
      )
    } finally {
      await store.close()
    }
  })
})
