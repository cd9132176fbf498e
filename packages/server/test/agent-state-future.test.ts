// PUT /v1/agents/{id}/state with an `at` ahead of the server's clock (a switch whose clock runs ahead, a host
// sending seconds for milliseconds the other way round): it counts as now, as the router reads it, so the agent's
// next change is not refused as out of order until that future time comes, on the embedded coordinator and on Redis.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkspace, stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { call, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})
const started = stoppedAfterEachTest()
const processes = startedInEachTest()

async function embedded(): Promise<TestServer> {
  return started.serve()
}

/** A process that does not route: its agent states are forwarded to the routing one. */
async function onRedis(): Promise<TestServer> {
  redis = await startRedisServer()
  const url = redis.url
  const coordinator = () => createRedisCoordinator({ url, prefix: 'state-future:', takeoverMs: 20_000 })
  await started.serve({ coordinator })
  const follower = await started.serve({ coordinator })
  expect(follower.server.coordinator.primary?.()).toBe(false)
  return follower
}

const YEAR_MS = 365 * 24 * 3600 * 1000

describe('PUT /v1/agents/{id}/state with a future at', () => {
  it.each([
    ['embedded', embedded],
    ['Redis (forwarded by a follower)', onRedis],
  ])('%s: counts as now, and the next change is applied, not refused as out of order', async (_, start) => {
    const t = await start()
    expect(await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready', at: Date.now() + YEAR_MS })).toEqual({
      ok: true,
    })
    // the agent goes on a break a second later: before, 409 out-of-order until next year
    expect(await t.request('PUT', '/v1/agents/ann/state', { state: 'not-ready', reason: 'Break' })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect((await t.ok('GET', '/v1/agents')).agents).toContainEqual(
      expect.objectContaining({ id: 'ann', state: 'not-ready', reason: 'Break' }),
    )
    // an older time than the last accepted one is still refused
    expect(
      await t.request('PUT', '/v1/agents/ann/state', { state: 'ready', at: Date.now() - 60_000 }),
    ).toMatchObject({ status: 409, body: { code: 'out-of-order' } })
  })

  it('keeps serving after states dated years ahead, then millennia ahead (before: a fatal V8 error ended it)', async () => {
    processes.workspace = makeWorkspace()
    const p = await startServeProcess(processes.workspace.dir, [])
    processes.processes.push(p)
    const year2033 = 2_000_000_000_000
    for (const body of [
      { state: 'ready', at: year2033 },
      { state: 'not-ready', at: year2033 + 1 },
      // the year 5138: the statistics' windows were filled up to it
      { state: 'busy', at: 99_999_999_999_999 },
      { state: 'ready' },
    ])
      expect(await call(`${p.url}/v1/agents/ann/state`, 'PUT', body)).toEqual({
        status: 200,
        text: '{"ok":true}',
      })
    expect((await call(`${p.url}/healthz`, 'GET')).status).toBe(200)
    expect(p.child.exitCode).toBeNull()
  })
})
