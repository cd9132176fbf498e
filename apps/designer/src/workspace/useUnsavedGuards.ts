import { useEffect } from 'react'
import { flushPendingEdits } from '../code/pending-edits.ts'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { baseName } from './files.ts'
import { useWorkspaceSession } from './WorkspaceProvider.tsx'

/** Closing or reloading the tab with unsaved changes asks first; the tab title carries a dot while dirty. */
export function useUnsavedGuards(): void {
  const store = useEditorStore()
  const { session } = useWorkspaceSession()
  const dirty = useEditor((s) => s.dirty)
  const file = useEditor((s) => s.file)

  useEffect(() => {
    function onBeforeUnload(event: BeforeUnloadEvent) {
      // typing still waiting for the code view's pause reaches the store (and its draft) first, or a reload
      // right after a keystroke would drop it without asking
      flushPendingEdits(store)
      if (!store.getState().dirty) return
      // written again even when unchanged: another tab may have taken this tab's draft over since
      session.keepDraft()
      event.preventDefault()
      // older browsers show the prompt only when returnValue is set
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [store, session])

  useEffect(() => {
    const name = file ? baseName(file) : 'no file'
    document.title = `${dirty ? '● ' : ''}${name} — Routewright`
  }, [dirty, file])
}
