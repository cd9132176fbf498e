// An in-memory Web Storage for tests of the draft store and the workspace session (localStorage's shape).
import type { DraftStorage } from './drafts.ts'

export function memoryStorage(
  initial: Record<string, string> = {},
): DraftStorage & { map: Map<string, string> } {
  const map = new Map(Object.entries(initial))
  return {
    map,
    get length() {
      return map.size
    },
    key: (index: number) => [...map.keys()][index] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  }
}
