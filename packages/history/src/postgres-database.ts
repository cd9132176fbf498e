// PostgreSQL for several routers sharing one history, through node-postgres (`pg`) with a small pool.

import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { comparable, sessionOptions, userOptionsOf } from './postgres-options.ts'
import {
  connectTimeoutOf,
  QUERY_TIMEOUT_MS,
  queryTimeoutOf,
  roleSettings,
  serverTimeoutOf,
  withoutParamsOfOurs,
} from './postgres-reach.ts'
import {
  IdleTransactionError,
  MigrationError,
  POSTGRES_TYPES,
  QueryTimeoutError,
  redactUrl,
  type SqlColumn,
  type SqlDatabase,
  type SqlExecutor,
  StatementTimeoutError,
} from './sql-database.ts'

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

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (a host's id or attached data can): one such value failed its whole
 * batch on every retry, so nothing after it was written. It is stored as U+FFFD; a `\\u0000` that is an escaped
 * backslash before the text `u0000` is left as it is.
 */
function withoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json
}

function textParam(value: unknown): unknown {
  return typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value
}

/**
 * insertMany as one statement over the rows sent as one JSON array of arrays (JSON.stringify is native, where pg's
 * escaping of text arrays element by element is not); its text depends only on the table and columns, so it is
 * prepared once per connection (named) and reused, however many rows a batch has.
 */
