// The Monitor's live figures through a Redis outage: the routing process's monitor-live events carry the stale mark
// (since when, on the server's clock) as the outage starts and while it lasts, and the first event once Redis is
// back carries none; the monitor snapshot's mark reads the same clock. A process that does not route cannot read its
// waits then: its event carries the mark without them.
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator, type MonitorLiveEvent } from '@routewright/server'
import { createRealClock } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'

let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})
const started = stoppedAfterEachTest()

/** The server's clock runs a year behind the wall clock: a mark read from Date.now() would be a year off. */
const SHIFT = -365 * 24 * 3600 * 1000

function shiftedClock() {
  const real = createRealClock()
  return { ...real, now: () => real.now() + SHIFT }
}

describe('serve --redis: the monitor during a Redis outage', () => {
  it('marks monitor-live events stale on the server clock while Redis is away, and unmarks them once back', async () => {
    redis = await startRedisServer()
    const url = redis.url
    const clock = shiftedClock()
    const onRedis = () => ({
      clock,
      // a long lease: this test is about the outage, not a routing move on a loaded host
      coordinator: () =>
        createRedisCoordinator({ url, prefix: 'outage-monitor:', clock, takeoverMs: 20_000 }),
    })
    const t = await started.serve(onRedis())
    const other = await started.serve(onRedis())
    expect(t.server.coordinator.primary?.()).toBe(true)
    /** The monitor-live events of one process's stream, as they come. */
    const follow = (url: string) => {
      const events: MonitorLiveEvent[] = []
      const follower = followEvents(
        url,
        (event) => events.push(event as unknown as MonitorLiveEvent),
        (event: StreamedEvent) => event.type === 'monitor-live',
      )
      return { events, follower }
    }
    const { events: live, follower } = follow(t.server.url)
    const { events: otherLive, follower: otherFollower } = follow(other.server.url)
    await follower.ready
    await otherFollower.ready
    await t.ok('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
    await eventually(() => live.length > 0 && otherLive.length > 0)
    expect([...live, ...otherLive].every((event) => event.stale === undefined)).toBe(true)

    const port = redis.port
    const before = clock.now()
    await redis.stop()
    // nothing moves while Redis is away: the loss alone sends an event, marked, with the figures held
    const marked = await eventually(() => live.find((event) => event.stale !== undefined))
    const after = clock.now()
    expect(marked.stale).toEqual({ reason: 'redis-unreachable', since: expect.any(Number) })
    expect(marked.stale!.since).toBeGreaterThanOrEqual(before)
    expect(marked.stale!.since).toBeLessThanOrEqual(after)
    expect(marked.waiting).toEqual([expect.objectContaining({ id: 'group:support', waiting: 1 })])
    // the snapshot a view starts from says the same
    const snapshot = await t.request('GET', '/v1/monitor')
    expect(snapshot.body).toMatchObject({ stale: marked.stale })
    // the other process holds no waits to send: the mark alone, on the same clock; its view keeps the waits it had
    const otherMarked = await eventually(() => otherLive.find((event) => event.stale !== undefined))
    expect(otherMarked).not.toHaveProperty('waiting')
    expect(otherMarked.stale!.since).toBeGreaterThanOrEqual(before)
    expect(otherMarked.stale!.since).toBeLessThanOrEqual(after)

    const seen = live.length
    const otherSeen = otherLive.length
    redis = await startRedisServer(port)
    const fresh = await eventually(() => live.slice(seen).find((event) => event.stale === undefined), 10_000)
    expect(fresh.seq).toBeGreaterThan(marked.seq)
    expect((await t.request('GET', '/v1/monitor')).body).not.toHaveProperty('stale')
    // nothing moved meanwhile: Redis's return alone clears the other process's mark, with its waits read again
    const otherFresh = await eventually(
      () => otherLive.slice(otherSeen).find((event) => event.stale === undefined),
      10_000,
    )
    expect(otherFresh.waiting).toEqual([expect.objectContaining({ id: 'group:support', waiting: 1 })])
    follower.close()
    otherFollower.close()
  })
})
