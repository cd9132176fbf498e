// The commit script checks everything before it writes anything: a commit refused by a late check (a capacity
// rule, a stale confirmation or release, a gap), a re-seed's among them, leaves every key in Redis byte for byte as
// it was, with the same expiry.
import { describe, expect, it } from 'vitest'
import { COMMIT, type CommitOps, commitCall, redisKeys } from '../src/core/redis-scripts.ts'
import { commitOps } from './commit-ops.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()

/** A key's DUMP (hashed in Redis, so no byte is decoded on the way) and its absolute expiry. */
const DIGEST = `
local out = {}
for _, key in ipairs(KEYS) do
  out[#out + 1] = { key, redis.sha1hex(redis.call('DUMP', key)), redis.call('PEXPIRETIME', key) }
end
return out
`

/** Every key under `prefix` with its value's digest and expiry, in key order. */
async function snapshot(prefix: string): Promise<unknown> {
  const { link } = shared
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = (await link.send(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000'])) as [
      string,
      string[],
    ]
    keys.push(...found)
    cursor = next
  } while (cursor !== '0')
  keys.sort()
  return link.send(['EVAL', DIGEST, String(keys.length), ...keys])
}

describe('a refused commit', () => {
  it('writes nothing, also when a re-seed is refused by a check after its first hold', async () => {
    const prefix = 'refused:'
    const keys = redisKeys(prefix)
    const { link } = shared
    const commit = link.script(COMMIT)
    const one = { limits: { voice: 1 } }
    const send = (id: string, ops: Partial<CommitOps>, after?: string) =>
      commit(...commitCall(keys, 1, id, after, commitOps(ops)))
    // everything a commit writes, there before the refused ones: holds and loads, stored interactions, agents,
    // events, closed views with their expiry, the current version and the commit chain
    await link.send(['SET', keys.epoch, '1'])
    const everything: Partial<CommitOps> = {
      holds: [
        ['c', 'x', 'ann', 'voice', one, 'x#1'],
        ['c', 'y', 'bob', 'voice', one, 'y#1'],
      ],
      set: [
        ['x', '{"record":"x"}'],
        ['y', '{"record":"y"}'],
      ],
      agents: [['ann', '[{"state":"ready"}]']],
      events: [['t#1', '{"type":"routed"}', '{"id":"x"}']],
      closed: [['old', '{"state":"completed"}']],
      current: 'v1',
    }
    expect(await send('c1', everything)).toEqual(['ok', expect.any(String)])
    const before = await snapshot(prefix)
    expect((before as unknown[]).length).toBe(11)

    // what each refused commit would write beside its holds, were it applied
    const writes: Partial<CommitOps> = {
      set: [['z', '{"record":"z"}']],
      del: ['x'],
      agents: [['bob', '[{"state":"not-ready"}]']],
      events: [['t#2', '{"type":"finished"}']],
      closed: [['x', '{"state":"completed"}']],
      current: 'v2',
    }
    const refused: Array<[Partial<CommitOps>, string, string?]> = [
      // a re-seed whose last hold is over capacity (z on ann after x there)
      [
        {
          reset: true,
          holds: [
            ['c', 'x', 'ann', 'voice', one, 'x#2'],
            ['c', 'w', 'cat', 'voice', one, 'w#1'],
            ['c', 'z', 'ann', 'voice', one, 'z#1'],
          ],
        },
        'over:ann:z',
      ],
      // a re-seed whose confirmation names another reservation than the one it holds
      [
        {
          reset: true,
          holds: [
            ['c', 'x', 'ann', 'voice', one, 'x#2'],
            ['k', 'x', 'x#1'],
          ],
        },
        'stale:x:x#1',
      ],
      // a re-seed whose release names another reservation
      [
        {
          reset: true,
          holds: [
            ['c', 'z', 'cat', 'voice', one, 'z#1'],
            ['r', 'z', 'z#0'],
          ],
        },
        'stale:z:z#0',
      ],
      // a re-seed confirming an interaction it does not hold (Redis's hold of y is not counted)
      [{ reset: true, holds: [['k', 'y', 'y#1']] }, 'stale:y:y#1'],
      // not a re-seed: a stale confirmation after a release and a reservation that passed their checks
      [
        {
          holds: [
            ['r', 'x', 'x#1'],
            ['c', 'z', 'ann', 'voice', one, 'z#1'],
            ['k', 'y', 'y#7'],
          ],
        },
        'stale:y:y#7',
      ],
      // sent behind a commit Redis did not apply
      [{ reset: true, holds: [['c', 'z', 'cat', 'voice', one, 'z#1']] }, 'gap', 'never-applied'],
    ]
    let n = 1
    for (const [ops, answer, after] of refused) {
      expect(await send(`c${++n}`, { ...writes, ...ops }, after)).toBe(answer)
      expect(await snapshot(prefix)).toEqual(before)
    }

    // the same re-seed without its refused hold is applied whole: x on ann, w on cat; y and bob's load are gone
    expect(
      await send('c9', {
        reset: true,
        holds: [
          ['c', 'x', 'ann', 'voice', one, 'x#2'],
          ['c', 'w', 'cat', 'voice', one, 'w#1'],
        ],
      }),
    ).toEqual(['ok'])
    expect(((await link.send(['HKEYS', keys.holds])) as string[]).sort()).toEqual(['w', 'x'])
    expect(await link.send(['EXISTS', `${keys.loadPrefix}bob`])).toBe(0)
    expect(await link.send(['HGETALL', `${keys.loadPrefix}ann`])).toEqual(['voice', '1'])
    expect(await link.send(['HGETALL', `${keys.loadPrefix}cat`])).toEqual(['voice', '1'])
  })
})
