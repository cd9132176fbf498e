// pure over a Project: a node rename reaches the tests of its strategy, whose expected paths name the node by id.
import {
  nameFixSpan,
  nodeName,
  type Range,
  type TestDocument,
  type UsageFile,
  whereUsed,
} from '@routewright/strategy-dsl'
import type { Project, ProjectFile } from './project.ts'

/** One text edit in one file of the workspace. */
export interface FileEdit {
  file: string
  range: Range
  newText: string
}

/** The range of `id` inside `range` of `text` (a quoted id keeps its quotes); undefined when it is not there. */
export function idRange(text: string, range: Range, id: string): Range | undefined {
  const span = nameFixSpan(text, range.start.offset, range.end.offset, { written: id, meant: id })
  if (!span) return undefined
  const inner = span.start - range.start.offset
  const start = { ...range.start, column: range.start.column + inner, offset: span.start }
  const end = { ...start, column: start.column + id.length, offset: start.offset + id.length }
  return { start, end }
}

/**
 * The edits that rename node `id` of the strategy file `owner` to `newName` in every test file of that strategy's expected paths
 * (the uses where-used lists as `test expects path`); a test file that does not parse is left as it is.
 */
export function testPathEdits(project: Project, owner: ProjectFile, id: string, newName: string): FileEdit[] {
  const strategy = owner.strategy!.strategy
  const tests: UsageFile<TestDocument>[] = []
  // when two strategies share the id, a test belongs to the one nearest it: the other's tests are left alone
  for (const entry of project.all())
    if (entry.test?.tests === strategy && project.ownerOf(entry) === owner)
      tests.push({
        file: entry.path,
        document: entry.test,
        ...(entry.locator ? { locator: entry.locator } : {}),
      })
  const edits: FileEdit[] = []
  for (const use of whereUsed({ strategies: [], tests }, nodeName(strategy, id), { kind: 'node' }).uses) {
    const text = project.get(use.file)?.text
    const range = use.range && text !== undefined ? idRange(text, use.range, id) : undefined
    if (use.use === 'test expects path' && range) edits.push({ file: use.file, range, newText: newName })
  }
  return edits
}
