import { alignedCells, displayWidth } from '@routewright/strategy-dsl/display-width'
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
