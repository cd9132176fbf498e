// The edge paths as the canvas draws them (useEdgeRoutes), for a fit to frame: planned from the canvas's own nodes
// before React Flow has them (nodes declare their size and estimated handles: flow-nodes.ts), so the opening view
// frames its edges on the first frame instead of moving once they are drawn; or from React Flow's measured nodes.
import type { Edge, Node, ReactFlowState } from '@xyflow/react'
import { adoptUserNodes, type ConnectionMode, type NodeLookup } from '@xyflow/system'
import { type Point, smoothStepPoints } from '../core/edge-route.ts'
import { routeEdges } from '../core/edge-tracks.ts'
import { obstaclesOf } from './edge-obstacles.ts'
import { edgeEndsOf } from './useEdgeRoutes.ts'

/**
 * Every routed edge's path between these nodes, before React Flow has them: by React Flow's own adoption (absolute
 * positions of a frame's children; handles from the declared estimates, or those React Flow measured in `drawn`
 * for a node it has drawn already, as it keeps them itself).
 */
export function plannedPaths(
  nodes: readonly Node[],
  edges: readonly Edge[],
  drawn: Pick<ReactFlowState, 'nodeLookup' | 'connectionMode'>,
): Point[][] {
  const lookup: NodeLookup = new Map(drawn.nodeLookup)
  adoptUserNodes([...nodes], lookup, new Map(), { checkEquality: false })
  return pathsOf(nodes, edges, lookup, drawn.connectionMode)
}

/** Every routed edge's path as drawn now (React Flow's measured handles). */
export function drawnPaths(s: ReactFlowState): Point[][] {
  return pathsOf(s.nodes, s.edges, s.nodeLookup, s.connectionMode)
}

function pathsOf(
  nodes: readonly Node[],
  edges: readonly Edge[],
  lookup: NodeLookup,
  mode: ConnectionMode,
): Point[][] {
  const ends = edgeEndsOf(edges, lookup, mode)
  const paths = routeEdges(ends, obstaclesOf(nodes, []))
  // an edge that goes around nothing draws as smoothstep between its ends
  return ends.map((e) => paths.get(e.id) ?? smoothStepPoints(e.source, e.target))
}
