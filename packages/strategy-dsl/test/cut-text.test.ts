import { shortened, shortenedToWidth, wholeCharacterAt } from '@routewright/strategy-dsl/cut-text'
import { describe, expect, it } from 'vitest'

const SMILE = '\u{1f600}'

describe('shortened', () => {
  it.each([
    ['fits', 'abcdef', 6, 'abcdef'],
    ['cut with the mark inside the budget', 'abcdefgh', 6, 'abcde…'],
    ['cut before a pair the budget would split', `abc${SMILE}def`, 5, 'abc…'],
    ['cut after a whole pair', `abc${SMILE}def`, 6, `abc${SMILE}…`],
  ])('%s', (_, text, max, expected) => {
    expect(shortened(text, max)).toBe(expected)
  })

  it('takes a mark of its own, and none', () => {
    expect(shortened(SMILE.repeat(10), 6, '...')).toBe(`${SMILE}...`)
    expect(shortened(SMILE.repeat(10), 5, '')).toBe(SMILE.repeat(2))
  })
})

describe('wholeCharacterAt', () => {
  it('moves a cut inside a surrogate pair back before it, and keeps other cuts', () => {
    const text = `a${SMILE}b`
    expect([0, 1, 2, 3, 4, 9, -1].map((at) => wholeCharacterAt(text, at))).toEqual([0, 1, 1, 3, 4, 4, 0])
  })
})

describe('shortenedToWidth', () => {
  it.each([
    ['fits', '山田太郎', 8, '山田太郎'],
    ['cut before a wide character the budget would split', '山田太郎', 6, '山田…'],
    ['cut after whole wide characters', '山田太郎', 7, '山田太…'],
    ['cut before an emoji, never inside its pair', `abc${SMILE}def`, 5, 'abc…'],
    ['a base keeps its combining mark', 'e\u0301e\u0301e\u0301', 2, 'e\u0301…'],
    ['a ZWJ emoji whole or not at all', 'a👩‍💻b', 3, 'a…'],
  ])('%s', (_, text, columns, expected) => {
    expect(shortenedToWidth(text, columns)).toBe(expected)
  })

  it('counts its mark in the budget', () => {
    expect(shortenedToWidth('名'.repeat(10), 8, '...')).toBe('名名...')
  })
})
