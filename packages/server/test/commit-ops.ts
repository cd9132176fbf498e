import type { CommitOps } from '../src/core/redis-scripts.ts'

/** A commit that changes nothing but `extra`, with small bounds: the commit script's tests build theirs from it. */
export function commitOps(extra: Partial<CommitOps> = {}): CommitOps {
  return {
    holds: [],
    set: [],
    del: [],
    agents: [],
    events: [],
    closed: [],
    maxEvents: 100,
    closedTtlMs: 60_000,
    maxClosed: 10,
    ...extra,
  }
}
