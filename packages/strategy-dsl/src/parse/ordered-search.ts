// pure: the binary search over things in document order that the locator and the language server share.

/** The last index in 0..length-1 whose `startOf` is at or before `wanted` (starts ascending), or -1. */
export function lastAtOrBefore(length: number, startOf: (i: number) => number, wanted: number): number {
  let low = 0
  let high = length - 1
  let found = -1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (startOf(mid) <= wanted) {
      found = mid
      low = mid + 1
    } else high = mid - 1
  }
  return found
}
