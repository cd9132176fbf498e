// pure: cel-js's parser complaints ("Unexpected token: EOF", "Expected RPAREN, got EOF") as a routing designer reads them.

/** How a token the parser names reads in an expression. */
const TOKEN_TEXT: Readonly<Record<string, string>> = {
  RPAREN: '")"',
  RBRACKET: '"]"',
  RBRACE: '"}"',
  LPAREN: '"("',
  LBRACKET: '"["',
  LBRACE: '"{"',
  COLON: '":"',
  COMMA: '","',
  DOT: '"."',
  IDENTIFIER: 'a name',
  NUMBER: 'a number',
  STRING: 'a string',
}

const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' }

/** CEL's spelling of the words people type from SQL or English. */
const WORD_OPERATORS: Readonly<Record<string, string>> = { and: '&&', or: '||', not: '!' }

export interface SyntaxMessage {
  message: string
  /** Where to point instead of the parser's range (an opening bracket left unclosed). */
  range?: { start: number; end: number }
}

/** The first bracket in `source` never closed (string literals skipped), with its offset. */
function unclosedBracket(source: string): { at: number; bracket: string } | undefined {
  const open: { at: number; bracket: string }[] = []
  let quote: string | undefined
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string
    if (quote) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'") quote = ch
    else if (CLOSER[ch]) open.push({ at: i, bracket: ch })
    else if (ch === ')' || ch === ']' || ch === '}') open.pop()
  }
  return open[0]
}

/** Longest token named in "ends after ..."; a longer one is not quoted back. */
const MAX_TOKEN = 24

/** The last word or operator written, for "ends after ..." (`&&` in `tier == "gold" &&`). */
function lastToken(source: string): string | undefined {
  // the end only: this regex backtracks over a run of punctuation at every start, quadratic on the whole source
  const tail = source.trimEnd().slice(-(MAX_TOKEN + 16))
  const token = /([A-Za-z_]\w*|\d+(?:\.\d+)?|[^\s\w"']+|"[^"]*"|'[^']*')$/.exec(tail)?.[1]
  return token && token.length <= MAX_TOKEN ? token : undefined
}

/** What the parser found at `range`, as written (`and`, `&&`, `=`). */
function foundText(source: string, range: { start: number; end: number }): string {
  const text = source.slice(range.start, range.end).trim()
  return text === '' ? (source[range.start] ?? '') : text
}

function unexpected(source: string, range: { start: number; end: number }): SyntaxMessage {
  const text = foundText(source, range)
  const word = WORD_OPERATORS[text.toLowerCase()]
  if (word) return { message: `"${text}" is not a CEL operator: write "${word}" (and: &&, or: ||, not: !).` }
  if (text === '=') {
    const before = source.slice(Math.max(0, range.start - 2), range.start)
    if (before === '==' || before.endsWith('!=')) {
      const written = before.endsWith('!=') ? '!==' : '==='
      return {
        message: `"${written}" is not CEL: write "${written.slice(0, 2)}".`,
        range: { start: range.start - 2, end: range.end },
      }
    }
    return {
      message: 'a single "=" is not a comparison: write "==" to compare (an assign node sets variables).',
    }
  }
  if (text === ')' || text === ']' || text === '}') {
    return { message: `this "${text}" closes nothing: remove it, or add the opening bracket it belongs to.` }
  }
  if (source.slice(0, range.start).trim() === '') {
    return { message: `the expression cannot start with "${text}": write what comes before it.` }
  }
  return {
    message: `unexpected "${text}" here: check for a missing operator, comma or bracket just before it.`,
  }
}

/**
 * The RW201 message for a parse error's `summary` (cel-js's words) in `source`; unknown summaries pass through.
 * @example syntaxMessage('Unexpected token: EOF', 'tier == "gold" &&', { start: 17, end: 17 })
 * // the expression ends after "&&": add what follows it.
 */
export function syntaxMessage(
  summary: string,
  source: string,
  range: { start: number; end: number },
): SyntaxMessage {
  if (/^Unterminated (triple-quoted )?string/.test(summary)) {
    const quote = source[range.start] === "'" ? "'" : '"'
    return { message: `this string is never closed: end it with ${quote}.` }
  }
  const expected = /^Expected (\w+), got (\w+)$/.exec(summary)
  if (expected) {
    const [, want = '', got = ''] = expected
    const open = unclosedBracket(source)
    if (got === 'EOF' && open && TOKEN_TEXT[want] === `"${CLOSER[open.bracket]}"`) {
      return {
        message: `this "${open.bracket}" is not closed: add the "${CLOSER[open.bracket]}" that ends it.`,
        range: { start: open.at, end: open.at + 1 },
      }
    }
    const wanted = TOKEN_TEXT[want] ?? want.toLowerCase()
    if (got === 'EOF') {
      const after = lastToken(source)
      return {
        message: `the expression ends${after ? ` after "${after}"` : ''} where ${wanted} is expected: add it.`,
      }
    }
    return { message: `${wanted} is expected before "${foundText(source, range)}".` }
  }
  if (summary === 'Unexpected token: EOF') {
    const after = lastToken(source)
    return {
      message:
        after === undefined
          ? 'the expression is empty: write a condition such as tier == "gold".'
          : `the expression ends after "${after}": add what follows it.`,
    }
  }
  if (/^Unexpected (token|character): /.test(summary)) return unexpected(source, range)
  return { message: `${summary}.` }
}
