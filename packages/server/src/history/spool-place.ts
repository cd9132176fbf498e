// Where serve's history records wait while the store does not answer, checked before the writer thread starts: a
// folder given for the file, a file where a folder must be, or a folder this user cannot write is refused by the
// option's name, the path and what to do (before: the store "failed" with raw errno text, or no path at all).
import { accessSync, constants, mkdirSync, type Stats, statSync } from 'node:fs'
import path from 'node:path'
import { describeKind } from '@routewright/node-support/read'
import { isPostgresStore } from '@routewright/node-support/store-url'

/** The spool cannot be where it was asked (or defaulted) to be: said as it is, the start refused (exit 2). */
export class SpoolPlaceError extends Error {
  override name = 'SpoolPlaceError'
}

const SPOOL_HINT =
  'give --store-spool a file in a folder this user can write, e.g. /var/lib/routewright/history.spool.jsonl'

/**
 * The spool file for a store: `--store-spool` as given, else beside a SQLite file. A PostgreSQL store has no file to
 * sit beside: its spool is asked for (the workspace, a git checkout several processes may share, was the default).
 */
export function spoolFor(
  options: { store: string; spoolFile?: string },
  workspaceRoot: string,
): { file: string; named: string } {
  if (options.spoolFile) {
    const file = path.resolve(options.spoolFile)
    return { file, named: `--store-spool ${file}` }
  }
  if (options.store.startsWith('sqlite:') && options.store !== 'sqlite::memory:') {
    const file = `${path.resolve(options.store.slice('sqlite:'.length))}.spool.jsonl`
    return {
      file,
      named: `the history spool ${file} (beside the --store file; --store-spool puts it elsewhere)`,
    }
  }
  // a store in memory never stops answering: only a refused record's dead-letter file (beside it) is ever written
  // (a store that is neither is refused by its open, in its own words)
  if (!isPostgresStore(options.store)) {
    const file = path.join(workspaceRoot, '.routewright-history.spool.jsonl')
    return { file, named: `the history spool ${file} (--store-spool puts it elsewhere)` }
  }
  throw new SpoolPlaceError(
    'A PostgreSQL store needs --store-spool FILE: the ' +
      'file records wait in while the store does not answer, one per serve process, kept across restarts; ' +
      SPOOL_HINT,
  )
}

/** Nothing there, or a file where a folder of the path should be (ENOTDIR): the walk up finds which. */
function statOrNone(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false })
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOTDIR') return undefined
    throw error
  }
}

/** Makes the spool's folder and checks the spool can be written there; throws SpoolPlaceError saying what to do. */
export function prepareSpool(place: { file: string; named: string }): void {
  const { file, named } = place
  const at = statOrNone(file)
  if (at && !at.isFile())
    throw new SpoolPlaceError(
      `${named} is ${describeKind(at)}: give a file (records wait in it while the store does not answer), e.g. ` +
        `--store-spool ${path.join(file, 'history.spool.jsonl')}`,
    )
  // the nearest folder that exists: a file in its place is what mkdir met as EEXIST
  let folder = path.dirname(file)
  let found = statOrNone(folder)
  while (!found && path.dirname(folder) !== folder) {
    folder = path.dirname(folder)
    found = statOrNone(folder)
  }
  if (found && !found.isDirectory())
    throw new SpoolPlaceError(
      `${named}: ${folder} is ${found.isFile() ? 'a file' : describeKind(found)}, not a folder; ${SPOOL_HINT}`,
    )
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    accessSync(at ? file : path.dirname(file), constants.W_OK)
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message
    throw new SpoolPlaceError(`${named} cannot be written (${code}); ${SPOOL_HINT}`)
  }
}
