import { describe, expect, it } from 'vitest'
import { describeSave } from './SaveBar.tsx'

const make = (overrides: Partial<Parameters<typeof describeSave>[0]> = {}) =>
  describeSave({
    saving: false,
    dirty: false,
    errorCount: 0,
    file: 'a.strategy.yaml',
    lastSave: undefined,
    ...overrides,
  })

describe('the save status the user reads', () => {
  it.each([
    [{ dirty: true }, ['dirty', 'Unsaved changes']],
    [{ dirty: true, errorCount: 1 }, ['dirty', 'Unsaved changes (1 error)']],
    [{ dirty: true, errorCount: 3 }, ['dirty', 'Unsaved changes (3 errors)']],
    [
      { lastSave: { path: 'a.strategy.yaml', at: 0, errors: 1, warnings: 0 } },
      ['saved-with-errors', 'Saved with 1 error'],
    ],
    [{ saving: true, dirty: true }, ['saving', 'Saving…']],
    [{}, ['clean', 'No changes']],
  ] as const)('%o reads %o', (overrides, expected) => {
    expect(make(overrides as Partial<Parameters<typeof describeSave>[0]>)).toEqual(expected)
  })
})
