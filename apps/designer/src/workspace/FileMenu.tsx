// A file's action menu for the keyboard (Shift+F10, the menu key) and the right mouse button.
// test ids: file-menu-<path>, file-menu-<action>; focus comes back to the file's row when it closes.
import { type KeyboardEvent, useEffect, useRef } from 'react'
import { createPortal } from 'react-dom'
import { menuKeyIndex } from './file-list-keys.ts'

export type FileMenuAction = 'open' | 'rename' | 'duplicate' | 'delete'

const ITEMS: readonly { action: FileMenuAction; label: string; key?: string }[] = [
  { action: 'open', label: 'Open' },
  { action: 'rename', label: 'Rename…', key: 'F2' },
  { action: 'duplicate', label: 'Duplicate…' },
  { action: 'delete', label: 'Delete…', key: 'Del' },
]

export function FileMenu({
  path,
  anchor,
  canOpen,
  onAction,
  onClose,
}: {
  path: string
  /** The file's row: the menu opens below it. */
  anchor: HTMLElement | undefined
  canOpen: boolean
  onAction(action: FileMenuAction): void
  /** Closes the menu without an action (Escape, Tab, a click elsewhere). */
  onClose(): void
}) {
  const menu = useRef<HTMLDivElement>(null)
  const items = () => [
    ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []),
  ]
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus()
  }, [])

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const list = items()
    const index = list.indexOf(document.activeElement as HTMLButtonElement)
    const next = menuKeyIndex(event.key, index, list.length)
    if (next !== undefined) {
      event.preventDefault()
      event.stopPropagation()
      list[next]?.focus()
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
    }
  }

  const at = anchor?.getBoundingClientRect()
  // in a portal: a menu inside the listbox would break its ARIA tree (a listbox holds options only)
  return createPortal(
    <div
      ref={menu}
      style={at ? { top: at.bottom, left: at.left + 16 } : undefined}
      className="rw-file-menu"
      role="menu"
      aria-label={`Actions for ${path}`}
      data-testid={`file-menu-${path}`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onClose()
      }}
    >
      {ITEMS.map((item) => (
        <button
          key={item.action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-testid={`file-menu-${item.action}`}
          disabled={item.action === 'open' && !canOpen}
          onClick={() => onAction(item.action)}
        >
          <span>{item.label}</span>
          {item.key ? <kbd>{item.key}</kbd> : null}
        </button>
      ))}
    </div>,
    document.body,
  )
}
