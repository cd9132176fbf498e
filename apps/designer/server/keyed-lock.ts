// Per-key mutual exclusion for async tasks: work on one file waits only for earlier work on that same file.

export interface KeyedLock {
  /** Runs `task` once every earlier task holding any of `keys` has settled; holds all of `keys` meanwhile. */
  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T>
  /** Keys held or waited for right now (for tests and diagnostics). */
  busy(): string[]
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>()
  return {
    run(keys, task) {
      const unique = [...new Set(keys)]
      // every key's tail is replaced synchronously, so a task only ever waits for tasks queued before it: no cycles
      const before = Promise.all(unique.map((key) => tails.get(key)))
      const result = before.then(task)
      const settled = result.then(
        () => {},
        () => {},
      )
      for (const key of unique) tails.set(key, settled)
      void settled.then(() => {
        for (const key of unique) if (tails.get(key) === settled) tails.delete(key)
      })
      return result
    },
    busy: () => [...tails.keys()],
  }
}
