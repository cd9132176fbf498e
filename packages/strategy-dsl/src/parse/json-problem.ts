// pure: what JSON.parse said was wrong with a text and where, in the text's own lines and columns, never quoting it.
import { createLineIndex } from './line-index.ts'

/**
 * JSON.parse's complaint about `text` as `Unexpected character at line 2, column 5`: V8's message quotes the text
 * around the error and counts offsets from 0, so only what it says and where are kept, in 1-based lines and columns.
 * Empty when the error says neither.
 *
 * @example jsonProblem('{tier: gold}', error) // "Expected property name or '}' at line 1, column 2"
 */
export function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (\.\.\.)?".*$/s, '')
    .replace(/^Unexpected token .*$/s, 'Unexpected character')
  const offset = jsonErrorOffset(text, error)
  const at = offset === undefined ? undefined : createLineIndex(text)(offset)
  return [reason.trim(), at ? `at line ${at.line}, column ${at.column}` : undefined].filter(Boolean).join(' ')
}

/**
 * Where JSON.parse failed on `text`: the offset its message gives, else (Node 20's V8 says no position for an
 * unexpected token: `Unexpected token 'g', ..."er": gold}" is not valid JSON`) the first offset a JSON scan refuses.
 */
export function jsonErrorOffset(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error)
  const given = /position (\d+)/.exec(message)?.[1]
  return given !== undefined ? Number(given) : firstJsonFault(text)
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/** The offset of the first character that is not JSON (the text's length for one that ends early), without recursion. */
function firstJsonFault(text: string): number | undefined {
  const open: string[] = []
  let state: 'value' | 'key' | 'colon' | 'after' = 'value'
  let justOpened = false
  let at = 0
  for (;;) {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++
    if (at >= text.length) return state === 'after' && open.length === 0 ? undefined : text.length
    const ch = text[at]!
    const top = open[open.length - 1]
    if (state === 'value') {
      if (ch === '{' || ch === '[') {
        open.push(ch)
        at++
        state = ch === '{' ? 'key' : 'value'
        justOpened = true
        continue
      }
      if (ch === ']' && justOpened && top === '[') {
        open.pop()
        at++
        state = 'after'
        justOpened = false
        continue
      }
      justOpened = false
      const end = valueEnd(text, at)
      if (end < 0) return -end - 1
      at = end
      state = 'after'
    } else if (state === 'key') {
      if (ch === '}' && justOpened) {
        open.pop()
        at++
        state = 'after'
        justOpened = false
        continue
      }
      justOpened = false
      if (ch !== '"') return at
      const end = stringEnd(text, at)
      if (end < 0) return -end - 1
      at = end
      state = 'colon'
    } else if (state === 'colon') {
      if (ch !== ':') return at
      at++
      state = 'value'
    } else {
      if (top === undefined) return at
      if (ch === ',') state = top === '{' ? 'key' : 'value'
      else if (ch === (top === '{' ? '}' : ']')) open.pop()
      else return at
      at++
    }
  }
}

/** The offset past a scalar starting at `at`, or -(fault offset + 1). */
function valueEnd(text: string, at: number): number {
  const ch = text[at]!
  if (ch === '"') return stringEnd(text, at)
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, at)) return at + word.length
  NUMBER.lastIndex = at
  return NUMBER.test(text) ? NUMBER.lastIndex : -(at + 1)
}

/** The offset past the string opening at `at`, or -(fault offset + 1). */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 34) return i + 1
    if (code < 0x20) return -(i + 1)
    if (code === 92) {
      const next = text[i + 1]
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1)
        i += 5
      } else if (next !== undefined && ESCAPES.has(next)) i++
      else return -(i + 1)
    }
  }
  return -(text.length + 1)
}
