// The "Where used" question the inspector asks and the bottom panel answers, and the workspace read that answers it.
import {
  addUsageFile,
  type ReferenceKind,
  type UsageFileLists,
  type WhereUsed,
  whereUsed,
} from '@routewright/strategy-dsl'
import type { FileMeta } from '../api/protocol.ts'
import type { WorkspaceClientLike } from '../workspace/client-types.ts'

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

/**
 * Reads every strategy, directory and test file of the workspace (the open file from the editor's text, unsaved
 * edits included) and answers the query; a file that does not parse is left out and named in `skipped`.
 */
export async function findUses(
  client: WorkspaceClientLike,
  files: readonly FileMeta[],
  open: { path: string; text: string } | undefined,
  query: Pick<WhereUsedQuery, 'name' | 'kind'>,
): Promise<{ found: WhereUsed; skipped: string[] }> {
  const textOf = async (path: string) => (open?.path === path ? open.text : (await client.read(path)).text)
  const lists: UsageFileLists = { strategies: [], directories: [], tests: [] }
  const skipped: string[] = []
  const readable = files.filter((f) => !f.tooLarge)
  await Promise.all(
    readable.map(async (f) => {
      // each kind parsed by its own reader; a file that does not parse is named, never guessed at
      if (!addUsageFile(lists, f.kind, f.path, await textOf(f.path))) skipped.push(f.path)
    }),
  )
  const { strategies, directories, tests } = lists
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : 1)
  strategies.sort(byFile)
  directories.sort(byFile)
  tests.sort(byFile)
  return {
    found: whereUsed({ strategies, directories, tests }, query.name, { kind: query.kind }),
    skipped: skipped.sort(),
  }
}
