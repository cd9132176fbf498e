// The directory a designer report ranks agents' state times by: the workspace's one *.directory.yaml, as serve
// picks it, read at each report so an edit counts at once (history docs/figures.md "State times per media").
import { type DirectoryDocument, safeParseDirectory } from '@routewright/strategy-dsl'
import type { WorkspaceStore } from './workspace-store.ts'

/**
 * The workspace's directory when it has exactly one that parses; undefined otherwise (none, several — serve needs
 * --directory to choose then, which the designer is not told — or one mid-edit that does not parse), and the report
 * then ranks every state set, as before directories were known.
 */
export async function workspaceDirectory(
  store: Pick<WorkspaceStore, 'list' | 'read'>,
): Promise<DirectoryDocument | undefined> {
  const candidates = (await store.list()).filter((file) => file.kind === 'directory')
  if (candidates.length !== 1 || candidates[0]!.tooLarge) return undefined
  const { path } = candidates[0]!
  const read = await store.read(path).catch(() => undefined)
  if (read === undefined) return undefined
  const parsed = safeParseDirectory(read.text, { file: path })
  return parsed.success ? parsed.data : undefined
}
