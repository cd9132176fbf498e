import { describe, expect, it } from 'vitest'
import {
  CANVAS_MIN_WIDTH,
  COLLAPSED_SIZE,
  DEFAULT_PANEL_SIZES,
  defaultPanelSizes,
  INSPECTOR_READING_WIDTH,
  inspectorWidthCss,
  PANEL_LIMITS,
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

describe('the first-visit inspector width', () => {
  it.each([
    [1440, INSPECTOR_READING_WIDTH],
    [1280, 432],
    [1024, 304],
    [800, PANEL_LIMITS.right.min],
  ])('at a %i px window it is %i px', (window, expected) => {
    expect(defaultPanelSizes(window).right.size).toBe(expected)
  })

  it('keeps half the window for the canvas from 1,024 px up', () => {
    for (const window of [1024, 1280, 1440, 1920]) {
      const { left, right } = defaultPanelSizes(window)
      expect(window - left.size - right.size).toBeGreaterThanOrEqual(window / 2)
    }
  })

  it('a stored width wins over the window default', () => {
    const stored = serializePanelSizes(resizePanel(DEFAULT_PANEL_SIZES, 'right', 333))
    expect(parsePanelSizes(stored, defaultPanelSizes(1440)).right.size).toBe(333)
    expect(parsePanelSizes(null, defaultPanelSizes(1440)).right.size).toBe(INSPECTOR_READING_WIDTH)
  })
})
