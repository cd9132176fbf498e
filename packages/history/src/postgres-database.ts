// PostgreSQL for several routers sharing one history, through node-postgres (`pg`) with a small pool.
import type { Kysely } from 'kysely'
import pg from 'pg'
import { redactUrl, type SqlDatabase } from './sql-database.ts'

// BIGINT (int8) and NUMERIC come back as strings by default; the history's values fit in a double
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

/** `?` placeholders to `$1, $2 ...` (the history's SQL has no `?` inside string literals). */
function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

export function openPostgresDatabase(url: string, options: { connectTimeoutMs?: number } = {}): SqlDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 10_000,
    types,
  })
  // a server that goes away makes idle clients emit errors: the next query reports it, the process lives on
  pool.on('error', () => {})
  let kysely: Kysely<unknown> | undefined
  return {
    dialect: 'postgres',
    describe: redactUrl(url),
    async all<TRow>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(numbered(sql), params as unknown[])
      return result.rows as TRow[]
    },
    async transaction(work) {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        const result = await work({
          dialect: 'postgres',
          async all<TRow>(sql: string, params: readonly unknown[] = []) {
            return (await client.query(numbered(sql), params as unknown[])).rows as TRow[]
          },
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error))
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        // a client whose statement failed may hold a dead connection: the pool discards it
        client.release(broken)
      }
    },
    async kysely() {
      const { Kysely, PostgresDialect } = await import('kysely')
      kysely ??= new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
      return kysely
    },
    async close() {
      if (kysely) await kysely.destroy()
      else await pool.end()
    },
  }
}
