// The CLI's one JSON writer: valid JSON, the same value parsed, and nothing in it a terminal or CI log would act on.

import { escapeInvisible } from '@routewright/strategy-dsl/control-characters'

/**
 * Each UTF-16 unit of the code point as \uXXXX (a pair beyond U+FFFF): JSON's only escape, meaning the same character
 * inside a string. escapeInvisible picks the characters (the DSL's one rule: bidi, zero-width and other format
 * characters, DEL and C1, line and paragraph separators); C0 are not among them: JSON.stringify escapes them in
 * strings, and its line feeds between members are JSON's own whitespace (an escape there is no JSON).
 */
function escaped(code: number): string {
  const character = String.fromCodePoint(code)
  let out = ''
  for (let i = 0; i < character.length; i++)
    out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`
  return out
}

/** A JSON text (JSON.stringify's, or a library's) with every hidden character written as its \uXXXX escape. */
export function printableJson(text: string): string {
  return escapeInvisible(text, escaped)
}

/** `value` as indented JSON and a line feed, safe to print: what every `--format json` writes to stdout. */
export function jsonOutput(value: unknown): string {
  return `${printableJson(JSON.stringify(value, null, 2))}\n`
}
