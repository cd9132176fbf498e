// pure over a Project: "find all references" of the directory entry, strategy, node, variable or prompt under the
// cursor, from the DSL's whereUsed (the same uses `routewright where-used` lists), in tests and alarms.yaml too.
import {
  type AlarmsUsageDocument,
  type DirectoryDocument,
  declarations,
  type StrategyDocument,
  type TestDocument,
  type UsageFile,
  type UsageWorkspace,
  whereUsed,
  workspaceUses,
} from '@routewright/strategy-dsl'
import type { Location } from './features.ts'
import type { Project, ProjectFile } from './project.ts'
import { useAt } from './use-at.ts'

/**
 * The workspace as whereUsed reads it: every strategy, directory, test and alarms file that parses; the directory
 * `file` resolves against comes first (expressions compile against it).
 */
function usageWorkspace(project: Project, file: string): UsageWorkspace {
  const strategies: UsageFile<StrategyDocument>[] = []
  const directories: UsageFile<DirectoryDocument>[] = []
  const tests: UsageFile<TestDocument>[] = []
  const alarms: UsageFile<AlarmsUsageDocument>[] = []
  const nearest = project.directoryFor(file)
  const usage = <T>(entry: ProjectFile, document: T): UsageFile<T> => ({
    file: entry.path,
    document,
    ...(entry.locator ? { locator: entry.locator } : {}),
  })
  for (const entry of project.all()) {
    if (entry.strategy) strategies.push(usage(entry, entry.strategy))
    if (entry.directory) {
      const directory = usage(entry, entry.directory as DirectoryDocument)
      if (entry === nearest) directories.unshift(directory)
      else directories.push(directory)
    }
    if (entry.test) tests.push(usage(entry, entry.test))
    if (entry.alarms) alarms.push(usage(entry, entry.alarms))
  }
  return { strategies, directories, tests, alarms }
}

/** Every use across the workspace of what is under the cursor (and its declaration when asked); [] for anything else. */
export function references(
  project: Project,
  file: string,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const entry = project.get(file)
  if (!entry) return []
  const workspace = usageWorkspace(project, file)
  const declared = declarations(workspace)
  const target = useAt(entry, offset, [...workspaceUses(workspace), ...declared])
  if (!target) return []
  const found = whereUsed(workspace, target.name, { kind: target.kind })
  const out: Location[] = []
  // a node is its strategy file's: when ids clash, the other strategy's nodes and tests are not its uses
  const owner = target.kind === 'node' ? project.ownerOf(entry) : undefined
  const mine = (use: { file: string }) => {
    const of = project.get(use.file)
    return !owner || !of || project.ownerOf(of) === owner || of.kind === 'directory' || of.kind === 'alarms'
  }
  for (const use of [...(includeDeclaration ? found.declarations : []), ...found.uses].filter(mine)) {
    // the DSL gives the name's own range, inside an expression or `group:sales` too
    if (use.range) out.push({ file: use.file, range: use.range })
  }
  return out
}
