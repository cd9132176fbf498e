// pure: puts a parsed YAML Document into canonical shape in place: key order from the schema, durations
// normalised, flow style for short leaf collections, blank lines between nodes. Comments stay on their nodes.
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  Scalar,
  type YAMLMap,
} from 'yaml'
import type { z } from 'zod'
import type { Path } from '../nodes/kind.ts'
import {
  childOfResolved,
  defOf,
  isDurationSchema,
  isObjectLike,
  resolveSchema,
} from '../parse/schema-walk.ts'
import { formatDuration, parseDuration } from '../schema/duration.ts'

/** How a document kind is laid out beyond what its schema says. */
export interface Layout {
  /** Collections that always stay in block style however short (a node, a scenario). */
  block(path: Path): boolean
  /** Keys preceded by a blank line (top-level sections, each node). */
  spaced(path: Path): boolean
}

/** Flow style only for collections of plain values that fit on a short line. */
const FLOW_MAX_LENGTH = 72

export const TO_STRING_OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  indent: 2,
  indentSeq: true,
  flowCollectionPadding: false,
} as const

function keyOf(pair: Pair): string {
  const key = pair.key
  return String(isScalar(key) ? key.value : key)
}

function hasComment(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false
  const n = node as { comment?: string | null; commentBefore?: string | null }
  return Boolean(n.comment) || Boolean(n.commentBefore)
}

function isShortScalar(node: unknown): node is Scalar {
  if (!isScalar(node) || hasComment(node) || node.anchor) return false
  const value = node.value
  if (typeof value === 'string') return !value.includes('\n') && value.length <= FLOW_MAX_LENGTH
  return value === null || typeof value === 'number' || typeof value === 'boolean'
}

/** Length on one line of a collection of plain scalars, nested at most `depth` levels, or undefined. */
function flowLength(node: unknown, depth: number): number | undefined {
  if (isShortScalar(node)) return String(node.value).length
  if (depth === 0 || (!isSeq(node) && !isMap(node)) || hasComment(node) || node.anchor) return undefined
  let length = 2
  for (const item of node.items) {
    if (isPair(item)) {
      if (!isShortScalar(item.key)) return undefined
      const value = flowLength(item.value, depth - 1)
      if (value === undefined) return undefined
      length += String(item.key.value).length + value + 4
    } else {
      const value = flowLength(item, depth - 1)
      if (value === undefined) return undefined
      length += value + 2
    }
  }
  return length
}

/** Short collections of plain values (or of short collections of them) read best on one line. */
function fitsFlow(node: Node): boolean {
  const length = flowLength(node, 2)
  return length !== undefined && length <= FLOW_MAX_LENGTH
}

/** Each object schema's keys by their place in it, made once: a strategy has thousands of nodes of few kinds. */
const keyRanks = new WeakMap<z.ZodType, Map<string, number>>()

function ranksOf(schema: z.ZodType, shape: Record<string, unknown>): Map<string, number> {
  let ranks = keyRanks.get(schema)
  if (!ranks) {
    ranks = new Map(Object.keys(shape).map((key, index) => [key, index]))
    keyRanks.set(schema, ranks)
  }
  return ranks
}

function sortMap(map: YAMLMap, schema: z.ZodType | undefined): void {
  const shape = schema ? defOf(schema).shape : undefined
  if (!shape || !schema) return
  const ranks = ranksOf(schema, shape)
  const rank = (pair: unknown) => (isPair(pair) ? ranks.get(keyOf(pair)) : undefined) ?? ranks.size
  const ranked = map.items.map((item, index) => ({ item, index, rank: rank(item) }))
  // most maps are already in schema order (always, once a file is canonical): nothing to move
  if (ranked.every((entry, i) => i === 0 || ranked[i - 1]!.rank <= entry.rank)) return
  map.items = ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map(({ item }) => item)
}

function normaliseDuration(node: Scalar): void {
  const value = node.value
  if (typeof value !== 'string' && typeof value !== 'number') return
  const ms = parseDuration(value)
  if (ms === undefined) return
  node.value = formatDuration(ms)
  node.type = Scalar.PLAIN
}

function visit(
  node: unknown,
  schema: z.ZodType | undefined,
  value: unknown,
  /** The node's path: one array for the whole walk, each level pushes its segment and pops it after. */
  path: Array<string | number>,
  layout: Layout,
): void {
  if (isScalar(node)) {
    if (isDurationSchema(schema)) normaliseDuration(node)
    return
  }
  // the union option is chosen once per collection, not again for each child
  const resolved = schema ? resolveSchema(schema, value) : undefined
  if (isMap(node)) {
    if (resolved && defOf(resolved).type === 'object') sortMap(node, resolved)
    const items = node.items
    for (let index = 0; index < items.length; index++) {
      const item = items[index]
      if (!isPair(item)) continue
      const key = keyOf(item)
      const childValue = isObjectLike(value) ? value[key] : undefined
      const child = resolved ? childOfResolved(resolved, key) : undefined
      path.push(key)
      visit(item.value, child, childValue, path, layout)
      if (isScalar(item.key) || item.key === null) {
        const keyNode = item.key as Scalar | null
        if (keyNode && index > 0 && layout.spaced(path)) keyNode.spaceBefore = true
      }
      path.pop()
    }
  } else if (isSeq(node)) {
    const items = node.items
    for (let index = 0; index < items.length; index++) {
      const childValue = Array.isArray(value) ? value[index] : undefined
      const child = resolved ? childOfResolved(resolved, index) : undefined
      path.push(index)
      visit(items[index], child, childValue, path, layout)
      path.pop()
    }
  } else return
  const collection = node as Node & { flow?: boolean; items: unknown[] }
  collection.flow = collection.items.length === 0 || (!layout.block(path) && fitsFlow(collection))
  if (collection.flow) padFlow(collection)
}

type Stringify = (ctx?: { flowCollectionPadding?: string }, ...rest: unknown[]) => string

/**
 * Flow maps read `{ a: 1 }` and flow lists `[0, 0]` (the usual hand-written style); yaml has one padding
 * option for both, so each flow collection sets its own. Blank lines inside one line make no sense: dropped.
 */
function padFlow(collection: Node & { items: unknown[] }): void {
  for (const item of collection.items) {
    if (isPair(item) && isScalar(item.key)) item.key.spaceBefore = false
    else if (isScalar(item)) item.spaceBefore = false
  }
  const padding = isMap(collection) ? ' ' : ''
  const target = collection as unknown as { toString: Stringify }
  const original = Object.getPrototypeOf(collection).toString as Stringify
  target.toString = function (this: unknown, ctx, ...rest) {
    return original.call(this, ctx ? { ...ctx, flowCollectionPadding: padding } : ctx, ...rest)
  }
}

/** Canonicalises `doc` in place. `value` is the document's plain value (to resolve unions). */
export function canonicalize(doc: Document, schema: z.ZodType, value: unknown, layout: Layout): void {
  const root = doc.contents
  const first = isMap(root) ? root.items[0] : undefined
  const header = isPair(first) && isScalar(first.key) ? first.key.commentBefore : undefined
  if (header && isPair(first) && isScalar(first.key)) first.key.commentBefore = null
  visit(root, schema, value, [], layout)
  if (header) {
    // the file's opening comment stays at the top whichever key sorts first
    if (doc.commentBefore) doc.commentBefore = `${doc.commentBefore}\n${header}`
    else doc.commentBefore = header
  }
  if (isMap(root)) {
    const top = root.items[0]
    if (isPair(top) && isScalar(top.key)) top.key.spaceBefore = false
  }
}
