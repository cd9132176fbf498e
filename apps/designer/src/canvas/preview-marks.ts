// The problem marks of the preview (MotionPreview) and so of the overview, which mounts no node card to show a badge.
// Free of imports but a type: bench/preview-marks.bench.ts runs this very source in Chromium.
import type { NodeBox } from './overview-hit.ts'

/** Screen pixels of the border of a node with an error (its box's own stroke, so no extra drawing). */
export const ERROR_BORDER_PX = 2

/**
 * Marks the boxes of nodes with a problem as their cards' badges do, in screen pixels whatever the zoom (a box may be
 * 2 px): a square dot on the top right corner, all of one severity as one path. Squares, not arcs: 3,001 arcs (or
 * rings drawn apart from the boxes' own strokes) cost more than the whole node pass (docs/performance-log.md).
 */
export function markProblems(
  ctx: CanvasRenderingContext2D,
  boxes: readonly NodeBox[],
  colour: string,
  zoom: number,
): void {
  // the dot's side in screen pixels (here, not a module constant: the bench runs this function's source alone)
  const dot = 8 / zoom
  ctx.beginPath()
  for (const b of boxes) ctx.rect(b.x + b.w - dot / 2, b.y - dot / 2, dot, dot)
  ctx.fillStyle = colour
  ctx.fill()
}
