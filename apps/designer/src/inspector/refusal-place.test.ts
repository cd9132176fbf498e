import { describe, expect, it } from 'vitest'
import { refusalPlace, refusedFieldName } from './refusal-place.ts'

describe('where a refused inspector edit was', () => {
  it('names the case, branch or treatment and its node, not only the field', () => {
    expect(refusalPlace(['nodes', 'choose_site', 'cases', 2, 'label'])).toBe('case 3 of node choose_site')
    expect(refusalPlace(['nodes', 'ab', 'branches', 0, 'label'])).toBe('branch 1 of node ab')
    expect(refusalPlace(['nodes', 'paris', 'treatments', 1, 'music'])).toBe('treatment 2 of node paris')
    expect(refusalPlace(['nodes', 'paris', 'escalate', 0, 'after'])).toBe('escalation step 1 of node paris')
    expect(refusalPlace(['nodes', 'paris', 'title'])).toBe('node paris')
    expect(refusalPlace(['title'])).toBe('the strategy')
    expect(refusalPlace([])).toBe('the strategy')
  })

  it("finds the field of the selected node's form the path points at", () => {
    expect(refusedFieldName(['nodes', 'choose_site', 'cases', 2, 'label'], 'choose_site')).toBe(
      'cases-2-label',
    )
    expect(refusedFieldName(['nodes', 'paris', 'title'], 'paris')).toBe('title')
    expect(refusedFieldName(['nodes', 'paris', 'title'], 'ny')).toBeUndefined()
    expect(refusedFieldName(['nodes', 'paris'], 'paris')).toBeUndefined()
    expect(refusedFieldName(['title'], 'paris')).toBeUndefined()
  })
})
