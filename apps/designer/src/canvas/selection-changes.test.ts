import { describe, expect, it } from 'vitest'
import { selectionAfter } from './selection-changes.ts'

const all = () => true

describe('selection from the canvas select changes', () => {
  it('adds and removes ids in order, keeping the others', () => {
    const next = selectionAfter(
      ['a', 'b'],
      [
        { type: 'select', id: 'a', selected: false },
        { type: 'select', id: 'c', selected: true },
      ],
      all,
    )
    expect(next).toEqual(['b', 'c'])
  })

  it('returns the same selection when no change selects anything', () => {
    const selection = ['a']
    expect(selectionAfter(selection, [{ type: 'remove', id: 'x' }], all)).toBe(selection)
  })

  it('leaves out ids the canvas refuses (view-only nodes)', () => {
    expect(
      selectionAfter([], [{ type: 'select', id: 'group:x', selected: true }], (id) => !id.includes(':')),
    ).toEqual([])
  })

  it('does not repeat an id selected twice', () => {
    expect(selectionAfter(['a'], [{ type: 'select', id: 'a', selected: true }], all)).toEqual(['a'])
  })
})
