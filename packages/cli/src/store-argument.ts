// A --store argument (serve, simulate): checked, and a relative SQLite file made relative to where the command runs.
import path from 'node:path'
import { UsageError } from './args.ts'

/** `sqlite:FILE` (FILE resolved against `cwd`) or a PostgreSQL URL, as the history store opens it. */
export function storeArgument(store: string, cwd: string): string {
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(store))
    throw new UsageError(
      `--store takes sqlite:FILE or a postgres:// URL (got "${store}")`,
      'Try: --store sqlite:history.db',
    )
  return store.startsWith('sqlite:') && store !== 'sqlite::memory:'
    ? `sqlite:${path.resolve(cwd, store.slice('sqlite:'.length))}`
    : store
}
