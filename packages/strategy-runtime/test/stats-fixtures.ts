// Shared inputs for the statistics tests: a small directory, a hand-driven clock, and the window tests' reads and
// takeover.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import {
  createMemoryStatProvider,
  type MemoryStatProvider,
  type StatEvent,
  type StatSubject,
} from '@routewright/strategy-runtime'
import type { Clock, TimerHandle } from '../src/time/clock.ts'

/** 2026-11-25T10:00:00Z: a Wednesday morning, far from midnight in UTC and in Paris. */
export const T0 = Date.UTC(2026, 10, 25, 10, 0, 0)

export const directory: DirectoryDocument = {
  directory: 'stats-test',
  format: 1,
  groups: { sales: {}, support: {}, vip: {} },
  queues: { front: { groups: ['sales', 'support'] } },
  agents: {
    a1: { groups: ['sales'], capacity: { voice: 1 } },
    a2: { groups: ['sales', 'vip'], capacity: { voice: 1 } },
    a3: { groups: ['support'], capacity: { voice: 1, chat: 2 } },
  },
}

/**
 * `directory` plus a4, whose media come from a named rule alone (no `capacity` of her own): one call, or up to
 * three chats. Her own group `blended` keeps the other tests' group counts as they were.
 */
export const blendedDirectory: DirectoryDocument = {
  ...directory,
  groups: { ...directory.groups, blended: {} },
  capacityRules: { 'voice-or-chats': { combinations: [{ voice: 1 }, { chat: 3 }] } },
  agents: { ...directory.agents, a4: { groups: ['blended'], capacityRule: 'voice-or-chats' } },
}

/** A clock the test moves by hand; timers are not needed by the providers. */
export interface ManualClock extends Clock {
  advance(ms: number): void
  set(at: number): void
}

export function manualClock(start = T0): ManualClock {
  let now = start
  return {
    now: () => now,
    setTimeout: (): TimerHandle => ({ id: 0 }),
    clearTimeout: () => {},
    advance(ms) {
      now += ms
    },
    set(at) {
      now = at
    },
  }
}

/** The windowed statistics a strategy may read of a queue or group, and of agents (or any subject). */
export const QUEUE_WINDOW_STATS = [
  'ServiceLevel(20s)',
  'AverageSpeedOfAnswer',
  'AbandonRate',
  'InteractionsHandled',
  'Entered',
  'OverflowOut',
]
export const AGENT_WINDOW_STATS = ['InteractionsHandled', 'AverageHandleTime', 'Occupancy']
export const READ_WINDOWS = ['15m', '60m', 'since-midnight', '1440m']

/** Each subject's statistics read in each window, keyed `kind:id statistic window` (reading one keeps its series). */
export function windowReads(
  stats: MemoryStatProvider,
  subjects: ReadonlyArray<readonly [StatSubject, readonly string[]]>,
  windows: readonly string[] = READ_WINDOWS,
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [subject, statistics] of subjects)
    for (const statistic of statistics)
      for (const window of windows)
        out[`${subject.kind}:${subject.id} ${statistic} ${window}`] = stats.read({
          subject,
          statistic,
          window: window as 'current',
        }).value
  return out
}

/**
 * A new provider at `at` as a process taking over makes one: the agents' last states in `events` replayed (as the
 * server does), then `snapshot` restored.
 */
export function takeOver(snapshot: unknown, events: readonly StatEvent[], at: number) {
  const clock = manualClock(at)
  const stats = createMemoryStatProvider({ clock, directory })
  const last = new Map<string, StatEvent>()
  for (const e of events) if (e.type === 'agent-state') last.set(e.agent, e)
  for (const e of last.values()) stats.record(e)
  stats.restoreWindows(snapshot)
  return { clock, stats }
}
