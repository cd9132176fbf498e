import { describe, expect, it } from 'vitest'
import { saveShortcutOf } from './useSaveShortcut.ts'

const make = (overrides: Partial<Parameters<typeof saveShortcutOf>[0]>) =>
  saveShortcutOf({ key: 's', code: 'KeyS', ctrlKey: false, metaKey: false, altKey: false, ...overrides })

describe('the save shortcuts', () => {
  it.each([
    [{ ctrlKey: true }, 'save'],
    [{ metaKey: true }, 'save'],
    [{ ctrlKey: true, altKey: true }, 'all'],
    // Cmd+Option+S on a Mac types "ß"
    [{ metaKey: true, altKey: true, key: 'ß' }, 'all'],
    // AltGr+S (Ctrl+Alt on Windows) types "ś" on a Polish layout: typing, not Save all
    [{ ctrlKey: true, altKey: true, key: 'ś' }, undefined],
    [{}, undefined],
    [{ altKey: true }, undefined],
  ] as const)('%o is %s', (overrides, expected) => {
    expect(make(overrides)).toBe(expected)
  })
})
