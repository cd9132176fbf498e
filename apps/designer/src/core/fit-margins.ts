// pure: the room a fitted view leaves around the strategy in the canvas pane: 7.5 % of the pane on each side, and on
// the left at least the zoom controls' width, so the controls (bottom left) never cover a node or an edge.
import { STUB } from './edge-route.ts'
import { TRACK_GAP } from './edge-tracks.ts'

/** Of the pane's width and height, the share a fit leaves free (half on each side): React Flow's fit padding. */
export const FIT_PADDING = 0.15
/** React Flow's zoom controls, bottom left: 15 px from the border, 26 px buttons; and 8 px of room beside them. */
export const CONTROLS_CLEARANCE = 15 + 26 + 8
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

export function fitMargins(pane: { width: number; height: number }): FitMargins {
  // React Flow's number padding: (size - size / (1 + padding)) / 2 on each side
  const side = (size: number) => Math.floor((size - size / (1 + FIT_PADDING)) / 2)
  const [x, y] = [side(pane.width), side(pane.height)]
  return { top: y, right: x, bottom: y, left: Math.max(x, CONTROLS_CLEARANCE) }
}
