// A routing process stopped (SIGTERM) logs its hand-over before its stop line: the log reads in the order things
// happen (the stop line once came first: it was logged before the coordinator stopped).
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

describe('stopping the routing process', () => {
  it('logs "routing handed over" before "routewright serve stopped"', async () => {
    const lines: string[] = []
    const log = (_level: string, message: string) => void lines.push(message)
    const t = await started.serve({
      log,
      coordinator: () =>
        createRedisCoordinator({ url: shared.redis.url, prefix: 'stop-order:', takeoverMs: 1000, log }),
    })
    await eventually(() => t.server.coordinator.primary?.() === true, 10_000)
    await t.server.close()
    const order = lines.filter(
      (line) => line === 'routing handed over' || line === 'routewright serve stopped',
    )
    expect(order).toEqual(['routing handed over', 'routewright serve stopped'])
  })
})
