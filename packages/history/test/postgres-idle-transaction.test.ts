// A write whose transaction sat idle past the store's idle_in_transaction_session_timeout: PostgreSQL ends the session
// (SQLSTATE 25P03, told to the idle client), and the next statement failed with pg's bare "Client has encountered a
// connection error and is not queryable", which named neither the timeout nor the fix.
import { IdleTransactionError, openPostgresDatabase } from '@routewright/history'
import { waitFor } from '@routewright/node-support'
import { expect, it } from 'vitest'
import { freshPostgresDatabase } from './fixtures.ts'

it('names idle_in_transaction_session_timeout, its value and the fix when the server ends an idle write', async () => {
  const url = await freshPostgresDatabase()
  // a query time limit of 1 s: the store sets idle_in_transaction_session_timeout to it
  const database = openPostgresDatabase(url, { queryTimeoutMs: 1000 })
  const admin = openPostgresDatabase(url)
  try {
    const failed = await database
      .transaction(async (tx) => {
        const [row] = await tx.all<{ pid: number }>('SELECT pg_backend_pid() AS pid')
        // idle in the transaction until the server has ended the session
        await waitFor(
          'the idle session to end',
          async () =>
            (await admin.all('SELECT 1 FROM pg_stat_activity WHERE pid = ?', [row?.pid])).length === 0,
          20_000,
        )
        await tx.all('SELECT 1')
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(failed).toBeInstanceOf(IdleTransactionError)
    expect((failed as Error).message).toMatch(
      /^PostgreSQL at postgres:\/\/.* ended the session in the middle of a write \(SQLSTATE 25P03\): the transaction was idle 1 s, its idle_in_transaction_session_timeout \(1000 ms, set at the store's query time limit .*\?query_timeout=SECONDS in the store's URL$/,
    )
    // an outage: the writer keeps the batch and writes it again; the pool goes on with a new session
    expect(database.isOutage(failed)).toBe(true)
    expect(await database.all('SELECT 1 AS one')).toEqual([{ one: 1 }])
  } finally {
    await database.close()
    await admin.close()
  }
})
