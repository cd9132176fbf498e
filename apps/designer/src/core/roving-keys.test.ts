import { describe, expect, it } from 'vitest'
import { rovingIndex } from './roving-keys.ts'

describe('rovingIndex', () => {
  it.each([
    ['ArrowDown', 1, 'vertical', 2],
    ['ArrowDown', 3, 'vertical', 0],
    ['ArrowUp', 0, 'vertical', 3],
    ['ArrowRight', 3, 'horizontal', 0],
    ['ArrowLeft', 1, 'horizontal', 0],
    ['Home', 2, 'horizontal', 0],
    ['End', 0, 'vertical', 3],
    ['ArrowDown', -1, 'vertical', 0],
    ['ArrowUp', -1, 'vertical', 3],
  ] as const)(
    '%s from item %i of 4 (%s) goes to %i, wrapping at the ends',
    (key, index, orientation, next) => {
      expect(rovingIndex(key, index, 4, orientation)).toBe(next)
    },
  )

  it.each([
    ['ArrowRight', 'vertical'],
    ['ArrowDown', 'horizontal'],
    ['Tab', 'vertical'],
    ['Enter', 'horizontal'],
  ] as const)('leaves %s to others in a %s group', (key, orientation) => {
    expect(rovingIndex(key, 1, 4, orientation)).toBeUndefined()
  })

  it('moves nowhere in an empty group', () => {
    expect(rovingIndex('Home', 0, 0, 'vertical')).toBeUndefined()
  })
})
