// Which connection a palette node was dropped on: the one drawn under the pointer, unless a node card is over it.
import type { FlowEdge } from './flow-nodes.ts'

/** The source and output of the edge at screen point (x, y), from `edges` (the editable ones); undefined for none. */
export function edgeAt(
  x: number,
  y: number,
  edges: readonly FlowEdge[],
): { source: string; key: string } | undefined {
  for (const element of globalThis.document.elementsFromPoint(x, y)) {
    // a card over the line: the drop is on the card's place, not into the connection
    if (element.closest('.react-flow__node')) return undefined
    const id = element.closest('.react-flow__edge')?.getAttribute('data-id')
    if (id == null) continue
    const edge = edges.find((e) => e.id === id)
    return edge?.sourceHandle ? { source: edge.source, key: edge.sourceHandle } : undefined
  }
  return undefined
}
