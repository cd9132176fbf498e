// Ctrl/Cmd+Shift+F from anywhere opens the Find tab with its input focused (Ctrl/Cmd+F stays the canvas's find box).
import { useEffect } from 'react'
import { useBottomPanel } from '../layout/BottomPanel.tsx'
import { usePanelMemoryStore } from '../layout/usePanelMemory.ts'
import { FIND_FOCUS, FIND_TAB, isFindAllShortcut } from './find-tab.ts'

/** Listens for the shortcut on the window (capture: the code view and the canvas must not take it first). */
export function useFindShortcut() {
  const { show } = useBottomPanel()
  const memory = usePanelMemoryStore()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isFindAllShortcut(event)) return
      event.preventDefault()
      event.stopPropagation()
      show(FIND_TAB)
      const focus = memory.get(FIND_FOCUS) ?? { requested: 0, served: 0 }
      memory.set(FIND_FOCUS, { ...focus, requested: focus.requested + 1 })
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [show, memory])
}

export function FindShortcut() {
  useFindShortcut()
  return null
}
