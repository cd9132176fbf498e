// Statistics across a hot reload in a Redis cluster on a real redis-server: the routing process keeps one provider
// for every version, so a reload sent to a follower changes no figure; a directory change moves agents' figures,
// drops removed subjects from the windows kept in Redis, and the process that takes over after kill -9 goes on.
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { handle, probe, send, startOnRedis } from './redis-serve-steps.ts'
import { startedInEachTest } from './started.ts'
import { directory, RETENTION_READS, strategy } from './stats-workspace.ts'

const started = startedInEachTest()

/** The subjects of the windows the routing process wrote to Redis, once `ready` says they are the ones wanted. */
async function storedSubjects(url: string, ready: (subjects: string[]) => boolean): Promise<string[]> {
  const client = createClient({ url })
  await client.connect()
  try {
    return await eventually(async () => {
      // hash fields per subject and time slice (`group:sales@5912345`) beside the header (redis-windows-store.ts)
      const header = await client.hGet('routewright:windows:subjects', '#header')
      if (!header || (JSON.parse(header) as { current?: string }).current === undefined) return undefined
      const fields = await client.hKeys('routewright:windows:subjects')
      const names = fields.filter((field) => field !== '#header')
      const subjects = [...new Set(names.map((field) => field.slice(0, field.lastIndexOf('@'))))].sort()
      return ready(subjects) ? subjects : undefined
    }, 10_000)
  } finally {
    await client.quit()
  }
}

describe('serve --redis: statistics across a hot reload', { timeout: 90_000 }, () => {
  it('reads the same figures after a reload, follows a directory change, and goes on after kill -9', async () => {
    started.redis = await startRedisServer()
    const workspace = makeWorkspace({
      'center.directory.yaml': directory(),
      'support.strategy.yaml': strategy(),
    })
    started.workspace = workspace
    const a = await startOnRedis(started)
    const b = await startOnRedis(started)
    const state = (agent: string, s: string) => send(`${b.url}/v1/agents/${agent}/state`, 'PUT', { state: s })
    await state('dan', 'ready')
    await state('ann', 'ready')
    await handle(b.url, 'c1', 100)
    await handle(b.url, 'c2', 50)
    await state('ann', 'not-ready')
    expect((await send(`${b.url}/v1/interactions`, 'POST', { id: 'c3', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await send(`${b.url}/v1/interactions/c3/abandon`, 'POST')).status).toBe(200)
    await state('bob', 'ready')
    const before = await probe(b.url, 'p1')
    expect(before).toMatchObject({
      'InteractionsHandled of group:support (15m)': 2,
      'AbandonRate of group:support (15m)': 1 / 3,
      'ServiceLevel(20s) of group:support (15m)': 2 / 3,
      'AgentsReady of group:support (current)': 1,
    })
    expect(await storedSubjects(started.redis.url, (s) => s.includes('group:vip'))).toContain('agent:dan')

    // a strategy change reloaded through the follower: the routing process deploys it with the same provider
    workspace.write('support.strategy.yaml', strategy('2m'))
    expect((await send(`${b.url}/v1/reload`, 'POST')).body.applied).toBe(true)
    const second = await probe(a.url, 'p2')
    expect((await send(`${a.url}/v1/interactions/p2`, 'GET')).body.version).not.toBe(
      (await send(`${a.url}/v1/interactions/p1`, 'GET')).body.version,
    )
    expect(second).toEqual(before)

    // a directory change: bob moves to retention, vip and dan are gone from the figures and from Redis
    workspace.write('center.directory.yaml', directory(true))
    workspace.write('support.strategy.yaml', strategy('1m', RETENTION_READS))
    expect((await send(`${a.url}/v1/reload`, 'POST')).body.applied).toBe(true)
    const moved = await probe(b.url, 'p3')
    expect(moved).toMatchObject({
      'InteractionsHandled of group:support (15m)': 2,
      'AgentsReady of group:support (current)': 0,
      'AgentsReady of group:retention (current)': 1,
      'AgentsLoggedIn of group:retention (current)': 1,
    })
    const subjects = await storedSubjects(started.redis.url, (s) => !s.includes('group:vip'))
    expect(subjects).toContain('group:support')
    expect(subjects).toContain('group:retention')
    expect(subjects.filter((s) => s === 'agent:dan' || s === 'group:vip')).toEqual([])

    // the routing process dies: b continues the one provider's windows and the agents' states
    await a.kill('SIGKILL')
    expect(await probe(b.url, 'p4')).toEqual(moved)
  })
})
