// The embedded default: a SQLite file through better-sqlite3 (synchronous, in process), in WAL mode.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { SqlDatabase } from './sql-database.ts'

export function openSqliteDatabase(file: string): SqlDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new Database(file)
  // WAL: readers (a report) do not block the writer; NORMAL sync is durable across a process crash
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  const statements = new Map<string, Database.Statement>()
  const prepared = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }
  let kysely: Kysely<unknown> | undefined
  return {
    dialect: 'sqlite',
    describe: `sqlite:${file}`,
    async all<TRow>(sql: string, params: readonly unknown[] = []) {
      return prepared(sql).all(...params) as TRow[]
    },
    async insert(table, columns, rows) {
      if (rows.length === 0) return
      const statement = prepared(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
      )
      db.transaction(() => {
        for (const row of rows) statement.run(...row)
      })()
    },
    kysely() {
      kysely ??= new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
      return kysely
    },
    async close() {
      // Kysely's destroy closes the database it was given
      if (kysely) await kysely.destroy()
      else db.close()
    },
  }
}
