import { describe, expect, it } from 'vitest'
import { replaceControlCharacters } from '../src/index.ts'

describe('replaceControlCharacters', () => {
  it('replaces C0, DEL and C1 and keeps the allowed codes and other text', () => {
    const text = 'a\u0000b\tc\nd\u007fe\u0085f\u009bg\u00a0h'
    expect(replaceControlCharacters(text, (code) => `<${code}>`)).toBe(
      'a<0>b<9>c<10>d<127>e<133>f<155>g\u00a0h',
    )
    expect(replaceControlCharacters(text, () => '', new Set([9, 10]))).toBe('ab\tc\ndefg\u00a0h')
  })

  it('hands back the text itself when it holds no control character', () => {
    const text = 'caf\u00e9 \u2028 ok'
    expect(replaceControlCharacters(text, () => '?')).toBe(text)
    expect(replaceControlCharacters('\u0085', () => ' ')).toBe(' ')
  })
})
