// The "Where used" question the inspector asks and the bottom panel answers, and the workspace read that answers it.
import { readAlarms } from '@routewright/server/alarms-read'
import {
  type AlarmsUsageDocument,
  addUsageFile,
  type ReferenceKind,
  type UsageFile,
  type UsageFileLists,
  type WhereUsed,
  whereUsed,
} from '@routewright/strategy-dsl'
import type { FileMeta } from '../api/protocol.ts'
import type { WorkspaceClientLike } from '../workspace/client-types.ts'
import { isReadable } from '../workspace/files.ts'

export interface WhereUsedQuery {
  name: string
  kind: ReferenceKind | undefined
  /** Repeats a request for the same name (a second click searches again: files may have changed). */
  nonce: number
}

/** One query at a time, shared by the inspector (asks) and the panel (answers): `{ get, set, subscribe }`. */
export function createQueryStore() {
  let query: WhereUsedQuery | undefined
  const listeners = new Set<() => void>()
  return {
    get: () => query,
    ask(name: string, kind: ReferenceKind | undefined) {
      query = { name, kind, nonce: (query?.nonce ?? 0) + 1 }
      for (const listener of listeners) listener()
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export const whereUsedQuery = createQueryStore()

/** serve's alarms.yaml read with serve's own reader, into where-used's list; false when it does not parse. */
function addAlarms(into: UsageFile<AlarmsUsageDocument>[], file: string, text: string): boolean {
  const read = readAlarms(text, file, { positions: true })
  if (read.document)
    into.push({ file, document: read.document, ...(read.locator ? { locator: read.locator } : {}) })
  return read.document !== undefined
}

/**
 * Reads every strategy, directory and test file of the workspace (the open file from the editor's text, unsaved
 * edits included) and serve's alarms.yaml, and answers the query; a file that does not parse is left out and named
 * in `skipped`.
 */
export async function findUses(
  client: WorkspaceClientLike,
  files: readonly FileMeta[],
  open: { path: string; text: string } | undefined,
  query: Pick<WhereUsedQuery, 'name' | 'kind'>,
): Promise<{ found: WhereUsed; skipped: string[] }> {
  const textOf = async (path: string) => (open?.path === path ? open.text : (await client.read(path)).text)
  const lists: UsageFileLists = { strategies: [], directories: [], tests: [] }
  const alarms: UsageFile<AlarmsUsageDocument>[] = []
  const skipped: string[] = []
  const readable = files.filter(isReadable)
  await Promise.all([
    ...readable.map(async (f) => {
      // each kind parsed by its own reader; a file that does not parse is named, never guessed at
      if (!addUsageFile(lists, f.kind, f.path, await textOf(f.path))) skipped.push(f.path)
    }),
    client.alarms().then((file) => {
      if (file && !addAlarms(alarms, file.path, file.text)) skipped.push(file.path)
    }),
  ])
  const { strategies, directories, tests } = lists
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : 1)
  strategies.sort(byFile)
  directories.sort(byFile)
  tests.sort(byFile)
  return {
    found: whereUsed({ strategies, directories, tests, alarms }, query.name, { kind: query.kind }),
    skipped: skipped.sort(),
  }
}
