// pure: what is under the cursor in a YAML file: the document path, whether it is a key, the scalar and its span.

import { nodeAtInDocument, type SourceNode } from '@routewright/strategy-dsl'
import { type Document, parseDocument } from 'yaml'

/** The scalar under the cursor: its path, whether it is a key, its text and span (the DSL's `SourceNode`). */
export type Located = SourceNode

/** A lenient YAML tree for `locateIn`: for text the DSL's parse refused before it was YAML (empty, control characters). */
export function syntaxTreeOf(text: string): Document {
  return parseDocument(text, { strict: false, uniqueKeys: false, prettyErrors: false })
}

/** The scalar under `offset`, with its path; undefined between tokens. Parses `text`: see `locateIn`. */
export function locate(text: string, offset: number): Located | undefined {
  return locateIn(syntaxTreeOf(text), text, offset)
}

/** The scalar under `offset` in `doc`, the `syntaxTreeOf(text)` a caller keeps per version of the text. */
export function locateIn(doc: Document, text: string, offset: number): Located | undefined {
  return nodeAtInDocument(doc, text, offset)
}

/** The identifier-like word at `offset` (letters, digits, `_`, `-`), with its span: for names inside expressions. */
export function wordAt(
  text: string,
  offset: number,
): { word: string; start: number; end: number } | undefined {
  const isWord = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_-]/.test(ch)
  let start = offset
  while (start > 0 && isWord(text[start - 1])) start--
  let end = offset
  while (end < text.length && isWord(text[end])) end++
  if (start === end) return undefined
  return { word: text.slice(start, end), start, end }
}

/** The key of the line the cursor is on (`  group: vi|` -> `group`), for completion before a value exists. */
export function keyOfLine(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const before = text.slice(lineStart, offset)
  const match = /(?:^|[{,\s-])([A-Za-z_][\w-]*):\s*[^:]*$/.exec(before)
  return match?.[1]
}
