// The one plan of the edge routes (core/edge-tracks.ts), owned by the canvas pane: made for a view's frame
// (planned-routes.ts) and adopted by the drawing (useEdgeRoutes.ts) while the ends and node boxes are those it was
// made for, so opening a file or fitting the view routes the edges once. A large strategy's plan covers the edges in
// and near the view only, and grows as the view reaches others.
import { createContext, useContext } from 'react'
import { type Box, type Point, STUB } from '../core/edge-route.ts'
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
  /** The areas (flow coordinates) whose edges are planned: `ALL`, or those of the views planned so far. */
  covered: readonly Box[] | typeof ALL
}

/** A plan of every edge. */
export const ALL = 'all'

/**
 * Strategies with more edges than this plan the edges in and near the view (3,600 edges of a 3,001-node strategy
 * took 1 s for a view showing 20); the others when the view comes near them.
 */
export const LAZY_FROM = 400
/**
 * A view that reaches more edges than this not yet planned (Fit all of a 3,001-node strategy reaches every one of
 * its 3,600) plans them a `TILE` at a time, one per call, each short enough to keep the page responsive; a slice
 * of the edges nearest the middle instead had rows' long edges in it, and routed most of the strategy each time.
 */
export const SLICE = 200
/** A tile's side (flow units): about the area a view at reading zoom plans, with a `HALO` of context around it. */
const TILE = 3000
/**
 * An area larger than this (flow units squared; four tiles) is planned in tiles however few of its edges are left:
 * its last few would otherwise be planned with the whole area's edges around them.
 */
const TILED_AREA = 4 * TILE * TILE
/** Planned with a view: this share of its width and height on each side, so a pan of that much routes nothing. */
const NEAR = 0.5
/**
 * Edges this far (flow units) around the area planned are routed with it, then left out of the plan: the edges of
 * the area share their corridors with them, and get the tracks a plan of every edge gives them
 * (`planned-routes.test.ts` compares both on a 3,001-node strategy). Two columns and more of its rows.
 */
const HALO = 1200

/** The plan last made, replaced (never edited) by `planRoutes`. */
export interface RoutePlanRef {
  current: RoutePlan
}

export const NO_ROUTES: EdgeRoutes = { ends: new Map(), paths: new Map() }
export const NO_PLAN: RoutePlan = { ends: [], boxes: [], routes: NO_ROUTES, covered: ALL }

export const RoutePlanContext = createContext<RoutePlanRef>({ current: NO_PLAN })

export function useRoutePlan(): RoutePlanRef {
  return useContext(RoutePlanContext)
}

/**
 * The plan for these ends around these boxes: `last` when it was made for the same and covers `view`, else routed
 * anew. Without a view (a fit of every edge), every edge; with one, a large strategy's edges in and near it, added
 * to `last`'s when that was made for the same ends and boxes.
 */
export function planRoutes(
  last: RoutePlan,
  ends: readonly EdgeEnds[],
  boxes: readonly Box[],
  view?: Box,
): RoutePlan {
  const same = sameEnds(last.ends, ends) && sameBoxes(last.boxes, boxes)
  if (same && covers(last.covered, view)) return last
  // no edge drawn (a file still being laid out, or one of a single node): nothing to route
  if (ends.length === 0) return { ends, boxes, routes: NO_ROUTES, covered: ALL }
  if (view === undefined || ends.length <= LAZY_FROM) {
    record(ends, boxes)
    return {
      ends,
      boxes,
      routes: { ends: new Map(ends.map((e) => [e.id, e])), paths: routeEdges(ends, boxes) },
      covered: ALL,
    }
  }
  const from = same ? last : { ends, boxes, routes: NO_ROUTES, covered: [] }
  const area = grow(view, view.width * NEAR, view.height * NEAR)
  const unplanned = ends.filter((e) => !from.routes.ends.has(e.id) && meets(hullOfEnds(e), area))
  // a view over much of the strategy (Fit all) plans its edges a tile at a time, the one nearest its middle first
  const tiled = unplanned.length > SLICE || area.width * area.height > TILED_AREA
  const tile = tiled && unplanned.length > 0 ? tileOf(nearest(unplanned, view)) : area
  const wanted = tile === area ? unplanned : unplanned.filter((e) => meets(hullOfEnds(e), tile))
  const done = wanted.length === unplanned.length
  const around = grow(tile, HALO, HALO)
  const context = wanted.length === 0 ? [] : ends.filter((e) => meets(hullOfEnds(e), around))
  if (context.length > 0) record(context, boxes)
  const routed = context.length === 0 ? new Map<string, Point[]>() : routeEdges(context, boxes)
  const planned = new Map(from.routes.ends)
  const paths = new Map(from.routes.paths)
  for (const e of wanted) {
    planned.set(e.id, e)
    const path = routed.get(e.id)
    if (path !== undefined) paths.set(e.id, path)
  }
  const covered = from.covered === ALL ? [] : from.covered
  // the area is covered once its last tile is planned; until then each call plans the next
  return { ends, boxes, routes: { ends: planned, paths }, covered: done ? [...covered, area] : covered }
}

/** The edge whose middle is nearest the view's (the first by id of those as near). */
function nearest(edges: readonly EdgeEnds[], view: Box): EdgeEnds {
  const [cx, cy] = [view.x + view.width / 2, view.y + view.height / 2]
  const distance = ({ source, target }: EdgeEnds) =>
    Math.hypot((source.x + target.x) / 2 - cx, (source.y + target.y) / 2 - cy)
  let best = edges[0]!
  let bestDistance = distance(best)
  for (const e of edges) {
    const d = distance(e)
    if (d < bestDistance || (d === bestDistance && e.id < best.id)) [best, bestDistance] = [e, d]
  }
  return best
}

/** The tile (of a fixed grid, so tiles never overlap) that holds the edge's middle: each plans that edge at least. */
function tileOf({ source, target }: EdgeEnds): Box {
  const at = (v: number) => Math.floor(v / TILE) * TILE
  return { x: at((source.x + target.x) / 2), y: at((source.y + target.y) / 2), width: TILE, height: TILE }
}

function record(ends: readonly EdgeEnds[], boxes: readonly Box[]): void {
  if (TEST_HOOKS) globalThis.__rwRoutings = [...(globalThis.__rwRoutings ?? []), planKey(ends, boxes)]
}

/** Whether the plan's areas hold the view (a plan of every edge holds any view). */
export function covers(covered: RoutePlan['covered'], view: Box | undefined): boolean {
  if (covered === ALL) return true
  if (view === undefined) return false
  return covered.some(
    (a) =>
      a.x <= view.x &&
      a.y <= view.y &&
      a.x + a.width >= view.x + view.width &&
      a.y + a.height >= view.y + view.height,
  )
}

const grow = (b: Box, dx: number, dy: number): Box => ({
  x: b.x - dx,
  y: b.y - dy,
  width: b.width + 2 * dx,
  height: b.height + 2 * dy,
})

/** Around an edge's ends and the stubs out of and into them: what React Flow tests against the view to draw it. */
function hullOfEnds({ source, target }: EdgeEnds): Box {
  const x = Math.min(source.x, target.x) - STUB
  const y = Math.min(source.y, target.y)
  return { x, y, width: Math.max(source.x, target.x) + STUB - x, height: Math.max(source.y, target.y) - y }
}

const meets = (a: Box, b: Box) =>
  a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height

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
