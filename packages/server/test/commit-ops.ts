import type { RedisLink } from '../src/core/redis-link.ts'
import { COMMIT, type CommitOps, commitCall, type RedisKeys, redisKeys } from '../src/core/redis-scripts.ts'

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

/**
 * The commit script on `link` under the keys of `prefix`, epoch 1 set: `run` sends a commit that changes nothing but
 * what it is given, each under the next commit id (c1, c2, ...) in order.
 */
export async function commitSequence(
  link: RedisLink,
  prefix: string,
): Promise<{ keys: RedisKeys; run: (ops: Partial<CommitOps>) => Promise<unknown> }> {
  const keys = redisKeys(prefix)
  const commit = link.script(COMMIT)
  let commits = 0
  await link.send(['SET', keys.epoch, '1'])
  return { keys, run: (ops) => commit(...commitCall(keys, 1, `c${++commits}`, undefined, commitOps(ops))) }
}
