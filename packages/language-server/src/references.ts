// pure over a Project: "find all references" of the directory entry, strategy, variable or prompt under the cursor,
// from the DSL's whereUsed (the same uses `routewright where-used` lists).
import {
  type DirectoryDocument,
  declarations,
  type Range,
  type StrategyDocument,
  type UsageFile,
  type UsageWorkspace,
  type Use,
  whereUsed,
  workspaceUses,
} from '@routewright/strategy-dsl'
import type { Location } from './features.ts'
import { wordAt } from './locate.ts'
import type { Project, ProjectFile } from './project.ts'

/** The workspace as whereUsed reads it: every strategy that parses and the directory `file` resolves against. */
function usageWorkspace(project: Project, file: string): UsageWorkspace {
  const strategies: UsageFile<StrategyDocument>[] = []
  for (const entry of project.all())
    if (entry.strategy) strategies.push({ file: entry.path, document: entry.strategy, ...locatorOf(entry) })
  const directory = project.directoryFor(file)
  const usage: UsageWorkspace = { strategies }
  if (directory?.directory)
    usage.directory = {
      file: directory.path,
      document: directory.directory as DirectoryDocument,
      ...locatorOf(directory),
    }
  return usage
}

function locatorOf(entry: ProjectFile) {
  return entry.locator ? { locator: entry.locator } : {}
}

function contains(range: Range | undefined, offset: number): boolean {
  return range !== undefined && range.start.offset <= offset && offset <= range.end.offset
}

/** The name as it is written where it is read: `data.phone` is read as `phone` after `data.` */
function writtenAs(use: Use): string {
  return use.name.startsWith('data.') ? use.name.slice('data.'.length) : use.name
}

/** The use or declaration under the cursor: its range holds the cursor and its name is the word there or the whole value. */
function useAt(entry: ProjectFile, offset: number, all: readonly Use[]): Use | undefined {
  const word = wordAt(entry.text, offset)?.word
  return all.find((use) => {
    if (use.file !== entry.path || !contains(use.range, offset)) return false
    if (word !== undefined && writtenAs(use) === word) return true
    // a prompt (`prompts/menu`) is more than one word: the whole value must be the name
    const range = use.range!
    return entry.text.slice(range.start.offset, range.end.offset).replace(/^["']|["']$/g, '') === use.name
  })
}

/** A use inside an expression spans the expression: narrow it to the name when the name is on that one line. */
function narrowed(project: Project, use: Use): Range | undefined {
  const range = use.range
  if (!range || range.start.line !== range.end.line) return range
  const text = project.get(use.file)?.text.slice(range.start.offset, range.end.offset) ?? ''
  const name = writtenAs(use)
  const inner = new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(text)
  if (!inner || text === name) return range
  const start = {
    ...range.start,
    column: range.start.column + inner.index,
    offset: range.start.offset + inner.index,
  }
  const end = { ...start, column: start.column + name.length, offset: start.offset + name.length }
  return { start, end }
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
  for (const use of [...(includeDeclaration ? found.declarations : []), ...found.uses]) {
    const range = narrowed(project, use)
    if (range) out.push({ file: use.file, range })
  }
  return out
}
