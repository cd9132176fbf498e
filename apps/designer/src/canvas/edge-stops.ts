// pure: which edge the keyboard reaches next (canvas edges are not Tab stops: E on a node goes to its outgoing edges),
// and which node it goes back to from an edge (Alt+Left / Alt+Right)

/** What of an edge the rule reads: a React Flow edge passes as it is. */
export interface EdgeLike {
  id: string
  source: string
}

/**
 * The edge E (or Shift+E, `step` -1) moves the focus to from the focused node or edge: a node's first (last) outgoing
 * edge, an edge's next (previous) sibling from the same node, wrapping; undefined when the node has none.
 */
export function edgeStopAfter(
  edges: readonly EdgeLike[],
  from: { node: string } | { edge: string },
  step: 1 | -1,
): string | undefined {
  const source = 'node' in from ? from.node : edges.find((e) => e.id === from.edge)?.source
  if (source === undefined) return undefined
  const outgoing = edges.filter((e) => e.source === source).map((e) => e.id)
  if (outgoing.length === 0) return undefined
  if ('node' in from) return step > 0 ? outgoing[0] : outgoing[outgoing.length - 1]
  const at = outgoing.indexOf(from.edge)
  return outgoing[(at + step + outgoing.length) % outgoing.length]
}

/** An edge with both ends: a React Flow edge passes as it is. */
export interface EdgeEndsLike extends EdgeLike {
  target: string
}

/**
 * The node a key on focused edge `edge` goes to: Alt+ArrowLeft its source (the node it leaves), Alt+ArrowRight its
 * target (the node it goes to), as the canvas lays a strategy out left to right; undefined for another key or a gone
 * edge.
 */
export function nodeStopFrom(edges: readonly EdgeEndsLike[], edge: string, key: string): string | undefined {
  const side = key === 'ArrowLeft' ? 'source' : key === 'ArrowRight' ? 'target' : undefined
  if (side === undefined) return undefined
  return edges.find((e) => e.id === edge)?.[side]
}
