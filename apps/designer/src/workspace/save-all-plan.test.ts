import { describe, expect, it } from 'vitest'
import { fadesAway, filesToSave, settleSaveAll, summarizeSaveAll } from './save-all-plan.ts'

describe('which files Save all writes', () => {
  it.each([
    [{ open: 'b.yaml', openDirty: true, drafted: ['c.yaml', 'a.yaml'] }, ['b.yaml', 'a.yaml', 'c.yaml']],
    [{ open: 'b.yaml', openDirty: false, drafted: ['c.yaml', 'a.yaml'] }, ['a.yaml', 'c.yaml']],
    // the open file is never written twice, even if a stale draft mark names it
    [{ open: 'b.yaml', openDirty: true, drafted: ['b.yaml', 'a.yaml', 'a.yaml'] }, ['b.yaml', 'a.yaml']],
    [{ open: undefined, openDirty: true, drafted: [] }, []],
  ] as const)('%o saves %o', (input, expected) => {
    expect(filesToSave(input)).toEqual(expected)
  })
})

describe('the summary of a Save all', () => {
  it('names what was saved, saved with errors and skipped, with why', () => {
    expect(
      summarizeSaveAll([
        { path: 'a.strategy.yaml', status: 'saved', errors: 2 },
        { path: 'b.strategy.yaml', status: 'saved' },
        { path: 'c.strategy.yaml', status: 'conflict' },
        { path: 'd.test.yaml', status: 'failed', message: 'Could not save d.test.yaml: disk full' },
      ]).text,
    ).toMatchInlineSnapshot(
      `"Saved 2 files. Saved with errors: a.strategy.yaml. Not saved: c.strategy.yaml (changed on disk since you edited it: open it to choose); d.test.yaml (Could not save d.test.yaml: disk full)."`,
    )
  })

  it.each([
    [[], 'Nothing to save.'],
    [[{ path: 'a.yaml', status: 'saved' as const }], 'Saved 1 file.'],
    [
      [{ path: 'a.yaml', status: 'conflict' as const }],
      'Saved 0 files. Not saved: a.yaml (changed on disk since you edited it: open it to choose).',
    ],
  ])('%o reads %s', (outcomes, text) => {
    expect(summarizeSaveAll(outcomes).text).toBe(text)
  })
})

describe('a Save all summary once a skipped file is saved or reloaded', () => {
  const summary = summarizeSaveAll([
    { path: 'a.yaml', status: 'saved' },
    { path: 'b.yaml', status: 'conflict' },
    { path: 'c.yaml', status: 'failed', message: 'disk full' },
  ])

  it('drops that file and keeps naming the others', () => {
    expect(settleSaveAll(summary, 'b.yaml')?.text).toBe('Saved 1 file. Not saved: c.yaml (disk full).')
  })

  it('goes away when no skipped file is left', () => {
    expect(settleSaveAll(settleSaveAll(summary, 'b.yaml'), 'c.yaml')).toBeUndefined()
  })

  it('stays as it was for a file it did not skip', () => {
    expect(settleSaveAll(summary, 'a.yaml')).toBe(summary)
    expect(settleSaveAll(summary, 'z.yaml')).toBe(summary)
    expect(settleSaveAll(undefined, 'b.yaml')).toBeUndefined()
  })
})

describe('which Save all summaries fade by themselves', () => {
  it.each([
    [[], true],
    [[{ path: 'a.yaml', status: 'saved' as const }], true],
    [[{ path: 'a.yaml', status: 'saved' as const, errors: 1 }], false],
    [
      [
        { path: 'a.yaml', status: 'saved' as const },
        { path: 'b.yaml', status: 'conflict' as const },
      ],
      false,
    ],
  ])('%o fades: %s', (outcomes, fades) => {
    expect(fadesAway(summarizeSaveAll(outcomes))).toBe(fades)
  })
})
