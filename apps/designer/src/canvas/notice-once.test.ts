import { describe, expect, it } from 'vitest'
import { remainingShow } from './notice-once.ts'

describe('a notice is shown once', () => {
  it('shows for its time from the first ask, and never again once over (a remounted toast)', () => {
    const notice = { text: 'Connected "hours" open to "treatment".', nonce: 1 }
    expect(remainingShow(notice, 1_000, 4_000)).toBe(4_000)
    // StrictMode's second effect, or a remount while it still shows: the rest of its time
    expect(remainingShow(notice, 2_500, 4_000)).toBe(2_500)
    // YAML -> Canvas minutes later
    expect(remainingShow(notice, 120_000, 4_000)).toBe(0)
    // a new notice with the same words is a new notice
    expect(remainingShow({ ...notice, nonce: 2 }, 120_000, 4_000)).toBe(4_000)
  })
})
