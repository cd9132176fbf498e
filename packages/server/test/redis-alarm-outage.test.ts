// A Redis outage as the alarms of a process that does not route see it (it reads the waiting list through Redis;
// the routing process reads its own, stale, meanwhile): every evaluation fails until Redis is back, and the log says
// so once when it starts (at error, with the cause) and once when it ends (at info), not once per evaluation.
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'

const START = Date.UTC(2026, 11, 1, 9, 0, 0)
const ALARMS = `alarms: center
format: 1
evaluateEvery: 5s
rules:
  long-wait:
    figure: oldest-waiting
    queue: "*"
    above: 120
`

let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})
const started = stoppedAfterEachTest()

describe('serve --redis: alarm evaluation during a Redis outage', () => {
  it('logs the first failure with its cause, then nothing until one "recovered" line', async () => {
    redis = await startRedisServer()
    const url = redis.url
    const clock = createSimulatedClock(START)
    const linkLogs: string[] = []
    const coordinator = () =>
      createRedisCoordinator({ url, prefix: 'alarm-outage:', log: (_level, msg) => linkLogs.push(msg) })
    await started.serve({
      coordinator: () => createRedisCoordinator({ url, prefix: 'alarm-outage:' }),
    })
    const t = await started.serve({ clock, coordinator }, { 'alarms.yaml': ALARMS })
    expect(t.server.coordinator.primary?.()).toBe(false)
    const lines = (msg: string) => t.logs.filter((l) => l.msg === msg)
    const ready = () => t.server.coordinator.status?.().ready
    const port = redis.port
    await redis.stop()
    await eventually(() => ready() === false)
    clock.advance(5000)
    await eventually(() => expect(lines('alarm evaluation failed')).toHaveLength(1))
    // evaluations run one after another: the recovery below comes after all of these failed
    for (let i = 0; i < 3; i++) clock.advance(5000)
    redis = await startRedisServer(port)
    await eventually(() => ready() === true, 10_000)
    await eventually(() => {
      clock.advance(5000)
      return expect(lines('alarm evaluation recovered')).toHaveLength(1)
    }, 10_000)
    expect(lines('alarm evaluation failed')).toEqual([
      { level: 'error', msg: 'alarm evaluation failed', error: expect.stringMatching(/unreachable/) },
    ])
    expect(lines('alarm evaluation recovered')).toEqual([
      { level: 'info', msg: 'alarm evaluation recovered' },
    ])
    // the Redis link says its own outage once too (four connections, one outage), with the same helper
    expect(linkLogs.filter((msg) => msg.startsWith('redis '))).toEqual([
      'redis unreachable: routing commands answer 503 until it is back',
      'redis reachable again',
    ])
  })
})
