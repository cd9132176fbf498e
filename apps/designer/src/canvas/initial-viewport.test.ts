import type { Node } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import { CHIP_CLEARANCE, CONTROLS_CLEARANCE, EDGE_REACH, fitMargins } from '../core/fit-margins.ts'
import {
  fitViewport,
  LARGE_GRAPH,
  MAX_FIT_ZOOM,
  nodesBounds,
  openingViewport,
  READABLE_ZOOM,
} from './initial-viewport.ts'

const pane = { width: 1000, height: 600, minZoom: 0.1, maxZoom: 2 }

function node(id: string, x: number, y: number, extra: Partial<Node> = {}): Node {
  return { id, position: { x, y }, data: {}, initialWidth: 200, initialHeight: 80, ...extra }
}

describe('the view a file opens at', () => {
  it('bounds use measured sizes over declared ones and skip children of a frame', () => {
    const nodes = [
      node('a', 0, 0),
      node('b', 300, 100, { measured: { width: 250, height: 90 } }),
      node('c', 5000, 5000, { parentId: 'a' }),
    ]
    expect(nodesBounds(nodes)).toEqual({ x: 0, y: 0, width: 550, height: 190 })
  })

  it('fits a small strategy, no closer than MAX_FIT_ZOOM', () => {
    const view = openingViewport([node('a', 0, 0), node('b', 300, 0)], pane, 'a')
    expect(view?.zoom).toBe(MAX_FIT_ZOOM)
    // centred: the middle of the drawing (250, 40: the nodes, and the reach of loops on either side) is the middle
    // of the pane
    expect((view?.x ?? 0) + 250 * (view?.zoom ?? 0)).toBeCloseTo(500)
    expect((view?.y ?? 0) + 40 * (view?.zoom ?? 0)).toBeCloseTo(300)
  })

  it.each([
    ['a narrow pane (7.5 % is less than the controls)', 500, 400],
    ['a wide one', 1000, 400],
  ])(
    'leaves the zoom controls (bottom left) free in %s, loops into the leftmost node and out of the rightmost included',
    (_name, w, h) => {
      // three nodes side by side fill the pane's width: the fit is as wide as the margins allow
      const nodes = [node('a', 0, 0), node('b', 300, 0), node('c', 600, 0)]
      const view = fitViewport(nodes, { width: w, height: h, minZoom: 0.1, maxZoom: 2 })!
      const left = view.x + (0 - EDGE_REACH) * view.zoom
      expect(left).toBeGreaterThanOrEqual(CONTROLS_CLEARANCE)
      expect(left).toBeGreaterThanOrEqual(fitMargins({ width: w, height: h }).left - 1)
      // right of the nodes, the reach of loops out of them and 7.5 % (and a px of rounding)
      const right = w - (view.x + (800 + EDGE_REACH) * view.zoom)
      expect(right).toBeGreaterThanOrEqual(fitMargins({ width: w, height: h }).right - 1)
      expect(right).toBeLessThanOrEqual(fitMargins({ width: w, height: h }).right + 1)
    },
  )

  it('opens a wide strategy that fits only unreadably on its start node, at the left', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, i * 400, 0))
    const view = openingViewport(nodes, pane, 'n0')
    expect(view).toBeDefined()
    expect(view!.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM)
    // right of the zoom controls, room left for a loop's last leg into the start node
    expect(view!.x).toBe(fitMargins(pane).left + EDGE_REACH * view!.zoom)
  })

  it('opens a large strategy on its start node even when it would fit', () => {
    const nodes = Array.from({ length: LARGE_GRAPH + 1 }, (_, i) => node(`n${i}`, (i % 9) * 20, i * 2))
    const view = openingViewport(nodes, pane, 'n3')
    expect(view?.zoom).toBe(0.7)
    expect(view?.x).toBeCloseTo(fitMargins(pane).left + EDGE_REACH * 0.7 - 60 * 0.7)
  })

  it('opens a tall strategy on its start node at the top margin, the flow reading down from it', () => {
    // the start node tops a column that runs far below the pane: before, it was centred with ~200 px empty above
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, (i % 2) * 400, Math.floor(i / 2) * 300))
    const view = openingViewport(nodes, pane, 'n0')!
    expect(view.zoom).toBe(READABLE_ZOOM)
    // below the "n of m nodes in view" chip (top right), which a partial view shows: 7.5 % of 600 px is less
    expect(fitMargins(pane).top).toBeLessThan(CHIP_CLEARANCE)
    expect(view.y).toBe(CHIP_CLEARANCE)
  })

  it('shows nodes above the start node too when the start node stays in view, else puts it at the top', () => {
    const above = [
      node('s', 0, 400),
      node('up', 400, 0),
      ...Array.from({ length: 20 }, (_, i) => node(`n${i}`, 800 + i * 400, 400)),
    ]
    const view = openingViewport(above, pane, 's')!
    // the top of the drawing (node up) at the top margin; the start node's bottom (y 480) still inside the margins
    expect(view.y).toBe(fitMargins(pane, true).top)
    expect(view.y + 480 * view.zoom).toBeLessThanOrEqual(pane.height - fitMargins(pane).bottom)
    const far = [
      node('s', 0, 2000),
      node('up', 400, 0),
      ...Array.from({ length: 20 }, (_, i) => node(`n${i}`, 800 + i * 400, 2000)),
    ]
    const start = openingViewport(far, pane, 's')!
    expect(start.y + 2000 * start.zoom).toBe(fitMargins(pane, true).top)
  })

  it('frames the planned edge paths where they run, not an allowance beside the outermost nodes', () => {
    const nodes = [node('a', 0, 0), node('b', 300, 0), node('c', 600, 0)]
    // a loop out of c back into a, passing 100 units below the nodes and 60 right of c
    const loop = [
      { x: 800, y: 40 },
      { x: 860, y: 40 },
      { x: 860, y: 180 },
      { x: -20, y: 180 },
      { x: -20, y: 40 },
      { x: 0, y: 40 },
    ]
    const wide = { width: 1000, height: 1000, minZoom: 0.1, maxZoom: 2 }
    const view = fitViewport(nodes, wide, [loop])!
    const m = fitMargins(wide)
    // the drawing runs from x -20 to 860: its left at the left margin, its right at the right one (a px of rounding)
    const [left, right] = [view.x + -20 * view.zoom, wide.width - (view.x + 860 * view.zoom)]
    expect(Math.abs(left - m.left)).toBeLessThanOrEqual(1)
    expect(Math.abs(right - m.right)).toBeLessThanOrEqual(1)
    // without paths the allowance stands in on both sides: a different (estimated) frame
    expect(Math.abs(fitViewport(nodes, wide)!.x - view.x)).toBeGreaterThan(1)
  })

  it('opens on the start node with the loops beside its column already clear of the zoom controls', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, (i % 2) * 400, Math.floor(i / 2) * 300))
    // a loop back into the start column 76 units left of it, from the top down past the pane's bottom
    const loop = [
      { x: 0, y: 100 },
      { x: -76, y: 100 },
      { x: -76, y: 2000 },
      { x: 0, y: 2000 },
    ]
    const estimated = openingViewport(nodes, pane, 'n0')!
    const view = openingViewport(nodes, pane, 'n0', [loop])!
    expect(estimated.x + -76 * estimated.zoom).toBeLessThan(CONTROLS_CLEARANCE)
    // its leg where a fitted view's margin would put it
    expect(view.x + -76 * view.zoom).toBe(fitMargins(pane).left)
    expect({ y: view.y, zoom: view.zoom }).toEqual({ y: estimated.y, zoom: estimated.zoom })
  })

  it('leaves the room left of the start node its planned legs take, not an allowance', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, (i % 2) * 400, Math.floor(i / 2) * 300))
    const straight = [
      { x: 200, y: 40 },
      { x: 400, y: 40 },
    ]
    const view = openingViewport(nodes, pane, 'n0', [straight])!
    expect(view.zoom).toBe(READABLE_ZOOM)
    expect(view.x).toBe(fitMargins(pane).left)
    // a loop's last leg 20 units left of the start column: those 20 units, no more
    const loop = [
      { x: 600, y: 340 },
      { x: 620, y: 340 },
      { x: 620, y: -30 },
      { x: -20, y: -30 },
      { x: -20, y: 40 },
      { x: 0, y: 40 },
    ]
    expect(openingViewport(nodes, pane, 'n0', [straight, loop])!.x).toBe(
      fitMargins(pane).left + 20 * READABLE_ZOOM,
    )
  })

  it('has no view before the pane has a size or without nodes', () => {
    expect(openingViewport([node('a', 0, 0)], { ...pane, width: 0 }, 'a')).toBeUndefined()
    expect(openingViewport([], pane, undefined)).toBeUndefined()
  })
})
