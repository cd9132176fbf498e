import type { StatChange, StatEvent, StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider, StatReadError } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { directory, manualClock, T0 } from './stats-fixtures.ts'

const group = (id: string): StatSubject => ({ kind: 'group', id })
const queue = (id: string): StatSubject => ({ kind: 'queue', id })
const agent = (id: string): StatSubject => ({ kind: 'agent', id })

function make(options: { timeZone?: string } = {}) {
  const clock = manualClock()
  const stats = createMemoryStatProvider({ clock, directory, ...options })
  const value = (subject: StatSubject, statistic: string, window = 'current') =>
    stats.read({ subject, statistic, window: window as 'current' }).value
  const at = () => clock.now()
  const feed = (event: StatEvent) => stats.record(event)
  // the voice events most tests feed, now on the clock
  const queued = (interaction: string, targets: readonly StatSubject[]) =>
    feed({ type: 'interaction-queued', interaction, targets, media: 'voice', at: at() })
  const routed = (interaction: string, agent: string, targets: readonly StatSubject[] = []) =>
    feed({ type: 'interaction-routed', interaction, agent, targets, media: 'voice', at: at() })
  const completed = (interaction: string, agent: string) =>
    feed({ type: 'interaction-completed', interaction, agent, media: 'voice', at: at() })
  return { clock, stats, value, at, feed, queued, routed, completed }
}

describe('memory provider: agents', () => {
  it('counts logged-in and ready agents per group and per queue through its groups', () => {
    const { value, feed, at } = make()
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    feed({ type: 'agent-state', agent: 'a2', state: 'not-ready', at: at() })
    feed({ type: 'agent-state', agent: 'a3', state: 'ready', at: at() })
    expect(value(group('sales'), 'AgentsLoggedIn')).toBe(2)
    expect(value(group('sales'), 'AgentsReady')).toBe(1)
    expect(value(group('vip'), 'AgentsReady')).toBe(0)
    expect(value(queue('front'), 'AgentsLoggedIn')).toBe(3)
    expect(value(queue('front'), 'AgentsReady')).toBe(2)
    feed({ type: 'agent-state', agent: 'a3', state: 'logged-out', at: at() })
    expect(value(queue('front'), 'AgentsLoggedIn')).toBe(2)
  })

  it('takes a state for one media: not ready for chat only keeps the agent ready for voice', () => {
    const { value, feed, at } = make()
    feed({ type: 'agent-state', agent: 'a3', state: 'ready', at: at() })
    expect(value(group('support'), 'AgentsReady')).toBe(1)
    feed({ type: 'agent-state', agent: 'a3', state: 'not-ready', media: 'chat', at: at() })
    expect(value(group('support'), 'AgentsReady')).toBe(1) // still ready for voice
    feed({ type: 'agent-state', agent: 'a3', state: 'not-ready', media: 'voice', at: at() })
    expect(value(group('support'), 'AgentsReady')).toBe(0) // not ready in every media it has
    expect(value(group('support'), 'ExpectedWaitTime')).toBe(86_400) // nobody staffed
    expect(value(group('support'), 'AgentsLoggedIn')).toBe(1)
    feed({ type: 'agent-state', agent: 'a3', state: 'ready', media: 'chat', at: at() })
    expect(value(group('support'), 'AgentsReady')).toBe(1)
    feed({ type: 'agent-state', agent: 'a3', state: 'not-ready', at: at() }) // agent-wide: clears the media states
    expect(value(group('support'), 'AgentsReady')).toBe(0)
    feed({ type: 'agent-state', agent: 'a3', state: 'ready', at: at() })
    expect(value(group('support'), 'AgentsReady')).toBe(1)
  })

  it('counts an agent logged in on one media only, with no agent-wide state, as logged in (docs/statistics.md)', () => {
    const { value, feed, at } = make()
    feed({ type: 'agent-state', agent: 'a3', state: 'ready', media: 'voice', at: at() })
    expect(value(group('support'), 'AgentsLoggedIn')).toBe(1)
    expect(value(group('support'), 'AgentsReady')).toBe(1)
    expect(value(group('support'), 'ExpectedWaitTime')).toBe(0)
    // not ready for voice, chat never named (logged out, as the agent-wide state): logged in, nobody staffed
    feed({ type: 'agent-state', agent: 'a3', state: 'not-ready', media: 'voice', at: at() })
    expect(value(group('support'), 'AgentsLoggedIn')).toBe(1)
    expect(value(group('support'), 'ExpectedWaitTime')).toBe(86_400)
    feed({ type: 'agent-state', agent: 'a3', state: 'logged-out', media: 'voice', at: at() })
    expect(value(group('support'), 'AgentsLoggedIn')).toBe(0)
  })

  it('measures time in ready and in state from the clock, keeping `since` when the state repeats', () => {
    const { value, feed, at, clock } = make()
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    clock.advance(30_000)
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    clock.advance(15_000)
    expect(value(agent('a1'), 'TimeInReadyState')).toBe(45)
    feed({ type: 'agent-state', agent: 'a1', state: 'busy', at: at() })
    clock.advance(5_000)
    expect(value(agent('a1'), 'TimeInReadyState')).toBe(0)
    expect(value(agent('a1'), 'TimeInState')).toBe(5)
  })

  it('does not count an agent at full capacity as ready, and tracks its load', () => {
    const { value, feed, at, stats, routed, completed } = make()
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    routed('i1', 'a1')
    expect(value(group('sales'), 'AgentsReady')).toBe(0)
    expect(value(agent('a1'), 'CurrentLoad')).toBe(1)
    expect(stats.agentStatus('a1')).toMatchObject({ state: 'ready', load: { voice: 1 } })
    completed('i1', 'a1')
    expect(value(group('sales'), 'AgentsReady')).toBe(1)
  })

  it('knows directory agents as logged out and unknown agents not at all', () => {
    const { stats } = make()
    expect(stats.agentStatus('a2')).toEqual({ state: 'logged-out', since: T0, load: {} })
    expect(stats.agentStatus('ghost')).toBeUndefined()
  })

  it('computes occupancy as handling time over logged-in time', () => {
    const { value, feed, at, clock } = make()
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    clock.advance(60_000)
    feed({ type: 'agent-state', agent: 'a1', state: 'busy', at: at() })
    clock.advance(180_000)
    expect(value(agent('a1'), 'Occupancy')).toBeCloseTo(0.75)
    expect(value(agent('a1'), 'Occupancy', '2m')).toBeCloseTo(1)
    feed({ type: 'agent-state', agent: 'a2', state: 'ready', at: at() })
    clock.advance(240_000)
    // a1: 420 s busy of 480 s; a2: 0 of 240 s
    expect(value(group('sales'), 'Occupancy')).toBeCloseTo(420 / 720)
  })
})

