// pure: copy and paste of nodes as JSON, so nodes move between strategies (system clipboard or localStorage).
import { kindOf, nodeSchema, type StrategyDocument, type StrategyNode } from '@routewright/strategy-dsl'
import { setIn, uniqueId } from './document-edit.ts'

export const CLIPBOARD_FORMAT = 'routewright/nodes'

export interface ClipboardPayload {
  format: typeof CLIPBOARD_FORMAT
  nodes: Record<string, StrategyNode>
  layout: Record<string, [number, number]>
}

export function copyNodes(doc: StrategyDocument, ids: readonly string[]): ClipboardPayload | undefined {
  const nodes: Record<string, StrategyNode> = {}
  const layout: Record<string, [number, number]> = {}
  for (const id of ids) {
    const node = doc.nodes[id]
    if (!node) continue
    nodes[id] = node
    const position = doc.layout?.[id]
    if (position) layout[id] = [position[0], position[1]]
  }
  return Object.keys(nodes).length === 0 ? undefined : { format: CLIPBOARD_FORMAT, nodes, layout }
}

/** Reads a payload from clipboard text; anything else (plain text, foreign JSON, bad nodes) gives undefined. */
export function readClipboard(text: string): ClipboardPayload | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== CLIPBOARD_FORMAT) {
    return undefined
  }
  const { nodes, layout } = raw as { nodes?: unknown; layout?: unknown }
  if (typeof nodes !== 'object' || nodes === null) return undefined
  const valid: Record<string, StrategyNode> = {}
  for (const [id, node] of Object.entries(nodes)) {
    const parsed = nodeSchema.safeParse(node)
    if (parsed.success) valid[id] = parsed.data
  }
  const positions: Record<string, [number, number]> = {}
  if (typeof layout === 'object' && layout !== null) {
    for (const [id, p] of Object.entries(layout)) {
      if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
        positions[id] = [p[0], p[1]]
    }
  }
  return Object.keys(valid).length === 0
    ? undefined
    : { format: CLIPBOARD_FORMAT, nodes: valid, layout: positions }
}

/**
 * Adds the payload's nodes to `doc`: colliding ids get fresh ones, edges between pasted nodes follow the
 * renames, edges to nodes that exist in `doc` stay, other edges are cut. Positions shift by `offset`.
 */
export function pasteNodes(
  doc: StrategyDocument,
  payload: ClipboardPayload,
  offset: readonly [number, number],
): { document: StrategyDocument; ids: string[] } {
  const renames = new Map<string, string>()
  const taken = new Set(Object.keys(doc.nodes))
  for (const id of Object.keys(payload.nodes)) {
    const fresh = uniqueId(id, (candidate) => taken.has(candidate))
    taken.add(fresh)
    renames.set(id, fresh)
  }
  const nodes = { ...doc.nodes }
  const layout: Record<string, [number, number]> = { ...doc.layout }
  let index = 0
  for (const [id, original] of Object.entries(payload.nodes)) {
    let node = original
    for (const output of kindOf(node).outputs(node)) {
      if (output.target === undefined) continue
      const renamed = renames.get(output.target)
      const target = renamed ?? (doc.nodes[output.target] ? output.target : undefined)
      node = setIn(node, output.path, target)
    }
    const fresh = renames.get(id)!
    nodes[fresh] = node
    const base = payload.layout[id] ?? [index * 40, index * 40]
    layout[fresh] = [Math.round(base[0] + offset[0]), Math.round(base[1] + offset[1])]
    index += 1
  }
  return { document: { ...doc, nodes, layout }, ids: [...renames.values()] }
}
