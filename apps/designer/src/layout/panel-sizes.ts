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
 * (`stat("queue:sales_ny", "ExpectedWaitTime") <= 120.0` is 368 px in Monaco's 12 px mono); a first visit gets it
 * from a 1,760 px window up, narrower windows wrap such a condition onto two lines rather than halve the canvas.
 */
export const INSPECTOR_READING_WIDTH = 440

/**
 * First-visit sizes as a share of the window, each within [min, max]: the canvas keeps most of a laptop's screen
 * (58 % at 1,024 x 768, 60 % at 1,280 x 800), as in IRD or Architect, where the graph is the work and the side panels
 * serve it. The bottom panel's share of the height shows the Test run's scenario list and text, and the
 * Simulation's first fields beside its Run button, without scrolling.
 */
export const FIRST_VISIT_SHARES: Record<PanelId, { share: number; min: number; max: number }> = {
  left: { share: 0.15, min: 168, max: 208 },
  right: { share: 0.25, min: 256, max: INSPECTOR_READING_WIDTH },
  bottom: { share: 0.25, min: 184, max: 280 },
}

function firstVisitSize(panel: PanelId, windowSize: number | undefined): number {
  const fallback = DEFAULT_PANEL_SIZES[panel].size
  if (windowSize === undefined || !Number.isFinite(windowSize) || windowSize <= 0) return fallback
  const { share, min, max } = FIRST_VISIT_SHARES[panel]
  return clampPanelSize(panel, Math.min(max, Math.max(min, windowSize * share)))
}

/** The first-visit layout for a window of this size (unknown: the fixed defaults); a stored size wins over it. */
export function defaultPanelSizes(windowWidth: number | undefined, windowHeight?: number): PanelSizes {
  const open = (size: number): PanelState => ({ size, collapsed: false })
  return {
    left: open(firstVisitSize('left', windowWidth)),
    right: open(firstVisitSize('right', windowWidth)),
    bottom: open(firstVisitSize('bottom', windowHeight)),
  }
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

/** The header and the canvas toolbar above the canvas pane (app.css). */
export const CANVAS_TOP = 80

/**
 * The canvas pane (CSS px) of a window at its first-visit panel sizes: what the file list and inspector leave
 * beside them, less the header, the canvas toolbar and the bottom panel (`e2e/default-pane.test.ts` measures it).
 */
export function firstVisitPane(window: { width: number; height: number }): { width: number; height: number } {
  const sizes = defaultPanelSizes(window.width, window.height)
  const inspector = Math.max(
    PANEL_LIMITS.right.min,
    Math.min(sizes.right.size, window.width - sizes.left.size - CANVAS_MIN_WIDTH),
  )
  return {
    width: window.width - sizes.left.size - inspector,
    height: window.height - CANVAS_TOP - sizes.bottom.size,
  }
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
