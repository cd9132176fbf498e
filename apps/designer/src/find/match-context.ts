// What the DSL says about find results: the node a match falls in (from the parse's positions), and the problems
// of files a replacement changed, checked against the workspace as it will be once saved.
import {
  type Diagnostic,
  type DirectoryDocument,
  documentKindOf,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
} from '@routewright/strategy-dsl'
import type { DslAdapter } from '../core/editor-store.ts'
import type { SearchText } from './text-search.ts'

/** For each offset into a strategy's text, the id of the node written there; undefined outside nodes or unparsed. */
export function nodesAt(path: string, text: string, offsets: readonly number[]): (string | undefined)[] {
  const none = offsets.map(() => undefined)
  if (documentKindOf(path) !== 'strategy') return none
  const parsed = safeParseStrategy(text, { file: path })
  if (!parsed.success) return none
  const spans = Object.keys(parsed.data.nodes).flatMap((id) => {
    // from the key (`vip:`) to the end of its value, so a match in the id itself counts as the node's
    const key = parsed.locator.keyRangeOf(['nodes', id])
    const value = parsed.locator.rangeOf(['nodes', id])
    return key && value ? [{ id, start: key.start.offset, end: value.end.offset }] : []
  })
  return offsets.map((offset) => spans.find((s) => offset >= s.start && offset < s.end)?.id)
}

export interface FileCheck {
  path: string
  errors: number
  warnings: number
  /** The first error, to show why the file no longer validates. */
  firstError: Diagnostic | undefined
}

/**
 * Validates `changed` files the way the editor does, against the other strategies and the first directory of
 * `workspace` (texts after the replacement), so a replacement that breaks a strategy shows before saving.
 */
export function checkChanged(
  dsl: Pick<DslAdapter, 'check'>,
  changed: readonly string[],
  workspace: readonly SearchText[],
): FileCheck[] {
  let directory: DirectoryDocument | undefined
  const strategies = new Map<string, StrategyDocument>()
  for (const { path, text } of [...workspace].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const kind = documentKindOf(path)
    if (kind === 'directory' && directory === undefined) {
      const parsed = safeParseDirectory(text, { file: path })
      if (parsed.success) directory = parsed.data
    } else if (kind === 'strategy') {
      const parsed = safeParseStrategy(text, { file: path })
      if (parsed.success) strategies.set(parsed.data.strategy, parsed.data)
    }
  }
  const texts = new Map(workspace.map((t) => [t.path, t.text]))
  return changed.flatMap((path) => {
    const text = texts.get(path)
    if (text === undefined) return []
    const { diagnostics } = dsl.check(text, { file: path, strategies, ...(directory ? { directory } : {}) })
    const errors = diagnostics.filter((d) => d.severity === 'error')
    return [
      {
        path,
        errors: errors.length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        firstError: errors[0],
      },
    ]
  })
}
