// The DSL calls the workspace makes: canonical formatting by file kind, and the validation context of a strategy.
import {
  assertNever,
  codeUnitOrder,
  type DirectoryDocument,
  documentKindOf,
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  idsOfBrokenStrategy,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
} from '@routewright/strategy-dsl'
import type { FileMeta } from '../api/protocol.ts'
import { directoryFilesFor, isReadable } from './files.ts'

/** Canonical text for a workspace file; throws (DocumentParseError) when the text does not parse. */
export function formatByKind(path: string, text: string): string {
  const kind = documentKindOf(path)
  switch (kind) {
    case 'strategy':
      return formatStrategyText(text)
    case 'directory':
      return formatDirectoryText(text)
    case 'test':
      return formatTestText(text)
    case undefined:
      return text
    default:
      return assertNever(kind, 'document kind')
  }
}

export interface StrategyContext {
  directory: DirectoryDocument | undefined
  directoryPath: string | undefined
  /** Every strategy of the workspace that parses, by its `strategy:` id (for subroutines). */
  strategies: Map<string, StrategyDocument>
  /** The file each of `strategies` was read from, by id: what a message about one of them names. */
  strategyFiles: Map<string, string>
  /** Strategy files that do not parse, by the id their name gives (`claims.strategy.yaml`: claims): a test naming
   * one is told the strategy has errors, not that it is missing. */
  brokenStrategies: Map<string, string>
}

/**
 * Reads the nearest directory file and every other strategy: what validation and test runs need. `client` may read
 * the texts as the user sees them (drafts first) rather than from disk.
 */
export async function loadStrategyContext(
  client: { read(path: string): Promise<{ text: string }> },
  strategyPath: string,
  files: readonly FileMeta[],
  directoryHint?: string,
): Promise<StrategyContext> {
  // a file over the size limit is never read, not even in the background: the server refuses it anyway
  const readable = files.filter(isReadable)
  const candidates = directoryFilesFor(strategyPath, readable)
  const directoryPath =
    (directoryHint && candidates.find((f) => f.path === directoryHint)?.path) ?? candidates[0]?.path
  let directory: DirectoryDocument | undefined
  if (directoryPath) {
    const parsed = safeParseDirectory((await client.read(directoryPath)).text, { file: directoryPath })
    if (parsed.success) directory = parsed.data
  }
  const strategies = new Map<string, StrategyDocument>()
  const strategyFiles = new Map<string, string>()
  const brokenStrategies = new Map<string, string>()
  // the broken ones are kept by the CLI's rule (file name or `strategy:` line), the first by path winning an id, not
  // whichever read ended first
  const broken: Array<{ path: string; ids: string[] }> = []
  const reads = readable
    .filter((f) => f.kind === 'strategy' && f.path !== strategyPath)
    .map(async (f) => {
      try {
        const text = (await client.read(f.path)).text
        const parsed = safeParseStrategy(text, { file: f.path })
        if (!parsed.success) {
          broken.push({ path: f.path, ids: idsOfBrokenStrategy(f.path, text) })
          return
        }
        strategies.set(parsed.data.strategy, parsed.data)
        strategyFiles.set(parsed.data.strategy, f.path)
      } catch {
        // an unreadable neighbour only weakens subroutine checks; the open file still validates
      }
    })
  await Promise.all(reads)
  for (const file of broken.sort((a, b) => codeUnitOrder(a.path, b.path)))
    for (const id of file.ids) if (!brokenStrategies.has(id)) brokenStrategies.set(id, file.path)
  // a file that parses declares its id: it wins over a broken one named the same
  for (const id of strategies.keys()) brokenStrategies.delete(id)
  return { directory, directoryPath, strategies, strategyFiles, brokenStrategies }
}
