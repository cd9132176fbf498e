// pure: one pass over JSON text that JSON.parse accepted: how many keys it writes and where the top-level ones are.
// Compared with the parsed value's own key count it tells whether any mapping repeats a key, which JSON.parse hides.

export interface JsonKeys {
  /** Every key written in the text, at any depth (repeats counted). */
  count: number
  /** Each top-level key's name, with the offset of its opening quote and its length with quotes, in text order. */
  topLevel: Array<{ name: string; offset: number; length: number }>
}

const QUOTE = 34
const BACKSLASH = 92
const COLON = 58

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

/** The offset of the quote that closes the string opened at `start` (the text is valid JSON: it is there). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1)
  for (;;) {
    let slashes = 0
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++
    if (slashes % 2 === 0) return end
    end = text.indexOf('"', end + 1)
  }
}

/** The keys of `text`, which must be valid JSON (JSON.parse accepted it); linear, no value is built. */
export function scanJsonKeys(text: string): JsonKeys {
  const topLevel: JsonKeys['topLevel'] = []
  let count = 0
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = stringEnd(text, i)
      let next = end + 1
      while (isSpace(text.charCodeAt(next))) next++
      if (text.charCodeAt(next) === COLON) {
        count++
        if (depth === 1) {
          const raw = text.slice(i, end + 1)
          // an escaped key (`"no\u0064es"`) is named as JSON reads it
          topLevel.push({
            name: raw.includes('\\') ? JSON.parse(raw) : raw.slice(1, -1),
            offset: i,
            length: raw.length,
          })
        }
      }
      i = end
    } else if (c === 123 || c === 91) depth++
    else if (c === 125 || c === 93) depth--
  }
  return { count, topLevel }
}

/** How many keys the mappings of a parsed JSON value hold, all depths together. */
export function countValueKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  let count = 0
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) count += countValueKeys(value[i])
    return count
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  count += keys.length
  for (let i = 0; i < keys.length; i++) count += countValueKeys(record[keys[i]!])
  return count
}
