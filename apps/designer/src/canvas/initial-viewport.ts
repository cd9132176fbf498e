// The viewport a file opens at, computed from the canvas's own node list before React Flow has drawn anything, so
// the first frame already shows the right nodes (a large strategy renders only the nodes on screen).
import { getViewportForBounds, type Node, type Rect, type Viewport } from '@xyflow/react'
import { EDGE_REACH, fitMargins } from '../core/fit-margins.ts'

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
 * Every node in view, capped at MAX_FIT_ZOOM, clear of the zoom controls (fit-margins.ts); undefined when there is
 * nothing to fit or no pane yet.
 */
export function fitViewport(nodes: readonly Node[], pane: Pane): Viewport | undefined {
  if (nodes.length === 0 || pane.width === 0 || pane.height === 0) return undefined
  const maxZoom = Math.min(pane.maxZoom, MAX_FIT_ZOOM)
  const bounds = nodesBounds(nodes)
  // loops into the leftmost nodes and out of the rightmost draw beside them: the drawing's borders
  const drawing = { ...bounds, x: bounds.x - EDGE_REACH, width: bounds.width + 2 * EDGE_REACH }
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
 * would render every node fitted) at reading size with the start node at the left and at the top margin, the flow
 * reading on to the right and down from it (nodes above the start node shown too when the start node still fits).
 */
export function openingViewport(
  nodes: readonly Node[],
  pane: Pane,
  startId: string | undefined,
): Viewport | undefined {
  const fitted = fitViewport(nodes, pane)
  if (fitted === undefined) return undefined
  const start = startId === undefined ? undefined : nodes.find((n) => n.id === startId)
  const large = nodes.length > LARGE_GRAPH
  if (start === undefined || (!large && fitted.zoom >= READABLE_ZOOM)) return fitted
  const bounds = nodesBounds(nodes)
  // a large strategy opens a little closer: fewer nodes drawn on its first frame
  const zoom = large ? 0.7 : READABLE_ZOOM
  const m = fitMargins(pane)
  // the top of the drawing at the top margin (no empty room above it) while the start node stays whole in view
  const startBottom = start.position.y + (start.measured?.height ?? start.height ?? start.initialHeight ?? 0)
  const room = (pane.height - m.top - m.bottom) / zoom
  const top = startBottom - bounds.y <= room ? bounds.y : start.position.y
  // the start node's column (and a loop's last leg into it) right of the zoom controls, as in a fitted view
  const left = m.left + EDGE_REACH * zoom
  return { x: left - start.position.x * zoom, y: m.top - top * zoom, zoom }
}

/** Whether a view is the fitted one of these nodes in this pane (the whole strategy in view). */
export function isWholeFit(view: Viewport, nodes: readonly Node[], pane: Pane): boolean {
  const fitted = fitViewport(nodes, pane)
  return fitted !== undefined && fitted.x === view.x && fitted.y === view.y && fitted.zoom === view.zoom
}
