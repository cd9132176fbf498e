// pure: the designer shell's panel sizes, their limits and their stored form (nothing here touches the DOM)

export type PanelId = 'left' | 'right' | 'bottom'

export interface PanelState {
  /** Width (left, right) or height (bottom) in CSS pixels when open. */
  size: number
  collapsed: boolean
}

export type PanelSizes = Record<PanelId, PanelState>

/** Defaults leave the canvas most of the screen: at 1,280 x 800 it gets about 62% of the width and 70% of the height. */
export const DEFAULT_PANEL_SIZES: PanelSizes = {
  left: { size: 208, collapsed: false },
  right: { size: 300, collapsed: false },
  bottom: { size: 168, collapsed: false },
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

/** Reads sizes saved by `serializePanelSizes`; anything malformed falls back to the defaults, field by field. */
export function parsePanelSizes(text: string | null): PanelSizes {
  let raw: unknown
  try {
    raw = text === null ? undefined : JSON.parse(text)
  } catch {
    raw = undefined
  }
  const result = { ...DEFAULT_PANEL_SIZES }
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
