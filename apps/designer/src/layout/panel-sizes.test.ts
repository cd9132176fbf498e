import { describe, expect, it } from 'vitest'
import {
  CANVAS_MIN_WIDTH,
  COLLAPSED_SIZE,
  DEFAULT_PANEL_SIZES,
  defaultPanelSizes,
  INSPECTOR_READING_WIDTH,
  inspectorWidthCss,
  parsePanelSizes,
  resizePanel,
  serializePanelSizes,
  setPanelCollapsed,
  shownSize,
} from './panel-sizes.ts'

describe('panel sizes', () => {
  it('clamps a resize to the panel limits and reopens a collapsed panel', () => {
    const collapsed = setPanelCollapsed(DEFAULT_PANEL_SIZES, 'right', true)
    const resized = resizePanel(collapsed, 'right', 5000)
    expect(resized.right).toEqual({ size: 720, collapsed: false })
    expect(resizePanel(DEFAULT_PANEL_SIZES, 'left', 3).left.size).toBe(160)
  })

  it('shows a collapsed panel as a thin rail', () => {
    expect(shownSize(setPanelCollapsed(DEFAULT_PANEL_SIZES, 'bottom', true).bottom)).toBe(COLLAPSED_SIZE)
  })

  it('round-trips through storage and falls back field by field on bad data', () => {
    const sizes = setPanelCollapsed(resizePanel(DEFAULT_PANEL_SIZES, 'left', 300), 'bottom', true)
    expect(parsePanelSizes(serializePanelSizes(sizes))).toEqual(sizes)
    expect(parsePanelSizes('{"left":{"size":"wide","collapsed":true},"right":7}')).toEqual({
      ...DEFAULT_PANEL_SIZES,
      left: { size: DEFAULT_PANEL_SIZES.left.size, collapsed: true },
    })
    expect(parsePanelSizes('not json')).toEqual(DEFAULT_PANEL_SIZES)
    expect(parsePanelSizes(null)).toEqual(DEFAULT_PANEL_SIZES)
  })
})

describe('inspector width', () => {
  it('is its size, capped so the canvas keeps its minimum width of the window', () => {
    const sizes = resizePanel(DEFAULT_PANEL_SIZES, 'right', 600)
    expect(inspectorWidthCss(sizes)).toBe(
      `min(600px, max(240px, calc(100vw - 208px - ${CANVAS_MIN_WIDTH}px)))`,
    )
  })

  it('is the collapsed strip when hidden', () => {
    expect(inspectorWidthCss(setPanelCollapsed(DEFAULT_PANEL_SIZES, 'right', true))).toBe('28px')
  })
})

describe('the first-visit panel sizes', () => {
  it.each([
    // window, file list, inspector, bottom panel
    [[1024, 768], 168, 256, 192],
    [[1280, 800], 192, 320, 200],
    [[1440, 900], 208, 360, 225],
    [[1920, 1080], 208, INSPECTOR_READING_WIDTH, 270],
    [[800, 600], 168, 256, 184],
  ] as const)('at a %j window: %i, %i and %i px', ([width, height], left, right, bottom) => {
    const sizes = defaultPanelSizes(width, height)
    expect([sizes.left.size, sizes.right.size, sizes.bottom.size]).toEqual([left, right, bottom])
  })

  // before: the inspector took its 440 px reading width where the canvas kept half, so 50 % at 1,024 and 1,280
  it('leaves the canvas at least 58 % of a laptop window', () => {
    for (const window of [1024, 1280, 1366, 1440, 1920]) {
      const { left, right } = defaultPanelSizes(window, 800)
      expect(window - left.size - right.size).toBeGreaterThanOrEqual(window * 0.58)
    }
  })

  it('leaves the canvas its minimum width in a small window', () => {
    const { left, right } = defaultPanelSizes(800, 600)
    expect(800 - left.size - right.size).toBeGreaterThanOrEqual(CANVAS_MIN_WIDTH)
  })

  it('falls back to the fixed defaults for a window of unknown size', () => {
    expect(defaultPanelSizes(undefined)).toEqual(DEFAULT_PANEL_SIZES)
    expect(defaultPanelSizes(Number.NaN, 0)).toEqual(DEFAULT_PANEL_SIZES)
  })

  it('a stored width wins over the window default', () => {
    const stored = serializePanelSizes(resizePanel(DEFAULT_PANEL_SIZES, 'right', 333))
    expect(parsePanelSizes(stored, defaultPanelSizes(1440, 900)).right.size).toBe(333)
    expect(parsePanelSizes(null, defaultPanelSizes(1440, 900)).right.size).toBe(360)
  })
})
