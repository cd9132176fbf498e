// pure: a SourceLocator over a parsed YAML document: document paths -> file ranges.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml'
import type { Range, SourceLocator } from '../diagnostics.ts'
import type { Path, PathSegment } from '../nodes/kind.ts'
import { createLineIndex } from './line-index.ts'
import { nodeAtInDocument } from './node-at.ts'
import { type ScalarStyle, scalarOffsets } from './string-offsets.ts'

export { createLineIndex }

interface Found {
  /** The deepest node reached and whether the whole path resolved. */
  node: Node | null
  pair: Pair | undefined
  complete: boolean
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  const value = isScalar(key) ? key.value : key
  return value !== null && value !== undefined && String(value) === String(segment)
}

export function createLocator(doc: Document, text: string, position = createLineIndex(text)): SourceLocator {
  const offsetsCache = new Map<Node, number[] | undefined>()

  function find(path: Path): Found {
    let node = doc.contents as Node | null
    let pair: Pair | undefined
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!
      if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null
      if (isMap(node)) {
        const match = node.items.find((item) => isPair(item) && keyMatches(item.key, segment)) as
          | Pair
          | undefined
        if (!match) return { node, pair, complete: false }
        pair = match
        node = (match.value as Node | null) ?? (match.key as Node | null)
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        pair = undefined
        node = node.items[segment] as Node | null
      } else {
        return { node, pair, complete: false }
      }
    }
    return { node, pair, complete: true }
  }

  function rangeOfNode(node: Node | null | undefined): Range | undefined {
    const range = node?.range
    if (!range) return undefined
    return { start: position(range[0]), end: position(range[1]) }
  }

  function documentRange(): Range {
    return { start: position(0), end: position(text.length) }
  }

  return {
    rangeOf(path) {
      return rangeOfNode(find(path).node) ?? documentRange()
    },
    keyRangeOf(path) {
      const found = find(path)
      if (found.complete && found.pair && path.length > 0) {
        const key = rangeOfNode(found.pair.key as Node | null)
        if (key) return key
      }
      return rangeOfNode(found.node) ?? documentRange()
    },
    positionInString(path, index) {
      const found = find(path)
      const node = found.node
      if (!found.complete || !isScalar(node) || typeof node.value !== 'string' || !node.range)
        return undefined
      if (!offsetsCache.has(node)) {
        const [start, end] = node.range
        offsetsCache.set(node, scalarOffsets(text, start, end, node.type as ScalarStyle, node.value))
      }
      const offsets = offsetsCache.get(node)
      const clamped = Math.max(0, Math.min(index, node.value.length))
      if (offsets) return position(offsets[clamped]!)
      // unknown style: the start of the scalar is the best honest answer
      return position(node.range[0])
    },
    nodeAt(offset) {
      return nodeAtInDocument(doc, text, offset)
    },
  }
}
