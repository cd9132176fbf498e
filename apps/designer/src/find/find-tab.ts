// The Find tab's id, its shortcut, the requests to focus its input and what the tab remembers: no React, and of the
// layout only the React-free panel-memory.ts (bottom-tabs imports this; FindShortcut.tsx imports the bottom panel).
import { memoryKey } from '../layout/panel-memory.ts'
import type { SearchOptions } from './text-search.ts'

/** The bottom tab's id: `tab-find-all`, `tabpanel-find-all`. */
export const FIND_TAB = 'find-all'

interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

export function isFindAllShortcut(event: KeyLike): boolean {
  return (
    (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f'
  )
}

/**
 * Requests to focus the Find panel's input, counted (the shortcut adds one) beside the last one the panel answered:
 * a panel mounted by a click or an arrow key on the tab strip answers none. Per designer, kept while the tab is closed.
 */
export const FIND_FOCUS = memoryKey<{ requested: number; served: number }>('find.focus', 'designer')

/** The last search, kept across tabs and files (designers go back and forth while replacing); the workspace's. */
export const FIND_SEARCH = memoryKey<{ options: SearchOptions; replacement: string }>(
  'find.search',
  'workspace',
)
