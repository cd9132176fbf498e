// A store location checked before a command or server starts its work: the one check (the CLI's commands, the
// designer's server), said the same way everywhere.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { isPostgresStore } from '@routewright/node-support/store-url'
import { redactUrl } from './sql-database.ts'
import { openDatabase, StoreSpecError } from './store.ts'

/** What is wrong with a store location, in words: the line to print, its fix, and whether it may heal. */
export interface StoreCheckProblem {
  /** `--store postgres://user:***@host:5432/db: <cause>` (the password masked), or the SQLite file's problem. */
  said: string
  /** What to change; absent when `said` says it. */
  fix?: string
  /** A PostgreSQL server that cannot be reached now (refused, no answer): a server that records may start anyway. */
  outage: boolean
}

export interface StoreCheckOptions {
  /** The flag the location was given with, to name it in the message. Default `--store`. */
  flag?: string
  /** Where a relative SQLite file is. Default the process's working directory. */
  cwd?: string
  /** How long to wait for a PostgreSQL server. Default the URL's `connect_timeout` (seconds), else 5 s. */
  connectTimeoutMs?: number
}

/**
 * What is wrong with the store at `store` (undefined when it can be used): a PostgreSQL URL that is malformed, reaches
 * no server (refused, or no answer within the connect timeout: it never hangs), is refused by it (user, password) or
 * names a database it does not have; an existing SQLite file that is no database (a text file, a folder). A new
 * SQLite file is fine (the store makes it). Nothing is created, migrated or locked.
 */
export async function checkStore(
  store: string,
  options: StoreCheckOptions = {},
): Promise<StoreCheckProblem | undefined> {
  const flag = options.flag ?? '--store'
  if (isPostgresStore(store)) {
    // the driver loads only when a store is given
    const { postgresProblem } = await import('./postgres-reach.ts')
    const problem = await postgresProblem(
      store,
      options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {},
    )
    if (!problem) return undefined
    return { said: `${flag} ${redactUrl(store)}: ${problem.cause}`, fix: problem.fix, outage: problem.outage }
  }
  if (!store.startsWith('sqlite:') || store === 'sqlite::memory:') return undefined
  const cwd = options.cwd ?? process.cwd()
  if (!existsSync(path.resolve(cwd, store.slice('sqlite:'.length)))) return undefined
  // read-only: the check never creates, migrates or locks the file the command will open for writing
  const database = await openDatabase(store, cwd, { readOnly: true }).catch((error: unknown) => {
    if (error instanceof StoreSpecError)
      return { said: error.message, ...(error.fix ? { fix: error.fix } : {}), outage: false }
    return undefined // anything else (a schema too new, a lock) is said by the command that opens it
  })
  if (database && 'said' in database) return database
  await database?.close()
  return undefined
}
