import { describe, expect, it } from 'vitest'
import { doneText } from './done-text.ts'

describe("the simulation's Done line", () => {
  it('says how many calls went through which version, not "Done: edited 424 calls"', () => {
    expect(doneText([{ label: 'edited', offered: 424 }], 'voice')).toBe(
      'Done: 424 calls through the edited version (after warm-up).',
    )
    expect(doneText([{ label: 'this version', offered: 1234 }], 'chat')).toBe(
      'Done: 1,234 chat contacts through this version (after warm-up).',
    )
  })

  it('says where the calls that reached no agent went, per version (author review 7)', () => {
    expect(
      doneText(
        [{ label: 'this version', offered: 504, other: 409, otherBy: { 'route voicemail': 409 } }],
        'voice',
      ),
    ).toBe(
      'Done: 504 calls through this version (after warm-up). 409 of 504 neither reached an agent nor hung up: route voicemail 409.',
    )
    expect(
      doneText(
        [
          { label: 'edited', offered: 424, other: 0, otherBy: {} },
          { label: 'saved', offered: 424, other: 3, otherBy: { 'default-route': 2, 'route voicemail': 1 } },
        ],
        'voice',
      ),
    ).toBe(
      'Done: 424 calls through the edited version, 424 through the saved version (after warm-up). In the saved version, 3 of 424 neither reached an agent nor hung up: default-route 2, route voicemail 1.',
    )
  })

  it('names each version of a comparison, another strategy by its id', () => {
    expect(
      doneText(
        [
          { label: 'edited', offered: 424 },
          { label: 'saved', offered: 431 },
        ],
        'voice',
      ),
    ).toBe('Done: 424 calls through the edited version, 431 through the saved version (after warm-up).')
    expect(
      doneText(
        [
          { label: 'this version', offered: 10 },
          { label: 'vip-routing', offered: 12 },
        ],
        'voice',
      ),
    ).toBe('Done: 10 calls through this version, 12 through strategy vip-routing (after warm-up).')
  })
})
