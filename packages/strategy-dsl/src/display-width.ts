// pure: how many terminal columns text takes, the one rule every aligned table (CLI, report) pads and cuts by.
import { eastAsianWidth } from 'get-east-asian-width'

/** Marks, format characters (ZWJ, bidi marks), controls and Hangul medial/final jamo: drawn over the character before. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u1160-\u11ff\ud7b0-\ud7ff]$/u

/** A whole emoji (with its skin tone, variation selector or ZWJ parts): terminals draw it two columns wide. */
// biome-ignore lint/complexity/useRegexLiterals: the v flag is newer than the compile target (ES2022), not than Node 20
const EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v')

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** The user-perceived characters of `text` (a base with its marks, a ZWJ emoji, a flag): never cut between. */
export function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment)
}

/** Columns one grapheme takes: 2 for a wide (CJK, fullwidth) base or an emoji, 0 for marks alone, else 1. */
export function characterWidth(grapheme: string): number {
  if (EMOJI.test(grapheme)) return 2
  for (const character of grapheme) {
    const code = character.codePointAt(0) as number
    if (ZERO_WIDTH.test(character)) continue
    // ambiguous (Greek, box drawing) as narrow: what a terminal does outside a CJK locale (UAX #11's advice)
    return eastAsianWidth(code, { ambiguousAsWide: false })
  }
  return 0
}

/**
 * Columns `text` takes on a terminal: East Asian Wide and Fullwidth characters and emoji 2, combining marks and
 * zero-width characters 0, others 1. Text without escapes (cells go through printable first).
 * @example displayWidth('名前') // 4, while '名前'.length is 2
 */
export function displayWidth(text: string): number {
  // ASCII printable: one column each, without segmenting (most cells)
  if (/^[\x20-\x7e]*$/.test(text)) return text.length
  // nothing that joins characters into one (emoji, flags, spacing marks): each code point on its own, 10x faster
  if (!JOINING.test(text)) {
    let width = 0
    for (const character of text)
      width += ZERO_WIDTH.test(character)
        ? 0
        : eastAsianWidth(character.codePointAt(0) as number, { ambiguousAsWide: false })
    return width
  }
  let width = 0
  for (const grapheme of characters(text)) width += characterWidth(grapheme)
  return width
}

/**
 * What only a whole grapheme measures right: emoji and their joiners and selectors, flags, skin tones, spacing and
 * extending marks (a halfwidth voiced mark, Thai and Lao AM, the Malayalam dot reph before its letter), Hangul jamo
 * (leading ones join into one wide syllable).
 */
const JOINING =
  /\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Mc}|\p{Grapheme_Extend}|\p{Emoji_Modifier}|[\u0d4e\u0e33\u0eb3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]|\u200d/u

/** The widest per column of cells' widths (a loop: a report's 200,000 rows would overflow Math.max's arguments). */
function columnsOf(cellWidths: readonly (readonly number[])[]): number[] {
  const widths: number[] = []
  for (const row of cellWidths)
    row.forEach((width, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width)
    })
  return widths
}

/**
 * Every cell padded to its column's width in columns, left-aligned or, where `rightAligned(column)`, right-aligned:
 * what each aligned table joins with its own gap. Each cell is measured once.
 * @example alignedCells([['名前', '1'], ['ann', '10']], (c) => c === 1) // [['名前 ', ' 1'], ['ann ', '10']]
 */
export function alignedCells(
  rows: readonly (readonly string[])[],
  rightAligned: (column: number) => boolean = () => false,
): string[][] {
  const cellWidths = rows.map((row) => row.map(displayWidth))
  const widths = columnsOf(cellWidths)
  return rows.map((row, r) =>
    row.map((cell, i) => {
      const padding = ' '.repeat((widths[i] ?? 0) - (cellWidths[r]?.[i] ?? 0))
      return rightAligned(i) ? padding + cell : cell + padding
    }),
  )
}
