// The bottom tabs' memory (panel-memory.ts) for their panels: BottomPanelProvider gives it; apart from BottomPanel.tsx,
// whose tab list imports the panels that read it.
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react'
import type { MemoryKey, PanelMemory } from './panel-memory.ts'

export const PanelMemoryContext = createContext<PanelMemory | null>(null)

/** The designer's panel memory, for a component that writes it outside a panel (the Find shortcut). */
export function usePanelMemoryStore(): PanelMemory {
  const memory = useContext(PanelMemoryContext)
  if (memory === null) throw new Error('usePanelMemoryStore() outside <BottomPanelProvider>')
  return memory
}

/** An entry of the memory and its setter; the panel re-renders when another component sets it. */
export function usePanelMemory<T>(key: MemoryKey<T>): [T | undefined, (value: T) => void] {
  const memory = usePanelMemoryStore()
  const value = useSyncExternalStore(
    memory.subscribe,
    () => memory.get(key),
    () => memory.get(key),
  )
  const set = useCallback((next: T) => memory.set(key, next), [memory, key])
  return [value, set]
}
