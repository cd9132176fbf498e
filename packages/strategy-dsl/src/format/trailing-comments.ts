// pure: a comment written after `key:` on the key's own line (`nodes:   # the graph`) stays on that line.
import { type Document, isCollection, isPair, isScalar, visit } from 'yaml'

/**
 * The yaml package reads the comment after `key:` whose value is a block collection as the collection's
 * `commentBefore`, and writes it on a line of its own: here its first line goes back to the key, where it was
 * written (`text` is the text `doc` was read from; its ranges index it).
 */
export function keepTrailingComments(doc: Document, text: string): void {
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isCollection(pair.value)) return
      const value = pair.value
      const keyEnd = pair.key.range?.[1]
      if (!value.commentBefore || pair.key.comment || value.flow || keyEnd === undefined) return
      // between the key and the end of its line: the colon, blanks, then the comment's `#`
      if (!/^[ \t]*:[ \t]+#/.test(text.slice(keyEnd, text.indexOf('\n', keyEnd) >>> 0))) return
      const [first, ...rest] = value.commentBefore.split('\n')
      pair.key.comment = first ?? null
      value.commentBefore = rest.length > 0 ? rest.join('\n') : null
    },
  })
}
