import { describe, expect, it } from 'vitest'
import type { Box } from './edge-route.ts'
import { freePosition, NEW_NODE_SIZE } from './free-position.ts'

const box = (x: number, y: number, width = 232, height = 80): Box => ({ x, y, width, height })

const overlaps = ([x, y]: readonly [number, number], b: Box) =>
  x < b.x + b.width && b.x < x + NEW_NODE_SIZE.width && y < b.y + b.height && b.y < y + NEW_NODE_SIZE.height

describe('freePosition', () => {
  it('keeps the wanted place when no node is there', () => {
    expect(freePosition([100, 100], [box(400, 100), box(100, 300)])).toEqual([100, 100])
  })

  it('moves off a node on the wanted place to the nearest free place, below first', () => {
    expect(freePosition([100, 100], [box(100, 100)])).toEqual([100, 212])
  })

  it('finds a free place among nodes packed around the wanted one', () => {
    const boxes = [box(0, 0), box(260, 0), box(-260, 0), box(0, 110), box(0, -110), box(260, 110)]
    const at = freePosition([0, 0], boxes)
    expect(boxes.filter((b) => overlaps(at, b))).toEqual([])
    expect(Math.hypot(at[0], at[1])).toBeLessThan(300)
  })

  it('gives the same place for the same boxes in any order', () => {
    const boxes = [box(0, 0), box(0, 112), box(250, 0)]
    expect(freePosition([0, 0], [...boxes].reverse())).toEqual(freePosition([0, 0], boxes))
  })
})
