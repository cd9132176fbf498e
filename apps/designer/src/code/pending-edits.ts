// Typing waits for a pause before it reaches the store; a save must not miss it. Editors register a flush per
// store here and the save path calls `flushPendingEdits(store)` before reading the text.
import type { EditorStore } from '../core/editor-store.ts'

const flushers = new WeakMap<EditorStore, Set<() => void>>()

export function registerPendingEdits(store: EditorStore, flush: () => void): () => void {
  let set = flushers.get(store)
  if (!set) {
    set = new Set()
    flushers.set(store, set)
  }
  set.add(flush)
  return () => set.delete(flush)
}

export function flushPendingEdits(store: EditorStore): void {
  for (const flush of flushers.get(store) ?? []) flush()
}
