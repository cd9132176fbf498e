import { describe, expect, it } from 'vitest'
import {
  CHIP_CLEARANCE,
  CONTROLS_CLEARANCE,
  CONTROLS_HEIGHT,
  clearOfControls,
  drawingBounds,
  EDGE_REACH,
  fitMargins,
} from './fit-margins.ts'

const pane = { height: 600 }
const view = { x: 67, y: 42, zoom: 0.5 }

describe('a partial view moved clear of the zoom controls (bottom left)', () => {
  it('moves right just enough when a loop beside the first column runs down under the controls', () => {
    // a track 76 units left of the first column (x 0), from the top of the pane to past its bottom
    const loop = [
      { x: 0, y: 100 },
      { x: -76, y: 100 },
      { x: -76, y: 2000 },
      { x: 0, y: 2000 },
    ]
    const moved = clearOfControls(view, [loop], pane, CONTROLS_CLEARANCE)
    expect(moved.x + -76 * moved.zoom).toBe(CONTROLS_CLEARANCE)
    expect({ y: moved.y, zoom: moved.zoom }).toEqual({ y: view.y, zoom: view.zoom })
  })

  it('leaves the view when the left edges pass above the controls or are clear of them', () => {
    // screen y of the controls' top: 600 - CONTROLS_HEIGHT; this loop turns back 1 px above it
    const turn = (pane.height - CONTROLS_HEIGHT - 1 - view.y) / view.zoom
    const above = [
      { x: 0, y: 0 },
      { x: -76, y: 0 },
      { x: -76, y: turn },
      { x: 0, y: turn },
    ]
    const clear = [
      { x: 0, y: 0 },
      { x: -30, y: 0 },
      { x: -30, y: 3000 },
    ]
    expect(clearOfControls(view, [above, clear], pane, CONTROLS_CLEARANCE)).toBe(view)
  })

  it('moves at most maxShift: an edge from nodes far left of the view cannot be cleared', () => {
    const far = [
      { x: -2000, y: 1000 },
      { x: 0, y: 1000 },
    ]
    expect(clearOfControls(view, [far], pane, CONTROLS_CLEARANCE).x).toBe(view.x + CONTROLS_CLEARANCE)
  })
})

describe('the room a fit leaves', () => {
  it("leaves the chip's height on top of a partial view only (a whole view has no chip)", () => {
    const pane = { width: 512, height: 521 }
    expect(fitMargins(pane).top).toBe(33)
    expect(fitMargins(pane, true)).toEqual({ ...fitMargins(pane), top: CHIP_CLEARANCE })
    // a pane tall enough that 7.5 % is more than the chip keeps its 7.5 %
    expect(fitMargins({ width: 512, height: 1200 }, true).top).toBe(
      fitMargins({ width: 512, height: 1200 }).top,
    )
  })

  it('frames the planned paths where they run, and the allowance beside the nodes before they are planned', () => {
    const nodes = { x: 0, y: 0, width: 800, height: 80 }
    expect(drawingBounds(nodes)).toEqual({ x: -EDGE_REACH, y: 0, width: 800 + 2 * EDGE_REACH, height: 80 })
    const above = [
      { x: 100, y: 0 },
      { x: 100, y: -50 },
      { x: 820, y: -50 },
    ]
    expect(drawingBounds(nodes, [above])).toEqual({ x: 0, y: -50, width: 820, height: 130 })
    expect(drawingBounds(nodes, [])).toEqual(nodes)
  })
})
