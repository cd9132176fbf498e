// A routing process stopped (SIGTERM) logs its hand-over before its stop line: the log reads in the order things
// happen (the stop line once came first: it was logged before the coordinator stopped).
import { connect } from 'node:net'
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

  it('tells the followers it leaves before it lets go of the lease (no kill -9 warn on a SIGTERM hand-over)', async () => {
    const t = await started.serve({
      coordinator: () =>
        createRedisCoordinator({
          url: shared.redis.url,
          prefix: 'leaving:',
          takeoverMs: 1000,
          log: () => {},
        }),
    })
    await eventually(() => t.server.coordinator.primary?.() === true, 10_000)
    // Redis's MONITOR lists the commands in the order they ran, a script's own ones too
    const { hostname, port } = new URL(shared.redis.url)
    const monitor = connect(Number(port), hostname)
    let seen = ''
    monitor.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk
    })
    monitor.write('MONITOR\r\n')
    await eventually(() => (seen.startsWith('+OK') ? true : undefined), 5000)
    await t.server.coordinator.handOver?.()
    await eventually(() => (seen.includes('"leader-gone"') ? true : undefined), 5000)
    monitor.destroy()
    const lines = seen.split('\n')
    const told = lines.findIndex((line) => line.includes('"PUBLISH" "leaving:control"'))
    const released = lines.findIndex((line) => line.includes('"DEL" "leaving:leader"'))
    expect(released).toBeGreaterThan(0)
    expect(told).toBeGreaterThanOrEqual(0)
    expect(told).toBeLessThan(released)
  })
})
