// A --store argument (serve, simulate): checked, and a relative SQLite file made relative to where the command runs.
import { existsSync } from 'node:fs'
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

/**
 * An existing SQLite file that is no database (a text file, a folder) refused as a usage error before anything
 * starts, in the history's own words, as report and history migrate refuse it: serve found out only in its writer
 * thread, after it took the port (exit 2 with its failure logged), simulate after the day ran (exit 1, a stack).
 * A new file is made by the store; a PostgreSQL store is reached when it opens.
 */
export async function requireStoreFile(store: string): Promise<void> {
  if (!store.startsWith('sqlite:') || store === 'sqlite::memory:') return
  if (!existsSync(store.slice('sqlite:'.length))) return
  // the database driver loads only when a store is given
  const { openDatabase, StoreSpecError } = await import('@routewright/history/operations')
  // read-only: the check never creates, migrates or locks the file the command will open for writing
  const database = await openDatabase(store, undefined, { readOnly: true }).catch((error: unknown) => {
    if (error instanceof StoreSpecError) throw new UsageError(error.message)
    return undefined // anything else (a schema too new, a lock) is said by the command that opens it
  })
  await database?.close()
}
