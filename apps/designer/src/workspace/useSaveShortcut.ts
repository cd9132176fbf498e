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
      commitFocusedField()
      void store.save()
    }
    // capture phase: the browser's own "save page" must never win
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [store])
}

/**
 * A form field that commits on blur (a node's id, an input's name) still holds what was typed: blurring it commits
 * that first, so the save writes what the user sees; the caret goes back to a field that is still there. Monaco
 * keeps its own text in the store.
 */
function commitFocusedField(): void {
  const active = document.activeElement
  if (!(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) return
  if (active.closest('.monaco-editor')) return
  const { selectionStart, selectionEnd } = active
  active.blur()
  active.focus()
  if (selectionStart !== null && selectionEnd !== null) active.setSelectionRange(selectionStart, selectionEnd)
}
