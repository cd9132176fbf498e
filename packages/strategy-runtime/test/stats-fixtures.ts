// Shared inputs for the statistics tests: a small directory and a hand-driven clock.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
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
