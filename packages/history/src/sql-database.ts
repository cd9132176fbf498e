// The little the history needs from a SQL database, so one store and one set of report queries serve both.
import type { Kysely } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

/** A column written by insertMany, with its kind of value (PostgreSQL casts the column's array to it). */
export interface SqlColumn {
  name: string
  type: 'text' | 'time' | 'real' | 'int'
}

/** Runs one statement; `?` placeholders (the PostgreSQL side numbers them). Rows when it returns any. */
export interface SqlExecutor {
  readonly dialect: Dialect
  all<TRow>(sql: string, params?: readonly unknown[]): Promise<TRow[]>
  /**
   * `INSERT INTO table (columns) <rows> tail` for many rows, the way the dialect writes many rows cheaply (SQLite:
   * one prepared single-row statement run per row; PostgreSQL: one statement over the rows as one JSON document), with the
   * rows a `RETURNING` in `tail` gives. Rows hold the columns' values in order.
   */
  insertMany<TRow>(
    table: string,
    columns: readonly SqlColumn[],
    rows: ReadonlyArray<readonly unknown[]>,
    tail: string,
  ): Promise<TRow[]>
  /**
   * Inserts rows (the key column first), skipping those whose key is already there, and returns the keys it
   * inserted (SQLite: each row's change count, no RETURNING row read per row; PostgreSQL: `RETURNING key`).
   */
  insertNew(
    table: string,
    columns: readonly SqlColumn[],
    rows: ReadonlyArray<readonly unknown[]>,
  ): Promise<Set<string>>
}

/** PostgreSQL's type for a column kind (insertMany casts each value to it). */
export const POSTGRES_TYPES: Record<SqlColumn['type'], string> = {
  text: 'text',
  time: 'int8',
  real: 'float8',
  int: 'int4',
}

export interface SqlDatabase extends SqlExecutor {
  /** What to show people: the file, or the server without its password. */
  readonly describe: string
  /** Runs `work` in one transaction: all of it is written, or none (the writer's batches). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>
  /**
   * Whether a failed statement's error says the database is out of reach or too busy (connection, I/O, lock, full
   * disk, server shutting down) rather than refusing the data it was given (a constraint, a value it cannot hold).
   */
  isOutage(error: unknown): boolean
  /** A Kysely instance over the same connection, for the migrator (Kysely loads only then). */
  kysely(): Promise<Kysely<unknown>>
  /**
   * Runs the migrator holding the database's write lock, undone whole when it throws (SQLite, where Kysely's migration
   * lock does nothing: another process opening the same new file waits, then finds every migration done).
   */
  migrating?<T>(work: () => Promise<T>): Promise<T>
  /** Lets go of connections of the migrator's own (PostgreSQL's, opened without the server's time bounds). */
  migrated?(): Promise<void>
  close(): Promise<void>
}

/**
 * The group's `a,b` pairs of two whole-number columns as one comma-separated text, in no promised order (an
 * aggregate's ORDER BY sorted 900,000 rows again that an index already gives in order: the reader sorts when needed).
 */
export function numberPairs(dialect: Dialect, a: string, b: string): string {
  return dialect === 'sqlite'
    ? `group_concat(${a} || ',' || ${b}, ',')`
    : `string_agg(${a}::text || ',' || ${b}::text, ',')`
}

/** `a` and `b` of the larger / smaller of two numbers, as each dialect spells it. */
export function greatest(dialect: Dialect, a: string, b: string): string {
  return dialect === 'sqlite' ? `max(${a}, ${b})` : `greatest(${a}, ${b})`
}
export function least(dialect: Dialect, a: string, b: string): string {
  return dialect === 'sqlite' ? `min(${a}, ${b})` : `least(${a}, ${b})`
}

/** The map's value for `key`, created by `make` the first time. */
export function getOrCreate<TKey, TValue>(map: Map<TKey, TValue>, key: TKey, make: () => TValue): TValue {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    map.set(key, value)
  }
  return value
}

/**
 * The URL without its password (in the user part or a `password=` parameter, which node-postgres reads too), for
 * messages and logs. One that does not parse (a port "abc", a "/" in the password) still gets its password masked:
 * everything from the user's ":" to the last "@", so a mistyped URL echoed in an error never shows it.
 */
