// pure: what is under the cursor in a YAML file: the document path, whether it is a key, the scalar and its span.

import type { PathSegment } from '@routewright/strategy-dsl'
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml'

export interface Located {
  path: PathSegment[]
  /** The cursor is on a mapping key (the last path segment), not on a value. */
  onKey: boolean
  /** The scalar's text, quotes removed. */
  value: string
  /** Offsets of the scalar's text (inside quotes, when quoted). */
  start: number
  end: number
}

/** The lenient YAML tree `locateIn` walks: it reads text that does not parse yet (the user is typing). */
export function syntaxTreeOf(text: string): Document {
  return parseDocument(text, { strict: false, uniqueKeys: false, prettyErrors: false })
}

/** The scalar under `offset`, with its path; undefined between tokens. Parses `text`: see `locateIn`. */
export function locate(text: string, offset: number): Located | undefined {
  return locateIn(syntaxTreeOf(text), text, offset)
}

/** The scalar under `offset` in `doc`, the `syntaxTreeOf(text)` a caller keeps per version of the text. */
export function locateIn(doc: Document, text: string, offset: number): Located | undefined {
  let found: Located | undefined
  const span = (node: Node) => {
    const [start, end] = node.range ?? [0, 0]
    const quoted = text[start] === '"' || text[start] === "'"
    return quoted ? { start: start + 1, end: Math.max(start + 1, end - 1) } : { start, end }
  }
  const inside = (node: Node) =>
    node.range !== undefined && node.range !== null && offset >= node.range[0] && offset <= node.range[1]
  // a collection that ends before the cursor or starts after it holds nothing under it: a hover walks one branch
  const around = (node: Node) => !node.range || (offset >= node.range[0] && offset <= node.range[2])
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (found) return
    if ((isMap(node) || isSeq(node)) && !around(node)) return
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key
        if (!isScalar(key)) continue
        const name = String(key.value)
        if (inside(key)) {
          found = { path: [...path, name], onKey: true, value: name, ...span(key) }
          return
        }
        visit(pair.value, [...path, name])
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) visit(item, [...path, index])
    } else if (isScalar(node) && inside(node)) {
      found = { path, onKey: false, value: String(node.value ?? ''), ...span(node) }
    }
  }
  visit(doc.contents, [])
  return found
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
