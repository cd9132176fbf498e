// pure: the scalar under an offset of a yaml Document, with its path (the locator's `nodeAt` on the full parser).
import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml'
import type { SourceNode } from '../diagnostics.ts'
import type { PathSegment } from '../nodes/kind.ts'

/** The scalar's text span: inside the quotes when quoted. */
export function scalarSpan(text: string, start: number, end: number): { start: number; end: number } {
  const quoted = text[start] === '"' || text[start] === "'"
  return quoted ? { start: start + 1, end: Math.max(start + 1, end - 1) } : { start, end }
}

/** The scalar under `offset` in `doc` (parsed from `text`); undefined between tokens. Walks one branch. */
export function nodeAtInDocument(doc: Document, text: string, offset: number): SourceNode | undefined {
  let found: SourceNode | undefined
  const span = (node: Node) => {
    const [start, end] = node.range ?? [0, 0]
    return scalarSpan(text, start, end)
  }
  const inside = (node: Node) =>
    node.range !== undefined && node.range !== null && offset >= node.range[0] && offset <= node.range[1]
  // a collection that ends before the cursor or starts after it holds nothing under it
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
