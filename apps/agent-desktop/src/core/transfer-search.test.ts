import { describe, expect, it } from 'vitest'
import { movedActive, rankedTargets, searchNote, searchOutcome, takesTransfer } from './transfer-search.ts'

describe('transfer search', () => {
  it('moves the highlight with the arrow keys, wrapping, and leaves other keys to the box', () => {
    expect(movedActive(-1, 3, 'ArrowDown')).toBe(0)
    expect(movedActive(2, 3, 'ArrowDown')).toBe(0)
    expect(movedActive(-1, 3, 'ArrowUp')).toBe(2)
    expect(movedActive(0, 0, 'ArrowDown')).toBe(-1)
    expect(movedActive(0, 3, 'a')).toBeUndefined()
  })

  it('says what happens when nothing matches, and when the list is not all', () => {
    const none = { targets: [], more: false, complete: true }
    expect(searchNote('', none)).toBeUndefined()
    expect(searchNote('zed', none)).toContain('No agent id holds "zed"')
    expect(searchNote('7000', none)).toContain('routing point 7000')
    expect(searchNote('zed', { ...none, complete: false })).toContain('type the whole id')
    // matches a transfer cannot reach filled what was read: more exist, so never "no agent"
    expect(searchNote('ann', { ...none, more: true, skipped: 63 })).toContain('type more of the id')
    expect(searchNote('ann', { ...none, skipped: 2 })).toContain('Only ids a transfer cannot reach')
    const some = { targets: [{ id: 'bob', state: 'ready' }], more: true, complete: true }
    expect(searchNote('b', some)).toBe('More agents match: type more of the id')
    expect(searchNote('b', { ...some, more: false })).toBeUndefined()
  })

  it('tells a screen reader the outcome: how many suggestions, with the note, or none', () => {
    const two = {
      targets: [
        { id: 'amy', state: 'ready' },
        { id: 'bob', state: 'busy' },
      ],
      more: false,
      complete: true,
    }
    expect(searchOutcome('a', two)).toBe('2 suggestions')
    expect(searchOutcome('b', { ...two, targets: [two.targets[1]!] })).toBe('1 suggestion')
    expect(searchOutcome('a', { ...two, more: true })).toBe(
      '2 suggestions. More agents match: type more of the id',
    )
    expect(searchOutcome('zed', { ...two, targets: [] })).toContain('No agent id holds "zed"')
    expect(searchOutcome('', { ...two, targets: [] })).toBe('No suggestions')
  })

  it('ranks the agents who can take a transfer (ready) first, each group in the order answered', () => {
    const answered = [
      { id: 'bob', state: 'not-ready' },
      { id: 'amy', state: 'ready' },
      { id: 'cat', state: 'logged-out' },
      { id: 'dan', state: 'ready' },
    ]
    expect(rankedTargets(answered).map((t) => t.id)).toEqual(['amy', 'dan', 'bob', 'cat'])
    expect(answered.filter(takesTransfer).map((t) => t.id)).toEqual(['amy', 'dan'])
  })
})
