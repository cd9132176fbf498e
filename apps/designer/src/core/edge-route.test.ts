// Edges drawn around nodes: the crossing test on its own, and over every example laid out automatically (each
// edge on its own track: edge-tracks.ts).
import { readdirSync, readFileSync } from 'node:fs'
import { getSmoothStepPath, Position } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import {
  type Box,
  boxesCrossed,
  type Point,
  pathCrossesBox,
  routeAround,
  segmentCrossesBox,
} from './edge-route.ts'
import { routeEdges } from './edge-tracks.ts'
import { laidOutEdges } from './laid-out-edges.test-helper.ts'
import { DEFAULT_PANE } from './layout.ts'

const box: Box = { x: 0, y: 0, width: 100, height: 50 }
const p = (x: number, y: number): Point => ({ x, y })

describe('segmentCrossesBox', () => {
  it.each([
    ['straight through', p(-10, 25), p(110, 25), true],
    ['into it and stopping', p(-10, 25), p(50, 25), true],
    ['diagonally through a corner region', p(-10, 40), p(30, 60), true],
    ['wholly inside', p(10, 10), p(20, 20), true],
    ['above it', p(-10, -5), p(110, -5), false],
    ['along its top border', p(-10, 0), p(110, 0), false],
    ['ending on its left border (a handle)', p(-50, 25), p(0, 25), false],
    ['beside it, vertically', p(120, -20), p(120, 80), false],
    ['past a corner, diagonally', p(90, -20), p(130, 20), false],
    ['a point outside', p(200, 200), p(200, 200), false],
  ])('%s: %s', (_name, a, b, crosses) => {
    expect(segmentCrossesBox(a, b, box)).toBe(crosses)
    expect(segmentCrossesBox(b, a, box)).toBe(crosses)
  })

  it('tells whether any leg of a path crosses', () => {
    expect(pathCrossesBox([p(-20, -20), p(50, -20), p(50, 70)], box)).toBe(true)
    expect(pathCrossesBox([p(-20, -20), p(120, -20), p(120, 70)], box)).toBe(false)
  })
})

describe('routeAround', () => {
  it('leaves an edge whose smoothstep path is clear alone', () => {
    expect(routeAround(p(0, 0), p(200, 100), [{ x: 300, y: 0, width: 50, height: 50 }])).toBeUndefined()
  })

  it('goes over or under a node between the two ends', () => {
    const between = { x: 100, y: -40, width: 100, height: 100 }
    const route = routeAround(p(0, 0), p(300, 0), [between])!
    expect(pathCrossesBox(route, between)).toBe(false)
    expect(route[0]).toEqual(p(0, 0))
    expect(route.at(-1)).toEqual(p(300, 0))
  })

  it('takes a loop back around its own source node', () => {
    const source = { x: 100, y: 0, width: 100, height: 60 }
    const target = { x: 0, y: 0, width: 50, height: 60 }
    const route = routeAround(p(200, 30), p(0, 30), [source, target])!
    expect(boxesCrossed(route, [source, target])).toEqual([])
  })
})

const examples = new URL('../../../../examples/', import.meta.url)
const files = readdirSync(examples)
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()

/** Every corner and end of an SVG path React Flow draws (a rounded corner's control point stands for it). */
function pathPoints(d: string): Point[] {
  const n = (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number)
  const points: Point[] = []
  for (let i = 0; i + 1 < n.length; i += 2) points.push(p(n[i]!, n[i + 1]!))
  return points
}

/** For each example laid out for the pane, the edges whose drawn path crosses a node. */
function crossings(pane: { width: number; height: number }, routed: boolean): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const file of files) {
    const { boxes, edges } = laidOutEdges(readFileSync(new URL(file, examples), 'utf8'), pane)
    const routes = routed ? routeEdges(edges, boxes) : new Map<string, Point[]>()
    const crossed: string[] = []
    for (const { id, source: s, target: t } of edges) {
      const [d] = getSmoothStepPath({
        sourceX: s.x,
        sourceY: s.y,
        sourcePosition: Position.Right,
        targetX: t.x,
        targetY: t.y,
        targetPosition: Position.Left,
      })
      const path = routes.get(id) ?? pathPoints(d)
      if (boxesCrossed(path, boxes).length > 0) crossed.push(id)
    }
    if (crossed.length > 0) result[file.replace('.strategy.yaml', '')] = crossed
  }
  return result
}

describe('edges of the examples, laid out automatically', () => {
  it.each([DEFAULT_PANE, { width: 512, height: 520 }])(
    'cross no node in a $width x $height canvas',
    (pane) => {
      // React Flow's smoothstep alone crosses nodes: 15 edges in 7 examples at 792 x 652, 11 in 5 at 512 x 520
      expect(crossings(pane, false)).not.toEqual({})
      expect(crossings(pane, true)).toEqual({})
    },
  )
})
