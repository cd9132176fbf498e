import { describe, expect, it } from 'vitest'
import { CONTROLS_CLEARANCE, CONTROLS_HEIGHT, clearOfControls } from './fit-margins.ts'

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
