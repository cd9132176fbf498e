import { useEffect } from 'react'
import { useEditorStore } from '../hooks/useEditor.ts'

/** Ctrl+S / Cmd+S saves through the store's save hook, wherever the focus is (canvas, inspector, Monaco). */
export function useSaveShortcut(): void {
  const store = useEditorStore()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== 's' || !(event.ctrlKey || event.metaKey) || event.altKey) return
      event.preventDefault()
      event.stopPropagation()
      void store.save()
    }
    // capture phase: the browser's own "save page" must never win
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [store])
}
