// GET /v1/capabilities with several processes on one Redis: a name the routing process applies (ifReason, ifState,
// replays) is listed only while the routing process takes it too, read from what it published with its lease; a
// routing process that published nothing (an older build) is taken to apply none of them.
import { eventually } from '@routewright/node-support/testing'
import { CAPABILITY_NAMES, createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { ACQUIRE, redisKeys } from '../src/core/redis-scripts.ts'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

const names = async (t: TestServer) => (await t.ok('GET', '/v1/capabilities')).capabilities as string[]

/** Waits until `t` answers `expected` (its last answer's difference the failure). */
async function answers(t: TestServer, expected: readonly string[]): Promise<void> {
  await eventually(async () => {
    expect(await names(t)).toEqual(expected)
    return true
  }, 10_000)
}

describe('the capabilities of a process on Redis', () => {
  it('leaves out what the routing process does not take, and lists it again once routing moves', async () => {
    const reduced = CAPABILITY_NAMES.filter((name) => name !== 'agent-state-if-reason')
    const onRedis = (capabilities?: typeof reduced) => ({
      coordinator: () =>
        createRedisCoordinator({
          url: shared.redis.url,
          prefix: 'caps:',
          takeoverMs: 1000,
          ...(capabilities ? { capabilities } : {}),
        }),
    })
    const older = await started.serve(onRedis(reduced))
    expect(older.server.coordinator.primary?.()).toBe(true)
    const front = await started.serve({ ...onRedis(), workspace: older.workspace.dir })
    const other = await started.serve({ ...onRedis(), workspace: older.workspace.dir })
    expect(front.server.coordinator.primary?.()).toBe(false)
    // the routing process without ifReason: neither process that forwards to it lists it
    expect(await names(front)).toEqual(reduced)
    expect(await names(other)).toEqual(reduced)
    expect(await names(older)).toEqual(reduced)

    // SIGTERM's hand-over: one of the full processes routes, the other forwards to it and lists ifReason again
    await older.stop()
    await answers(front, CAPABILITY_NAMES)
    await answers(other, CAPABILITY_NAMES)
    const routing = front.server.coordinator.primary?.() ? front : other
    const forwarding = routing === front ? other : front
    expect(forwarding.server.coordinator.primary?.()).toBe(false)
    expect(await names(forwarding)).toEqual(CAPABILITY_NAMES)
  })

  it('takes a routing process that published no list (an older build) to apply none of those names', async () => {
    const keys = redisKeys('older:')
    // the coordinator alone: no host call of a server runs into the lease taken from under it
    const c = await createRedisCoordinator({ url: shared.redis.url, prefix: 'older:', takeoverMs: 1000 })
    try {
      const listed = async (expected: readonly string[]) =>
        eventually(async () => {
          expect(await c.capabilities?.()).toEqual(expected)
          return true
        }, 10_000)
      await listed(CAPABILITY_NAMES)
      // the lease as an older build holds it: its id, no record of its own (this process's record is not its)
      await shared.link.send(['SET', keys.leader, 'older-build:1', 'PX', '60000'])
      await listed(['commands-batch'])
      expect(c.primary()).toBe(false)
      // it leaves: this process takes the lease back and answers its own list
      await shared.link.send(['DEL', keys.leader])
      await listed(CAPABILITY_NAMES)
    } finally {
      await c.stop()
    }
  })

  it("answers a host right after SIGTERM's hand-over with the new routing process's list, no tick between", async () => {
    const reduced = CAPABILITY_NAMES.filter((name) => name !== 'agent-state-if-reason')
    // a lease tick a minute apart (the hand-over is at once): a list read at a tick would stay the older one's
    const onRedis = (capabilities?: typeof reduced) => ({
      coordinator: () =>
        createRedisCoordinator({
          url: shared.redis.url,
          prefix: 'handover:',
          takeoverMs: 600_000,
          ...(capabilities ? { capabilities } : {}),
        }),
    })
    const older = await started.serve(onRedis(reduced))
    const front = await started.serve({ ...onRedis(), workspace: older.workspace.dir })
    const other = await started.serve({ ...onRedis(), workspace: older.workspace.dir })
    expect(await names(front)).toEqual(reduced)
    expect(await names(other)).toEqual(reduced)

    await older.stop()
    const primary = (t: TestServer) => t.server.coordinator.primary?.() === true
    await eventually(() => primary(front) || primary(other) || undefined, 10_000)
    const forwarding = primary(front) ? other : front
    expect(await names(forwarding)).toEqual(CAPABILITY_NAMES)
    // announced (stream and log) before it was answered
    expect(forwarding.logs).toContainEqual(
      expect.objectContaining({
        msg: 'the capabilities this process answers changed',
        capabilities: CAPABILITY_NAMES,
      }),
    )
  })

  it('answers the routing process of the moment right after a takeover, and says so on the stream at once', async () => {
    const keys = redisKeys('window:')
    const acquire = shared.link.script(ACQUIRE)
    /** Takes the lease as process `id` publishing `capabilities`, by the script a routing process takes it with. */
    const takeLease = (id: string, capabilities: readonly string[]) =>
      acquire(
        [keys.leader, keys.epoch, keys.leaderCapabilities, keys.control],
        [id, '600000', '1', JSON.stringify({ process: id, capabilities })],
      )
    expect(Number(await takeLease('full-build:1', CAPABILITY_NAMES))).toBeGreaterThan(0)
    // a lease tick a minute apart: whatever this process answers below is read when asked, not at a tick
    const c = await createRedisCoordinator({ url: shared.redis.url, prefix: 'window:', takeoverMs: 600_000 })
    const told: Array<readonly string[]> = []
    c.onCapabilities?.((names) => told.push(names))
    try {
      expect(c.primary()).toBe(false)
      expect(await c.capabilities?.()).toEqual(CAPABILITY_NAMES)
      // the routing process dies (its lease and list gone) and a build without ifState takes over
      await shared.link.send(['DEL', keys.leader, keys.leaderCapabilities])
      const reduced = CAPABILITY_NAMES.filter((name) => name !== 'agent-state-if-state')
      expect(Number(await takeLease('no-if-state:1', reduced))).toBeGreaterThan(0)
      // the takeover itself tells this process: the event goes out without a request or a tick
      await eventually(() => told.length > 0 || undefined, 10_000)
      expect(told).toEqual([reduced])
      // a request in the window gets the new routing process's list, never the one that was read before
      expect(await c.capabilities?.()).toEqual(reduced)

      // routing changing hands (nobody holds the lease): the next list is unknown yet, so no routing name is listed
      await shared.link.send(['DEL', keys.leader, keys.leaderCapabilities])
      expect(await c.capabilities?.()).toEqual(['commands-batch'])
      expect(told).toEqual([reduced, ['commands-batch']])
    } finally {
      await shared.link.send(['DEL', keys.leader, keys.leaderCapabilities])
      await c.stop()
    }
  })
})
