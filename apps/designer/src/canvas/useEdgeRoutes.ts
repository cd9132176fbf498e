// The paths of all edges routed together (core/edge-tracks.ts), so edges that share a lane get tracks of their own;
// handed to every edge through a context.
import { type Edge, type ReactFlowState, useStore } from '@xyflow/react'
import { type ConnectionMode, getEdgePosition, type NodeLookup } from '@xyflow/system'
import { createContext, useMemo, useRef } from 'react'
import type { Box, Point } from '../core/edge-route.ts'
import { type EdgeEnds, routeEdges } from '../core/edge-tracks.ts'

export interface EdgeRoutes {
  /** The ends each path was routed between: an edge whose ends have moved since routes its own way. */
  ends: ReadonlyMap<string, EdgeEnds>
  /** The path of each edge that goes around nodes; an edge with ends here and no path draws as smoothstep. */
  paths: ReadonlyMap<string, Point[]>
}

const NONE: EdgeRoutes = { ends: new Map(), paths: new Map() }
export const EdgeRoutesContext = createContext<EdgeRoutes>(NONE)

/** The planned path of the edge when its ends are those the plan was made for; else `stale`. */
export function plannedPath(
  routes: EdgeRoutes,
  id: string,
  source: Point,
  target: Point,
): Point[] | undefined | 'stale' {
  const ends = routes.ends.get(id)
  if (
    ends === undefined ||
    ends.source.x !== source.x ||
    ends.source.y !== source.y ||
    ends.target.x !== target.x ||
    ends.target.y !== target.y
  )
    return 'stale'
  return routes.paths.get(id)
}

/** The handle ends of every edge drawn by RoutedEdge (React Flow's own positions, as each edge reads them). */
function edgeEnds(s: ReactFlowState): EdgeEnds[] {
  return edgeEndsOf(s.edges, s.nodeLookup, s.connectionMode)
}

/** The handle ends of these edges between these nodes, by React Flow's own geometry (also before it drew them). */
export function edgeEndsOf(
  edges: readonly Edge[],
  nodeLookup: NodeLookup,
  connectionMode: ConnectionMode,
): EdgeEnds[] {
  const all: EdgeEnds[] = []
  for (const edge of edges) {
    if ((edge.type !== undefined && edge.type !== 'routed') || edge.hidden) continue
    const sourceNode = nodeLookup.get(edge.source)
    const targetNode = nodeLookup.get(edge.target)
    if (!sourceNode || !targetNode) continue
    const at = getEdgePosition({
      id: edge.id,
      sourceNode,
      targetNode,
      sourceHandle: edge.sourceHandle ?? null,
      targetHandle: edge.targetHandle ?? null,
      connectionMode,
    })
    if (at)
      all.push({
        id: edge.id,
        source: { x: at.sourceX, y: at.sourceY },
        target: { x: at.targetX, y: at.targetY },
      })
  }
  return all
}

const sameEnds = (a: readonly EdgeEnds[], b: readonly EdgeEnds[]) =>
  a.length === b.length &&
  a.every((e, i) => {
    const o = b[i]!
    return (
      e.id === o.id &&
      e.source.x === o.source.x &&
      e.source.y === o.source.y &&
      e.target.x === o.target.x &&
      e.target.y === o.target.y
    )
  })

/**
 * Every routed edge's path, planned again only when an edge's ends or a node box change; while `frozen` (a node
 * being dragged) the plan from before stays, and the dragged node's edges route on their own until it is dropped.
 */
export function useEdgeRoutes(obstacles: readonly Box[], frozen: boolean): EdgeRoutes {
  const ends = useStore(edgeEnds, sameEnds)
  const previous = useRef<EdgeRoutes>(NONE)
  return useMemo(() => {
    if (!frozen)
      previous.current = {
        ends: new Map(ends.map((e) => [e.id, e])),
        paths: routeEdges(ends, obstacles),
      }
    return previous.current
  }, [ends, obstacles, frozen])
}
