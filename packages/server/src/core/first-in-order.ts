// pure: the first `count` of a list in an order, without sorting the list: a page of a long list costs one scan and
// O(count log count), not O(n log n).
import { BinaryHeap } from '@routewright/strategy-runtime'

/**
 * The indexes of `list`'s first `count` entries that `take` accepts, in `order` and, among equals, in list order (as a
 * stable sort of the taken entries would give them). `take` sees every entry once, in list order.
 */
export function firstInOrder<T>(
  list: readonly T[],
  count: number,
  order: (a: T, b: T) => number,
  take: (entry: T) => boolean,
): number[] {
  // a max-heap of the kept: its top is the one a better entry replaces
  const later = (i: number, j: number) => (order(list[i]!, list[j]!) || i - j) > 0
  const kept = new BinaryHeap<number>(later)
  for (let i = 0; i < list.length; i++) {
    if (!take(list[i]!)) continue
    if (kept.size < count) kept.push(i)
    else if (count > 0 && later(kept.peek()!, i)) {
      kept.pop()
      kept.push(i)
    }
  }
  const out = new Array<number>(kept.size)
  for (let at = out.length - 1; at >= 0; at--) out[at] = kept.pop()!
  return out
}
