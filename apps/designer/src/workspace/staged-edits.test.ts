import { describe, expect, it } from 'vitest'
import { linkedNotice, linkedStagedEdits } from './staged-edits.ts'

const make = (path: string, text: string) => ({ path, text, baseVersion: 'v2' })
const undoRename = (path: string) => ({ path, before: 'path: [a, lounge]', after: 'path: [a, desk]' })

describe("an undone rename's tests", () => {
  it('reverts each draft that still holds exactly what the rename wrote, on the version it was read at', () => {
    const { staged, left } = linkedStagedEdits(
      [make('vip.test.yaml', 'path: [a, lounge]')],
      [undoRename('vip.test.yaml')],
    )
    expect(staged).toEqual([{ ...make('vip.test.yaml', 'path: [a, lounge]'), after: 'path: [a, desk]' }])
    expect(left).toEqual([])
  })

  it('leaves a draft edited since the rename, and one it could not read', () => {
    const texts = [
      make('edited.test.yaml', 'path: [a, lounge, b]'),
      make('kept.test.yaml', 'path: [a, lounge]'),
    ]
    const edits = ['edited.test.yaml', 'kept.test.yaml', 'gone.test.yaml'].map(undoRename)
    const { staged, left } = linkedStagedEdits(texts, edits)
    expect(staged.map((e) => e.path)).toEqual(['kept.test.yaml'])
    expect(left).toEqual(['edited.test.yaml', 'gone.test.yaml'])
  })

  it('says what was undone and what was left', () => {
    expect(linkedNotice(true, { staged: ['a.test.yaml'], left: ['b.test.yaml'] })).toBe(
      'Undone in a.test.yaml too (unsaved). b.test.yaml changed since: left as it is.',
    )
    expect(linkedNotice(false, { staged: ['a.test.yaml'], left: [] })).toBe(
      'Redone in a.test.yaml too (unsaved).',
    )
    expect(linkedNotice(true, { staged: [], left: [] })).toBeUndefined()
  })
})
