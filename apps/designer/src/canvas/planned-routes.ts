// The edge paths as the canvas draws them (useEdgeRoutes), for a fit to frame: planned from the canvas's own nodes
// before React Flow has them (nodes declare their size and estimated handles: flow-nodes.ts), so the opening view
// frames its edges on the first frame instead of moving once they are drawn; or from React Flow's measured nodes.
// Either way into the pane's one plan (route-plan.ts), which the drawing then adopts instead of routing again.
import type { Edge, Node, ReactFlowState } from '@xyflow/react'
import { adoptUserNodes } from '@xyflow/system'
import { type Box, type Point, smoothStepPoints } from '../core/edge-route.ts'
import type { EdgeEnds } from '../core/edge-tracks.ts'
import { obstaclesOf } from './edge-obstacles.ts'
import { LAZY_FROM, planRoutes, type RoutePlanRef } from './route-plan.ts'
import { drawnBoxes, drawnEnds, edgeEndsOf } from './useEdgeRoutes.ts'

/**
 * Every routed edge's path between these nodes, before React Flow has them: by React Flow's own adoption (absolute
 * positions of a frame's children; handles from the declared estimates, or those React Flow measured in `drawn`
 * for a node it has drawn already, as it keeps them itself). The plan is kept in `plan` for the drawing; with a
 * `view`, a large strategy's edges away from it are not planned and come back as smoothstep (route-plan.ts);
 * without one, a large strategy's edges are not planned at all (`pathsOf`).
 */
export function plannedPaths(
  nodes: readonly Node[],
  edges: readonly Edge[],
  drawn: Pick<ReactFlowState, 'nodeLookup' | 'connectionMode'>,
  plan: RoutePlanRef,
  view?: Box,
): Point[][] | undefined {
  const lookup = new Map(drawn.nodeLookup)
  adoptUserNodes([...nodes], lookup, new Map(), { checkEquality: false })
  return pathsOf(edgeEndsOf(edges, lookup, drawn.connectionMode), obstaclesOf(nodes, []), plan, view)
}

/** Every routed edge's path as drawn now (React Flow's measured handles); undefined as for `plannedPaths`. */
export function drawnPaths(s: ReactFlowState, plan: RoutePlanRef): Point[][] | undefined {
  return pathsOf(drawnEnds(s), drawnBoxes(s), plan)
}

/**
 * Without a view (a fit of the whole strategy), undefined for a large strategy instead of routing every edge (1 s
 * for 3,600): the fit frames the nodes with room for their loops (drawingBounds), and the drawing plans the edges
 * the fitted view shows, a slice at a time (route-plan.ts).
 */
function pathsOf(
  ends: EdgeEnds[],
  boxes: readonly Box[],
  plan: RoutePlanRef,
  view?: Box,
): Point[][] | undefined {
  if (view === undefined && ends.length > LAZY_FROM) return undefined
  plan.current = planRoutes(plan.current, ends, boxes, view)
  const { paths } = plan.current.routes
  // an edge that goes around nothing draws as smoothstep between its ends
  return ends.map((e) => paths.get(e.id) ?? smoothStepPoints(e.source, e.target))
}
