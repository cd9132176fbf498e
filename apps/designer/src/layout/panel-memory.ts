// What the bottom panel's tabs remember while closed (a tab's panel unmounts with it): one memory per designer, owned
// by BottomPanelProvider, so it neither outlives the designer nor is shared by two designers in a page. No React here.

/** A remembered entry: `workspace` ones are forgotten when another workspace is listed, `designer` ones are kept. */
export interface MemoryKey<T> {
  readonly name: string
  readonly scope: 'workspace' | 'designer'
  /** Never set: carries the entry's type. */
  readonly type?: T
}

export function memoryKey<T>(name: string, scope: MemoryKey<T>['scope']): MemoryKey<T> {
  return { name, scope }
}

export interface PanelMemory {
  get<T>(key: MemoryKey<T>): T | undefined
  set<T>(key: MemoryKey<T>, value: T): void
  /**
   * The workspace listed: a different one than before forgets the `workspace` entries, telling no listener (the
   * provider calls it while rendering and mounts the open panel again, see `turn`).
   */
  enter(workspace: string | undefined): void
  /** How many times `enter` forgot the workspace entries. */
  turn(): number
  subscribe(listener: () => void): () => void
}

export function createPanelMemory(): PanelMemory {
  const entries = new Map<MemoryKey<unknown>, unknown>()
  const listeners = new Set<() => void>()
  let current: string | undefined
  let turns = 0
  function changed() {
    for (const listener of listeners) listener()
  }
  return {
    get: <T>(key: MemoryKey<T>) => entries.get(key) as T | undefined,
    set(key, value) {
      if (entries.get(key) === value) return
      entries.set(key, value)
      changed()
    },
    enter(workspace) {
      // the first listing only names the workspace: what was typed while it loaded belongs to it
      if (workspace === undefined || workspace === current) return
      const first = current === undefined
      current = workspace
      if (first) return
      for (const key of [...entries.keys()]) if (key.scope === 'workspace') entries.delete(key)
      turns += 1
    },
    turn: () => turns,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
