import { describe, expect, it } from 'vitest'
import { problemFieldNames } from './problem-field.ts'

describe('the inspector field a problem names', () => {
  it('is the most precise field first, then the lists holding it', () => {
    expect(problemFieldNames(['nodes', 'pick', 'targets', 0, 'name'], 'pick')).toEqual([
      'targets-0-name',
      'targets-0',
      'targets',
    ])
    expect(problemFieldNames(['nodes', 'pick', 'wait'], 'pick')).toEqual(['wait'])
  })

  it('is none for the node itself, another node or the strategy', () => {
    expect(problemFieldNames(['nodes', 'pick'], 'pick')).toEqual([])
    expect(problemFieldNames(['nodes', 'other', 'wait'], 'pick')).toEqual([])
    expect(problemFieldNames(['start'], 'pick')).toEqual([])
  })
})
