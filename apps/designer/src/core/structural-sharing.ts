// pure: keeps the identity of unchanged parts of a re-parsed document, so memoised canvas nodes do not re-render.

/** Deep equality for JSON-like values (what a parsed strategy document is made of). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  }
  const ak = Object.keys(a)
  const bk = Object.keys(b)
  if (ak.length !== bk.length) return false
  const bo = b as Record<string, unknown>
  const ao = a as Record<string, unknown>
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]))
}

/**
 * Returns `next` with every sub-value that deep-equals the same place in `previous` replaced by the previous
 * object, so identity comparison tells what changed.
 */
export function shareStructure<T>(previous: unknown, next: T): T {
  if (previous === next) return next
  if (typeof next !== 'object' || next === null || typeof previous !== 'object' || previous === null) {
    return next
  }
  if (Array.isArray(next)) {
    if (!Array.isArray(previous)) return next
    const out = next.map((item, i) => shareStructure(previous[i], item))
    const same = out.length === previous.length && out.every((item, i) => item === previous[i])
    return (same ? previous : out) as T
  }
  if (Array.isArray(previous)) return next
  const prev = previous as Record<string, unknown>
  const out: Record<string, unknown> = {}
  let same = Object.keys(prev).length === Object.keys(next).length
  for (const [key, value] of Object.entries(next)) {
    const shared = shareStructure(prev[key], value)
    out[key] = shared
    if (shared !== prev[key] || !Object.hasOwn(prev, key)) same = false
  }
  return (same ? previous : out) as T
}
