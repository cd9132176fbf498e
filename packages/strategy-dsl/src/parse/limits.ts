// pure: bounds that keep hostile input from exhausting time, memory or the stack, checked on raw text first.
import type { Diagnostic, Range } from '../diagnostics.ts'

/** Largest file read, in bytes (UTF-16 code units for strings). A 500-node strategy is about 100 kB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
/** Deepest nesting of mappings and lists; the yaml parser recurses per level. */
export const MAX_DEPTH = 100
/** Aliases expanded when building the value: bounds "billion laughs" documents. */
export const MAX_ALIASES = 100

export function positionAt(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1, offset }
}

export function rangeAt(text: string, offset: number, length = 1): Range {
  const start = positionAt(text, offset)
  const end = positionAt(text, Math.min(text.length, offset + length))
  return { start, end }
}

function diag(code: string, message: string, range?: Range): Diagnostic {
  return range
    ? { code, severity: 'error', message, path: [], range }
    : { code, severity: 'error', message, path: [] }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
}

export function checkSize(size: number): Diagnostic | undefined {
  if (size <= MAX_DOCUMENT_BYTES) return undefined
  return diag(
    'RW003',
    `The file is ${megabytes(size)}, over the ${megabytes(MAX_DOCUMENT_BYTES)} limit. Split it into several strategies joined by subroutine calls.`,
  )
}

/** NUL and other C0 control characters: the file is binary or corrupted, not YAML. */
export function checkControlCharacters(text: string): Diagnostic | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const match = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text)
  if (!match) return undefined
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
  const what = code === '0000' ? 'a NUL byte' : `the control character U+${code}`
  return diag(
    'RW007',
    `The file contains ${what}: it looks binary, not YAML or JSON text. Check that you opened the right file.`,
    rangeAt(text, match.index),
  )
}

/**
 * Estimates nesting depth from the raw text in one linear pass (indentation levels plus open brackets), so
 * documents nested deeply enough to overflow the parser's recursion are refused before parsing.
 */
export function checkDepth(text: string): Diagnostic | undefined {
  const indents: number[] = []
  let flow = 0
  let quote: string | undefined
  let comment = false
  let lineStart = true
  let indent = 0
  let dashes = 0
  // the last non-space character on the line: a quote opens a scalar only at the start of a token
  let previous = '\n'
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '\n') {
      lineStart = true
      indent = 0
      dashes = 0
      comment = false
      previous = '\n'
      if (flow === 0) quote = undefined
      continue
    }
    if (comment) continue
    if (quote) {
      if (ch === '\\' && quote === '"') i++
      else if (ch === quote) quote = undefined
      previous = ch
      continue
    }
    if (lineStart) {
      if (ch === ' ' || ch === '\t') {
        indent++
        continue
      }
      if ((ch === '-' || ch === '?' || ch === ':') && /\s/.test(text[i + 1] ?? ' ')) {
        dashes++
        indent++
        continue
      }
      lineStart = false
      if (ch !== '#' && flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop()
        indents.push(indent)
      }
      if (indents.length + dashes > MAX_DEPTH) return tooDeep(text, i)
    }
    if (ch === '#' && /\s/.test(text[i - 1] ?? ' ')) comment = true
    else if ((ch === '"' || ch === "'") && '\n[{,:-?'.includes(previous)) quote = ch
    else if (ch === '[' || ch === '{') {
      flow++
      if (flow + indents.length + dashes > MAX_DEPTH) return tooDeep(text, i)
    } else if ((ch === ']' || ch === '}') && flow > 0) flow--
    if (ch !== ' ' && ch !== '\t') previous = ch
  }
  return undefined
}

function tooDeep(text: string, offset: number): Diagnostic {
  return diag(
    'RW004',
    `The document is nested more than ${MAX_DEPTH} levels deep. Flatten it: strategies need only a few levels.`,
    rangeAt(text, offset),
  )
}
