// pure: the room a fitted view leaves around the strategy in the canvas pane: 7.5 % of the pane on each side, and on
// the left at least the zoom controls' width, so the controls (bottom left) never cover a node or an edge.
import { STUB } from './edge-route.ts'

/** Of the pane's width and height, the share a fit leaves free (half on each side): React Flow's fit padding. */
export const FIT_PADDING = 0.15
/** React Flow's zoom controls, bottom left: 15 px from the border, 26 px buttons; and 8 px of room beside them. */
export const CONTROLS_CLEARANCE = 15 + 26 + 8
/**
 * How far left of the leftmost node an edge can reach (layout units): a loop back's last leg into that node, one
 * stub out from its input. A fit counts it in the strategy's width.
 */
export const LEFT_REACH = STUB

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
