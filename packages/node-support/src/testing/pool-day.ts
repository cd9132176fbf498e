// The simulated day the queueing-theory tests share (simulate against Erlang, the history store's proof, the
// report command): one group of 10 agents taking one voice call each behind a one-node strategy, offered 160 calls
// an hour of 180 s, that is 8 Erlangs. Spread POOL_DAY into the runtime's SimulationOptions and override what
// differs.
// pure: documents and numbers only
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'

export const POOL_AGENTS = 10

/** Monday 2026-01-05 00:00 UTC: the runtime's default start, named so reports can be cut at it. */
export const POOL_DAY_START = Date.UTC(2026, 0, 5)

export const poolDirectory: DirectoryDocument = {
  directory: 'sim',
  format: 1,
  groups: { pool: {} },
  agents: Object.fromEntries(
    Array.from({ length: POOL_AGENTS }, (_, i) => [
      `p${i + 1}`,
      { groups: ['pool'], capacity: { voice: 1 } },
    ]),
  ),
}

export const poolStrategy = {
  strategy: 'pool',
  format: 1,
  start: 'pick',
  nodes: { pick: { type: 'target', targets: [{ group: 'pool' }] } },
} as StrategyDocument

/** The options of the runtime's `simulate` for that day: 24 measured hours after an hour of warm-up. */
export interface PoolDay {
  strategy: string
  strategies: readonly StrategyDocument[]
  directory: DirectoryDocument
  arrivalsPerHour: number
  ahtSeconds: number
  durationHours: number
  warmupHours: number
  seed: number
  startAt: number
}

export const POOL_DAY: Readonly<PoolDay> = {
  strategy: 'pool',
  strategies: [poolStrategy],
  directory: poolDirectory,
  arrivalsPerHour: 160,
  ahtSeconds: 180,
  durationHours: 25,
  warmupHours: 1,
  seed: 7,
  startAt: POOL_DAY_START,
}