export function redactUrl(url: string): string {
  try {
    // a "/", "?" or "#" in the password ends the URL's host part early (postgres://u:12/34@h/db is host u, port 12):
    // its "@" is then past the host part, and what the parser took for the host and port is the password's start
    if (passwordSplitsUrl(url)) throw new Error('masked by pattern')
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***')
    return parsed.toString()
  } catch {
    return url
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[\s\S]*@/i, '$1:***@')
      .replace(/([?&]password=)[^&#]*/gi, '$1***')
  }
}

/** The URL without the parameters `names` (any case), and without a "?" or "&" left dangling. */
export function withoutParams(url: string, names: readonly string[]): string {
  const param = new RegExp(`(?<=[?&])(?:${names.join('|')})=[^&#]*&?`, 'gi')
  if (!param.test(url)) return url
  return url.replace(param, '').replace(/[?&](#|$)/, '$1')
}

/**
 * Whether an "@" follows the URL's host part when that part holds a ":" (a user and password): a password with a "/",
 * "?" or "#" not percent-encoded, which the URL parser (node-postgres's too) reads as the host and port, or as a
 * host and a path. (A ":" port and an "@" in a parameter look the same: that URL is masked too, to be safe.)
 */
export function passwordSplitsUrl(url: string): boolean {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)
  if (!scheme) return false
  const rest = url.slice(scheme[0].length)
  const end = rest.search(/[/?#]/)
  return end >= 0 && rest.slice(0, end).includes(':') && rest.includes('@', end)
}

/** A migration the server or the migrator refused (an SQL error, corrupted migrations): an answer, not an outage. */
export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** The fix both timeouts end with. */
const LONGER = "a query that needs longer may have it with ?query_timeout=SECONDS in the store's URL"

/**
 * A statement the server did not answer within the store's query time limit (the server or the network went silent
 * mid-query: a partition, a stuck backend, a lock). No SQLSTATE, so the store counts it as an outage: the writer
 * keeps the batch on disk and writes it again. The message says what waited, how long, on which server and the fix.
 */
export class QueryTimeoutError extends Error {
  override readonly name: string = 'QueryTimeoutError'
  /** The message after the server (`within 3 s to "SELECT ..."` and the fix): for a message naming the server already. */
  readonly reason: string
  constructor(
    /** The server, its password masked. */
    readonly server: string,
    /** The statement's first words. */
    readonly statement: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
    /** What happened after `within N s to "..."`, and what to do (a sibling's words; these by default). */
    said = `within ${timeoutMs / 1000} s to "${statement}": the server or the network stopped answering in the middle of a query (a network partition, a stuck backend, a lock). Check that the server runs and this machine reaches it; ${LONGER}`,
  ) {
    super(`No answer from PostgreSQL at ${server} ${said}`, options)
    this.reason = said
  }
}

/**
 * PostgreSQL ended a session idle in its transaction past idle_in_transaction_session_timeout (SQLSTATE 25P03), which
 * the store sets at its query time limit: the client sent nothing for that long mid-write. No SQLSTATE of its own, so
 * the store counts it as an outage (the writer keeps the batch); the message names the setting, its value and the fix.
 */
export class IdleTransactionError extends Error {
  override readonly name = 'IdleTransactionError'
  constructor(
    /** The server, its password masked. */
    readonly server: string,
    /** The session's idle_in_transaction_session_timeout, in milliseconds. */
    readonly idleTimeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(
      `PostgreSQL at ${server} ended the session in the middle of a write (SQLSTATE 25P03): the transaction was idle ${idleTimeoutMs / 1000} s, its idle_in_transaction_session_timeout (${idleTimeoutMs} ms, set at the store's query time limit so that a session its client left mid-transaction lets go of its locks). This host sent the next statement too late (a paused or overloaded process, a slow network); the batch is written again. ${LONGER}`,
      options,
    )
  }
}

/**
 * A statement PostgreSQL itself cancelled at its statement_timeout, which the store sets a little under its query
 * time limit (a lock another session holds, or a query that needs longer): the server let go of the statement's
 * locks. A QueryTimeoutError too, so it is handled as one (an outage: the writer keeps the batch).
 */
export class StatementTimeoutError extends QueryTimeoutError {
  override readonly name = 'StatementTimeoutError'
  constructor(
    server: string,
    statement: string,
    timeoutMs: number,
    /** The server's statement_timeout, in milliseconds. */
    readonly serverTimeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(
      server,
      statement,
      timeoutMs,
      options,
      `within ${serverTimeoutMs / 1000} s to "${statement}": the server cancelled it at its statement_timeout, set a little under the store's query time limit (${timeoutMs / 1000} s) so that a statement waiting for a lock lets go of its own. Look in pg_stat_activity for the session holding the lock (a long transaction, a migration, a manual LOCK); ${LONGER}`,
    )
  }
}
