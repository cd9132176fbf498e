// A collapsible, resizable shell panel: its content, a splitter on the inner edge, and a collapse/expand button.
import type { ReactNode } from 'react'
import type { PanelId } from './panel-sizes.ts'
import { Splitter } from './Splitter.tsx'
import { useShellLayout } from './useShellLayout.ts'

export function ShellPanel({
  panel,
  label,
  className,
  element: Element = 'aside',
  children,
}: {
  panel: PanelId
  /** What the panel holds, for its buttons: "files and palette", "inspector". */
  label: string
  className: string
  element?: 'aside' | 'footer'
  children: ReactNode
}) {
  const layout = useShellLayout()
  const collapsed = layout.sizes[panel].collapsed
  return (
    <Element
      className={`${className} rw-shell-panel rw-shell-panel--${panel}${collapsed ? ' is-collapsed' : ''}`}
      data-testid={`panel-${panel}`}
      data-collapsed={collapsed}
    >
      <button
        type="button"
        className="rw-shell-panel__toggle"
        data-testid={`toggle-${panel}`}
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Show' : 'Hide'} ${label}`}
        title={`${collapsed ? 'Show' : 'Hide'} ${label}`}
        onClick={() => layout.toggle(panel)}
      >
        {ARROWS[panel][collapsed ? 1 : 0]}
      </button>
      {!collapsed && children}
      <Splitter panel={panel} />
    </Element>
  )
}

/** [hide, show] arrows pointing where the panel goes. */
const ARROWS: Record<PanelId, [string, string]> = {
  left: ['‹', '›'],
  right: ['›', '‹'],
  bottom: ['⌄', '⌃'],
}
