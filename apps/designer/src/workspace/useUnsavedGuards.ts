import { useEffect } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import { baseName } from './files.ts'

/** Closing or reloading the tab with unsaved changes asks first; the tab title carries a dot while dirty. */
export function useUnsavedGuards(): void {
  const dirty = useEditor((s) => s.dirty)
  const file = useEditor((s) => s.file)

  useEffect(() => {
    if (!dirty) return
    function onBeforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault()
      // older browsers show the prompt only when returnValue is set
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [dirty])

  useEffect(() => {
    const name = file ? baseName(file) : 'no file'
    document.title = `${dirty ? '● ' : ''}${name} — Routewright`
  }, [dirty, file])
}
