// Every commit's JSON head goes to Redis and is decoded by its script: the limits ride only where the script reads
// them (the stream's cap with events, the closed views' TTL and count with closed views), and an empty part not at all.
import { describe, expect, it } from 'vitest'
import { type CommitOps, commitCall, redisKeys } from '../src/core/redis-scripts.ts'
import { commitOps, commitSequence } from './commit-ops.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()

const head = (ops: Partial<CommitOps>) =>
  JSON.parse(commitCall(redisKeys('head:'), 1, 'c1', undefined, commitOps(ops))[1][2]!) as Record<
    string,
    unknown
  >

describe("the commit script's head", () => {
  it('carries maxEvents only with events, closedTtlMs and maxClosed only with closed views', () => {
    const limits = ['maxEvents', 'closedTtlMs', 'maxClosed']
    const of = (ops: Partial<CommitOps>) => limits.filter((key) => key in head(ops))
    expect(of({ del: ['x'] })).toEqual([])
    expect(of({ events: [['t#1', '{}', undefined]] })).toEqual(['maxEvents'])
    expect(of({ closed: [['x', '{}']] })).toEqual(['closedTtlMs', 'maxClosed'])
    expect(head({ events: [['t#1', '{}', undefined]], closed: [['x', '{}']] })).toMatchObject({
      maxEvents: 100,
      closedTtlMs: 60_000,
      maxClosed: 10,
    })
  })

  it('leaves out the parts a commit does not have, and the script reads them as none', async () => {
    const event: CommitOps['events'][number] = ['t#1', '{"type":"x","interaction":"i1"}', undefined]
    // a confirm's commit before: {"holds":[...],"del":[],"maxEvents":100,"sets":1,"agents":0,"events":1,"closed":0}
    expect(Object.keys(head({ set: [['i1', '{}']], events: [event] }))).toEqual([
      'maxEvents',
      'sets',
      'events',
    ])
    expect(head({})).toEqual({})
    const { keys, run } = await commitSequence(shared.link, 'head-empty:')
    expect(await run({ set: [['i1', '{"record":{}}']] })).toEqual(['ok'])
    expect(await run({ events: [event] })).toMatchObject(['ok', expect.any(String)])
    expect(await run({ del: ['i1'] })).toEqual(['ok'])
    expect(await run({})).toEqual(['ok'])
    expect(await shared.link.send(['HLEN', keys.interactions])).toBe(0)
    expect(await shared.link.send(['XLEN', keys.events])).toBe(1)
  })
})
