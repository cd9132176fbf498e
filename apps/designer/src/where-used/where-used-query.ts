// The "Where used" question the inspector asks and the bottom panel answers, and the workspace read that answers it.
import {
  type DirectoryDocument,
  type ReferenceKind,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  type UsageFile,
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
 * Reads every strategy of the workspace and its first directory (the open file from the editor's text, unsaved
 * edits included) and answers the query; a file that does not parse is left out and named in `skipped`.
 */
export async function findUses(
  client: WorkspaceClientLike,
  files: readonly FileMeta[],
  open: { path: string; text: string } | undefined,
  query: Pick<WhereUsedQuery, 'name' | 'kind'>,
): Promise<{ found: WhereUsed; skipped: string[] }> {
  const textOf = async (path: string) => (open?.path === path ? open.text : (await client.read(path)).text)
  const strategies: UsageFile<StrategyDocument>[] = []
  const skipped: string[] = []
  let directory: UsageFile<DirectoryDocument> | undefined
  const readable = files.filter((f) => !f.tooLarge)
  await Promise.all(
    readable.map(async (f) => {
      if (f.kind !== 'strategy' && f.kind !== 'directory') return
      const text = await textOf(f.path)
      if (f.kind === 'strategy') {
        const parsed = safeParseStrategy(text, { file: f.path })
        if (parsed.success) strategies.push({ file: f.path, document: parsed.data, locator: parsed.locator })
        else skipped.push(f.path)
      } else {
        const parsed = safeParseDirectory(text, { file: f.path })
        if (!parsed.success) skipped.push(f.path)
        else if (!directory || f.path < directory.file)
          directory = { file: f.path, document: parsed.data, locator: parsed.locator }
      }
    }),
  )
  strategies.sort((a, b) => (a.file < b.file ? -1 : 1))
  return {
    found: whereUsed({ strategies, directory }, query.name, { kind: query.kind }),
    skipped: skipped.sort(),
  }
}
