// Two `serve` on one Redis with different workspace files (a stale checkout on one machine): new interactions start
// on the version deployed last, whichever process loaded it. Every process says so (log, /readyz), and a reload of
// the other's unchanged workspace deploys it again instead of answering "unchanged".
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy } from './helpers.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})
const started = stoppedAfterEachTest()

const onRedis = async () => ({
  coordinator: await createRedisCoordinator({ url: redis.url, prefix: 'drift:' }),
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
})
