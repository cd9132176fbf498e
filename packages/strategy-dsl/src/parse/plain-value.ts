// pure: the plain value of a parsed yaml Document in one walk that also looks for repeated keys, for the
// formatter's read (the yaml package's toJS plus a separate duplicate scan walked the tree twice). Anything
// unusual (aliases, collection or null keys, `__proto__`) gives undefined and the caller takes the general path.
import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml'

const UNUSUAL = Symbol('unusual')

function plain(node: Node | null | undefined, depth: number): unknown {
  if (isScalar(node)) {
    const value = node.value
    return value === undefined ? null : value
  }
  if (depth > 1000) throw UNUSUAL
  if (isMap(node)) {
    const out: Record<string, unknown> = {}
    for (const item of node.items) {
      const key = item.key
      if (!isScalar(key) || key.value === null || key.value === undefined || typeof key.value === 'object')
        throw UNUSUAL
      const name = String(key.value)
      // a repeated key is reported with its position by the general path
      if (name === '__proto__' || Object.hasOwn(out, name)) throw UNUSUAL
      out[name] = plain(item.value as Node | null, depth + 1)
    }
    return out
  }
  if (isSeq(node)) {
    const out: unknown[] = []
    for (const item of node.items) out.push(plain(item as Node, depth + 1))
    return out
  }
  // an alias, or a pair written inside a list
  throw UNUSUAL
}

/** The document's plain value when it has no repeated keys and nothing unusual, else undefined. */
export function plainValue(doc: Document): { value: unknown } | undefined {
  try {
    return { value: plain(doc.contents as Node | null, 0) }
  } catch (error) {
    if (error === UNUSUAL) return undefined
    throw error
  }
}