describe('memory provider: interactions', () => {
  it('counts waiting interactions for a queue and its groups, oldest first', () => {
    const { value, feed, at, clock, queued } = make()
    queued('i1', [queue('front')])
    clock.advance(10_000)
    queued('i2', [group('sales')])
    clock.advance(5_000)
    expect(value(queue('front'), 'InteractionsWaiting')).toBe(1)
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(2)
    expect(value(group('support'), 'InteractionsWaiting')).toBe(1)
    expect(value(group('sales'), 'OldestWaiting')).toBe(15)
    feed({ type: 'interaction-left-queue', interaction: 'i1', targets: [queue('front')], at: at() })
    expect(value(group('sales'), 'OldestWaiting')).toBe(5)
    expect(value(group('support'), 'InteractionsWaiting')).toBe(0)
  })

  it('reuses a finished interaction only once no waiting list holds it: the oldest wait stays right', () => {
    const { value, feed, at, clock, queued, routed, completed } = make()
    const sales = [group('sales')]
    const since = new Map<string, number>()
    const arrive = (id: string) => {
      since.set(id, at())
      queued(id, sales)
      clock.advance(1_000)
    }
    for (let i = 0; i < 20; i++) arrive(`i${i}`)
    // every other one is served from the middle of the line, and done: its dead mark stays inside the list
    for (let i = 1; i < 20; i += 2) {
      const id = `i${i}`
      since.delete(id)
      feed({ type: 'interaction-left-queue', interaction: id, targets: sales, at: at() })
      routed(id, 'a1', sales)
      completed(id, 'a1')
    }
    for (let i = 20; i < 30; i++) arrive(`i${i}`)
    // the caller who waits longest hangs up, one by one: the next one is then the oldest
    while (since.size > 0) {
      const [oldest, from] = [...since].reduce((a, b) => (b[1] < a[1] ? b : a))
      expect(value(group('sales'), 'InteractionsWaiting')).toBe(since.size)
      expect(value(group('sales'), 'OldestWaiting')).toBe((at() - from) / 1000)
      feed({ type: 'interaction-abandoned', interaction: oldest, targets: sales, at: at() })
      since.delete(oldest)
    }
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(0)
  })

  it('keeps a wait that moves between targets as one wait (escalation)', () => {
    const { value, feed, at, clock, queued, routed } = make()
    queued('i1', [group('vip')])
    clock.advance(20_000)
    queued('i1', [group('sales')])
    feed({ type: 'interaction-left-queue', interaction: 'i1', targets: [group('vip')], at: at() })
    clock.advance(10_000)
    routed('i1', 'a1', [group('sales')])
    expect(value(group('sales'), 'AverageSpeedOfAnswer')).toBe(30)
  })

  it('finds an interaction fed under a ref when it comes back under another ref, or without one', () => {
    const { value, feed, at, clock, routed } = make()
    const sales = [group('sales')]
    feed({ type: 'interaction-queued', interaction: 'i1', targets: sales, media: 'voice', at: at(), ref: 0 })
    clock.advance(20_000)
    // it left every queue (a timeout): its router gave ref 0 back; submitted again, it is named by ref 3
    feed({ type: 'interaction-left-queue', interaction: 'i1', targets: sales, at: at(), ref: 0 })
    feed({
      type: 'interaction-queued',
      interaction: 'i9',
      targets: [group('vip')],
      media: 'voice',
      at: at(),
      ref: 1,
    })
    // parked after it (left its queue): i1 is then found by id
    feed({ type: 'interaction-left-queue', interaction: 'i9', targets: [group('vip')], at: at(), ref: 1 })
    feed({ type: 'interaction-queued', interaction: 'i1', targets: sales, media: 'voice', at: at(), ref: 3 })
    clock.advance(10_000)
    expect(value(group('sales'), 'OldestWaiting')).toBe(30) // its first queueing, not a second record's
    feed({ type: 'interaction-queued', interaction: 'i2', targets: sales, media: 'voice', at: at(), ref: 0 })
    // a host's own event without a ref names i2, held by ref 0 only
    feed({ type: 'interaction-abandoned', interaction: 'i2', targets: [], at: at() })
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(1)
    expect(value(group('sales'), 'AbandonRate', '60m')).toBe(1)
    routed('i1', 'a1', sales)
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(0)
    expect(value(group('sales'), 'AverageSpeedOfAnswer', '60m')).toBe(30)
  })

  it("follows the router's feed: a reservation leaves the queue, the confirmation answers the wait", () => {
    const { value, feed, at, clock, queued, routed } = make()
    const sales = [group('sales')]
    queued('i1', sales)
    clock.advance(30_000)
    feed({ type: 'interaction-left-queue', interaction: 'i1', targets: sales, at: at() })
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(0)
    clock.advance(2_000)
    routed('i1', 'a1', sales)
    expect(value(group('sales'), 'AverageSpeedOfAnswer')).toBe(32)
    expect(value(group('sales'), 'ServiceLevel(20s)')).toBe(0)
  })

  it('counts a caller who hangs up during the reservation as abandoned where it waited', () => {
    const { value, feed, at, queued } = make()
    queued('i1', [queue('front')])
    feed({ type: 'interaction-left-queue', interaction: 'i1', targets: [queue('front')], at: at() })
    feed({ type: 'interaction-abandoned', interaction: 'i1', targets: [], at: at() })
    expect(value(queue('front'), 'AbandonRate')).toBe(1)
    expect(value(group('support'), 'AbandonRate')).toBe(1)
  })

  it('treats a repeated queued event as the new set of targets (escalation that replaces)', () => {
    const { value, queued } = make()
    queued('i1', [group('vip'), group('sales')])
    queued('i1', [group('sales')])
    expect(value(group('vip'), 'InteractionsWaiting')).toBe(0)
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(1)
  })

  it.each([
    ['ServiceLevel(20s)', 2 / 4],
    ['ServiceLevel(60s)', 3 / 4],
    ['ServiceLevel(5)', 1 / 4],
    ['AbandonRate', 1 / 4],
    ['AverageSpeedOfAnswer', (0 + 20 + 45) / 3],
  ])('%s over answered and abandoned interactions', (statistic, expected) => {
    const { value, feed, at, clock, queued, routed } = make()
    const sales = [group('sales')]
    for (const [id, wait] of [
      ['i1', 0],
      ['i2', 20_000],
      ['i3', 45_000],
    ] as const) {
      queued(id, sales)
      clock.advance(wait)
      routed(id, 'a1', sales)
    }
    queued('i4', sales)
    clock.advance(10_000)
    feed({ type: 'interaction-abandoned', interaction: 'i4', targets: sales, at: at() })
    expect(value(group('sales'), statistic)).toBeCloseTo(expected)
  })

  it('counts handled interactions and handle time per agent, group and queue', () => {
    const { value, clock, queued, routed, completed } = make()
    queued('i1', [queue('front')])
    routed('i1', 'a2', [queue('front')])
    clock.advance(120_000)
    completed('i1', 'a2')
    for (const subject of [agent('a2'), group('sales'), group('vip'), queue('front')]) {
      expect(value(subject, 'InteractionsHandled')).toBe(1)
      expect(value(subject, 'AverageHandleTime')).toBe(120)
    }
    expect(value(group('support'), 'InteractionsHandled')).toBe(0)
  })

  it('forgets what happened before a sliding window', () => {
    const { value, clock, routed, completed } = make()
    routed('i1', 'a1')
    completed('i1', 'a1')
    clock.advance(10 * 60_000)
    routed('i2', 'a1')
    completed('i2', 'a1')
    clock.advance(60_000)
    expect(value(agent('a1'), 'InteractionsHandled', '5m')).toBe(1)
    expect(value(agent('a1'), 'InteractionsHandled', '15m')).toBe(2)
    expect(value(agent('a1'), 'InteractionsHandled', 'since-midnight')).toBe(2)
  })

  it('takes the zone the directory calendars share, else UTC, and refuses an unknown zone', () => {
    const clock = manualClock()
    const calendar = (timezone: string) => ({ timezone, hours: { 'mon-fri': '08:00-18:00' } })
    const paris = { ...directory, calendars: { a: calendar('Europe/Paris'), b: calendar('Europe/Paris') } }
    const mixed = { ...directory, calendars: { a: calendar('Europe/Paris'), b: calendar('Asia/Tokyo') } }
    expect(createMemoryStatProvider({ clock, directory: paris }).timeZone).toBe('Europe/Paris')
    expect(createMemoryStatProvider({ clock, directory: mixed }).timeZone).toBe('UTC')
    expect(() => createMemoryStatProvider({ clock, directory, timeZone: 'Mars/Base' })).toThrow(
      /Unknown time zone "Mars\/Base": use an IANA name/,
    )
  })

  it('starts since-midnight at midnight of the configured time zone', () => {
    // 22:30 UTC on the 24th is 23:30 in Paris; 23:30 UTC is already 00:30 on the 25th there
    const { value, feed, clock } = make({ timeZone: 'Europe/Paris' })
    for (const [id, at] of [
      ['i1', Date.UTC(2026, 10, 24, 22, 30)],
      ['i2', Date.UTC(2026, 10, 24, 23, 30)],
    ] as const) {
      clock.set(at)
      feed({ type: 'interaction-routed', interaction: id, agent: 'a1', targets: [], media: 'voice', at })
      feed({ type: 'interaction-completed', interaction: id, agent: 'a1', media: 'voice', at })
    }
    clock.set(T0)
    expect(value(agent('a1'), 'InteractionsHandled', 'since-midnight')).toBe(1)
    expect(value(agent('a1'), 'InteractionsHandled', 'current')).toBe(1)
    expect(value(agent('a1'), 'InteractionsHandled', '1440m')).toBe(2)
  })
})

