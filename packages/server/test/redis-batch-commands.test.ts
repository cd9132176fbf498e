// POST /v1/commands on a process that does not route, with --redis: each command is forwarded to the routing process
// as its single request would be, and answered in order with what it answered.
import { createRedisCoordinator } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

describe('a batch sent to a process that does not route', () => {
  it('runs each command through the routing process, one refused leaving the others', async () => {
    const onRedis = () => ({
      coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix: 'batch:' }),
    })
    const routing = await started.serve(onRedis())
    const other = await started.serve({ ...onRedis(), workspace: routing.workspace.dir })
    expect(other.server.coordinator.primary?.()).toBe(false)
    const first = await other.request('POST', '/v1/commands', {
      commands: [
        { op: 'agent-state', id: 'ann', state: 'ready' },
        { op: 'submit', id: 'c1', strategy: 'support' },
        { op: 'submit', id: 'c2', strategy: 'nope' },
        { op: 'confirm', id: 'c1', reservation: '' },
      ],
    })
    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([200, 201, 422, 400])
    expect(first.body.results[1].body).toMatchObject({ id: 'c1', state: 'reserved', agent: 'ann' })
    const second = await other.request('POST', '/v1/commands', {
      commands: [
        { op: 'confirm', id: 'c1' },
        { op: 'complete', id: 'c1' },
        { op: 'complete', id: 'c9' },
      ],
    })
    expect(second.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 404])
    expect((await routing.ok('GET', '/v1/interactions/c1')).state).toBe('completed')
  })
})
