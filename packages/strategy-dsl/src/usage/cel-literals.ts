// pure: where CEL's string and bytes literals and comments lie in an expression's text, by cel-spec's lexical rules.

/**
 * One literal or comment: `[start, end)` covers all of it (prefix and quotes included), `[contentStart, contentEnd)`
 * what lies between the quotes as written (escapes not decoded). A comment's content is the whole comment.
 */
export interface CelSpan {
  kind: 'string' | 'bytes' | 'comment'
  start: number
  end: number
  contentStart: number
  contentEnd: number
  /** `r"..."`: a backslash is itself, not an escape. */
  raw: boolean
}

const WORD = /[A-Za-z0-9_]/
// cel-spec: BYTES_LIT ::= [bB] STRING_LIT and STRING_LIT ::= [rR]? quoted, so `br"x"` is raw bytes and `rb"x"` is not a literal
const PREFIX = /^(?:[bB][rR]?|[rR])$/

/** The end (exclusive) of the quoted text opening at `open` with `quote`, and where its content ends. */
function closeOf(text: string, open: number, quote: string, triple: boolean, raw: boolean): [number, number] {
  const delimiter = triple ? quote.repeat(3) : quote
  let i = open + delimiter.length
  while (i < text.length) {
    const c = text[i]
    if (!raw && c === '\\') i += 2
    else if (text.startsWith(delimiter, i)) return [i + delimiter.length, i]
    // a single-quoted literal ends at its line (cel-spec forbids newlines in it): an unclosed one takes no more
    else if (!triple && (c === '\n' || c === '\r')) return [i, i]
    else i++
  }
  return [text.length, text.length]
}

/**
 * Every string literal ('...', "...", '''...''', """...""", each raw with r/R and bytes with b/B) and `//` comment in
 * `text`, in order. Identifiers are read whole, so the `r` of `user"` is no prefix and a quote inside a word is none.
 * @example celSpans(`r'\\d' + tier`) // [{ kind: 'string', start: 0, end: 5, contentStart: 2, contentEnd: 4, raw: true }]
 */
export function celSpans(text: string): CelSpan[] {
  const spans: CelSpan[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i)
      const end = newline < 0 ? text.length : newline
      spans.push({ kind: 'comment', start: i, end, contentStart: i + 2, contentEnd: end, raw: true })
      i = end
      continue
    }
    const start = i
    let prefix = ''
    if (WORD.test(c)) {
      while (i < text.length && WORD.test(text[i]!)) i++
      prefix = text.slice(start, i)
      const quote = text[i]
      if (!PREFIX.test(prefix) || (quote !== '"' && quote !== "'")) continue
    } else if (c !== '"' && c !== "'") {
      i++
      continue
    }
    const quote = text[i]!
    const triple = text[i + 1] === quote && text[i + 2] === quote
    const raw = /[rR]/.test(prefix)
    const [end, contentEnd] = closeOf(text, i, quote, triple, raw)
    const kind = /[bB]/.test(prefix) ? 'bytes' : 'string'
    spans.push({ kind, start, end, contentStart: i + (triple ? 3 : 1), contentEnd, raw })
    i = end
  }
  return spans
}

/**
 * Where each string literal whose content is written exactly `key` indexes `object` (`data["tier"]`, `data[?'tier']`),
 * as the offset of its content: `data["tier"]` names the key `tier` as `data.tier` does.
 */
export function indexesOfKey(text: string, object: string, key: string, spans = celSpans(text)): number[] {
  const out: number[] = []
  for (const span of spans) {
    if (span.kind !== 'string' || text.slice(span.contentStart, span.contentEnd) !== key) continue
    const before = text.slice(0, span.start)
    const opening = /\[\s*\??\s*$/.exec(before)
    if (!opening) continue
    const head = before.slice(0, opening.index).replace(/\s+$/, '')
    if (!head.endsWith(object)) continue
    const lead = head[head.length - object.length - 1]
    // `mydata["tier"]` or `x.data["tier"]` indexes something else
    if (lead !== undefined && (WORD.test(lead) || lead === '.')) continue
    const at = head.length - object.length
    // a `data[` inside a comment or another literal indexes nothing
    if (spans.some((other) => other.start <= at && at < other.end)) continue
    out.push(span.contentStart)
  }
  return out
}
