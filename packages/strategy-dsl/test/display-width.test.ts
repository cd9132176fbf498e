import {
  alignedCells,
  characters,
  characterWidth,
  displayWidth,
} from '@routewright/strategy-dsl/display-width'
import { describe, expect, it } from 'vitest'

describe('displayWidth', () => {
  it.each([
    ['ASCII', 'queue:sales', 11],
    ['CJK: two columns each', '山田太郎', 8],
    ['Hangul syllables', '한국어', 6],
    ['fullwidth Latin', 'ＡＢ', 4],
    ['halfwidth katakana', 'ｶﾀ', 2],
    ['a combining acute on its base', 'Rene\u0301e', 5],
    ['two combining marks on one base', 'x\u0308\u0323', 1],
    ['a spacing vowel sign on its base (Devanagari)', '\u0915\u093f', 1],
    ['zero-width space and joiner', 'a\u200bb\u200dc', 3],
    ['an emoji outside the BMP', '😀!', 3],
    ['a ZWJ emoji sequence', '👩‍💻', 2],
    ['a flag', '🇯🇵', 2],
    ['a heart with its emoji selector', '❤️', 2],
    ['control pictures (what printable shows)', '␛[2J', 4],
  ])('%s', (_, text, width) => {
    expect(displayWidth(text)).toBe(width)
  })
})

describe('displayWidth without segmenting', () => {
  it.each([
    ['ﾀﾞｸ'],
    ['\u1100\u1100\u1161'],
    ['\u0e01\u0e33'],
    ['a\u{1f3fb}'],
    ['\u0d4e\u0d15'],
    ['\u0915\u094d\u0937\u093f'],
    ['山田\u200e太郎'],
  ])('%s: the same width as whole graphemes give', (text) => {
    const graphemes = characters(text).reduce((width, grapheme) => width + characterWidth(grapheme), 0)
    expect(displayWidth(text)).toBe(graphemes)
  })
})

describe('alignedCells', () => {
  it('pads wide and combining cells to the same columns, left or right', () => {
    const rows = alignedCells(
      [
        ['agent', 'calls'],
        ['山田', '3'],
        ['Rene\u0301e', '12'],
      ],
      (column) => column === 1,
    ).map((cells) => cells.join(' | '))
    expect(rows).toEqual(['agent | calls', '山田  |     3', 'Rene\u0301e |    12'])
    expect(new Set(rows.map(displayWidth))).toEqual(new Set([13]))
  })
})
