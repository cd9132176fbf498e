// Test and bench helper: a strategy laid out automatically, as the canvas lays it out, with each edge's handle
// ends and each node's box (the estimated handles and declared sizes the canvas routes with before measuring).
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { estimatedHandles } from '../canvas/flow-nodes.ts'
import { dslAdapter } from './dsl-adapter.ts'
import type { Box, Point } from './edge-route.ts'
import type { EdgeEnds } from './edge-tracks.ts'
import { createGraphMapper, NODE_WIDTH, nodeViewHeight } from './graph.ts'
import { fitBoxFor, layoutDocument, type Positions } from './layout.ts'

export interface LaidOutEdges {
  boxes: Box[]
  edges: EdgeEnds[]
}

/** The strategy text's nodes laid out for the pane (its stored layout ignored) and its edges' ends. */
export function laidOutEdges(text: string, pane: { width: number; height: number }): LaidOutEdges {
  const doc = dslAdapter.check(text, {}).document
  if (doc === undefined) throw new Error('the strategy does not parse')
  const { layout: _stored, ...unlaid } = doc as StrategyDocument
  return edgesAt(unlaid, layoutDocument(unlaid, { fitWithin: fitBoxFor(pane) }))
}

/** The strategy text's nodes at their stored places and its edges' ends. */
export function storedEdges(text: string): LaidOutEdges {
  const doc = dslAdapter.check(text, {}).document
  if (doc?.layout === undefined) throw new Error('the strategy does not parse or has no stored layout')
  return edgesAt(doc, doc.layout)
}

function edgesAt(doc: StrategyDocument, positions: Positions): LaidOutEdges {
  const { nodes, edges } = createGraphMapper()(doc, [], undefined)
  const boxes: Box[] = []
  const handles = new Map<string, Point>()
  for (const view of nodes) {
    const [x, y] = positions[view.id]!
    boxes.push({ x, y, width: NODE_WIDTH, height: nodeViewHeight(view) })
    for (const h of estimatedHandles(view)) {
      const hx = h.type === 'source' ? x + h.x + (h.width ?? 0) : x + h.x
      handles.set(`${view.id}/${h.type === 'source' ? h.id : ''}`, {
        x: hx,
        y: y + h.y + (h.height ?? 0) / 2,
      })
    }
  }
  return {
    boxes,
    edges: edges.map((e) => ({
      id: e.id,
      source: handles.get(`${e.source}/${e.sourceHandle}`)!,
      target: handles.get(`${e.target}/`)!,
    })),
  }
}
