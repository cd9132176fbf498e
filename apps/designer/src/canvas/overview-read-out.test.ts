import { describe, expect, it } from 'vitest'
import { countProblems, cursorReadOut, problemsReadOut, severityOf } from './overview-read-out.ts'

describe("the overview's read-out", () => {
  it("reads a node's problem from its view, or a call frame's from the frame's view", () => {
    expect(severityOf({ title: 'a', severity: 'error' })).toBe('error')
    expect(severityOf({ view: { title: 'call', severity: 'warning' } })).toBe('warning')
    expect(severityOf({ title: 'a', severity: undefined })).toBeUndefined()
    expect(severityOf({ members: ['a'], titles: ['a'] })).toBeUndefined()
  })

  it('says the cursor node as it is now: its problem and whether it is selected', () => {
    expect(cursorReadOut({ id: 'n1', data: { title: 'Gold?' } })).toBe(
      'Gold?. Enter selects it, Space zooms to it.',
    )
    expect(cursorReadOut({ id: 'n1', data: { title: 'Gold?', severity: 'error' }, selected: true })).toBe(
      'Gold? (has an error) selected. Enter or Space zooms to it.',
    )
    expect(cursorReadOut({ id: 'n2', data: { title: '', severity: 'warning' } })).toBe(
      'n2 (has a warning). Enter selects it, Space zooms to it.',
    )
  })

  it('counts the nodes with errors and with warnings', () => {
    const counts = countProblems([
      { severity: 'error' },
      { severity: 'warning' },
      { severity: 'error' },
      {},
      { view: { severity: 'error' } },
    ])
    expect(counts).toEqual({ errors: 3, warnings: 1 })
    expect(problemsReadOut(counts)).toBe('3 nodes with errors, 1 node with warnings.')
    expect(problemsReadOut({ errors: 1, warnings: 0 })).toBe('1 node with errors.')
    expect(problemsReadOut({ errors: 0, warnings: 0 })).toBe('')
  })
})
