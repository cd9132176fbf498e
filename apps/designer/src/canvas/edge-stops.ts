// pure: which edge the keyboard reaches next (canvas edges are not Tab stops: E on a node goes to its outgoing edges,
// I to its incoming ones), and which node it goes back to from an edge (Alt+Left / Alt+Right)

/** An edge with both ends: a React Flow edge passes as it is. */
export interface EdgeEndsLike {
  id: string
  source: string
  target: string
}

/** Which of a node's edges a key walks: E its outgoing ones (they leave it), I its incoming ones (they reach it). */
export type EdgeWay = 'outgoing' | 'incoming'

/**
 * The edge E (or Shift+E, `step` -1) moves the focus to from the focused node or edge: a node's first (last) outgoing
 * edge, an edge's next (previous) sibling from the same node, wrapping; undefined when the node has none. I and
 * Shift+I (`way` incoming) do the same with the edges into the node, an edge's siblings being those into its target.
 */
export function edgeStopAfter(
  edges: readonly EdgeEndsLike[],
  from: { node: string } | { edge: string },
  step: 1 | -1,
  way: EdgeWay = 'outgoing',
): string | undefined {
  const end = way === 'outgoing' ? 'source' : 'target'
  const node = 'node' in from ? from.node : edges.find((e) => e.id === from.edge)?.[end]
  if (node === undefined) return undefined
  const along = edges.filter((e) => e[end] === node).map((e) => e.id)
  if (along.length === 0) return undefined
  if ('node' in from) return step > 0 ? along[0] : along[along.length - 1]
  const at = along.indexOf(from.edge)
  return along[(at + step + along.length) % along.length]
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
