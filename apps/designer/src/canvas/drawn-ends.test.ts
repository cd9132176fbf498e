// React Flow runs the edge-ends selector on every change of its store: an edge whose nodes did not change keeps the
// ends read before (3,000 edges' handle positions cost 25 ms a change while a large strategy opened), and an edge
// whose node moved, by a new entry or in place, is read again.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseStrategy } from '@routewright/strategy-dsl'
import type { ReactFlowState } from '@xyflow/react'
import { adoptUserNodes, ConnectionMode, type NodeLookup } from '@xyflow/system'
import { describe, expect, it } from 'vitest'
import { createGraphMapper } from '../core/graph.ts'
import { type FlowNode, syncEdges, syncNodes } from './flow-nodes.ts'
import { drawnEnds, edgeEndsOf } from './useEdgeRoutes.ts'

const file = resolve(import.meta.dirname, '../../../../examples/vip-routing.strategy.yaml')
const doc = parseStrategy(readFileSync(file, 'utf8'), { file: 'vip-routing.strategy.yaml' })
const graph = createGraphMapper()(doc, [], undefined)
const nodes = syncNodes([], graph, doc.layout, {}, new Set())
const edges = syncEdges([], graph)

/** React Flow's state once it has taken these nodes (its setNodes adopts them into the lookup it had). */
function drawn(ns: readonly FlowNode[], before?: NodeLookup): ReactFlowState {
  const nodeLookup: NodeLookup = new Map(before)
  adoptUserNodes([...ns], nodeLookup, new Map(), { checkEquality: true })
  return { nodes: ns, edges, nodeLookup, connectionMode: ConnectionMode.Strict } as unknown as ReactFlowState
}

/** The ends as read afresh, with no reading kept. */
const fresh = (s: ReactFlowState) => edgeEndsOf(s.edges, s.nodeLookup, s.connectionMode)

describe('drawnEnds', () => {
  it('keeps the ends of every edge when the store changed elsewhere', () => {
    const s = drawn(nodes)
    const first = drawnEnds(s)
    expect(first.length).toBeGreaterThan(5)
    const again = drawnEnds({ ...s, transform: [10, 20, 0.5] } as ReactFlowState)
    expect(again).toEqual(first)
    for (const [i, ends] of again.entries()) expect(ends).toBe(first[i])
  })

  it('reads again the edges of a node given a new place, and only theirs', () => {
    const s = drawn(nodes)
    const before = drawnEnds(s)
    const moved = nodes[0]!
    const next = drawn(
      nodes.map((n) =>
        n === moved ? { ...n, position: { x: n.position.x + 40, y: n.position.y + 30 } } : n,
      ),
      s.nodeLookup,
    )
    const after = drawnEnds(next)
    expect(after).toEqual(fresh(next))
    const touches = (id: string) => {
      const edge = edges.find((e) => e.id === id)!
      return edge.source === moved.id || edge.target === moved.id
    }
    expect(after.filter((e) => touches(e.id)).length).toBeGreaterThan(0)
    after.forEach((ends, i) => {
      if (touches(ends.id)) expect(ends).not.toEqual(before[i])
      else expect(ends).toBe(before[i])
    })
  })

  it('reads again an edge whose node React Flow moved inside its entry (arrow keys)', () => {
    const s = drawn(nodes)
    const before = drawnEnds(s)
    const edge = edges[0]!
    const entry = s.nodeLookup.get(edge.source)!
    const at = entry.internals.positionAbsolute
    entry.internals.positionAbsolute = { x: at.x + 100, y: at.y }
    const after = drawnEnds(s)
    expect(after).toEqual(fresh(s))
    expect(after.find((e) => e.id === edge.id)!.source.x).toBe(
      before.find((e) => e.id === edge.id)!.source.x + 100,
    )
  })
})
