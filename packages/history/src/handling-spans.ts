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
  // the index gives them in order of start: merged as read, none kept (a day's pairs kept as numbers were 100 MB to
  // allocate and collect)
  const union = new SpanUnion()
  let previous = Number.NEGATIVE_INFINITY
  const merged = readPairs(text, (start, end) => {
    if (start < previous) return false
    previous = start
    union.add(start, end)
    return true
  })
  if (merged) return union.spans()
  // another plan (PostgreSQL's hash aggregate) gives them as they were written: read again, sort, merge
  const pairs: number[] = []
  readPairs(text, (start, end) => {
    pairs.push(start, end)
    return true
  })
  const order = Array.from({ length: pairs.length >> 1 }, (_, i) => i)
  order.sort((a, b) => (pairs[2 * a] as number) - (pairs[2 * b] as number))
  const sorted = new SpanUnion()
  for (const i of order) sorted.add(pairs[2 * i] as number, pairs[2 * i + 1] as number)
  return sorted.spans()
}

/** The union of `[start, end)` spans added in order of start. */
class SpanUnion {
  private readonly out: number[] = []
  private s = Number.NaN
  private e = Number.NaN

  add(start: number, end: number): void {
    if (!(end > start)) return
    if (start <= this.e) {
      if (end > this.e) this.e = end
      return
    }
    if (this.e > this.s) this.out.push(this.s, this.e)
    this.s = start
    this.e = end
  }

  spans(): Float64Array {
    if (this.e > this.s) this.out.push(this.s, this.e)
    return Float64Array.from(this.out)
  }
}

/**
 * Calls `visit` with each pair of a comma-separated text, digits read by hand (a string per number cost most of
 * the read); false when `visit` stopped it.
 */
function readPairs(text: string, visit: (start: number, end: number) => boolean): boolean {
  if (text.length === 0) return true
  let numbers = 0
  let start = 0
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
    const number = digits && i > begin ? value : checked(text.slice(begin, i))
    if (numbers++ % 2 === 0) start = number
    else if (!visit(start, number)) return false
    begin = i + 1
    value = 0
    digits = true
  }
  if (numbers % 2 !== 0) throw new Error(`handling pairs: ${numbers} numbers, not pairs of start and end`)
  return true
}

function checked(token: string): number {
  const value = token.trim() === '' ? Number.NaN : Number(token)
  if (Number.isNaN(value)) throw new Error(`handling pairs: "${token}" is no time`)
  return value
}
