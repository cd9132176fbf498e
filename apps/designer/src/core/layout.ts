// Automatic layout with elkjs (layered, left to right). The ELK instance is injected: a web worker in the
// browser, the bundled engine in tests.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { ELK } from 'elkjs/lib/elk-api.js'
import { createGraphMapper, NODE_WIDTH, nodeViewHeight } from './graph.ts'

export type Positions = Record<string, [number, number]>

/** Positions for every node of `doc`, computed by ELK's layered algorithm, starting from the start node. */
export async function layoutDocument(doc: StrategyDocument, elk: ELK): Promise<Positions> {
  const { nodes, edges } = createGraphMapper()(doc, [], undefined)
  const ids = new Set(nodes.map((n) => n.id))
  const ordered = [...nodes].sort((a, b) => Number(b.isStart) - Number(a.isStart))
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.portConstraints': 'FIXED_ORDER',
    },
    children: ordered.map((n) => ({
      id: n.id,
      width: NODE_WIDTH,
      height: nodeViewHeight(n),
      ports: n.outputs.map((o, i) => ({
        id: `${n.id}:${o.key}`,
        layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
      })),
    })),
    edges: edges
      .filter((e) => ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}:${e.sourceHandle}`], targets: [e.target] })),
  })
  const out: Positions = {}
  for (const child of graph.children ?? [])
    out[child.id] = [Math.round(child.x ?? 0), Math.round(child.y ?? 0)]
  return out
}

/** Whether some node has no stored position, so the canvas should lay the document out. */
export function needsLayout(doc: StrategyDocument): boolean {
  return Object.keys(doc.nodes).some((id) => doc.layout?.[id] === undefined)
}
