// The node boxes edges are routed around (core/edge-route.ts), handed to every edge through a context.
import type { Node } from '@xyflow/react'
import { createContext } from 'react'
import type { Box } from '../core/edge-route.ts'

export const EdgeObstaclesContext = createContext<readonly Box[]>([])

/** The same boxes, in the same order. */
export const sameBoxes = (a: readonly Box[], b: readonly Box[]) =>
  a.length === b.length &&
  a.every((box, i) => {
    const other = b[i]!
    return box.x === other.x && box.y === other.y && box.width === other.width && box.height === other.height
  })

/**
 * The boxes of the top-level nodes (a call's inner nodes sit inside its frame's box): their measured size, else
 * the declared one. While a node is dragged, and whenever nothing moved or resized, the previous list is kept,
 * so edges are not routed again on every frame of a drag or on a selection change.
 */
export function obstaclesOf(nodes: readonly Node[], previous: readonly Box[]): readonly Box[] {
  const boxes: Box[] = []
  for (const n of nodes) {
    if (n.dragging) return previous
    if (n.parentId !== undefined || n.hidden) continue
    // the card as drawn once measured (a card taller than its estimate had edges routed through its lower part),
    // before that the size it declares; the estimates are the drawn sizes, so measuring reroutes nothing then
    const width = n.measured?.width ?? n.width ?? n.initialWidth ?? 0
    const height = n.measured?.height ?? n.height ?? n.initialHeight ?? 0
    if (width > 0 && height > 0) boxes.push({ x: n.position.x, y: n.position.y, width, height })
  }
  return sameBoxes(boxes, previous) ? previous : boxes
}
