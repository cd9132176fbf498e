// Two `serve` on one Redis with different workspace files (a stale checkout on one machine): new interactions start
// on the version deployed last, whichever process loaded it. Every process says so (log, /readyz), and a reload of
// the other's unchanged workspace deploys it again instead of answering "unchanged".
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy } from './helpers.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})
const started = stoppedAfterEachTest()

const onRedis = async (prefix = 'drift:') => ({
  coordinator: await createRedisCoordinator({ url: redis.url, prefix }),
})

describe('serve --redis: processes with different workspaces', () => {
  it('says which version routes, on each process, and a reload deploys this workspace again', async () => {
    const a = await started.serve(await onRedis())
    const ownA = ((await a.request('GET', '/readyz')).body as { version: string }).version
    const b = await started.serve(await onRedis(), {
      'support.strategy.yaml': supportStrategy('support', '7m'),
    })
    const readyB = (await b.request('GET', '/readyz')).body
    expect(readyB.version).not.toBe(ownA)
    expect(readyB.warning).toBeUndefined()
    expect(b.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', replaced: ownA, version: readyB.version }),
    )
    // a routes on b's files now, and says so
    const readyA = await a.request('GET', '/readyz')
    expect(readyA.status).toBe(200)
    expect(readyA.body).toMatchObject({ ready: true, version: readyB.version, workspace: ownA })
    expect(readyA.body.warning).toContain(`this process's workspace (${a.workspace.dir}) is version ${ownA}`)
    expect(a.logs.filter((l) => l.msg === 'workspace differs from the cluster')).toHaveLength(1)
    await a.request('GET', '/readyz')
    expect(a.logs.filter((l) => l.msg === 'workspace differs from the cluster')).toHaveLength(1)
    // a reload of a's unchanged files makes them the cluster's again
    expect((await a.request('POST', '/v1/reload')).body).toEqual({ applied: true, version: ownA })
    expect(
      (await b.request('POST', '/v1/interactions', { id: 'c1', strategy: 'support' })).body.version,
    ).toBe(ownA)
    expect((await a.request('GET', '/readyz')).body).toEqual({ ready: true, version: ownA })
    expect((await b.request('GET', '/readyz')).body).toMatchObject({
      version: ownA,
      workspace: readyB.version,
    })
  })

  it('a process that cannot take its port changes nothing in the cluster: no lease taken, no deploy', async () => {
    const a = await started.serve(await onRedis('drift-port:'))
    const before = (await a.request('GET', '/v1/versions')).body
    let coordinatorStarted = false
    const refused = await started
      .serve(
        {
          port: a.server.port,
          coordinator: async () => {
            coordinatorStarted = true
            return createRedisCoordinator({ url: redis.url, prefix: 'drift-port:' })
          },
        },
        { 'support.strategy.yaml': supportStrategy('support', '7m') },
      )
      .catch((error: Error) => error)
    expect((refused as Error).message).toMatch(
      `Cannot listen on 127.0.0.1:${a.server.port}: listen EADDRINUSE`,
    )
    // before, its workspace became the cluster's current version and a's was set draining, then the start failed
    expect(coordinatorStarted).toBe(false)
    expect((await a.request('GET', '/v1/versions')).body).toEqual(before)
    expect(a.logs.filter((l) => l.msg === 'workspace differs from the cluster')).toHaveLength(0)
  })

  it('streams each change of the drift once and shows it in the monitor snapshot meanwhile', async () => {
    const a = await started.serve(await onRedis('drift-events:'))
    const ownA = ((await a.request('GET', '/readyz')).body as { version: string }).version
    const drifts: Array<StreamedEvent & { drift?: unknown; version?: string }> = []
    const stream = followEvents(
      a.server.url,
      (event) => drifts.push(event),
      (event) => event.type === 'workspace-drift',
    )
    try {
      await stream.ready
      const b = await started.serve(await onRedis('drift-events:'), {
        'support.strategy.yaml': supportStrategy('support', '6m'),
      })
      const versionB = ((await b.request('GET', '/readyz')).body as { version: string }).version
      // told by b's deploy reaching a's stream, with no /readyz call on a
      await eventually(() => drifts.length === 1)
      const drift = { current: versionB, workspace: ownA, warning: expect.stringContaining(a.workspace.dir) }
      expect(drifts[0]).toMatchObject({ type: 'workspace-drift', version: ownA, drift })
      expect((await a.ok('GET', '/v1/monitor')).workspaceDrift).toEqual(drift)
      expect((await b.ok('GET', '/v1/monitor')).workspaceDrift).toBeUndefined()
      expect(a.logs.filter((l) => l.msg === 'workspace differs from the cluster')).toHaveLength(1)
      // a deploys its files again: the drift ends, said once
      await a.ok('POST', '/v1/reload')
      await eventually(() => drifts.length === 2)
      expect(drifts[1]).toMatchObject({ type: 'workspace-drift', version: ownA, drift: null })
      expect((await a.ok('GET', '/v1/monitor')).workspaceDrift).toBeUndefined()
      expect(a.logs.filter((l) => l.msg === 'the cluster routes on this workspace again')).toHaveLength(1)
      expect(a.logs.filter((l) => l.msg === 'workspace differs from the cluster')).toHaveLength(1)
    } finally {
      stream.close()
    }
  })
})
