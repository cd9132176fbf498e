// pure: a uniform grid over node boxes, so a route's tests visit the boxes near it instead of every node of the
// strategy (3,001 boxes per edge made `detourAround` the bulk of routing a large strategy).
import type { Box } from './edge-route.ts'

/** A cell's side (flow units): about a node's width, so a box lies in a few cells and a short leg's hull in one. */
const CELL = 256

export interface BoxGrid {
  readonly boxes: readonly Box[]
  /** Whether `test` holds for some box that overlaps `area` (borders touching count), each box tested once. */
  some(area: Box, test: (box: Box) => boolean): boolean
  /** Calls `visit` with each box that reaches into the x range `left` to `right` (borders touching count). */
  eachBetween(left: number, right: number, visit: (box: Box) => void): void
}

/** One grid per list of boxes: a plan routes every edge around the same list. */
const grids = new WeakMap<readonly Box[], BoxGrid>()

/** The grid of these boxes, made once per list (lists are replaced, never edited: edge-obstacles.ts). */
export function gridOf(boxes: readonly Box[]): BoxGrid {
  let grid = grids.get(boxes)
  if (grid === undefined) {
    grid = makeGrid(boxes)
    grids.set(boxes, grid)
  }
  return grid
}

function makeGrid(boxes: readonly Box[]): BoxGrid {
  const cells = new Map<number, number[]>()
  // cells keyed by column and row; rows and columns stay far below 2^20 for any laid-out strategy
  const key = (col: number, row: number) => (col + 0x80000) * 0x100000 + (row + 0x80000)
  boxes.forEach((b, i) => {
    for (let col = cellOf(b.x); col <= cellOf(b.x + b.width); col++)
      for (let row = cellOf(b.y); row <= cellOf(b.y + b.height); row++) {
        const k = key(col, row)
        const cell = cells.get(k)
        if (cell === undefined) cells.set(k, [i])
        else cell.push(i)
      }
  })
  // by left border, for x ranges: a box that reaches into one starts at most the widest box's width before it
  const byX = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.x - boxes[b]!.x)
  const widest = boxes.reduce((w, b) => Math.max(w, b.width), 0)
  // each query's mark: a box in several cells is tested once
  const seen = new Uint32Array(boxes.length)
  let query = 0
  return {
    boxes,
    some(area, test) {
      if (++query === 0xffffffff) {
        seen.fill(0)
        query = 1
      }
      const [c0, c1, r0, r1] = [
        cellOf(area.x),
        cellOf(area.x + area.width),
        cellOf(area.y),
        cellOf(area.y + area.height),
      ]
      // an area wider than the grid has few cells per row: walk the cells that exist instead
      if ((c1 - c0 + 1) * (r1 - r0 + 1) > cells.size) {
        for (const cell of cells.values()) if (visit(cell, area, test)) return true
        return false
      }
      for (let col = c0; col <= c1; col++)
        for (let row = r0; row <= r1; row++) {
          const cell = cells.get(key(col, row))
          if (cell !== undefined && visit(cell, area, test)) return true
        }
      return false
    },
    eachBetween(left, right, visit) {
      // the first box that starts at or after left - widest
      let [lo, hi] = [0, byX.length]
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (boxes[byX[mid]!]!.x < left - widest) lo = mid + 1
        else hi = mid
      }
      for (let k = lo; k < byX.length; k++) {
        const b = boxes[byX[k]!]!
        if (b.x > right) return
        if (b.x + b.width >= left) visit(b)
      }
    },
  }

  function visit(cell: readonly number[], area: Box, test: (box: Box) => boolean): boolean {
    for (const i of cell) {
      if (seen[i] === query) continue
      seen[i] = query
      const b = boxes[i]!
      if (overlaps(area, b) && test(b)) return true
    }
    return false
  }
}

const cellOf = (v: number) => Math.floor(v / CELL)

/** Whether the boxes meet, borders touching included. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height
}
