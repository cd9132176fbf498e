// pure: maps each character of a YAML string scalar's value back to its offset in the source text, so an error
// at index 12 of an expression points at the right column whatever the quoting, escapes or block style.

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'

interface Output {
  chars: string[]
  offsets: number[]
}

function push(out: Output, text: string, offset: number): void {
  for (const ch of text) {
    for (let k = 0; k < ch.length; k++) {
      out.chars.push(ch[k]!)
      out.offsets.push(offset)
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}

/** Flow scalars (plain, single, double quoted): line folding, plus quotes and escapes. */
function mapFlow(src: string, from: number, to: number, style: ScalarStyle): Output {
  const out: Output = { chars: [], offsets: [] }
  let i = from
  let lineFirst = out.chars.length
  while (i < to) {
    const ch = src[i]!
    if (ch === '\r' && src[i + 1] === '\n') {
      i++
      continue
    }
    if (ch === '\n') {
      // trailing white space of the line is dropped, then blank lines become "\n" and a single break a space
      while (out.chars.length > lineFirst && /[ \t]/.test(out.chars[out.chars.length - 1]!)) {
        out.chars.pop()
        out.offsets.pop()
      }
      let blanks = 0
      let j = i + 1
      for (;;) {
        while (j < to && (src[j] === ' ' || src[j] === '\t')) j++
        if (j < to && (src[j] === '\n' || src[j] === '\r')) {
          if (src[j] === '\r') j++
          blanks++
          j++
          continue
        }
        break
      }
      push(out, blanks === 0 ? ' ' : '\n'.repeat(blanks), i)
      i = j
      lineFirst = out.chars.length
      continue
    }
    if (style === 'QUOTE_SINGLE' && ch === "'" && src[i + 1] === "'") {
      push(out, "'", i)
      i += 2
      continue
    }
    if (style === 'QUOTE_DOUBLE' && ch === '\\') {
      const next = src[i + 1] ?? ''
      if (next === '\n' || next === '\r') {
        // an escaped line break joins the lines without a space
        let j = i + 1
        if (src[j] === '\r') j++
        j++
        while (j < to && (src[j] === ' ' || src[j] === '\t')) j++
        i = j
        lineFirst = out.chars.length
        continue
      }
      const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0
      if (hexLength > 0) {
        const code = Number.parseInt(src.slice(i + 2, i + 2 + hexLength), 16)
        push(out, Number.isNaN(code) ? '' : String.fromCodePoint(code), i)
        i += 2 + hexLength
        continue
      }
      push(out, SIMPLE_ESCAPES[next] ?? next, i)
      i += 2
      lineFirst = out.chars.length
      continue
    }
    push(out, ch, i)
    i++
  }
  return out
}

/** Block scalars (`|` and `>`): indentation stripped, folding for `>`, chomping ignored (checked by caller). */
function mapBlock(src: string, from: number, to: number, folded: boolean): Output {
  const out: Output = { chars: [], offsets: [] }
  const headerEnd = src.indexOf('\n', from)
  if (headerEnd === -1 || headerEnd >= to) return out
  const header = src.slice(from, headerEnd)
  const explicit = /[1-9]/.exec(header.replace(/#.*$/, ''))
  const lines: { start: number; end: number }[] = []
  for (let start = headerEnd + 1; start < to; ) {
    let end = src.indexOf('\n', start)
    if (end === -1 || end > to) end = to
    lines.push({ start, end: src[end - 1] === '\r' ? end - 1 : end })
    start = end + 1
  }
  let indent = 0
  if (explicit) {
    let parentIndent = from
    while (parentIndent > 0 && src[parentIndent - 1] !== '\n') parentIndent--
    let spaces = 0
    while (src[parentIndent + spaces] === ' ') spaces++
    indent = spaces + Number(explicit[0])
  } else {
    const first = lines.find((line) => src.slice(line.start, line.end).trim() !== '')
    if (first) while (src[first.start + indent] === ' ') indent++
  }
  let previousKind: 'none' | 'text' | 'more' = 'none'
  let pendingBreak = -1
  let blanks = 0
  for (const line of lines) {
    const content = line.end - line.start > indent ? line.start + indent : line.end
    const blank = src.slice(line.start, line.end).trim() === ''
    if (blank) {
      blanks++
      pendingBreak = pendingBreak === -1 ? line.start - 1 : pendingBreak
      continue
    }
    const more = src[content] === ' ' || src[content] === '\t'
    if (previousKind !== 'none') {
      const at = pendingBreak === -1 ? line.start - 1 : pendingBreak
      if (folded && previousKind === 'text' && !more) push(out, blanks === 0 ? ' ' : '\n'.repeat(blanks), at)
      else push(out, '\n'.repeat(blanks + 1), at)
    } else if (blanks > 0) push(out, '\n'.repeat(blanks), line.start - 1)
    for (let k = content; k < line.end; k++) {
      out.chars.push(src[k]!)
      out.offsets.push(k)
    }
    previousKind = more ? 'more' : 'text'
    pendingBreak = -1
    blanks = 0
  }
  return out
}

/**
 * Offsets in `src` of each character of `value` (plus one past the end), or undefined when the scalar's source
 * does not decode to `value` (then the caller falls back to the start of the scalar).
 */
export function scalarOffsets(
  src: string,
  start: number,
  end: number,
  style: ScalarStyle | undefined,
  value: string,
): number[] | undefined {
  let out: Output
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    out = mapBlock(src, start, end, style === 'BLOCK_FOLDED')
  } else if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') {
    const close = src[end - 1] === src[start] ? end - 1 : end
    out = mapFlow(src, start + 1, close, style)
  } else {
    out = mapFlow(src, start, end, 'PLAIN')
    while (out.chars.length > 0 && /[ \t]/.test(out.chars[out.chars.length - 1]!)) {
      out.chars.pop()
      out.offsets.pop()
    }
  }
  const decoded = out.chars.join('')
  // block scalars may carry chomped trailing line breaks the mapping does not produce
  if (!value.startsWith(decoded) || value.slice(decoded.length).replace(/\n/g, '') !== '') return undefined
  const offsets = out.offsets.slice()
  const last = offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : start
  while (offsets.length < value.length) offsets.push(last)
  offsets.push(last)
  return offsets
}
