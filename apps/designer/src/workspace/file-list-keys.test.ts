import { describe, expect, it } from 'vitest'
import { fileListKeyAction, menuKeyIndex } from './file-list-keys.ts'

describe('file list keys', () => {
  it.each([
    ['ArrowDown', 1, { kind: 'focus', index: 2 }],
    ['ArrowDown', 4, { kind: 'focus', index: 4 }],
    ['ArrowUp', 1, { kind: 'focus', index: 0 }],
    ['ArrowUp', 0, { kind: 'focus', index: 0 }],
    ['Home', 3, { kind: 'focus', index: 0 }],
    ['End', 0, { kind: 'focus', index: 4 }],
    ['F2', 2, { kind: 'rename' }],
    ['Delete', 2, { kind: 'delete' }],
    ['ContextMenu', 2, { kind: 'menu' }],
    ['a', 2, undefined],
    ['Enter', 2, undefined],
  ])('%s on row %i of 5', (key, index, action) => {
    expect(fileListKeyAction({ key }, index, 5)).toEqual(action)
  })

  it('opens the menu with Shift+F10 only', () => {
    expect(fileListKeyAction({ key: 'F10', shiftKey: true }, 0, 5)).toEqual({ kind: 'menu' })
    expect(fileListKeyAction({ key: 'F10' }, 0, 5)).toBeUndefined()
  })

  it('leaves modified keys to the browser and the shell (Ctrl+Home, Alt+ArrowUp)', () => {
    expect(fileListKeyAction({ key: 'Home', ctrlKey: true }, 3, 5)).toBeUndefined()
    expect(fileListKeyAction({ key: 'ArrowUp', altKey: true }, 3, 5)).toBeUndefined()
  })

  it.each([
    ['ArrowDown', 3, 0],
    ['ArrowUp', 0, 3],
    ['Home', 2, 0],
    ['End', 0, 3],
    ['Tab', 1, undefined],
  ])('menu %s from item %i of 4 goes to %s', (key, index, next) => {
    expect(menuKeyIndex(key, index, 4)).toBe(next)
  })
})
