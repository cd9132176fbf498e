// pure: the one order for ids, names and keys that is the same on every machine and locale.

/**
 * Orders two strings by UTF-16 code units, as `<` compares them (and `sort()` without a comparator): no locale, so a
 * report, a wallboard or a layout lists the same ids in the same order wherever it runs.
 * @example rows.sort((a, b) => codeUnitOrder(a.id, b.id))
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
