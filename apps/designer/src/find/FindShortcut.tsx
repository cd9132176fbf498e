// Ctrl/Cmd+Shift+F from anywhere opens the Find tab with its input focused (Ctrl/Cmd+F stays the canvas's find box).
import { useEffect } from 'react'
import { useBottomPanel } from '../layout/BottomPanel.tsx'
import { FIND_TAB, focusRequests, isFindAllShortcut } from './find-tab.ts'

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
