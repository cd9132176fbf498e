// `routewright serve --closed-max N [--closed-ttl D]`: how many ended interactions stay readable by id, and with
// --redis how long Redis keeps them; checked on the real CLI, one process and on a real redis-server.
import { startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { call, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

/** Three interactions that end (nobody is ready: each is abandoned in line), oldest first. */
async function endThree(url: string): Promise<void> {
  for (const id of ['e1', 'e2', 'e3']) {
    expect((await call(`${url}/v1/interactions`, 'POST', { id, strategy: 'support' })).status).toBe(201)
    expect((await call(`${url}/v1/interactions/${id}/abandon`, 'POST')).status).toBe(200)
  }
}

describe('serve --closed-max and --closed-ttl', { timeout: 60_000 }, () => {
  it('keeps only the last --closed-max ended interactions readable in one process', async () => {
    started.workspace = makeWorkspace()
    const p = await startServeProcess(started.workspace.dir, ['--closed-max', '2'])
    started.processes.push(p)
    await endThree(p.url)
    expect((await call(`${p.url}/v1/interactions/e1`, 'GET')).status).toBe(404)
    for (const id of ['e2', 'e3'])
      expect((await call(`${p.url}/v1/interactions/${id}`, 'GET')).status).toBe(200)
  })

  it('with --redis, keeps at most --closed-max views in Redis, each for --closed-ttl', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const p = await startServeProcess(started.workspace.dir, [
      '--redis',
      started.redis.url,
      '--closed-max',
      '2',
      '--closed-ttl',
      '1m30s',
    ])
    started.processes.push(p)
    await endThree(p.url)
    const client = createClient({ url: started.redis.url })
    await client.connect()
    try {
      expect(await client.zRange('routewright:closed-ids', 0, -1)).toEqual(['e2', 'e3'])
      expect(await client.exists('routewright:closed:e1')).toBe(0)
      const ttl = await client.pTTL('routewright:closed:e3')
      expect(ttl).toBeGreaterThan(80_000)
      expect(ttl).toBeLessThanOrEqual(90_000)
    } finally {
      await client.quit()
    }
    expect((await call(`${p.url}/v1/interactions/e1`, 'GET')).status).toBe(404)
    expect(JSON.parse((await call(`${p.url}/v1/interactions/e3`, 'GET')).text)).toMatchObject({
      state: 'finished',
      outcome: 'abandoned',
    })
  })
})
