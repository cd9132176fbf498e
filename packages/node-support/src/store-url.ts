// Which kind of history store a `--store` value names: one test, for the history package and serve (which loads the
// history package only when installed, so cannot take it from there).

/** Whether `store` names a PostgreSQL server (`postgres://…` or `postgresql://…`). */
export function isPostgresStore(store: string): boolean {
  return /^postgres(ql)?:\/\//.test(store)
}
