import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEdit, minimalEdit } from './minimal-edit.ts'

describe('minimalEdit', () => {
  it('returns undefined for equal texts', () => {
    expect(minimalEdit('a: 1\n', 'a: 1\n')).toBeUndefined()
  })

  it('replaces only the changed characters', () => {
    expect(minimalEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n')).toEqual({ start: 8, end: 9, text: '3' })
  })

  it('describes an insertion as an empty range', () => {
    expect(minimalEdit('a\nc\n', 'a\nb\nc\n')).toEqual({ start: 2, end: 2, text: 'b\n' })
  })

  it('describes a deletion as empty replacement text', () => {
    expect(minimalEdit('a\nb\nc\n', 'a\nc\n')).toEqual({ start: 2, end: 4, text: '' })
  })

  it('does not split a surrogate pair', () => {
    const edit = minimalEdit('x😀', 'x😃')
    expect(edit?.start).toBe(1)
    expect(edit?.text).toBe('😃')
  })

  it('round-trips any pair of texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(applyEdit(a, minimalEdit(a, b))).toBe(b)
      }),
    )
  })
})
