// pure: nesting depth measured before parsing, with a small YAML tokenizer, so that no quoting trick hides
// brackets from the scan and deep documents never reach the parser's recursion.
import type { Diagnostic } from '../diagnostics.ts'
import { diag, MAX_DEPTH, rangeAt } from './limits.ts'

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'

/**
 * Depth in one linear pass: block indentation levels, `- `/`? `/`: ` indicators at the start of a line, and open
 * flow brackets. Quoted scalars are skipped only where YAML starts one: at the start of a token (after a space,
 * a line start or a flow indicator `[ { ,`, or after `:` following a quoted JSON key). A quote inside a plain
 * scalar (`a-'b`, `it's`) is literal text, so the brackets after it still count. Block scalars (`|`, `>`) are
 * skipped by indentation. The scan may overcount (it is a bound), never undercount.
 */
export function checkDepth(text: string): Diagnostic | undefined {
  const indents: number[] = []
  let flow = 0
  let lineStart = true
  let indent = 0
  let dashes = 0
  /** Inside a plain scalar: quotes are literal until a token boundary. */
  let plain = false
  /** Indentation of the line that opened a block scalar: deeper (or blank) lines are its content. */
  let blockScalarParent = -1
  let previous = '\n'
  /** Indentation of the current line's first character, dashes included: a block scalar's parent. */
  let lineIndent = -1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '\n') {
      lineStart = true
      indent = 0
      dashes = 0
      lineIndent = -1
      previous = '\n'
      if (flow === 0) plain = false
      continue
    }
    if (lineStart) {
      if (ch === ' ' || ch === '\t') {
        indent++
        continue
      }
      if (lineIndent < 0) lineIndent = indent
      if (blockScalarParent >= 0) {
        if (indent > blockScalarParent || ch === '\r') {
          i = skipLine(text, i)
          continue
        }
        blockScalarParent = -1
      }
      if (ch === '\r') continue
      if ((ch === '-' || ch === '?' || ch === ':') && isSpace(text[i + 1] ?? ' ') && flow === 0) {
        dashes++
        indent++
        previous = ' '
        continue
      }
      lineStart = false
      if (ch !== '#' && flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop()
        indents.push(indent)
      }
      if (indents.length + dashes > MAX_DEPTH) return tooDeep(text, i)
    }
    const tokenStart = isSpace(previous) || previous === '[' || previous === '{' || previous === ','
    if (ch === '#' && isSpace(previous)) {
      i = skipLine(text, i)
      continue
    }
    if (
      (ch === '"' || ch === "'") &&
      !plain &&
      (tokenStart || (previous === ':' && flow > 0 && afterQuote(text, i - 1)))
    ) {
      const end = skipQuoted(text, i, ch)
      i = end
      previous = ch
      continue
    }
    if (
      (ch === '|' || ch === '>') &&
      !plain &&
      tokenStart &&
      /^[|>][0-9+-]*[ \t]*(#.*)?\r?$/.test(lineRest(text, i))
    ) {
      blockScalarParent = lineIndent
      i = skipLine(text, i)
      continue
    }
    if (ch === '[' || ch === '{') {
      if (!plain || flow > 0) {
        flow++
        plain = false
        if (flow + indents.length + dashes > MAX_DEPTH) return tooDeep(text, i)
      }
    } else if (ch === ']' || ch === '}' || ch === ',') {
      if (flow > 0) {
        if (ch !== ',') flow--
        plain = false
      }
    } else if (ch === ':' && (isSpace(text[i + 1]) || (flow > 0 && (previous === '"' || previous === "'")))) {
      plain = false
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\r') {
      plain = true
    }
    previous = ch
  }
  return undefined
}

/** A quoted scalar that starts at `start`: the offset of its closing quote (or the end of the text). */
export function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]
    if (quote === '"' && ch === '\\') i++
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++
      else return i
    }
  }
  return text.length
}

/** Whether the character at `at` closes a quoted scalar (`{"a":"b"}`: JSON allows a value right after `:`). */
function afterQuote(text: string, at: number): boolean {
  const before = text[at - 1]
  return before === '"' || before === "'"
}

function lineRest(text: string, at: number): string {
  const end = text.indexOf('\n', at)
  return text.slice(at, end === -1 ? text.length : end)
}

function skipLine(text: string, at: number): number {
  const end = text.indexOf('\n', at)
  return end === -1 ? text.length : end - 1
}

function tooDeep(text: string, offset: number): Diagnostic {
  return diag(
    'RW004',
    `The document is nested more than ${MAX_DEPTH} levels deep. Flatten it: strategies need only a few levels.`,
    rangeAt(text, offset),
  )
}
