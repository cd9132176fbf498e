// Find and replace over the workspace session: reads every listed document as the user sees it (open text,
// drafts), searches it, and turns a replacement into staged edits plus the problems of the files it changed.
import { documentKindOf } from '@routewright/strategy-dsl'
import type { DslAdapter } from '../core/editor-store.ts'
import { isReadable } from '../workspace/files.ts'
import type { WorkspaceSession } from '../workspace/session.ts'
import type { EditableText } from '../workspace/staged-edits.ts'
import { checkChanged, type FileCheck, nodesAt } from './match-context.ts'
import {
  applyEdits,
  planReplacements,
  type SearchOptions,
  type SearchResult,
  searchTexts,
  type TextMatch,
} from './text-search.ts'

export interface FoundMatch extends TextMatch {
  node: string | undefined
}

export type FindAnswer =
  | {
      ok: true
      /** The search this answers: the form may have moved on to another since. */
      options: SearchOptions
      texts: EditableText[]
      matches: FoundMatch[]
      truncated: boolean
      unreadable: string[]
    }
  | { ok: false; problem: string }

/** Whether two searches find the same matches (same text, same flags). */
export function sameSearch(a: SearchOptions, b: SearchOptions): boolean {
  return (
    a.query === b.query && a.matchCase === b.matchCase && a.wholeWord === b.wholeWord && a.regex === b.regex
  )
}

/** Every strategy, directory and test file the file list shows, in its order, read as the user sees it. */
export async function findInWorkspace(
  session: WorkspaceSession,
  options: SearchOptions,
): Promise<FindAnswer> {
  const paths = session
    .getState()
    .files.filter((f) => isReadable(f) && documentKindOf(f.path) !== undefined)
    .map((f) => f.path)
    .sort()
  const texts: EditableText[] = []
  const unreadable: string[] = []
  // read one after another: a workspace of many files should not open as many requests at once
  for (const path of paths) {
    try {
      texts.push(await session.readForEdit(path))
    } catch {
      unreadable.push(path)
    }
  }
  const result: SearchResult = searchTexts(texts, options)
  if (!result.ok) return result
  const byPath = new Map<string, TextMatch[]>()
  for (const match of result.matches) byPath.set(match.path, [...(byPath.get(match.path) ?? []), match])
  const matches: FoundMatch[] = []
  for (const text of texts) {
    const inFile = byPath.get(text.path) ?? []
    if (inFile.length === 0) continue
    const nodes = nodesAt(
      text.path,
      text.text,
      inFile.map((m) => m.start),
    )
    for (const [i, match] of inFile.entries()) matches.push({ ...match, node: nodes[i] })
  }
  return { ok: true, options: { ...options }, texts, matches, truncated: result.truncated, unreadable }
}

export interface ReplaceOutcome {
  replaced: number
  files: string[]
  /** Files that changed since the search and were left alone. */
  stale: string[]
  /** Files whose matches the replacement leaves as they are (it is the matched text). */
  unchanged: string[]
  checks: FileCheck[]
}

/** Replaces `matches` (from the answer whose `texts` they were found in) as unsaved edits, then checks those files. */
export function replaceMatches(
  session: Pick<WorkspaceSession, 'stageEdits'>,
  dsl: Pick<DslAdapter, 'check'>,
  texts: readonly EditableText[],
  matches: readonly TextMatch[],
  replacement: string,
  regex: boolean,
): ReplaceOutcome {
  const unchanged: string[] = []
  const edits = texts.flatMap((text) => {
    const inFile = matches.filter((m) => m.path === text.path)
    if (inFile.length === 0) return []
    const after = applyEdits(text.text, planReplacements(text.text, inFile, replacement, regex))
    if (after !== text.text) return [{ ...text, after }]
    unchanged.push(text.path)
    return []
  })
  const stale = session.stageEdits(edits)
  const files = edits.map((e) => e.path).filter((path) => !stale.includes(path))
  const afterTexts = texts.map((t) => {
    const edit = edits.find((e) => e.path === t.path && files.includes(t.path))
    return { path: t.path, text: edit ? edit.after : t.text }
  })
  const replaced = matches.filter((m) => files.includes(m.path)).length
  return { replaced, files, stale, unchanged, checks: checkChanged(dsl, files, afterTexts) }
}
