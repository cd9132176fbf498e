// Every commit's JSON head goes to Redis and is decoded by its script: the limits ride only where the script reads
// them (the stream's cap with events, the closed views' TTL and count with closed views).
import { describe, expect, it } from 'vitest'
import { type CommitOps, commitCall, redisKeys } from '../src/core/redis-scripts.ts'
import { commitOps } from './commit-ops.ts'

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
})
