// The wallboard counts an agent in the state the history report counts it in (history docs/figures.md "State times
// per media"), by Genesys Stat Server's status priority: busy on any media first, then ringing (reserved) on any,
// then ready on any; handling an interaction (docs/figures.md "Busy") while logged in is busy; over her capacity's
// media only. Each case runs through both: serve's `agentBucket` and a report of the same state rows and handlings.
import { buildReport, type HistoryItem, openStore, type ReportRow } from '@routewright/history'
import { agentStateRows } from '@routewright/history/testing'
import { agentBucket } from '@routewright/server'
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import { agentCapacityOf } from '@routewright/strategy-runtime'
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

/** What the hour holds besides the state rows: an interaction handled the whole hour, a directory of capacities. */
interface Extra {
  /** The media of an interaction ann handles over the whole hour (a handling row; the wallboard's load). */
  handling?: string
  directory?: DirectoryDocument
}

/** Where the report counts an agent holding `state` agent-wide and `media` per media for the whole hour. */
async function reportBucket(
  state: string,
  media: Record<string, string>,
  extra: Extra = {},
): Promise<string> {
  const store = await openStore('sqlite::memory:')
  try {
    const row = agentStateRows({ start: START })
    const handling: HistoryItem[] =
      extra.handling === undefined
        ? []
        : [
            {
              kind: 'handling',
              record: {
                interaction: 'x1',
                router: 'r1',
                agent: 'ann',
                media: extra.handling,
                startedAt: START,
                endedAt: START + HOUR_S * 1000,
                endedBy: 'completed',
                strategy: 'sales',
              },
            },
          ]
    await store.write([
      row('ann', 0, state),
      ...Object.entries(media).map(([name, s]) => row('ann', 0, s, { media: name })),
      ...handling,
    ])
    const report = await buildReport(store, {
      clock: { now: () => START + 2 * HOUR_S * 1000 },
      from: START,
      to: START + HOUR_S * 1000,
      interval: '1h',
      by: 'agent',
      ...(extra.directory ? { directory: extra.directory } : {}),
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

  it('counts a router reservation alone not at all (the report cannot see it)', () => {
    // a grid row, as GET /v1/agents lists it: the router holds one reservation for her
    const held = { state: 'ready', load: {}, reserved: 1 }
    expect(agentBucket(held)).toBe('ready')
  })
})

describe('agentBucket with an interaction in progress, as the report counts its handling (docs/figures.md "Busy")', () => {
  it.each([
    ['handling a chat her host never called busy', 'ready', {}, 'chat', 'busy'],
    ['handling while the host says ringing', 'reserved', {}, 'chat', 'busy'],
    ['handling voice, not ready agent-wide', 'not-ready', {}, 'voice', 'busy'],
    ['handling voice while ready for chat alone', 'logged-out', { chat: 'ready' }, 'voice', 'busy'],
    ['handling while logged out on every media', 'logged-out', {}, 'voice', 'loggedOut'],
  ])('%s', async (_case, state, media, handling, bucket) => {
    expect(agentBucket({ state, media, load: { [handling]: 1 } })).toBe(bucket)
    expect(await reportBucket(state, media, { handling })).toBe(bucket)
  })
})

describe("agentBucket over her capacity's media only, as the report given the directory counts her", () => {
  const directory = {
    agents: { ann: { groups: [], capacity: { voice: 1 } } },
  } as unknown as DirectoryDocument
  const voiceOnly = agentCapacityOf(directory, 'ann').media

  it.each([
    // a state for a media she does not have covers none of hers: her voice follows the agent-wide state
    ['not ready agent-wide, ready for chat she does not have', 'not-ready', { chat: 'ready' }, 'notReady'],
    // the agent-wide state covers no media of hers: voice has its own
    ['ready agent-wide, not ready for voice', 'ready', { voice: 'not-ready' }, 'notReady'],
    ['busy agent-wide, ready for voice', 'busy', { voice: 'ready' }, 'ready'],
    ['ringing for chat she does not have, ready agent-wide', 'ready', { chat: 'reserved' }, 'ready'],
    // logged in for no media of hers is logged out, as the providers' AgentsLoggedIn counts her
    ['logged out agent-wide, ready for chat she does not have', 'logged-out', { chat: 'ready' }, 'loggedOut'],
  ])('%s', async (_case, state, media, bucket) => {
    expect(agentBucket({ ...idle, state, media }, voiceOnly)).toBe(bucket)
    expect(await reportBucket(state, media, { directory })).toBe(bucket)
  })
})

describe('agentBucket over the media of her named capacityRule, as the report given the directory counts her', () => {
  // no capacity of her own: the router derives her media from the rule (one call, or up to three chats)
  const directory = {
    capacityRules: { 'voice-or-chats': { combinations: [{ voice: 1 }, { chat: 3 }] } },
    agents: { ann: { groups: [], capacityRule: 'voice-or-chats' } },
  } as unknown as DirectoryDocument
  const voiceOrChats = agentCapacityOf(directory, 'ann').media

  it.each([
    // chat is hers: the agent-wide ready still covers it (a voice-only agent would be not ready)
    ['ready agent-wide, not ready for voice', 'ready', { voice: 'not-ready' }, 'ready'],
    ['logged out agent-wide, ready for chat', 'logged-out', { chat: 'ready' }, 'ready'],
    [
      'logged out agent-wide, ready for email she does not have',
      'logged-out',
      { email: 'ready' },
      'loggedOut',
    ],
  ])('%s', async (_case, state, media, bucket) => {
    expect(agentBucket({ ...idle, state, media }, voiceOrChats)).toBe(bucket)
    expect(await reportBucket(state, media, { directory })).toBe(bucket)
  })
})
