// The viewport a file opens at, computed from the canvas's own node list and its planned edges before React Flow has
// drawn anything, so the first frame already shows the right nodes (a large strategy renders only the nodes on
// screen) and is the final view (nothing moves once the edges are drawn).
import { getViewportForBounds, type Node, type Rect, type Viewport } from '@xyflow/react'
import type { Point } from '../core/edge-route.ts'
import {
  CONTROLS_CLEARANCE,
  clearOfControls,
  drawingBounds,
  EDGE_REACH,
  type FitMargins,
  fitMargins,
} from '../core/fit-margins.ts'
import { nodesInView } from './nodes-in-view.ts'

/**
 * The smallest zoom a file opens fitted at. At 0.5 a node's 13 px title draws at 6.5 px: small, but every card
 * still shows its title, icon and outputs (they drop out below SIMPLE_ZOOM, 0.45), so the whole flow can be read
 * as a map and a click zooms in. A file that fits only smaller opens at this zoom on its start node, with the
 * "n of m nodes in view - Fit all" cue (NodesInViewChip).
 */
export const READABLE_ZOOM = 0.5
/** More nodes than this open on their start node at reading size rather than fitted (fitting would draw them all). */
export const LARGE_GRAPH = 80
/** Small strategies are not blown up past a comfortable reading size. */
export const MAX_FIT_ZOOM = 1.2

export interface Pane {
  width: number
  height: number
  minZoom: number
  maxZoom: number
}

/** Bounds of top-level nodes by position and size: measured when drawn, else the size each node declares. */
export function nodesBounds(all: readonly Node[]): Rect {
  // a child's position is relative to its parent, whose box holds it
  const nodes = all.filter((n) => n.parentId === undefined)
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = Number.NEGATIVE_INFINITY
  let y1 = Number.NEGATIVE_INFINITY
  for (const n of nodes) {
    const w = n.measured?.width ?? n.width ?? n.initialWidth ?? 0
    const h = n.measured?.height ?? n.height ?? n.initialHeight ?? 0
    x0 = Math.min(x0, n.position.x)
    y0 = Math.min(y0, n.position.y)
    x1 = Math.max(x1, n.position.x + w)
    y1 = Math.max(y1, n.position.y + h)
  }
  if (nodes.length === 0) return { x: 0, y: 0, width: 0, height: 0 }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/**
 * Every node and edge in view, capped at MAX_FIT_ZOOM, clear of the zoom controls (fit-margins.ts); undefined when
 * there is nothing to fit or no pane yet. `paths`: the planned edge paths (planned-routes.ts), else an allowance
 * for loops beside the outermost nodes stands in for them.
 */
export function fitViewport(
  nodes: readonly Node[],
  pane: Pane,
  paths?: Iterable<readonly Point[]>,
): Viewport | undefined {
  if (nodes.length === 0 || pane.width === 0 || pane.height === 0) return undefined
  const maxZoom = Math.min(pane.maxZoom, MAX_FIT_ZOOM)
  const drawing = drawingBounds(nodesBounds(nodes), paths)
  const m = fitMargins(pane)
  const padding = {
    top: `${m.top}px`,
    right: `${m.right}px`,
    bottom: `${m.bottom}px`,
    left: `${m.left}px`,
  } as const
  return getViewportForBounds(drawing, pane.width, pane.height, pane.minZoom, maxZoom, padding)
}

/**
 * Where a file opens: fitted when it fits at a readable zoom; otherwise (and always for a large strategy, which
 * would render every node fitted) at reading size with the start node at the left and at the top margin (below the
 * "n of m nodes in view" chip when some node is out of view), the flow reading on to the right and down from it (nodes above the start node shown
 * too when the start node still fits). `paths`: the planned edge paths, framed too (fitViewport) and kept from under
 * the zoom controls.
 */
export function openingViewport(
  nodes: readonly Node[],
  pane: Pane,
  startId: string | undefined,
  paths?: readonly (readonly Point[])[],
): Viewport | undefined {
  const fitted = fitViewport(nodes, pane, paths)
  if (fitted === undefined) return undefined
  const start = startId === undefined ? undefined : nodes.find((n) => n.id === startId)
  const large = nodes.length > LARGE_GRAPH
  if (start === undefined || (!large && fitted.zoom >= READABLE_ZOOM)) return fitted
  // a large strategy opens a little closer: fewer nodes drawn on its first frame
  const zoom = large ? 0.7 : READABLE_ZOOM
  const view = startView(nodes, pane, start, zoom, fitMargins(pane), paths)
  // the "n of m nodes in view" chip (top right) shows when a node is out of view: then the nodes start below it
  const chip = nodesInView(nodes, [view.x, view.y, zoom], pane.width, pane.height)
  if (chip.shown === chip.total) return view
  return startView(nodes, pane, start, zoom, fitMargins(pane, true), paths)
}

function startView(
  nodes: readonly Node[],
  pane: Pane,
  start: Node,
  zoom: number,
  m: FitMargins,
  paths: readonly (readonly Point[])[] | undefined,
): Viewport {
  const drawing = drawingBounds(nodesBounds(nodes), paths)
  // the top of the drawing at the top margin (no empty room above it) while the start node stays whole in view
  const startBottom = start.position.y + (start.measured?.height ?? start.height ?? start.initialHeight ?? 0)
  const room = (pane.height - m.top - m.bottom) / zoom
  const top = startBottom - drawing.y <= room ? drawing.y : start.position.y
  // the start node's column (and the legs of its planned edges beside it) right of the zoom controls, as in a
  // fitted view; EDGE_REACH stands in for the legs before they are planned
  const reach = paths === undefined ? EDGE_REACH : legsLeftOf(start, nodes, paths)
  const left = m.left + reach * zoom
  const view = { x: left - start.position.x * zoom, y: m.top - top * zoom, zoom }
  // a column that many loops come back into has tracks farther out than EDGE_REACH: moved right until none runs
  // under the controls (by at most their width again: an edge from nodes left of the view cannot be cleared)
  return paths === undefined ? view : clearOfControls(view, paths, pane, CONTROLS_CLEARANCE)
}

/**
 * How far left of the start node the planned paths run in the gap before the column left of it (flow units):
 * loops into its column and stubs out of handles. Zero when none do (before, EDGE_REACH's 36 units were left
 * empty beside every start node).
 */
function legsLeftOf(start: Node, nodes: readonly Node[], paths: readonly (readonly Point[])[]): number {
  const x = start.position.x
  let gapFrom = Number.NEGATIVE_INFINITY
  for (const n of nodes) {
    if (n.parentId !== undefined) continue
    const right = n.position.x + (n.measured?.width ?? n.width ?? n.initialWidth ?? 0)
    if (right <= x) gapFrom = Math.max(gapFrom, right)
  }
  let reach = 0
  for (const path of paths)
    for (const p of path) if (p.x < x && p.x > gapFrom) reach = Math.max(reach, x - p.x)
  return reach
}

/** Whether a view is the fitted one of these nodes (and planned edge paths) in this pane: the whole strategy. */
export function isWholeFit(
  view: Viewport,
  nodes: readonly Node[],
  pane: Pane,
  paths?: Iterable<readonly Point[]>,
): boolean {
  const fitted = fitViewport(nodes, pane, paths)
  return fitted !== undefined && fitted.x === view.x && fitted.y === view.y && fitted.zoom === view.zoom
}
