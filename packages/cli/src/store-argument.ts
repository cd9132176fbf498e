// A --store argument (serve, simulate, report, history): checked, and a relative SQLite file made relative to where the command runs.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { printable, printableName } from '@routewright/node-support/printable'
import { UsageError } from './args.ts'
import type { CliIo } from './command.ts'

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
 * Says so on stderr and returns true when a SQLite store's file is not there (report, history replay and migrate):
 * a read-only open would fail in the driver's words, a writing one create an empty store and leave the real one behind.
 */
export function missingSqliteStore(store: string, io: CliIo): boolean {
  if (!store.startsWith('sqlite:') || store === 'sqlite::memory:') return false
  const file = path.resolve(io.cwd, store.slice('sqlite:'.length))
  if (existsSync(file)) return false
  io.err(
    `error: there is no history at ${printableName(file)}\nhint: give the SQLite file serve --store or simulate --store records into (serve --store creates and migrates a new one)\n`,
  )
  return true
}

/** A PostgreSQL store's URL (the history opens `postgres://` and `postgresql://`). */
export function isPostgresStore(store: string): boolean {
  return /^postgres(ql)?:\/\//.test(store)
}

/**
 * A store the command could not use, refused as a usage error (exit 2) before any other work, for serve before it
 * listens: an existing SQLite file that is no database (a text file, a folder), in the history's own words, as report
 * and history migrate refuse it; a PostgreSQL URL that is malformed, reaches no server, is refused by it (user,
 * password) or names a database it does not have, with the URL's password masked, the cause and the fix. Serve found
 * those out in its writer thread after it took the port, simulate after the day ran (a stack), report and history
 * migrate as a bare driver message (exit 1). A new SQLite file is made by the store.
 */
export async function requireStore(
  store: string,
  flag = '--store',
  /**
   * Told, instead of a refusal, that a PostgreSQL server cannot be reached now (refused, timed out): serve starts
   * anyway and its recorder keeps the records on disk until the store answers. A wrong URL, user, password or
   * database is refused all the same.
   */
  onOutage?: (warning: string) => void,
): Promise<void> {
  // the history's one check (the designer's server runs it too); its driver loads only when a store is given
  const { checkStore } = await import('@routewright/history/operations')
  const problem = await checkStore(store, { flag })
  if (!problem) return
  if (problem.outage && onOutage) onOutage(problem.said)
  else throw new UsageError(problem.said, problem.fix)
}

/** Where a store's warnings at its open go (a URL option the store's own replaces): stderr, as the CLI's other notes. */
export function storeWarnings(io: CliIo): (message: string) => void {
  return (message) => io.err(`warning: ${printable(message)}\n`)
}
