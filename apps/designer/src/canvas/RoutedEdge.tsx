import { BaseEdge, type EdgeProps, getSmoothStepPath } from '@xyflow/react'
import { memo, useContext, useMemo } from 'react'
import { roundedPath, routeAround } from '../core/edge-route.ts'
import { EdgeObstaclesContext } from './edge-obstacles.ts'

/**
 * React Flow's smoothstep edge, except where that path would cross a node (an edge skipping columns, a loop back,
 * an edge into the next band): then the orthogonal route around the nodes that edge-route.ts finds.
 */
export const RoutedEdge = memo(function RoutedEdge({
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
  const obstacles = useContext(EdgeObstaclesContext)
  const path = useMemo(() => {
    const route = routeAround({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, obstacles)
    if (route !== undefined) return roundedPath(route)
    return getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })[0]
  }, [sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, obstacles])
  return (
    <BaseEdge
      path={path}
      {...(style === undefined ? {} : { style })}
      {...(markerEnd === undefined ? {} : { markerEnd })}
      {...(markerStart === undefined ? {} : { markerStart })}
      {...(interactionWidth === undefined ? {} : { interactionWidth })}
    />
  )
})
