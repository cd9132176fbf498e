import { useEffect } from 'react'
import { useEditorStore } from '../hooks/useEditor.ts'
import { useWorkspaceSession } from './WorkspaceProvider.tsx'

/**
 * Ctrl+S / Cmd+S saves through the store's save hook, wherever the focus is (canvas, inspector, Monaco);
 * Ctrl+Alt+S / Cmd+Alt+S saves every unsaved file.
 */
export function useSaveShortcut(): void {
  const store = useEditorStore()
  const { session } = useWorkspaceSession()
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const which = saveShortcutOf(event)
      if (which === undefined) return
      event.preventDefault()
      event.stopPropagation()
      commitFocusedField()
      if (which === 'all') void session.saveAll()
      else void store.save()
    }
    // capture phase: the browser's own "save page" must never win
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [store, session])
}

/**
 * `save` for Ctrl/Cmd+S, `all` for Ctrl/Cmd+Alt+S. Cmd+Option+S on a Mac types "ß", so Cmd is matched by key
 * position; Ctrl+Alt is matched by the typed "s" only, since AltGr (Ctrl+Alt on Windows) types letters such as
 * the Polish "ś" on the S key, which must stay typing.
 */
export function saveShortcutOf(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): 'save' | 'all' | undefined {
  if (!(event.ctrlKey || event.metaKey)) return undefined
  const isS = event.key.toLowerCase() === 's'
  if (!event.altKey) return isS ? 'save' : undefined
  return isS || (event.metaKey && event.code === 'KeyS') ? 'all' : undefined
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
