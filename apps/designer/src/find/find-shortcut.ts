// Ctrl/Cmd+Shift+F from anywhere opens the Find tab with its input focused (Ctrl/Cmd+F stays the canvas's find box).
import { useEffect } from 'react'
import { useBottomPanel } from '../layout/BottomPanel.tsx'

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

/** Listens for the shortcut on the window (capture: the code view and the canvas must not take it first). */
export function useFindShortcut() {
  const { show } = useBottomPanel()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isFindAllShortcut(event)) return
      event.preventDefault()
      event.stopPropagation()
      show(FIND_TAB)
      focusRequests.request()
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [show])
}

export function FindShortcut() {
  useFindShortcut()
  return null
}
