// The shell's panel sizes as React state, kept in localStorage so a reload keeps the user's layout.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import {
  defaultPanelSizes,
  inspectorWidthCss,
  type PanelId,
  type PanelSizes,
  parsePanelSizes,
  resizePanel,
  serializePanelSizes,
  setPanelCollapsed,
  shownSize,
} from './panel-sizes.ts'

const STORAGE_KEY = 'routewright.layout.v1'

export interface ShellLayout {
  sizes: PanelSizes
  resize(panel: PanelId, size: number): void
  setCollapsed(panel: PanelId, collapsed: boolean): void
  toggle(panel: PanelId): void
  /**
   * The panel whose splitter is being dragged, or stepped with an arrow key held down: the canvas lays out and fits
   * once it is let go, not on every move or step.
   */
  dragging: PanelId | undefined
  setDragging(panel: PanelId | undefined): void
  /** CSS custom properties for the shell grid. */
  style: Record<string, string>
}

function readStored(): PanelSizes {
  const defaults = defaultPanelSizes(globalThis.innerWidth, globalThis.innerHeight)
  try {
    return parsePanelSizes(globalThis.localStorage?.getItem(STORAGE_KEY) ?? null, defaults)
  } catch {
    return defaults
  }
}

export function useShellLayoutState(): ShellLayout {
  const [sizes, setSizes] = useState<PanelSizes>(readStored)
  const [dragging, setDragging] = useState<PanelId | undefined>(undefined)
  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, serializePanelSizes(sizes))
    } catch {
      // private mode or quota: the layout just does not persist
    }
  }, [sizes])
  const resize = useCallback(
    (panel: PanelId, size: number) => setSizes((s) => resizePanel(s, panel, size)),
    [],
  )
  const setCollapsed = useCallback(
    (panel: PanelId, collapsed: boolean) => setSizes((s) => setPanelCollapsed(s, panel, collapsed)),
    [],
  )
  const toggle = useCallback(
    (panel: PanelId) => setSizes((s) => setPanelCollapsed(s, panel, !s[panel].collapsed)),
    [],
  )
  const style = useMemo(
    () => ({
      '--rw-left-w': `${shownSize(sizes.left)}px`,
      '--rw-right-w': inspectorWidthCss(sizes),
      '--rw-bottom-h': `${shownSize(sizes.bottom)}px`,
    }),
    [sizes],
  )
  return { sizes, resize, setCollapsed, toggle, dragging, setDragging, style }
}

export const ShellLayoutContext = createContext<ShellLayout | null>(null)

export function useShellLayout(): ShellLayout {
  const layout = useContext(ShellLayoutContext)
  if (layout === null) throw new Error('useShellLayout() outside <ShellLayoutContext.Provider>')
  return layout
}
