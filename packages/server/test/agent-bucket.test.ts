// The wallboard counts an agent in the state the history report counts it in (history docs/figures.md "State times
// per media"), by Genesys Stat Server's status priority: busy on any media first, then ringing (reserved) on any,
// then ready on any. Each case runs through both: serve's `agentBucket` and a report of the same state rows.
import { buildReport, openStore, type ReportRow } from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import { agentBucket } from '@routewright/server'
import { describe, expect, it } from 'vitest'

const START = Date.UTC(2026, 2, 2, 9)
const HOUR_S = 3600

/** The wallboard column of each report state time. */
const BUCKET_OF_TIME = [
  ['readyTime', 'ready'],
  ['busyTime', 'busy'],
  ['reservedTime', 'reserved'],
  ['notReadyTime', 'notReady'],
  ['wrapUpTime', 'afterCallWork'],
] as const satisfies ReadonlyArray<readonly [keyof ReportRow, string]>

/** Where the report counts an agent holding `state` agent-wide and `media` per media for the whole hour. */
async function reportBucket(state: string, media: Record<string, string>): Promise<string> {
  const store = await openStore('sqlite::memory:')
  try {
    const row = agentStateRows({ start: START })
    await store.write([
      row('ann', 0, state),
      ...Object.entries(media).map(([name, s]) => row('ann', 0, s, { media: name })),
    ])
    const report = await buildReport(store, {
      clock: { now: () => START + 2 * HOUR_S * 1000 },
      from: START,
      to: START + HOUR_S * 1000,
      interval: '1h',
      by: 'agent',
    })
    const ann = report.totals.find((r) => r.key === 'ann')
    if (!ann || ann.loggedInTime === null) return 'loggedOut'
    const full = BUCKET_OF_TIME.filter(([time]) => ann[time] === HOUR_S).map(([, bucket]) => bucket)
    expect(full, 'the report counts the whole hour in one state').toHaveLength(1)
    return full[0] ?? ''
  } finally {
    await store.close()
  }
}

const idle = { load: {} }

describe('agentBucket over several media, as the report counts the same moment', () => {
  it.each([
    ['busy for voice, ready for chat', 'logged-out', { voice: 'busy', chat: 'ready' }, 'busy'],
    ['ready agent-wide, busy for chat', 'ready', { chat: 'busy' }, 'busy'],
    ['ringing for voice, ready for chat', 'logged-out', { voice: 'reserved', chat: 'ready' }, 'reserved'],
    ['ringing agent-wide, ready for chat', 'reserved', { chat: 'ready' }, 'reserved'],
    ['ready agent-wide, ringing for voice', 'ready', { voice: 'reserved' }, 'reserved'],
    ['ringing for voice, busy for chat', 'logged-out', { voice: 'reserved', chat: 'busy' }, 'busy'],
    [
      'ringing for voice, wrapping up chat',
      'logged-out',
      { voice: 'reserved', chat: 'after-call-work' },
      'reserved',
    ],
    ['ready for voice alone', 'logged-out', { voice: 'ready' }, 'ready'],
    ['ready for chat, not ready for voice', 'not-ready', { chat: 'ready' }, 'ready'],
    ['ready for chat, wrapping up voice', 'logged-out', { voice: 'after-call-work', chat: 'ready' }, 'ready'],
    ['wrapping up voice, not ready for chat', 'not-ready', { voice: 'after-call-work' }, 'afterCallWork'],
    ['not ready on every media it is logged in on', 'logged-out', { voice: 'not-ready' }, 'notReady'],
    ['logged out on every media', 'logged-out', { voice: 'logged-out' }, 'loggedOut'],
  ])('%s', async (_case, state, media, bucket) => {
    expect(agentBucket({ ...idle, state, media })).toBe(bucket)
    expect(await reportBucket(state, media)).toBe(bucket)
  })

  it('counts work in progress as busy, and a router reservation alone not at all (the report cannot see it)', () => {
    expect(agentBucket({ state: 'ready', load: { voice: 1 } })).toBe('busy')
    expect(agentBucket({ state: 'reserved', load: { chat: 1 } })).toBe('busy')
    // a grid row, as GET /v1/agents lists it: the router holds one reservation for her
    const held = { state: 'ready', load: {}, reserved: 1 }
    expect(agentBucket(held)).toBe('ready')
  })
})
