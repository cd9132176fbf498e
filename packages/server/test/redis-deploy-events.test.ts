// A deploy as the hosts of several `serve --redis` processes see it: whichever process deployed the version, every
// process's `/v1/events` carries one `version-deployed`, with the same fields.
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'
import { eventsOfType } from './sse-client.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})
const started = stoppedAfterEachTest()

const onRedis = (prefix = 'deploy-events:') => ({
  coordinator: () => createRedisCoordinator({ url: redis.url, prefix }),
})

/** Changes the workspace's strategy and reloads it through `t`: the version it deployed. */
async function redeploy(t: TestServer, wait: string): Promise<string> {
  t.workspace.write('support.strategy.yaml', supportStrategy('support', wait))
  const answer = await t.ok('POST', '/v1/reload')
  expect(answer.applied).toBe(true)
  return answer.version as string
}

describe('serve --redis: version-deployed on every process', () => {
  it('streams each deploy once on every process, whichever process deployed it', async () => {
    const routing = await started.serve(onRedis())
    const other = await started.serve(onRedis())
    expect(routing.server.coordinator.primary?.()).toBe(true)
    expect(other.server.coordinator.primary?.()).toBe(false)
    const closers: Array<() => void> = []
    try {
      const onRouting = await eventsOfType(routing.server.url, 'version-deployed', closers)
      const onOther = await eventsOfType(other.server.url, 'version-deployed', closers)
      // through the process that does not route (its deploy is forwarded), then through the routing one
      const first = await redeploy(other, '7m')
      await eventually(() => onRouting.length === 1 && onOther.length === 1)
      const second = await redeploy(routing, '9m')
      await eventually(() => onRouting.length === 2 && onOther.length === 2)
      const expected = [first, second].map((version) => ({
        type: 'version-deployed',
        version,
        strategies: ['support'],
        at: expect.any(Number),
      }))
      expect(onRouting).toEqual(expected)
      expect(onOther).toEqual(onRouting)
    } finally {
      for (const close of closers) close()
    }
  })

  it('announces nothing when a process starts on the version the cluster routes on already', async () => {
    const routing = await started.serve(onRedis('same-files:'))
    const closers: Array<() => void> = []
    try {
      const onRouting = await eventsOfType(routing.server.url, 'version-deployed', closers)
      // the second process's own stream: what its coordinator hands it from the start on
      const coordinator = await createRedisCoordinator({ url: redis.url, prefix: 'same-files:' })
      const onOther: unknown[] = []
      coordinator.onDeployed?.((event) => onOther.push(event))
      // the same folder, so the same content hash
      const other = await started.serve({ coordinator, workspace: routing.workspace.dir })
      expect(other.server.coordinator.primary?.()).toBe(false)
      expect((await other.ok('GET', '/readyz')).version).toBe((await routing.ok('GET', '/readyz')).version)
      // a change after it: each stream's first version-deployed is that one (events are streamed in order)
      const changed = await redeploy(routing, '8m')
      await eventually(() => onRouting.length > 0 && onOther.length > 0)
      const expected = [expect.objectContaining({ type: 'version-deployed', version: changed })]
      expect(onRouting).toEqual(expected)
      expect(onOther).toEqual(expected)
    } finally {
      for (const close of closers) close()
    }
  })
})