describe('memory provider: expected wait time', () => {
  it('is 0 while a ready agent is free, then (ahead + 1) x AHT / staffed agents', () => {
    const { value, feed, at, clock, stats, queued, routed, completed } = make()
    const sales = [group('sales')]
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    expect(value(group('sales'), 'ExpectedWaitTime')).toBe(0)
    routed('i1', 'a1', sales)
    feed({ type: 'agent-state', agent: 'a1', state: 'busy', at: at() })
    clock.advance(100_000)
    completed('i1', 'a1')
    queued('i2', sales)
    queued('i3', sales)
    stats.setAgent('a2', 'busy')
    // 2 waiting, 2 staffed, AHT 100 s: (2 + 1) x 100 / 2
    expect(value(group('sales'), 'ExpectedWaitTime')).toBe(150)
  })

  it('uses the default handle time before any completion and the cap when nobody is staffed', () => {
    const { value, stats, queued } = make()
    queued('i1', [group('vip')])
    expect(value(group('vip'), 'ExpectedWaitTime')).toBe(86_400)
    stats.setAgent('a2', 'busy')
    expect(value(group('vip'), 'ExpectedWaitTime')).toBe(2 * 180)
  })
})

describe('memory provider: notifications, overrides, errors', () => {
  it('notifies subscribers synchronously, and a listener may feed the provider again', () => {
    const { stats, feed, at, routed } = make()
    const seen: StatChange[] = []
    stats.subscribe((change) => {
      seen.push(change)
      if (change.kind === 'agent' && change.status.state === 'ready' && seen.length === 1) {
        routed('i1', 'a1')
      }
    })
    feed({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    expect(seen.map((c) => (c.kind === 'agent' ? c.status.load : c))).toEqual([{}, { voice: 1 }])
    expect(stats.agentStatus('a1')?.load).toEqual({ voice: 1 })
  })

  it('leaves the listener of the feeder untold of its events, and tells every other listener', () => {
    const { stats, at } = make()
    const seen: string[] = []
    const mine = (c: StatChange) => seen.push(`mine ${c.kind === 'agent' ? c.status.state : c.kind}`)
    stats.subscribe(mine)
    stats.record({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() }, mine)
    expect(seen).toEqual([])
    expect(stats.agentStatus('a1')?.state).toBe('ready')
    // another listener feeds an event of its own while told of ours: ours is told of that one
    stats.subscribe((c) => {
      seen.push(`other ${c.kind === 'agent' ? c.status.state : c.kind}`)
      if (c.kind === 'agent' && c.status.state === 'busy')
        stats.record({ type: 'agent-state', agent: 'a2', state: 'ready', at: at() })
    })
    stats.record({ type: 'agent-state', agent: 'a1', state: 'busy', at: at() }, mine)
    expect(seen).toEqual(['other busy', 'mine ready', 'other ready'])
    seen.length = 0
    stats.record({ type: 'agent-state', agent: 'a1', state: 'not-ready', at: at() })
    expect(seen).toEqual(['mine not-ready', 'other not-ready'])
  })

  it('stops notifying after unsubscribe', () => {
    const { stats } = make()
    const seen: string[] = []
    const off = stats.subscribe((c) => seen.push(c.kind))
    stats.setAgent('a1', 'ready')
    off()
    stats.setAgent('a1', 'busy')
    expect(seen).toEqual(['agent'])
  })

  it('lets an override win over the computed figure until cleared, and reset forgets everything', () => {
    const { stats, value, clock } = make()
    stats.setAgent('a1', { state: 'ready', since: T0 - 60_000 })
    stats.override('group:sales', 'AgentsReady', 7)
    clock.advance(1000)
    expect(stats.read({ subject: group('sales'), statistic: 'AgentsReady', window: '5m' })).toEqual({
      value: 7,
      asOf: T0,
    })
    expect(value(agent('a1'), 'TimeInReadyState')).toBe(61)
    stats.clearOverride('group:sales')
    expect(value(group('sales'), 'AgentsReady')).toBe(1)
    stats.reset()
    expect(value(group('sales'), 'AgentsReady')).toBe(0)
    expect(stats.agentStatus('a1')?.state).toBe('logged-out')
  })

  it('counts interactions queued after a reset in the subjects it reads (no subject kept from before)', () => {
    const { stats, value, feed, at, queued } = make()
    const targets = Object.freeze([group('sales')])
    feed({ type: 'interaction-queued', interaction: 'i1', targets, media: 'voice', at: at() })
    stats.reset()
    feed({ type: 'interaction-queued', interaction: 'i2', targets, media: 'voice', at: at() })
    queued('i3', [group('sales')])
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(2)
  })

  it('expands a list of targets the caller refills between events by what it holds now', () => {
    const { value, feed, at } = make()
    const targets = [group('sales')]
    feed({ type: 'interaction-queued', interaction: 'i1', targets, media: 'voice', at: at() })
    targets[0] = group('vip')
    feed({ type: 'interaction-queued', interaction: 'i2', targets, media: 'voice', at: at() })
    expect(value(group('sales'), 'InteractionsWaiting')).toBe(1)
    expect(value(group('vip'), 'InteractionsWaiting')).toBe(1)
  })

  it('stamps every computed reading with the clock time', () => {
    const { stats, clock } = make()
    clock.advance(1234)
    expect(stats.read({ subject: group('sales'), statistic: 'AgentsReady', window: 'current' }).asOf).toBe(
      T0 + 1234,
    )
  })

  it.each([
    ['Speed', 'current', /Unknown statistic "Speed"/],
    ['AgentsReady', '0m', /Unknown window "0m"/],
    ['AgentsReady', 'yesterday', /Unknown window "yesterday"/],
  ])('rejects %s over %s with a clear error', (statistic, window, message) => {
    const { stats } = make()
    const read = () => stats.read({ subject: group('sales'), statistic, window: window as 'current' })
    expect(read).toThrow(StatReadError)
    expect(read).toThrow(message)
  })

  it('rejects a bad override subject and a non-finite value', () => {
    const { stats } = make()
    expect(() => stats.override('sales', 'AgentsReady', 1)).toThrow(/kind:id/)
    expect(() => stats.override('group:sales', 'AgentsReady', Number.NaN)).toThrow(/finite/)
  })
})
