// A value a test-run step computed, as a node card shows it: words rather than JSON ("agent bob, target skill:…"
// for {"agent":"bob","target":"skill:…"}), bounded so a hostile or huge value cannot make a huge title.

/** The longest text a value becomes (the card cuts it to its width; the title shows this much). */
export const STEP_VALUE_MAX_CHARS = 500
/** Nesting beyond this reads as "…": a value from a test can be arbitrarily deep. */
const MAX_DEPTH = 4
/** Items or keys read per list or record: the rest is "…" (the text is cut at STEP_VALUE_MAX_CHARS anyway). */
const MAX_ITEMS = 50

/** The first MAX_ITEMS of `items` as text, "…" for the rest. */
function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, MAX_ITEMS).map(show)
  if (items.length > MAX_ITEMS) shown.push('…')
  return shown.join(', ')
}

function text(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'string') return value
  if (typeof value !== 'object') return String(value)
  if (depth >= MAX_DEPTH) return '…'
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return listed(value, (item) => nested(item, depth + 1))
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return '{}'
  const record = value as Record<string, unknown>
  return listed(keys, (key) => `${key} ${nested(record[key], depth + 1)}`)
}

/** A list or record inside another in parentheses, so its commas do not read as the outer one's. */
function nested(value: unknown, depth: number): string {
  const inner = text(value, depth)
  const bare = inner === '[]' || inner === '{}' || inner === '…'
  return value !== null && typeof value === 'object' && !bare ? `(${inner})` : inner
}

/** `value` as readable text, at most STEP_VALUE_MAX_CHARS characters (cut with "…"). */
export function stepValueText(value: unknown): string {
  const whole = text(value, 0)
  return whole.length > STEP_VALUE_MAX_CHARS ? `${whole.slice(0, STEP_VALUE_MAX_CHARS - 1)}…` : whole
}
