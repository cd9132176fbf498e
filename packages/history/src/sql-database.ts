// The little the history needs from a SQL database, so one store and one set of report queries serve both.
import type { Kysely } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

/** Queries use `?` placeholders; the PostgreSQL side numbers them. */
export interface SqlDatabase {
  readonly dialect: Dialect
  /** What to show people: the file, or the server without its password. */
  readonly describe: string
  all<TRow>(sql: string, params?: readonly unknown[]): Promise<TRow[]>
  /**
   * Inserts rows in one transaction, skipping rows whose primary key is already there, so writing the same
   * record twice (a retry after a crash) keeps one copy.
   */
  insert(table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<void>
  /** A Kysely instance over the same connection, for the migrator. */
  kysely(): Kysely<unknown>
  close(): Promise<void>
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
