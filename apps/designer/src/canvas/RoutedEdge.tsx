import { BaseEdge, type EdgeProps, getSmoothStepPath } from '@xyflow/react'
import { memo, useMemo } from 'react'
import { roundedPath, routeAround } from '../core/edge-route.ts'
import { useEdgeObstacles } from './edge-obstacles.ts'
import { useEdgeRoute } from './edge-route-store.ts'
import { countEdgeRender } from './render-counter.ts'
import { routePath } from './useEdgeRoutes.ts'

/** Marks an edge drawn on a route of its own (around nodes or looping back), not React Flow's smoothstep path. */
const ROUTED_CLASS = 'rw-edge-routed'

/**
 * React Flow's smoothstep edge, except where that path would cross a node (an edge skipping columns, a loop back,
 * an edge into the next band): then the orthogonal route around the nodes, on its own track where other edges
 * share the lane (planned for all edges at once: useEdgeRoutes; each edge reads its own: edge-route-store.ts). An edge whose ends moved since the plan (its node
 * being dragged) routes on its own.
 */
export const RoutedEdge = memo(function RoutedEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  style,
  markerEnd,
  markerStart,
  interactionWidth,
}: EdgeProps) {
  const route = useEdgeRoute(id)
  countEdgeRender(id)
  const source = useMemo(() => ({ x: sourceX, y: sourceY }), [sourceX, sourceY])
  const target = useMemo(() => ({ x: targetX, y: targetY }), [targetX, targetY])
  const planned = routePath(route, source, target)
  // only an edge routing on its own reads the node boxes: new boxes re-render it, not the edges drawing the plan
  const obstacles = useEdgeObstacles(planned === 'stale')
  const [path, routed] = useMemo(() => {
    const route = planned === 'stale' ? routeAround(source, target, obstacles) : planned
    if (route !== undefined) return [roundedPath(route), true]
    return [
      getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })[0],
      false,
    ]
  }, [planned, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, obstacles])
  return (
    <BaseEdge
      path={path}
      {...(routed ? { className: ROUTED_CLASS } : {})}
      {...(style === undefined ? {} : { style })}
      {...(markerEnd === undefined ? {} : { markerEnd })}
      {...(markerStart === undefined ? {} : { markerStart })}
      {...(interactionWidth === undefined ? {} : { interactionWidth })}
    />
  )
})
