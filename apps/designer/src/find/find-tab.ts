// The Find tab's id, its shortcut and the requests to focus its input: no React, no layout import (bottom-tabs
// imports this; the shortcut's hook in FindShortcut.tsx imports the bottom panel).

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

/** Asks the Find panel to focus its input: counted, so the panel can tell a new request from one it served. */
export const focusRequests = (() => {
  let count = 0
  const listeners = new Set<() => void>()
  return {
    get: () => count,
    request() {
      count += 1
      for (const listener of listeners) listener()
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
})()
