// readySince: the one rule for how long an agent has been ready when states are set per media.
import { readySince, stateChangedAt } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

describe('readySince', () => {
  it.each([
    ['agent-wide ready', 'ready', {}, {}, ['voice'], 100],
    [
      'voice-only ready, logged out agent-wide',
      'logged-out',
      { voice: 'ready' },
      { voice: 300 },
      ['voice'],
      300,
    ],
    [
      'ready on two media: the earlier',
      'logged-out',
      { voice: 'ready', chat: 'ready' },
      { voice: 500, chat: 300 },
      ['voice', 'chat'],
      300,
    ],
    [
      'agent-wide ready, her only media not ready',
      'ready',
      { voice: 'not-ready' },
      { voice: 300 },
      ['voice'],
      undefined,
    ],
    [
      'agent-wide ready still covers chat',
      'ready',
      { voice: 'not-ready' },
      { voice: 300 },
      ['voice', 'chat'],
      100,
    ],
    ['capacity unknown: agent-wide counts', 'ready', { voice: 'not-ready' }, { voice: 300 }, undefined, 100],
    [
      'per-media time missing: the agent-wide one',
      'logged-out',
      { voice: 'ready' },
      undefined,
      ['voice'],
      100,
    ],
    ['ready on none', 'not-ready', { chat: 'busy' }, { chat: 300 }, ['voice', 'chat'], undefined],
  ] as const)('%s', (_name, state, media, mediaSince, capacity, expected) => {
    expect(readySince(state, 100, media, mediaSince, capacity)).toBe(expected)
  })

  it('times the current state from the latest change, agent-wide or per media', () => {
    expect(stateChangedAt(100, { voice: 300, chat: 200 })).toBe(300)
    expect(stateChangedAt(100, undefined)).toBe(100)
  })
})
