// pure: appending to the short lists every interaction carries (path, frames, timers, treatments) without the 17 slots
// V8 reserves on the first push to an empty array; a router holds tens of thousands of these lists at once.

const EMPTY: readonly never[] = Object.freeze([])

/**
 * The shared, frozen empty list a run's lists start as (path, trace, treatments): grow it only with `append`, which
 * copies short lists, so the shared one is never written.
 */
export function emptyList<T>(): T[] {
  return EMPTY as unknown as T[]
}

/** Lists up to this long are copied at their exact size; longer ones grow by push (amortised O(1)). */
const EXACT_UP_TO = 6

/** `list` with `item` at its end: a new exact-size array while short, else `list` itself pushed. Assign the result. */
export function append<T>(list: T[], item: T): T[] {
  const n = list.length
  if (n >= EXACT_UP_TO) {
    list.push(item)
    return list
  }
  // literals allocate exactly their length; copying at most EXACT_UP_TO references is cheaper than the slack
  switch (n) {
    case 0:
      return [item]
    case 1:
      return [list[0]!, item]
    case 2:
      return [list[0]!, list[1]!, item]
    default:
      // concat allocates its result at the exact size; slice then push would reserve slack again
      return list.concat([item])
  }
}
