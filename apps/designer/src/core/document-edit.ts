// pure: edits of a strategy document as functions from document to document; the canvas and inspector call
// these and hand the result to `store.applyDocument`.
import { kindOf, type Path, type StrategyDocument, type StrategyNode } from '@routewright/strategy-dsl'

type Json = unknown

/** Returns a copy of `value` with `path` set to `next`; `undefined` removes the key (and empty parents). */
export function setIn<T>(value: T, path: Path, next: Json): T {
  if (path.length === 0) return next as T
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = setIn(copy[head as number], rest, next)
    return copy as T
  }
  const base = (typeof value === 'object' && value !== null ? value : {}) as Record<string, Json>
  const child = setIn(base[head as string], rest, next)
  const copy: Record<string, Json> = { ...base }
  const emptyObject =
    typeof child === 'object' && child !== null && !Array.isArray(child) && Object.keys(child).length === 0
  if (child === undefined || (emptyObject && rest.length > 0)) delete copy[head as string]
  else copy[head as string] = child
  return copy as T
}

export function getIn(value: Json, path: Path): Json {
  let cursor = value
  for (const segment of path) {
    if (typeof cursor !== 'object' || cursor === null) return undefined
    cursor = (cursor as Record<string | number, Json>)[segment]
  }
  return cursor
}

/** A fresh id from `base` that is not in `taken`: `wait`, `wait_2`, `wait_3` ... */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '') || 'node'
  const stem = clean.slice(0, 56)
  if (!taken(stem)) return stem
  for (let n = 2; ; n++) {
    const id = `${stem}_${n}`
    if (!taken(id)) return id
  }
}

export function outputPathKey(path: Path): string {
  return path.join('.')
}

export function setNode(doc: StrategyDocument, id: string, node: StrategyNode): StrategyDocument {
  return { ...doc, nodes: { ...doc.nodes, [id]: node } }
}

/** Points the output at `outputPath` of `source` to `target` (or disconnects it with `undefined`). */
export function connect(
  doc: StrategyDocument,
  source: string,
  outputPath: Path,
  target: string | undefined,
): StrategyDocument {
  const node = doc.nodes[source]
  if (!node) return doc
  return setNode(doc, source, setIn(node, outputPath, target))
}

export function addNode(
  doc: StrategyDocument,
  id: string,
  node: StrategyNode,
  position: readonly [number, number],
): StrategyDocument {
  return {
    ...doc,
    nodes: { ...doc.nodes, [id]: node },
    layout: { ...doc.layout, [id]: [Math.round(position[0]), Math.round(position[1])] },
  }
}

/** Removes nodes, their positions and every edge into them. */
export function deleteNodes(doc: StrategyDocument, ids: readonly string[]): StrategyDocument {
  const gone = new Set(ids)
  const nodes: Record<string, StrategyNode> = {}
  for (const [id, node] of Object.entries(doc.nodes)) {
    if (gone.has(id)) continue
    let next = node
    for (const output of kindOf(node).outputs(node)) {
      if (output.target !== undefined && gone.has(output.target)) next = setIn(next, output.path, undefined)
    }
    nodes[id] = next
  }
  const layout = doc.layout && Object.fromEntries(Object.entries(doc.layout).filter(([id]) => !gone.has(id)))
  return { ...doc, nodes, ...(layout ? { layout } : {}) }
}

/** Renames a node, rewiring every edge into it, the start and the layout; keeps the node's place in order. */
export function renameNode(doc: StrategyDocument, from: string, to: string): StrategyDocument {
  if (from === to || !doc.nodes[from] || doc.nodes[to]) return doc
  const nodes: Record<string, StrategyNode> = {}
  for (const [id, node] of Object.entries(doc.nodes)) {
    let next = node
    for (const output of kindOf(node).outputs(node)) {
      if (output.target === from) next = setIn(next, output.path, to)
    }
    nodes[id === from ? to : id] = next
  }
  const layout =
    doc.layout && Object.fromEntries(Object.entries(doc.layout).map(([id, p]) => [id === from ? to : id, p]))
  return { ...doc, start: doc.start === from ? to : doc.start, nodes, ...(layout ? { layout } : {}) }
}

/** Writes positions (rounded, so diffs stay small) into the layout. */
export function moveNodes(
  doc: StrategyDocument,
  positions: Readonly<Record<string, readonly [number, number]>>,
): StrategyDocument {
  const layout: Record<string, [number, number]> = { ...doc.layout }
  for (const [id, [x, y]] of Object.entries(positions)) {
    if (doc.nodes[id]) layout[id] = [Math.round(x), Math.round(y)]
  }
  return { ...doc, layout }
}

export function setStart(doc: StrategyDocument, id: string): StrategyDocument {
  return doc.nodes[id] ? { ...doc, start: id } : doc
}
