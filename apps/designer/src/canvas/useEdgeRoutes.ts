// The paths of all edges routed together (core/edge-tracks.ts), so edges that share a lane get tracks of their own;
// handed to each edge through edge-route-store.ts. The plan is the canvas pane's one (route-plan.ts): a file's opening view
// planned it already for the nodes React Flow then draws, so the drawing adopts it instead of routing again.
import { type Edge, type ReactFlowState, useStore, useStoreApi } from '@xyflow/react'
import {
  type ConnectionMode,
  getEdgePosition,
  type InternalNodeBase as InternalNode,
  type NodeLookup,
  type XYPosition,
} from '@xyflow/system'
import { useEffect, useMemo, useReducer, useRef } from 'react'
import type { Box, Point } from '../core/edge-route.ts'
import type { EdgeEnds } from '../core/edge-tracks.ts'
import { obstaclesOf, sameBoxes } from './edge-obstacles.ts'
import type { EdgeRoute } from './edge-route-store.ts'
import {
  ALL,
  covers,
  type EdgeRoutes,
  endsAt,
  planRoutes,
  type RoutePlan,
  type RoutePlanRef,
  sameEnds,
} from './route-plan.ts'

/** The planned path of the edge when its ends are those the plan was made for; else `stale`. */
export function plannedPath(
  routes: EdgeRoutes,
  id: string,
  source: Point,
  target: Point,
): Point[] | undefined | 'stale' {
  return routePath({ ends: routes.ends.get(id), path: routes.paths.get(id) }, source, target)
}

/** An edge's planned path (its part of the plan) when drawn between the ends it was planned for; else `stale`. */
export function routePath(route: EdgeRoute, source: Point, target: Point): Point[] | undefined | 'stale' {
  // the same tolerance as the plan's: handles measured a float error off the plan's ends still draw its path
  if (route.ends === undefined || !endsAt(route.ends, source, target)) return 'stale'
  return route.path
}

/** The handle ends of every edge drawn by RoutedEdge (React Flow's own positions, as each edge reads them). */
export function drawnEnds(s: ReactFlowState): EdgeEnds[] {
  return edgeEndsOf(s.edges, s.nodeLookup, s.connectionMode, lastEnds)
}

/** An edge's ends as last read, and what they were read from: React Flow replaces a node's entry when it changes. */
interface ReadEnds {
  source: InternalNode
  sourceAt: XYPosition
  target: InternalNode
  targetAt: XYPosition
  connectionMode: ConnectionMode
  ends: EdgeEnds | undefined
}

/**
 * drawnEnds' last reading of each edge: React Flow runs the selector on every change of its store (each batch of
 * measured nodes, each frame of a pan), and 3,000 edges' handle positions cost 25 ms each time; an edge whose
 * nodes are the same entries at the same places keeps its ends.
 */
const lastEnds = new WeakMap<Edge, ReadEnds>()

/** The node boxes around React Flow's nodes: with the ends, from one state, so a plan never mixes two files. */
export function drawnBoxes(s: ReactFlowState): readonly Box[] {
  return obstaclesOf(s.nodes, [])
}

/**
 * The handle ends of these edges between these nodes, by React Flow's own geometry (also before it drew them);
 * `cache`: each edge's last reading, kept while its nodes' entries and places are the same.
 */
export function edgeEndsOf(
  edges: readonly Edge[],
  nodeLookup: NodeLookup,
  connectionMode: ConnectionMode,
  cache?: WeakMap<Edge, ReadEnds>,
): EdgeEnds[] {
  const all: EdgeEnds[] = []
  for (const edge of edges) {
    if ((edge.type !== undefined && edge.type !== 'routed') || edge.hidden) continue
    const sourceNode = nodeLookup.get(edge.source)
    const targetNode = nodeLookup.get(edge.target)
    if (!sourceNode || !targetNode) continue
    const read = cache?.get(edge)
    // a dragged node's place changes inside its entry (positionAbsolute is replaced, the entry kept)
    const same =
      read !== undefined &&
      read.source === sourceNode &&
      read.target === targetNode &&
      read.sourceAt === sourceNode.internals.positionAbsolute &&
      read.targetAt === targetNode.internals.positionAbsolute &&
      read.connectionMode === connectionMode
    const ends = same ? read.ends : endsOf(edge, sourceNode, targetNode, connectionMode)
    if (!same)
      cache?.set(edge, {
        source: sourceNode,
        sourceAt: sourceNode.internals.positionAbsolute,
        target: targetNode,
        targetAt: targetNode.internals.positionAbsolute,
        connectionMode,
        ends,
      })
    if (ends) all.push(ends)
  }
  return all
}