function jsonInsert(
  names: Map<string, string>,
  table: string,
  columns: readonly SqlColumn[],
  rows: ReadonlyArray<readonly unknown[]>,
  tail: string,
): pg.QueryConfig {
  const text = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT ${columns
    .map((c, i) => `(r->>${i})::${POSTGRES_TYPES[c.type]}`)
    .join(', ')} FROM jsonb_array_elements($1::jsonb) AS r ${tail}`
  let name = names.get(text)
  if (name === undefined) {
    name = `history_insert_${names.size + 1}`
    names.set(text, name)
  }
  return { name, text, values: [withoutNul(JSON.stringify(rows))] }
}

/** A statement's first words, for a message: `INSERT INTO interactions (key, router, ...`. */
function firstWords(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return shortened(flat, 63, '...')
}

/** pg's own `query_timeout` gave up waiting (it has no code of its own, only these words). */
function isTimeout(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === undefined && message === 'Query read timeout'
}

/** PostgreSQL cancelled the statement at its statement_timeout (57014 is a pg_cancel_backend's too: the words tell). */
function isServerTimeout(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === '57014' && typeof message === 'string' && message.includes('statement timeout')
}

/** Where a statement goes and how long it may take: what a timeout's message says. */
interface Limits {
  server: string
  timeoutMs: number
  serverTimeoutMs: number
}

/**
 * Runs `config` with the time limit (pg's per-query `query_timeout`: the migrator's queries through the same pool
 * have none), a timeout said as a QueryTimeoutError naming the statement.
 */
async function limited(
  on: pg.Pool | pg.PoolClient,
  limits: Limits,
  config: pg.QueryConfig,
): Promise<pg.QueryResult> {
  const timed: pg.QueryConfig & { query_timeout: number } = { ...config, query_timeout: limits.timeoutMs }
  try {
    return await on.query(timed)
  } catch (error) {
    if (isTimeout(error))
      throw new QueryTimeoutError(limits.server, firstWords(config.text), limits.timeoutMs, { cause: error })
    if (isServerTimeout(error)) {
      const { server, timeoutMs, serverTimeoutMs } = limits
      throw new StatementTimeoutError(server, firstWords(config.text), timeoutMs, serverTimeoutMs, {
        cause: error,
      })
    }
    throw error
  }
}

/** The history's queries on the pool, or on one transaction's client (the same calls, another connection). */
function executorOn(on: pg.Pool | pg.PoolClient, names: Map<string, string>, limits: Limits): SqlExecutor {
  return {
    dialect: 'postgres',
    async all<TRow>(sql: string, params: readonly unknown[] = []) {
      return (await limited(on, limits, { text: numbered(sql), values: params.map(textParam) }))
        .rows as TRow[]
    },
    async insertMany<TRow>(
      table: string,
      columns: readonly SqlColumn[],
      rows: ReadonlyArray<readonly unknown[]>,
      tail: string,
    ) {
      if (rows.length === 0) return []
      return (await limited(on, limits, jsonInsert(names, table, columns, rows, tail))).rows as TRow[]
    },
    async insertNew(table: string, columns: readonly SqlColumn[], rows: ReadonlyArray<readonly unknown[]>) {
      if (rows.length === 0) return new Set<string>()
      const sql = jsonInsert(names, table, columns, rows, 'ON CONFLICT DO NOTHING RETURNING key')
      const result = await limited(on, limits, sql)
      return new Set((result.rows as Array<{ key: string }>).map(({ key }) => key))
    },
  }
}

/**
 * An outage of the server: an error without a SQLSTATE (a socket refused, reset or timed out, a connection ended), or
 * one of the classes 08 (connection), 40 (serialisation, deadlock), 53 (resources), 57 (shutdown, cancel), 58
 * (system) and XX (internal). Data (22), constraint (23) and other errors on a live connection are refusals.
 */
function isPostgresOutage(error: unknown): boolean {
  if (error instanceof MigrationError) return false
  const { code } = (error ?? {}) as { code?: unknown }
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true
  return /^(08|40|53|57|58|XX)/.test(code)
}

export interface PostgresOptions {
  /** How long a new connection waits for the server: default the URL's `connect_timeout` (seconds), else 5 s. */
  connectTimeoutMs?: number
  /** Sessions that cannot write (default_transaction_read_only): a report changes nothing, whatever its role may. */
  readOnly?: boolean
  /**
   * How long a statement waits for the server's answer before it fails with a QueryTimeoutError: default the URL's
   * `query_timeout` (seconds), else QUERY_TIMEOUT_MS (a report's when readOnly, else a writer's). The migrator's
   * queries (Kysely's, on a pool of their own) have none: a migration may fill a column of every row written. The server
   * cancels a statement itself a little before (serverTimeoutOf).
   */
  queryTimeoutMs?: number
  /**
   * The server's statement_timeout, in milliseconds: default serverTimeoutOf(the query time limit), a little under
   * it. One well under the limit keeps the server's cancel first however slow the client's host is to read it (a test
   * of that cancel on a loaded machine); over the limit, the client gives up first and a backend waiting for a lock
   * waits on, holding its transaction's locks, until this bound.
   */
  serverTimeoutMs?: number
  /**
   * Told once, at open, of each setting in the URL's `options` (else PGOPTIONS) that the store's own replaces
   * (statement_timeout, idle_in_transaction_session_timeout; default_transaction_read_only for a reader). Default
   * console.warn.
   */
  onWarning?: (message: string) => void
}

const LONGER = "for a longer time limit give ?query_timeout=SECONDS in the store's URL: both bounds follow it"

/** Why the store sets what it sets, and what to do instead: the warning when the user's options set it otherwise. */
const OWN_SETTING: Record<string, string> = {
  statement_timeout: `a little under the store's query time limit, so that a statement waiting for a lock lets go of its own; ${LONGER}`,
  idle_in_transaction_session_timeout: `at the store's query time limit, so that a session its client left mid-transaction lets go of its locks; ${LONGER}`,
  default_transaction_read_only: 'a report changes nothing',
}

/**
 * The session's startup options: the user's (the URL's `options`, else PGOPTIONS, as libpq reads them) with the
 * store's `settings` after them, so the store's bounds hold whatever the user's set; each of the user's settings they
 * replace is said through `warn`. Before, the URL's `options` replaced the store's whole (node-postgres lets a URL
 * parameter win over the pool's config): its time limits were silently gone.
 */
function optionsFor(
  url: string,
  settings: Readonly<Record<string, string>>,
  warn: ((message: string) => void) | undefined,
): string {
  const { options, overridden } = sessionOptions(userOptionsOf(url, process.env.PGOPTIONS), settings)
  for (const { name, theirs, ours } of overridden) {
    warn?.(
      `The PostgreSQL options of the store's URL (or PGOPTIONS) set ${name}=${theirs}; the store uses ${name}=${ours}, ${OWN_SETTING[name] ?? ''}`,
    )
  }
  return options
}

/**
 * Reads whether the settings sent as startup options hold, and says through `warn` those that do not: a pooler told
 * to ignore `options` (PgBouncer's ignore_startup_parameters) drops them without a word, and the store's bounds with
 * them (the README's "Behind PgBouncer"). Run once, after the pool's first statement answered (so a silent server is
 * waited for once, and said in that statement's words); an error leaves it unsaid.
 */
async function checkSessionSettings(
  pool: pg.Pool,
  limits: Limits,
  url: string,
  settings: Readonly<Record<string, string>>,
  readOnly: boolean,
  warn: (message: string) => void,
): Promise<void> {
  const names = Object.keys(settings)
  let row: Record<string, string> | undefined
  try {
    // no WHERE, no table: a test's proxy that freezes on a statement's words does not take this for it
    const text = `SELECT ${names.map((_, i) => `current_setting($${i + 1}) AS s${i}`).join(', ')}`
    row = (await limited(pool, limits, { text, values: names })).rows[0]
  } catch {
    return
  }
  // a time in ms, as ALTER ROLE takes it
  const bounds: Record<string, string> = Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [name, /^\d+$/.test(value) ? `${value}ms` : value]),
  )
  const said = names.flatMap((name, i) => {
    const found = String(row?.[`s${i}`] ?? '')
    return comparable(found) === comparable(settings[name] ?? '')
      ? []
      : [`${name} is ${found}, not ${bounds[name]}`]
  })
  if (said.length === 0) return
  warn(
    `The store's PostgreSQL sessions at ${redactUrl(url)} run without the settings it sent as startup options (${said.join('; ')}): a pooler such as PgBouncer with options in its ignore_startup_parameters drops them, and the URL's own options with them, so a statement stuck on a lock waits and holds its locks past the store's time limit. Set them on the store's role: ${roleSettings(url, bounds, readOnly ? "a report's" : "a writer's")} (the history README, "PostgreSQL connection URL")`,
  )
}

