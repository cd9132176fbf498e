// pure: where a node added without a drop point goes: the wanted place if no node's box is there, else the nearest
// free place on a grid of steps around it (a node added from the keyboard lands in view, on top of nothing)
import type { Box } from './edge-route.ts'

interface Size {
  width: number
  height: number
}

/** The box a new node is given before it is measured (a card of one line of summary). */
export const NEW_NODE_SIZE: Size = { width: 232, height: 80 }
/** Room kept between the new node and the others. */
const GAP = 16
/** The grid the search walks, in flow units: a quarter of a card's width. */
const STEP = 56
/** How many rings of steps are tried around the wanted place before giving up (and taking it anyway). */
const RINGS = 24

function clearOf(x: number, y: number, size: Size, boxes: readonly Box[]): boolean {
  return boxes.every(
    (b) =>
      x + size.width + GAP <= b.x ||
      b.x + b.width + GAP <= x ||
      y + size.height + GAP <= b.y ||
      b.y + b.height + GAP <= y,
  )
}

/**
 * The top-left corner for a node of `size` nearest `want` (its top-left) where it overlaps none of `boxes`: ring by
 * ring, on each ring the nearest first, rows below before rows above and right before left (the flow reads on to
 * the right and down).
 */
export function freePosition(
  want: readonly [number, number],
  boxes: readonly Box[],
  size: Size = NEW_NODE_SIZE,
): [number, number] {
  const [x0, y0] = want
  if (clearOf(x0, y0, size, boxes)) return [x0, y0]
  for (let ring = 1; ring <= RINGS; ring++) {
    const cells: [number, number][] = []
    for (let i = -ring; i <= ring; i++)
      for (let j = -ring; j <= ring; j++) if (Math.max(Math.abs(i), Math.abs(j)) === ring) cells.push([i, j])
    cells.sort(([ai, aj], [bi, bj]) => ai * ai + aj * aj - (bi * bi + bj * bj) || bj - aj || bi - ai)
    for (const [i, j] of cells) {
      const x = x0 + i * STEP
      const y = y0 + j * STEP
      if (clearOf(x, y, size, boxes)) return [x, y]
    }
  }
  return [x0, y0]
}
