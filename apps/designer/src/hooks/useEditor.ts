import { createContext, useContext, useSyncExternalStore } from 'react'
import type { EditorState, EditorStore } from '../core/editor-store.ts'

export const EditorStoreContext = createContext<EditorStore | undefined>(undefined)

/** The editor store of the surrounding `<EditorStoreContext.Provider>`, for commands. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext)
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreContext.Provider>')
  return store
}

/**
 * A slice of the editor state; the component re-renders only when the selected value changes (by identity),
 * so select stable parts (`s => s.document`) or primitives, not freshly built objects.
 */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  const store = useEditorStore()
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  )
}
