// The wallboard counts an agent in the state the history report counts it in (history docs/figures.md "State times
// per media"): busy on any media wins over ready on another, as Genesys Stat Server ranks call states first.
import { agentBucket } from '@routewright/server'
import { describe, expect, it } from 'vitest'

const idle = { load: {}, reserved: 0 }

describe('agentBucket over several media', () => {
  it.each([
    ['busy for voice, ready for chat', 'logged-out', { voice: 'busy', chat: 'ready' }, 'busy'],
    ['ready agent-wide, busy for chat', 'ready', { chat: 'busy' }, 'busy'],
    ['ready for voice alone', 'logged-out', { voice: 'ready' }, 'ready'],
    ['ready for chat, not ready for voice', 'not-ready', { chat: 'ready' }, 'ready'],
    ['ready for chat, wrapping up voice', 'logged-out', { voice: 'after-call-work', chat: 'ready' }, 'ready'],
    ['wrapping up voice, not ready for chat', 'not-ready', { voice: 'after-call-work' }, 'afterCallWork'],
    ['not ready on every media it is logged in on', 'logged-out', { voice: 'not-ready' }, 'notReady'],
    ['logged out on every media', 'logged-out', { voice: 'logged-out' }, 'loggedOut'],
  ])('%s', (_case, state, media, bucket) => {
    expect(agentBucket({ ...idle, state, media })).toBe(bucket)
  })

  it('still counts a reservation and work in progress first', () => {
    expect(agentBucket({ state: 'ready', load: {}, reserved: 1 })).toBe('reserved')
    expect(agentBucket({ state: 'ready', load: { voice: 1 }, reserved: 0 })).toBe('busy')
  })
})
