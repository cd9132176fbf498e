// The CLI's one JSON writer: valid JSON, the same value parsed, and nothing in it a terminal or CI log would act on.

/**
 * Characters JSON.stringify leaves raw that a terminal hides or acts on: bidi embeddings, overrides, isolates and
 * marks (a hostile id read as another: Trojan Source), zero-width and other format characters (\p{Cf}), DEL and C1
 * controls, and the line and paragraph separators. Not C0: JSON.stringify escapes them in strings, and its line feeds
 * between members are JSON's own whitespace (an escape there is no JSON).
 */
const HIDDEN = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu

/** Each UTF-16 unit as \uXXXX: these can only be inside JSON strings, where the escape means the same character. */
function escaped(character: string): string {
  let out = ''
  for (let i = 0; i < character.length; i++)
    out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`
  return out
}

/** A JSON text (JSON.stringify's, or a library's) with every hidden character written as its \uXXXX escape. */
export function printableJson(text: string): string {
  return text.replace(HIDDEN, escaped)
}

/** `value` as indented JSON and a line feed, safe to print: what every `--format json` writes to stdout. */
export function jsonOutput(value: unknown): string {
  return `${printableJson(JSON.stringify(value, null, 2))}\n`
}
