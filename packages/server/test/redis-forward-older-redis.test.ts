// Forwarded commands on a Redis older than 7 (no BLMPOP) and on one without blocking pops at all: the real
// redis-server with those commands renamed away, so the routing process's fallbacks run for real.

import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { workspaceOf } from './coordinator-contract.ts'
import { type RedisForFile, redisForFile } from './redis-for-file.ts'

/** How many times Redis ran `command` (INFO commandstats). */
async function calls(shared: RedisForFile, command: string): Promise<number> {
  const stats = String(await shared.link.send(['INFO', 'commandstats']))
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0)
}

/** A burst of submits through a process that does not route: each one is forwarded and must be answered. */
async function forwardBurst(shared: RedisForFile, prefix: string): Promise<void> {
  // a lease far longer than the burst: on a loaded host a 1 s lease lapsed and the idle process took routing over mid-burst
  const make = () => createRedisCoordinator({ url: shared.redis.url, prefix, takeoverMs: 20_000 })
  const a = await make()
  const b = await make()
  try {
    expect([a.primary(), b.primary()]).toEqual([true, false])
    await a.deploy(workspaceOf('v1'))
    expect(await b.agentEvent({ agent: 'ann', state: 'ready' })).toEqual({ ok: true, value: undefined })
    const ids = Array.from({ length: 30 }, (_, i) => `${prefix}${i}`)
    const answers = await Promise.all(ids.map((id) => b.submit({ id, strategy: 'support' })))
    expect(answers.map((answer) => answer.ok)).toEqual(ids.map(() => true))
    expect((await a.interaction(ids[0]!))?.agent).toBe('ann')
    expect((await a.waiting()).length).toBe(ids.length - 1)
  } finally {
    await a.stop()
    await b.stop()
  }
}

describe('a Redis without BLMPOP (before 7.0)', () => {
  const shared = redisForFile({ withoutCommands: ['BLMPOP'] })

  it('takes forwarded commands with BLPOP, the rest behind the first with LPOP, and answers each', async () => {
    await forwardBurst(shared, 'noblmpop:')
    expect(await calls(shared, 'blpop')).toBeGreaterThan(0)
    expect(await calls(shared, 'lpop')).toBeGreaterThan(0)
  })
})

describe('a Redis without blocking pops (BLMPOP and BLPOP renamed away)', () => {
  const shared = redisForFile({ withoutCommands: ['BLMPOP', 'BLPOP'] })

  it('polls the forwarded commands with LPOP and answers each', async () => {
    await forwardBurst(shared, 'nopop:')
    expect(await calls(shared, 'lpop')).toBeGreaterThan(0)
  })
})

describe('a Redis whose LPOP refuses what BLPOP left behind (no LPOP COUNT before 6.2)', () => {
  // LPOP renamed away stands for it: the refusal comes after BLPOP took the first command off the list
  const shared = redisForFile({ withoutCommands: ['BLMPOP', 'LPOP'] })

  it('answers the command BLPOP took, and those behind it one BLPOP each', async () => {
    await forwardBurst(shared, 'nolpop:')
    expect(await calls(shared, 'blpop')).toBeGreaterThanOrEqual(30)
  })
})
