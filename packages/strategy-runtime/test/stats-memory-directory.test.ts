// The memory provider following a changed directory (a server's hot reload): agents move between groups with their
// state and load, new groups and queues count at once, removed agents, groups and queues drop out; windows stay.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import type { StatSubject } from '@routewright/strategy-runtime'
import { createMemoryStatProvider } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { directory, manualClock } from './stats-fixtures.ts'

const group = (id: string): StatSubject => ({ kind: 'group', id })
const queue = (id: string): StatSubject => ({ kind: 'queue', id })

/** a1 moves from sales to the new group "retention", a2 leaves the directory, a4 joins support; vip is gone. */
const changed: DirectoryDocument = {
  directory: 'stats-test',
  format: 1,
  groups: { sales: {}, support: {}, retention: {} },
  queues: { front: { groups: ['sales', 'support'] }, saves: { groups: ['retention'] } },
  agents: {
    a1: { groups: ['retention'], capacity: { voice: 1 } },
    a3: { groups: ['support'], capacity: { voice: 1, chat: 2 } },
    a4: { groups: ['support'], capacity: { voice: 1 } },
  },
}

function make() {
  const clock = manualClock()
  const stats = createMemoryStatProvider({ clock, directory })
  const value = (subject: StatSubject, statistic: string, window = 'current') =>
    stats.read({ subject, statistic, window: window as 'current' }).value
  return { clock, stats, value, at: () => clock.now() }
}

describe('memory provider: updateDirectory', () => {
  it('moves agents with their state and load; a new group and queue count at once', () => {
    const { stats, value, at } = make()
    stats.record({ type: 'agent-state', agent: 'a1', state: 'ready', at: at() })
    stats.record({ type: 'agent-state', agent: 'a2', state: 'ready', at: at() })
    stats.record({ type: 'agent-state', agent: 'a3', state: 'busy', at: at() })
    stats.record({
      type: 'interaction-routed',
      interaction: 'i1',
      agent: 'a3',
      targets: [],
      media: 'voice',
      at: at(),
    })
    expect(value(group('sales'), 'AgentsReady')).toBe(2)
    expect(value(queue('front'), 'CurrentLoad')).toBe(1)

    stats.updateDirectory(changed)
    expect(value(group('sales'), 'AgentsReady')).toBe(0)
    expect(value(group('sales'), 'AgentsLoggedIn')).toBe(0)
    expect(value(group('retention'), 'AgentsReady')).toBe(1)
    expect(value(queue('saves'), 'AgentsLoggedIn')).toBe(1)
    expect(value(queue('front'), 'AgentsLoggedIn')).toBe(1)
    expect(value(queue('front'), 'CurrentLoad')).toBe(1)
    expect(stats.agentStatus('a4')).toMatchObject({ state: 'logged-out' })
    expect(stats.agentStatus('a2')).toBeUndefined()
    expect(Object.keys(stats.agentStatuses()).sort()).toEqual(['a1', 'a3', 'a4'])

    // the moved agent's completion counts where it is now
    stats.record({ type: 'interaction-completed', interaction: 'i1', agent: 'a3', media: 'voice', at: at() })
    expect(value(group('support'), 'InteractionsHandled', '15m')).toBe(1)
    stats.record({ type: 'agent-state', agent: 'a1', state: 'not-ready', at: at() })
    expect(value(group('retention'), 'AgentsReady')).toBe(0)
    expect(value(group('sales'), 'AgentsLoggedIn')).toBe(0)
  })

  it('keeps windowed figures of subjects that stay, and drops those no directory names any more', () => {
    const { stats, value, at, clock } = make()
    stats.record({ type: 'agent-state', agent: 'a2', state: 'ready', at: at() })
    for (const [id, target] of [
      ['i1', 'vip'],
      ['i2', 'sales'],
    ] as const) {
      stats.record({
        type: 'interaction-queued',
        interaction: id,
        targets: [group(target)],
        media: 'voice',
        at: at(),
      })
      clock.advance(5_000)
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent: 'a2',
        targets: [group(target)],
        media: 'voice',
        at: at(),
      })
      stats.record({ type: 'interaction-completed', interaction: id, agent: 'a2', media: 'voice', at: at() })
    }
    expect(value(group('vip'), 'InteractionsHandled', '15m')).toBe(2)
    expect(value(group('vip'), 'AverageSpeedOfAnswer', '15m')).toBe(5)
    // a version still finishing interactions keeps the old directory's subjects
    stats.updateDirectory(changed, [directory])
    expect(value(group('vip'), 'InteractionsHandled', '15m')).toBe(2)
    expect(Object.keys(stats.exportWindows().subjects)).toContain('group:vip')
    // it drained: vip and a2 are gone; sales keeps its windows
    stats.updateDirectory(changed)
    expect(value(group('vip'), 'InteractionsHandled', '15m')).toBe(0)
    expect(value(group('vip'), 'AverageSpeedOfAnswer', '15m')).toBe(0)
    expect(value(group('sales'), 'InteractionsHandled', '15m')).toBe(2)
    expect(value(group('sales'), 'AverageSpeedOfAnswer', '15m')).toBe(5)
    const subjects = Object.keys(stats.exportWindows().subjects)
    expect(subjects).toContain('group:sales')
    expect(subjects.filter((k) => k === 'group:vip' || k === 'agent:a2')).toEqual([])
  })
})
