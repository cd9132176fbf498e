// The times an agent handles at least one interaction of a media, from her handlings' `start,end` pairs as the
// database gives them in one text: overlapping and touching handlings merged into one span.
// pure: nothing here reads the clock or the database

/**
 * The pairs of `text` (`s0,e0,s1,e1,...`, whole numbers, in any order) as spans `[s, e)` in time order, each one
 * the union of the handlings that overlap or touch (one ends as the next starts): what the state walk needs to know
 * is only whether she is handling one, and a day's 4,500 handlings an agent are a few spans. A handling that ends
 * when (or before) it starts adds no time and is left out. Returns `[s0, e0, s1, e1, ...]`.
 */
export function handlingSpans(text: string): Float64Array {
  const pairs = parsePairs(text)
  const count = pairs.length >> 1
  let inOrder = true
  for (let i = 1; i < count && inOrder; i++)
    inOrder = (pairs[2 * i - 2] as number) <= (pairs[2 * i] as number)
  // the index gives them in answer order; another plan (PostgreSQL's hash aggregate) may not
  const order = inOrder ? undefined : sortedByStart(pairs, count)
  const out: number[] = []
  let s = Number.NaN
  let e = Number.NaN
  for (let k = 0; k < count; k++) {
    const i = order === undefined ? k : (order[k] as number)
    const start = pairs[2 * i] as number
    const end = pairs[2 * i + 1] as number
    if (!(end > start)) continue
    if (start <= e) {
      if (end > e) e = end
      continue
    }
    if (e > s) out.push(s, e)
    s = start
    e = end
  }
  if (e > s) out.push(s, e)
  return Float64Array.from(out)
}

/** The numbers of a comma-separated text, read in one pass: digits by hand (a string per number cost most of the read). */
function parsePairs(text: string): Float64Array {
  // a number and its comma take two characters at least
  const values = new Float64Array((text.length + 1) >> 1)
  if (text.length === 0) return values
  let n = 0
  let begin = 0
  let value = 0
  let digits = true
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 44
    if (code !== 44) {
      const digit = code - 48
      if (digit >= 0 && digit <= 9) value = value * 10 + digit
      else digits = false
      continue
    }
    // a sign or a fraction (not written by the store): as Number reads it
    values[n++] = digits && i > begin ? value : checked(text.slice(begin, i))
    begin = i + 1
    value = 0
    digits = true
  }
  if (n % 2 !== 0) throw new Error(`handling pairs: ${n} numbers, not pairs of start and end`)
  return values.subarray(0, n)
}

function checked(token: string): number {
  const value = token.trim() === '' ? Number.NaN : Number(token)
  if (Number.isNaN(value)) throw new Error(`handling pairs: "${token}" is no time`)
  return value
}

/** Pair indices in order of start, then end. */
function sortedByStart(pairs: Float64Array, count: number): Uint32Array {
  const order = new Uint32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  return order.sort(
    (a, b) =>
      (pairs[2 * a] as number) - (pairs[2 * b] as number) ||
      (pairs[2 * a + 1] as number) - (pairs[2 * b + 1] as number),
  )
}