function endsOf(
  edge: Edge,
  sourceNode: InternalNode,
  targetNode: InternalNode,
  connectionMode: ConnectionMode,
): EdgeEnds | undefined {
  const at = getEdgePosition({
    id: edge.id,
    sourceNode,
    targetNode,
    sourceHandle: edge.sourceHandle ?? null,
    targetHandle: edge.targetHandle ?? null,
    connectionMode,
  })
  if (!at) return undefined
  return { id: edge.id, source: { x: at.sourceX, y: at.sourceY }, target: { x: at.targetX, y: at.targetY } }
}

/** The routes the edges draw from, and whether they are all of the view's (the canvas's `data-edges-routed`). */
export interface DrawnRoutes {
  routes: EdgeRoutes
  /** The plan is of the drawing's ends and boxes and covers the view: no edge on screen routes on its own. */
  routed: boolean
}

/**
 * Every routed edge's path, planned again only when an edge's ends or a node box differ from the plan's, or the
 * view reaches past the edges a large strategy's plan covers (route-plan.ts); while
 * `frozen` (a node being dragged) the plan from before stays, and the dragged node's edges route on their own until
 * it is dropped.
 */
export function useEdgeRoutes(plan: RoutePlanRef, frozen: boolean): DrawnRoutes {
  const ends = useStore(drawnEnds, sameEnds)
  const boxes = useStore(drawnBoxes, sameBoxes)
  const store = useStoreApi()
  // only whether the view is inside the area planned (a pan frame would re-render the whole canvas otherwise)
  const covered = useStore((s) => covers(plan.current.covered, viewOf(s)))
  // the ends and boxes last planned for: a view that moves alone plans more of the plan's own edges, never the
  // drawing's when it lags the plan (the opening view plans the new file's edges before React Flow has them)
  const seen = useRef<{ ends: EdgeEnds[]; boxes: readonly Box[] } | undefined>(undefined)
  // a view over more edges than a slice (Fit all of a large strategy) plans one slice per render, the next after a
  // turn of the event loop, so input and paint go on between them
  const [slices, nextSlice] = useReducer((n: number) => n + 1, 0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: each slice tick plans the next slice of the view's edges
  const drawn = useMemo(() => {
    const current = plan.current
    const changed = seen.current?.ends !== ends || seen.current.boxes !== boxes
    seen.current = { ends, boxes }
    const ofDrawing = sameEnds(current.ends, ends) && sameBoxes(current.boxes, boxes)
    if (!frozen && (changed || (ofDrawing && !covered))) {
      const view = viewOf(store.getState()) ?? plannedView(current)
      plan.current = planRoutes(current, ends, boxes, view)
    }
    const made = plan.current
    // read after planning: the render that plans a view's last tile is the one that finds it covered
    const routed =
      !frozen &&
      sameEnds(made.ends, ends) &&
      sameBoxes(made.boxes, boxes) &&
      covers(made.covered, viewOf(store.getState()))
    return { routes: made.routes, routed }
  }, [plan, ends, boxes, frozen, covered, store, slices])
  // biome-ignore lint/correctness/useExhaustiveDependencies: after each slice planned (new routes), the next is due
  useEffect(() => {
    const current = plan.current
    const view = viewOf(store.getState())
    const ofDrawing = sameEnds(current.ends, ends) && sameBoxes(current.boxes, boxes)
    if (frozen || !ofDrawing || view === undefined || covers(current.covered, view)) return
    const timer = setTimeout(nextSlice, 0)
    return () => clearTimeout(timer)
  }, [plan, ends, boxes, frozen, store, drawn.routes])
  return drawn
}

/** The area of the flow on screen; undefined until React Flow has measured its pane. */
export function viewOf(s: ReactFlowState): Box | undefined {
  const [x, y, zoom] = s.transform
  if (s.width === 0 || s.height === 0) return undefined
  return { x: -x / zoom, y: -y / zoom, width: s.width / zoom, height: s.height / zoom }
}

/** Before React Flow knows its pane: the area the plan was made for (the opening view's), not every edge. */
const plannedView = (plan: RoutePlan): Box | undefined =>
  plan.covered === ALL ? undefined : plan.covered[plan.covered.length - 1]
