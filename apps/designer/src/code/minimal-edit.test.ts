import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEdit, applyEdits, minimalEdit, minimalEdits } from './minimal-edit.ts'

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

describe('minimalEdits', () => {
  it('keeps untouched lines between two changes out of the edits', () => {
    expect(minimalEdits('a\nb\nc\n', 'A\nb\nC\n')).toEqual([
      { start: 0, end: 1, text: 'A' },
      { start: 4, end: 5, text: 'C' },
    ])
  })

  it('describes inserted lines as insertions', () => {
    expect(minimalEdits('a\nc\n', 'a\nb\nc\n')).toEqual([{ start: 2, end: 2, text: 'b\n' }])
  })

  it('returns nothing for equal texts', () => {
    expect(minimalEdits('x\n', 'x\n')).toEqual([])
  })

  it('round-trips any pair of multi-line texts', () => {
    const line = fc.constantFrom('a\n', 'b\n', 'c: 1\n', '\n', '  d\n', 'e')
    const text = fc.array(line, { maxLength: 12 }).map((l) => l.join(''))
    fc.assert(
      fc.property(text, text, (a, b) => {
        const edits = minimalEdits(a, b)
        for (let k = 1; k < edits.length; k++)
          expect(edits[k]!.start).toBeGreaterThanOrEqual(edits[k - 1]!.end)
        expect(applyEdits(a, edits)).toBe(b)
      }),
      { numRuns: 500 },
    )
  })
})
