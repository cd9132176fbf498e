// The one plan of the edge routes (core/edge-tracks.ts), owned by the canvas pane: made for a view's frame
// (planned-routes.ts) and adopted by the drawing (useEdgeRoutes.ts) while the ends and node boxes are those it was
// made for, so opening a file or fitting the view routes the edges once.
import { createContext, useContext } from 'react'
import type { Box, Point } from '../core/edge-route.ts'
import { type EdgeEnds, routeEdges } from '../core/edge-tracks.ts'
import { TEST_HOOKS } from '../core/test-hooks.ts'
import { sameBoxes } from './edge-obstacles.ts'

declare global {
  /** What the edges were routed between, each time (test builds only): e2e checks nothing is routed twice. */
  var __rwRoutings: string[] | undefined
}

export interface EdgeRoutes {
  /** The ends each path was routed between: an edge whose ends have moved since routes its own way. */
  ends: ReadonlyMap<string, EdgeEnds>
  /** The path of each edge that goes around nodes; an edge with ends here and no path draws as smoothstep. */
  paths: ReadonlyMap<string, Point[]>
}

/** The routes and what they were planned between, in React Flow's order of the edges. */
export interface RoutePlan {
  ends: readonly EdgeEnds[]
  boxes: readonly Box[]
  routes: EdgeRoutes
}

/** The plan last made, replaced (never edited) by `planRoutes`. */
export interface RoutePlanRef {
  current: RoutePlan
}

export const NO_ROUTES: EdgeRoutes = { ends: new Map(), paths: new Map() }
export const NO_PLAN: RoutePlan = { ends: [], boxes: [], routes: NO_ROUTES }

export const RoutePlanContext = createContext<RoutePlanRef>({ current: NO_PLAN })

export function useRoutePlan(): RoutePlanRef {
  return useContext(RoutePlanContext)
}

/** The plan for these ends around these boxes: `last` when it was made for the same, else routed anew. */
export function planRoutes(last: RoutePlan, ends: readonly EdgeEnds[], boxes: readonly Box[]): RoutePlan {
  if (sameEnds(last.ends, ends) && sameBoxes(last.boxes, boxes)) return last
  // no edge drawn (a file still being laid out, or one of a single node): nothing to route
  if (ends.length === 0) return { ends, boxes, routes: NO_ROUTES }
  if (TEST_HOOKS) globalThis.__rwRoutings = [...(globalThis.__rwRoutings ?? []), planKey(ends, boxes)]
  return {
    ends,
    boxes,
    routes: { ends: new Map(ends.map((e) => [e.id, e])), paths: routeEdges(ends, boxes) },
  }
}

/**
 * Handles measured in the DOM at a zoom other than 1 come back a few 1/10,000 px off the estimate that was exact
 * (client rects divided by the zoom); an end that moved less than this is where it was, and routes nothing.
 */
export const END_TOLERANCE = 0.25

const near = (a: Point, b: Point) =>
  Math.abs(a.x - b.x) < END_TOLERANCE && Math.abs(a.y - b.y) < END_TOLERANCE

/** Whether an edge drawn between `source` and `target` is where `ends` were planned (within END_TOLERANCE). */
export const endsAt = (ends: EdgeEnds, source: Point, target: Point) =>
  near(ends.source, source) && near(ends.target, target)

export const sameEnds = (a: readonly EdgeEnds[], b: readonly EdgeEnds[]) =>
  a === b ||
  (a.length === b.length &&
    a.every((e, i) => {
      const o = b[i]!
      return e.id === o.id && endsAt(e, o.source, o.target)
    }))

const planKey = (ends: readonly EdgeEnds[], boxes: readonly Box[]) =>
  `${ends.map((e) => `${e.id} ${e.source.x},${e.source.y} ${e.target.x},${e.target.y}`).join(';')} | ${boxes
    .map((b) => `${b.x},${b.y},${b.width},${b.height}`)
    .join(';')}`
