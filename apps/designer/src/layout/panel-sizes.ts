// pure: the designer shell's panel sizes, their limits and their stored form (nothing here touches the DOM)

export type PanelId = 'left' | 'right' | 'bottom'

export interface PanelState {
  /** Width (left, right) or height (bottom) in CSS pixels when open. */
  size: number
  collapsed: boolean
}

export type PanelSizes = Record<PanelId, PanelState>

/** Defaults for a window of unknown width; a first visit takes `defaultPanelSizes(window width)`. */
export const DEFAULT_PANEL_SIZES: PanelSizes = {
  left: { size: 208, collapsed: false },
  right: { size: 300, collapsed: false },
  bottom: { size: 168, collapsed: false },
}

/**
 * An inspector this wide shows the examples' longer CEL conditions on one line
 * (`stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0` is 368 px in Monaco's 12 px mono).
 */
export const INSPECTOR_READING_WIDTH = 440
/** A first-visit inspector never takes the canvas below half the window (at 1,024 px it stays about 300 px). */
export const CANVAS_DEFAULT_SHARE = 0.5

/** The first-visit layout for a window `windowWidth` px wide: the inspector at reading width where it fits. */
export function defaultPanelSizes(windowWidth: number | undefined): PanelSizes {
  if (windowWidth === undefined || !Number.isFinite(windowWidth) || windowWidth <= 0)
    return DEFAULT_PANEL_SIZES
  const canvas = Math.max(CANVAS_MIN_WIDTH, windowWidth * CANVAS_DEFAULT_SHARE)
  const room = windowWidth - DEFAULT_PANEL_SIZES.left.size - canvas
  const right = clampPanelSize('right', Math.min(INSPECTOR_READING_WIDTH, room))
  return { ...DEFAULT_PANEL_SIZES, right: { size: right, collapsed: false } }
}

export const PANEL_LIMITS: Record<PanelId, { min: number; max: number }> = {
  left: { min: 160, max: 480 },
  right: { min: 240, max: 720 },
  bottom: { min: 96, max: 900 },
}

/** Width or height of a collapsed panel: room for its expand button. */
export const COLLAPSED_SIZE = 28

export function clampPanelSize(panel: PanelId, size: number): number {
  const { min, max } = PANEL_LIMITS[panel]
  return Math.round(Math.min(max, Math.max(min, size)))
}

export function resizePanel(sizes: PanelSizes, panel: PanelId, size: number): PanelSizes {
  return { ...sizes, [panel]: { size: clampPanelSize(panel, size), collapsed: false } }
}

export function setPanelCollapsed(sizes: PanelSizes, panel: PanelId, collapsed: boolean): PanelSizes {
  return { ...sizes, [panel]: { ...sizes[panel], collapsed } }
}

/** The size the grid gives a panel right now. */
export function shownSize(state: PanelState): number {
  return state.collapsed ? COLLAPSED_SIZE : state.size
}

/** The canvas keeps at least this much width when the inspector is dragged wide on a small screen. */
export const CANVAS_MIN_WIDTH = 360

/**
 * The inspector's grid width as CSS: its size, but never so wide the canvas gets less than CANVAS_MIN_WIDTH of the
 * window (nor under its own minimum); the stored size stays, so a wider window shows it again.
 */
export function inspectorWidthCss(sizes: PanelSizes): string {
  if (sizes.right.collapsed) return `${COLLAPSED_SIZE}px`
  const room = `calc(100vw - ${shownSize(sizes.left)}px - ${CANVAS_MIN_WIDTH}px)`
  return `min(${sizes.right.size}px, max(${PANEL_LIMITS.right.min}px, ${room}))`
}

/** Reads sizes saved by `serializePanelSizes`; anything malformed falls back to `defaults`, field by field. */
export function parsePanelSizes(text: string | null, defaults: PanelSizes = DEFAULT_PANEL_SIZES): PanelSizes {
  let raw: unknown
  try {
    raw = text === null ? undefined : JSON.parse(text)
  } catch {
    raw = undefined
  }
  const result = { ...defaults }
  if (typeof raw !== 'object' || raw === null) return result
  for (const panel of Object.keys(DEFAULT_PANEL_SIZES) as PanelId[]) {
    const entry = (raw as Record<string, unknown>)[panel]
    if (typeof entry !== 'object' || entry === null) continue
    const { size, collapsed } = entry as { size?: unknown; collapsed?: unknown }
    result[panel] = {
      size:
        typeof size === 'number' && Number.isFinite(size) ? clampPanelSize(panel, size) : result[panel].size,
      collapsed: typeof collapsed === 'boolean' ? collapsed : result[panel].collapsed,
    }
  }
  return result
}

export function serializePanelSizes(sizes: PanelSizes): string {
  return JSON.stringify(sizes)
}
