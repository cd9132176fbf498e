// The bottom panel: a tab strip over the entries of BOTTOM_TABS, collapsible and resizable like the side panels.
import {
  createContext,
  type KeyboardEvent,
  type ReactNode,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react'
import { rovingIndex } from '../core/roving-keys.ts'
import { COMPACT_CLASS, useCompactWhenCramped } from '../hooks/useCompactWhenCramped.ts'
import { useWorkspace } from '../workspace/WorkspaceProvider.tsx'
import { BOTTOM_TABS } from './bottom-tabs.tsx'
import { PaneBoundary } from './PaneBoundary.tsx'
import { createPanelMemory } from './panel-memory.ts'
import { ShellPanel } from './ShellPanel.tsx'
import { PanelMemoryContext } from './usePanelMemory.ts'
import { useShellLayout } from './useShellLayout.ts'

export interface BottomPanelControl {
  active: string
  /** Opens the bottom panel (expanding it when collapsed) on the tab with this id. */
  show(id: string): void
  /** The `turn` of the tabs' memory (panel-memory.ts; usePanelMemory reads it): the open panel remounts on a change. */
  turn: number
}

const BottomPanelContext = createContext<BottomPanelControl | null>(null)

export function useBottomPanel(): BottomPanelControl {
  const control = useContext(BottomPanelContext)
  if (control === null) throw new Error('useBottomPanel() outside <BottomPanelProvider>')
  return control
}

export function BottomPanelProvider({ children }: { children: ReactNode }) {
  const layout = useShellLayout()
  const [active, setActive] = useState(BOTTOM_TABS[0]?.id ?? '')
  const [memory] = useState(createPanelMemory)
  // before the tabs render: a panel opened on another workspace starts from its defaults
  memory.enter(useWorkspace((s) => s.workspace))
  const turn = memory.turn()
  const control = useMemo<BottomPanelControl>(
    () => ({
      active,
      show(id) {
        setActive(id)
        layout.setCollapsed('bottom', false)
      },
      turn,
    }),
    [active, layout.setCollapsed, turn],
  )
  return (
    <PanelMemoryContext.Provider value={memory}>
      <BottomPanelContext.Provider value={control}>{children}</BottomPanelContext.Provider>
    </PanelMemoryContext.Provider>
  )
}

export function BottomPanel() {
  const { active, show, turn } = useBottomPanel()
  const current = BOTTOM_TABS.find((t) => t.id === active) ?? BOTTOM_TABS[0]
  // a Problems count, a narrower panel: short labels before the strip scrolls "Where used" and "Find" out of sight
  const strip = useRef<HTMLDivElement>(null)
  const compact = useCompactWhenCramped(strip)
  // WAI-ARIA tabs with automatic activation: Left/Right (wrapping), Home and End select the tab and focus it
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const index = BOTTOM_TABS.findIndex((t) => t.id === current?.id)
    const next = BOTTOM_TABS[rovingIndex(event.key, index, BOTTOM_TABS.length, 'horizontal') ?? -1]
    if (next === undefined) return
    // the canvas's window shortcuts must not also move the selected nodes
    event.preventDefault()
    show(next.id)
    event.currentTarget.querySelector<HTMLElement>(`#tab-${CSS.escape(next.id)}`)?.focus()
  }
  return (
    <ShellPanel panel="bottom" label="bottom panel" className="rw-bottom nokey" element="footer">
      <div
        ref={strip}
        className={compact ? `rw-bottom__tabs ${COMPACT_CLASS}` : 'rw-bottom__tabs'}
        role="tablist"
        aria-label="Bottom panel"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {BOTTOM_TABS.map(({ id, Label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={id === current?.id}
            aria-controls={`tabpanel-${id}`}
            tabIndex={id === current?.id ? 0 : -1}
            className={id === current?.id ? 'is-active' : ''}
            data-testid={`tab-${id}`}
            onClick={() => show(id)}
          >
            <Label />
          </button>
        ))}
      </div>
      {current !== undefined && (
        <div
          className="rw-bottom__body"
          role="tabpanel"
          id={`tabpanel-${current.id}`}
          aria-labelledby={`tab-${current.id}`}
        >
          {/* a new workspace mounts the panel again, from what it remembers of that workspace (nothing yet) */}
          <PaneBoundary
            key={`${current.id} ${turn}`}
            pane={`tab-${current.id}`}
            label={`The ${current.id} tab`}
          >
            <current.Panel />
          </PaneBoundary>
        </div>
      )}
    </ShellPanel>
  )
}
