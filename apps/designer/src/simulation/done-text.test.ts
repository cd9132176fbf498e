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
