// pure: a comment written after `key:` on the key's own line (`nodes:   # the graph`) stays on that line.
import { type Document, isCollection, isPair, isScalar, type Pair } from 'yaml'

/**
 * The yaml package reads the comment after `key:` whose value is a block collection as the collection's
 * `commentBefore`, and writes it on a line of its own: here its first line goes back to the key, where it was
 * written (`text` is the text `doc` was read from; its ranges index it).
 */
export function keepTrailingComments(doc: Document, text: string): void {
  // a plain walk of collections and pairs: yaml's visit freezes a new path array at every node (a 10,000-node
  // file spent about 5 % of its formatting there); the pairs it would reach are the same, and each fix is local
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isCollection(node)) {
      for (const item of node.items) stack.push(item)
    } else if (isPair(node)) {
      keepOnKeyLine(node, text)
      stack.push(node.key, node.value)
    }
  }
}

function keepOnKeyLine(pair: Pair, text: string): void {
  if (!isScalar(pair.key) || !isCollection(pair.value)) return
  const value = pair.value
  const keyEnd = pair.key.range?.[1]
  if (!value.commentBefore || pair.key.comment || value.flow || keyEnd === undefined) return
  // between the key and the end of its line: the colon, blanks, then the comment's `#`
  if (!/^[ \t]*:[ \t]+#/.test(text.slice(keyEnd, text.indexOf('\n', keyEnd) >>> 0))) return
  const [first, ...rest] = value.commentBefore.split('\n')
  pair.key.comment = first ?? null
  value.commentBefore = rest.length > 0 ? rest.join('\n') : null
}
