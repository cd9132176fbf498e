// detourAround tests the boxes in the grid cells a route reaches (box-grid.ts) and keeps only the nearest lanes,
// instead of testing every node and sorting every lane: the same detours as before, on a 3,001-node strategy and on
// random boxes (overlapping, negative places, wider than a cell).
import { describe, expect, it } from 'vitest'
import { generateLargeStrategy } from '../../bench/open-large.bench.ts'
import { gridOf } from './box-grid.ts'
import {
  type Box,
  crossesAny,
  type Detour,
  detourAround,
  detourPoints,
  type Point,
  STUB,
  smoothStepPoints,
} from './edge-route.ts'
import { storedEdges } from './laid-out-edges.test-helper.ts'

/** detourAround as it was: every box tested, every lane sorted. */
function detourBefore(source: Point, target: Point, boxes: readonly Box[]): Detour | undefined {
  if (!crossesAny(smoothStepPoints(source, target), boxes)) return undefined
  const out = source.x + STUB
  const into = target.x - STUB
  const [left, right] = [Math.min(out, into, source.x, target.x), Math.max(out, into, source.x, target.x)]
  const near = boxes.filter((b) => b.x <= right && b.x + b.width >= left)
  const lanes = [source.y, target.y]
  for (const b of near) lanes.push(b.y - 16, b.y + b.height + 16)
  const cost = (y: number) => Math.abs(source.y - y) + Math.abs(y - target.y)
  lanes.sort((a, b) => cost(a) - cost(b) || a - b)
  for (const lane of lanes.slice(0, 40)) {
    const detour = { out, lane, into }
    if (!crossesAny(detourPoints(source, target, detour), near)) return detour
  }
  return undefined
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('detourAround over the box grid', () => {
  it('finds the detours it found testing every box, on a 3,001-node strategy', () => {
    const { edges, boxes } = storedEdges(generateLargeStrategy(600))
    let detours = 0
    for (const e of edges) {
      const before = detourBefore(e.source, e.target, boxes)
      if (before !== undefined) detours++
      expect(detourAround(e.source, e.target, boxes), e.id).toEqual(before)
    }
    expect(detours).toBeGreaterThan(100)
  })

  it.each([1, 2, 3])('finds the same detours among random boxes (seed %i)', (seed) => {
    const next = random(seed)
    const at = (span: number) => Math.round((next() - 0.3) * span)
    const boxes: Box[] = Array.from({ length: 80 }, () => ({
      x: at(6000),
      y: at(4000),
      width: 20 + Math.round(next() * 600),
      height: 20 + Math.round(next() * 120),
    }))
    let detours = 0
    for (let i = 0; i < 400; i++) {
      const [source, target] = [
        { x: at(6000), y: at(4000) },
        { x: at(6000), y: at(4000) },
      ]
      const before = detourBefore(source, target, boxes)
      if (before !== undefined) detours++
      expect(detourAround(source, target, boxes)).toEqual(before)
    }
    expect(detours).toBeGreaterThan(10)
  })

  it('tests each box once per query, and none far from the area', () => {
    const boxes: Box[] = [
      { x: 0, y: 0, width: 600, height: 600 },
      { x: 5000, y: 5000, width: 10, height: 10 },
    ]
    const tested: Box[] = []
    const grid = gridOf(boxes)
    expect(grid.some({ x: 100, y: 100, width: 400, height: 400 }, (b) => tested.push(b) < 0)).toBe(false)
    expect(tested).toEqual([boxes[0]])
    expect(gridOf(boxes)).toBe(grid)
  })
})
