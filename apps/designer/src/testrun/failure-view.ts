// Where an expected list and the actual one part: the report marks that step instead of printing two JSON arrays.

/** A list of plain values (a path, treatments) shows as chips; anything else as text. */
export function isChipList(value: unknown): value is readonly (string | number | boolean)[] {
  return Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
}

/**
 * The index of the first step where the two lists differ, or -1 when every expected step matches (a path expectation
 * is a prefix: extra actual steps past it are no difference).
 * @example firstDifference(['a', 'b'], ['a', 'c', 'd']) // 1
 */
export function firstDifference(expected: readonly unknown[], actual: readonly unknown[]): number {
  for (let i = 0; i < expected.length; i++) if (!Object.is(expected[i], actual[i])) return i
  return -1
}
