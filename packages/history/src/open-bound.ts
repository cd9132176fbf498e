// pure: how many unfinished interactions the history follows at once, in one place. The records builder's state and
// the writer thread's paths of runs in progress are bounded by the same number; past it the oldest is given up.

/** Unfinished interactions followed at once by default (`maxOpen`). */
export const MAX_OPEN = 100_000

/** Keys in insertion order: a Map or a Set. */
interface Ordered {
  readonly size: number
  keys(): IterableIterator<string>
  delete(key: string): boolean
}

/** Past `max` entries, deletes the oldest of `entries` and answers its key; otherwise undefined. */
export function dropOldest(entries: Ordered, max: number): string | undefined {
  if (entries.size <= max) return undefined
  const oldest = entries.keys().next().value
  if (oldest === undefined) return undefined
  entries.delete(oldest)
  return oldest
}
