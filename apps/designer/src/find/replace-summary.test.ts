import { describe, expect, it } from 'vitest'
import { dslAdapter } from '../core/dsl-adapter.ts'
import type { StagedEdit } from '../workspace/staged-edits.ts'
import { replaceSummary } from './replace-summary.ts'
import { searchTexts } from './text-search.ts'
import { replaceMatches } from './workspace-find.ts'

const texts = [
  { path: 'a.test.yaml', text: 'strategy: a\n# tier tier\ncases: []\n', baseVersion: 'v1' },
  { path: 'b.test.yaml', text: 'strategy: b\n# tier\ncases: []\n', baseVersion: 'v1' },
]

/** Replaces every `tier` with `replacement`; the session calls `b.test.yaml` stale when `bStale`. */
function replaceTier(replacement: string, bStale = false) {
  const found = searchTexts(texts, { query: 'tier', matchCase: true, wholeWord: true, regex: false })
  if (!found.ok) throw new Error(found.problem)
  const staged: StagedEdit[] = []
  const session = {
    stageEdits(edits: readonly StagedEdit[]) {
      staged.push(...edits)
      return bStale ? edits.map((e) => e.path).filter((p) => p === 'b.test.yaml') : []
    },
  }
  return { outcome: replaceMatches(session, dslAdapter, texts, found.matches, replacement, false), staged }
}

describe('what a replacement says it did', () => {
  it('counts the matches replaced in the files it changed', () => {
    const { outcome } = replaceTier('segment')
    expect(replaceSummary(outcome)).toBe(
      'Replaced 3 matches in 2 files: unsaved until you save them (Save all, Ctrl+Alt+S).',
    )
  })

  it('follows the files saved since: saved, or only the ones still unsaved', () => {
    const { outcome } = replaceTier('segment')
    expect(replaceSummary(outcome, () => false)).toBe('Replaced 3 matches in 2 files: saved.')
    expect(replaceSummary(outcome, (path) => path === 'b.test.yaml')).toBe(
      'Replaced 3 matches in 2 files: b.test.yaml unsaved until you save it, the others saved.',
    )
  })

  it('names a file that changed since the search, left alone, and says the list is read again', () => {
    const { outcome } = replaceTier('segment', true)
    expect(outcome).toMatchObject({ replaced: 2, files: ['a.test.yaml'], stale: ['b.test.yaml'] })
    expect(replaceSummary(outcome)).toBe(
      'Replaced 2 matches in 1 file: unsaved until you save it. b.test.yaml changed since the search and was left alone: the list is searched again, replace once it shows it as it is now.',
    )
  })

  it('says nothing was replaced, and why, when the replacement is the text it replaces', () => {
    const { outcome, staged } = replaceTier('tier')
    expect(staged).toEqual([])
    expect(outcome).toMatchObject({ replaced: 0, files: [], unchanged: ['a.test.yaml', 'b.test.yaml'] })
    expect(replaceSummary(outcome)).toBe(
      'Nothing was replaced. In a.test.yaml, b.test.yaml the replacement is the same text as the matches.',
    )
  })

  it('says nothing was replaced when every file changed since the search, never "0 matches in 0 files"', () => {
    const summary = replaceSummary({
      replaced: 0,
      files: [],
      stale: ['a.test.yaml', 'b.test.yaml'],
      unchanged: [],
    })
    expect(summary).toBe(
      'Nothing was replaced. a.test.yaml, b.test.yaml changed since the search and were left alone: the list is searched again, replace once it shows them as they are now.',
    )
  })
})
