// pure: the room a fitted view leaves around the strategy in the canvas pane: 7.5 % of the pane on each side, on
// the left at least the zoom controls' width, and on top (views that show part of the strategy) the "n of m nodes in
// view" chip's height, so neither overlay covers a node or an edge. The minimap is docked beside the pane, not over it.
import { hullOf, type Point, STUB } from './edge-route.ts'
import { TRACK_GAP } from './edge-tracks.ts'

/** Of the pane's width and height, the share a fit leaves free (half on each side): React Flow's fit padding. */
export const FIT_PADDING = 0.15
/** React Flow's zoom controls, bottom left: 15 px from the border, 26 px buttons; and 8 px of room beside them. */
export const CONTROLS_CLEARANCE = 15 + 26 + 8
/** Their height from the pane's bottom: 15 px, three 26 px buttons (zoom in, out, fit), and 8 px of room above. */
export const CONTROLS_HEIGHT = 15 + 3 * 26 + 8
/** The "n of m nodes in view" chip, top right (NodesInViewChip, app.css): 8 px from the top, 30 px high, 8 px of room. */
export const CHIP_CLEARANCE = 8 + 30 + 8
/**
 * How far left of the leftmost nodes, and right of the rightmost, an edge can reach (layout units): a loop's last
 * leg into a node or first leg out of it, one stub from the handle, and the tracks spread around it when several
 * share it (two a side: site-overflow's four loops out of its last column). A fit counts it in the strategy's width.
 */
export const EDGE_REACH = STUB + 2 * TRACK_GAP

/** Px free on each side of a fitted view. */
export interface FitMargins {
  top: number
  right: number
  bottom: number
  left: number
}

/**
 * `partial`: the view shows part of the strategy, so the chip is up (a view of the whole strategy has no chip) and
 * the top leaves room for it.
 */
export function fitMargins(pane: { width: number; height: number }, partial = false): FitMargins {
  // React Flow's number padding: (size - size / (1 + padding)) / 2 on each side
  const side = (size: number) => Math.floor((size - size / (1 + FIT_PADDING)) / 2)
  const [x, y] = [side(pane.width), side(pane.height)]
  return {
    top: partial ? Math.max(y, CHIP_CLEARANCE) : y,
    right: x,
    bottom: y,
    left: Math.max(x, CONTROLS_CLEARANCE),
  }
}

/** A box in flow units. */
export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

/**
 * What a fit frames (flow units): the nodes' bounds and every point of the planned edge paths, so loops beside,
 * above or below the outermost nodes are framed where they run; before the edges are planned (`paths` undefined)
 * EDGE_REACH on either side stands in for them.
 */
export function drawingBounds(nodes: Bounds, paths?: Iterable<readonly Point[]>): Bounds {
  if (paths === undefined) return { ...nodes, x: nodes.x - EDGE_REACH, width: nodes.width + 2 * EDGE_REACH }
  const corners = [
    { x: nodes.x, y: nodes.y },
    { x: nodes.x + nodes.width, y: nodes.y + nodes.height },
  ]
  return hullOf([...corners, ...Array.from(paths).flat()])
}

/** A view as React Flow keeps it: screen = flow * zoom + offset. */
export interface View {
  x: number
  y: number
  zoom: number
}

/**
 * The view moved right just enough that no edge path (flow units) runs under the zoom controls, by at most
 * `maxShift` px (an edge from nodes left of the view stays where it is): for a view that shows part of a strategy,
 * whose edges run on past the pane's borders. The same view when nothing is under them.
 */
export function clearOfControls(
  view: View,
  paths: Iterable<readonly Point[]>,
  pane: { height: number },
  maxShift: number,
): View {
  const top = pane.height - CONTROLS_HEIGHT
  let reach = Number.POSITIVE_INFINITY
  for (const path of paths)
    for (let i = 0; i + 1 < path.length; i++) {
      const [a, b] = [path[i]!, path[i + 1]!]
      // only a segment whose screen span crosses the controls' rows (down to the pane's bottom) can pass under them
      const low = view.y + Math.max(a.y, b.y) * view.zoom
      const high = view.y + Math.min(a.y, b.y) * view.zoom
      if (low < top || high > pane.height) continue
      reach = Math.min(reach, view.x + Math.min(a.x, b.x) * view.zoom)
    }
  if (reach >= CONTROLS_CLEARANCE) return view
  return { ...view, x: view.x + Math.min(CONTROLS_CLEARANCE - reach, maxShift) }
}
