// The embedded default: a SQLite file through better-sqlite3 (synchronous, in process), in WAL mode.
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { SqlColumn, SqlDatabase, SqlExecutor } from './sql-database.ts'

// codes (or their families, SQLITE_IOERR_*) of a file that cannot be read or written now, whatever the data
const OUTAGE_CODES =
  /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB|PERM|AUTH|INTERRUPT)/

/** An outage of the SQLite file: one of the codes above, or the connection closed (not a SqliteError). */
function isSqliteOutage(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string') return OUTAGE_CODES.test(code)
  return /database connection is not open/i.test(String(message))
}

/** A read-only open that failed because SQLite may not create the WAL's `-shm` beside the file: what to do. */
function readOnlyOpenError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_NOTADB') return notADatabase(error, file)
  if (code !== 'SQLITE_READONLY_DIRECTORY') return error
  return Object.assign(
    new Error(
      `Cannot read ${file}: it is a WAL database with no ${path.basename(file)}-shm beside it, and SQLite may not ` +
        `create one in ${path.dirname(file)} as this user. Let this user write that folder, or read it while serve ` +
        `has it open (the -shm is there then)`,
      { cause: error },
    ),
    { code },
  )
}

/** SQLite's "file is not a database" names neither the file nor what to do. */
function notADatabase(error: unknown, file: string): Error {
  return Object.assign(
    new Error(
      `${file} is not a history store: it is not a SQLite database (SQLITE_NOTADB) and was not changed. Give the ` +
        'file serve --store or simulate --store records into (serve --store sqlite:FILE makes one in a new file)',
      { cause: error },
    ),
    { code: 'SQLITE_NOTADB' },
  )
}

export interface SqliteOpenOptions {
  /**
   * A reader (a report): the file is never created and no statement writes to it (query_only; no journal mode set,
   * no migration). Closing it as the last connection checkpoints the WAL and removes its -shm and -wal, as a writer's
   * close does; where this user may not write, it is opened with SQLite's read-only flag. A WAL database serve writes
   * meanwhile is read as of each statement's start. Default false.
   */
  readOnly?: boolean
}

/**
 * A connection that only reads. With no -wal or -shm beside the file (nothing has it open, nothing is left to
 * checkpoint): query_only on a read-write open, so that closing it as the last connection removes the -shm and empty
 * -wal it made (a `readonly` open cannot, and left both beside the store after every report; serve, writing
 * meanwhile, keeps its own). With a WAL there (serve running, or crashed): the `readonly` open, which never
 * checkpoints it into the file; and so where this user may not write.
 */
function openForReading(file: string): Database.Database {
  const probe = (db: Database.Database) => {
    db.pragma('query_only = ON')
    // the first read opens the WAL: a failure is told here, with what to do, rather than in the first query
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return db
  }
  let writable: Database.Database | undefined
  const walThere = existsSync(`${file}-wal`) || existsSync(`${file}-shm`)
  if (!walThere)
    try {
      // fileMustExist: a reader never creates the file it was pointed at (a mistyped path stays a mistake)
      writable = new Database(file, { fileMustExist: true })
      if (!writable.readonly) return probe(writable)
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB') {
        writable?.close()
        throw notADatabase(error, file)
      }
    }
  writable?.close()
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return probe(db)
  } catch (error) {
    db.close()
    throw readOnlyOpenError(error, file)
  }
}

/** SQLite's "unable to open database file" names neither the file nor why: a folder this user cannot create in. */
function openForWriting(file: string): Database.Database {
  try {
    return new Database(file)
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'SQLITE_CANTOPEN') throw error
    throw Object.assign(
      new Error(
        `Cannot open or create the SQLite file ${file} (SQLITE_CANTOPEN): this user must be able to create and ` +
          `write files in ${path.dirname(file)}. Give serve --store sqlite:FILE a file in such a folder`,
        { cause: error },
      ),
      { code: 'SQLITE_CANTOPEN' },
    )
  }
}

export function openSqliteDatabase(file: string, options: SqliteOpenOptions = {}): SqlDatabase {
  const readOnly = options.readOnly === true && file !== ':memory:'
  if (file !== ':memory:' && !readOnly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = readOnly ? openForReading(file) : openForWriting(file)
  // first: another process opening the same file at once holds its lock a moment (its WAL switch, its migration)
  db.pragma('busy_timeout = 5000')
  if (!readOnly) {
    // WAL: readers (a report) do not block the writer; NORMAL sync is durable across a process crash
    try {
      db.pragma('journal_mode = WAL')
    } catch (error) {
      db.close()
      throw (error as { code?: unknown }).code === 'SQLITE_NOTADB' ? notADatabase(error, file) : error
    }
    db.pragma('synchronous = NORMAL')
  }
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
  const executor: SqlExecutor = {
    dialect: 'sqlite',
    async all<TRow>(sql: string, params: readonly unknown[] = []) {
      const statement = prepared(sql)
      if (statement.reader) return statement.all(...params) as TRow[]
      statement.run(...params)
      return []
    },
    async insertMany<TRow>(
      table: string,
      columns: readonly SqlColumn[],
      rows: ReadonlyArray<readonly unknown[]>,
      tail: string,
    ) {
      // one small statement, prepared once, run per row: no statement text per batch size to parse and cache
      const statement = prepared(
        `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${tail}`,
      )
      const out: TRow[] = []
      if (statement.reader) {
        for (const row of rows) {
          const returned = statement.get(...row) as TRow | undefined
          if (returned !== undefined) out.push(returned)
        }
      } else for (const row of rows) statement.run(...row)
      return out
    },
    async insertNew(table: string, columns: readonly SqlColumn[], rows: ReadonlyArray<readonly unknown[]>) {
      // a row's change count says whether it went in: no RETURNING row made and read per row (some 1.5 us each)
      const statement = prepared(
        `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
      )
      const keys = new Set<string>()
      for (const row of rows) if (statement.run(...row).changes === 1) keys.add(row[0] as string)
      return keys
    },
  }
  // better-sqlite3 is synchronous: nothing else runs on this connection between BEGIN and COMMIT but `work`
  let inTransaction = false
  return {
    ...executor,
    describe: `sqlite:${file}`,
    isOutage: isSqliteOutage,
    async transaction(work) {
      if (inTransaction) throw new Error('The history store does not nest transactions')
      inTransaction = true
      db.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(executor)
        db.exec('COMMIT')
        return result
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      } finally {
        inTransaction = false
      }
    },
    async migrating(work) {
      if (inTransaction) throw new Error('The history store does not nest transactions')
      inTransaction = true
      // the migrator runs on this same connection: its statements are inside this transaction
      db.exec('BEGIN IMMEDIATE')
      try {
        const result = await work()
        db.exec('COMMIT')
        return result
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      } finally {
        inTransaction = false
      }
    },
    async kysely() {
      const { Kysely, SqliteDialect } = await import('kysely')
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
