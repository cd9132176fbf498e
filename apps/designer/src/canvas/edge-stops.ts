// pure: which edge the keyboard reaches next (canvas edges are not Tab stops: E on a node goes to its outgoing edges)

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