export { serverTimeoutOf }

/**
 * A transaction's statement failed on a session the server ended for idling in its transaction (SQLSTATE 25P03, on
 * the statement or earlier on the idle client): said as that, with the timeout, instead of pg's "connection error".
 */
function idleEnded(failed: unknown, lost: unknown, server: string, idleTimeoutMs: number): Error | undefined {
  const ended = [failed, lost].find((error) => (error as { code?: unknown } | undefined)?.code === '25P03')
  return ended === undefined ? undefined : new IdleTransactionError(server, idleTimeoutMs, { cause: ended })
}

export function openPostgresDatabase(url: string, options: PostgresOptions = {}): SqlDatabase {
  const timeoutMs =
    options.queryTimeoutMs ??
    queryTimeoutOf(url, options.readOnly ? QUERY_TIMEOUT_MS.report : QUERY_TIMEOUT_MS.write)
  // the default for a caller that is no host (a script, a benchmark): every host passes its own
  const warn = options.onWarning ?? console.warn
  const limits: Limits = {
    server: redactUrl(url),
    timeoutMs,
    serverTimeoutMs: options.serverTimeoutMs ?? serverTimeoutOf(timeoutMs),
  }
  // query_timeout, per query: pg gives up on a silent server and the pool closes that connection (its socket
  // destroyed, as the statement is still out), so the slot is free again and the server ends the session once it
  // hears of it. The server bounds the same work itself, for when the client's giving up does not reach it (a
  // partition) or is not noticed (a backend waiting for a lock reads no socket): statement_timeout cancels the
  // statement, idle_in_transaction_session_timeout ends a session whose client left in a transaction; either way
  // the transaction's locks are released
  const settings: Record<string, string> = {
    statement_timeout: String(limits.serverTimeoutMs),
    idle_in_transaction_session_timeout: String(timeoutMs),
    ...(options.readOnly ? { default_transaction_read_only: 'on' } : {}),
  }
  const config: pg.PoolConfig = {
    // without our query_timeout and the user's options: the URL's would replace the options given here
    connectionString: withoutParamsOfOurs(url),
    max: 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? connectTimeoutOf(url),
    idleTimeoutMillis: 10_000,
    types,
  }
  const pool = new pg.Pool({
    ...config,
    options: optionsFor(url, settings, warn),
  })
  // a server that goes away makes idle clients emit errors: the next query reports it, the process lives on
  pool.on('error', () => {})
  // a checked-out client's connection can die too (a session terminated in a transaction): its statement or the
  // ROLLBACK fails with it and the client is closed, and the socket's late error must not end the process
  // kept, so that the statement it fails next can say why (the session ended for its idle transaction, 25P03)
  const lostBy = new WeakMap<pg.PoolClient, unknown>()
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      // the first: the server's FATAL, before the "Connection terminated unexpectedly" its closing socket adds
      if (!lostBy.has(client)) lostBy.set(client, error)
    }),
  )
  let kysely: Kysely<unknown> | undefined
  const names = new Map<string, string>()
  const pooled = executorOn(pool, names, limits)
  let checking: Promise<void> | undefined
  /** The pool's first answer, once the session's settings were read (every later one at once). */
  const checked = async <T>(answer: T): Promise<T> => {
    checking ??= checkSessionSettings(pool, limits, url, settings, options.readOnly === true, warn)
    await checking
    return answer
  }
  const endMigrator = async () => {
    const done = kysely
    kysely = undefined
    await done?.destroy()
  }
  return {
    ...pooled,
    all: async (sql, params) => checked(await pooled.all(sql, params)),
    insertMany: async (table, columns, rows, tail) =>
      checked(await pooled.insertMany(table, columns, rows, tail)),
    insertNew: async (table, columns, rows) => checked(await pooled.insertNew(table, columns, rows)),
    describe: redactUrl(url),
    isOutage: isPostgresOutage,
    async transaction(work) {
      const client = await pool.connect()
      // set when the connection cannot be trusted (the ROLLBACK failed too): the pool closes it instead of reusing it
      let broken: Error | undefined
      try {
        await limited(client, limits, { text: 'BEGIN' })
        const result = await work(executorOn(client, names, limits))
        await limited(client, limits, { text: 'COMMIT' })
        return result
      } catch (failed) {
        const error = idleEnded(failed, lostBy.get(client), limits.server, timeoutMs) ?? failed
        // the server went silent: a ROLLBACK would wait as long again; the connection is closed instead, and the
        // server rolls the transaction back when its session ends (as it did already, an idle transaction's)
        const silent = error instanceof QueryTimeoutError && !(error instanceof StatementTimeoutError)
        if (silent || error instanceof IdleTransactionError) {
          broken = error
          throw error
        }
        // a refused statement (a constraint, a value) or one the server cancelled at its statement_timeout leaves a
        // live connection in an aborted transaction: the
        // ROLLBACK makes it usable again and it goes back to the pool; a lost connection fails the ROLLBACK too
        try {
          await client.query('ROLLBACK')
        } catch (rollbackFailed) {
          broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed))
        }
        throw error
      } finally {
        client.release(broken)
      }
    },
    async kysely() {
      const { Kysely, PostgresDialect } = await import('kysely')
      // the migrator's own connections, without the server's bounds: a migration may fill a column of every row
      // written, and routers starting together wait for the one that migrates (its lock) as long as it takes
      if (kysely) return kysely
      const migrating = new pg.Pool({
        ...config,
        max: 2,
        // the user's options (a search_path the migrations must see), and a reader's read-only sessions
        options: optionsFor(url, options.readOnly ? { default_transaction_read_only: 'on' } : {}, undefined),
      })
      migrating.on('error', () => {})
      migrating.on('connect', (client) => client.on('error', () => {}))
      kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: migrating }) })
      return kysely
    },
    migrated: endMigrator,
    async close() {
      await endMigrator()
      await pool.end()
    },
  }
}
