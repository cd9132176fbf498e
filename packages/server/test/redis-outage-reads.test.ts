// A Redis outage as a supervisor's screen sees it: the routing process answers reads from what it holds, marked
// stale (header and field, since when), and refuses writes with 503; a process that does not route holds no
// routing state, so its reads answer 503 too. Once Redis is back, reads are fresh again.
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})
const started = stoppedAfterEachTest()

const READS = ['/v1/interactions/w1', '/v1/agents', '/v1/waiting', '/v1/versions', '/v1/monitor']

/** A read's status, stale header and `stale` field. */
async function read(t: TestServer, path: string) {
  const response = await fetch(`${t.server.url}${path}`)
  const body = (await response.json()) as { stale?: unknown; error?: string }
  return {
    status: response.status,
    header: response.headers.get('routewright-stale'),
    stale: body.stale,
    body,
  }
}

describe('serve --redis: reads during a Redis outage', () => {
  it('the routing process answers reads stale and writes 503; the other process answers 503', async () => {
    redis = await startRedisServer()
    const url = redis.url
    // a long lease: this test is about the outage, and on a loaded host a 3 s lease moved routing before it began
    const onRedis = () => ({
      coordinator: () => createRedisCoordinator({ url, prefix: 'outage-reads:', takeoverMs: 20_000 }),
    })
    const routing = await started.serve(onRedis())
    const other = await started.serve(onRedis())
    expect(routing.server.coordinator.primary?.()).toBe(true)
    await routing.ok('POST', '/v1/interactions', { id: 'w1', strategy: 'support' })
    for (const path of READS) expect(await read(routing, path)).toMatchObject({ status: 200, header: null })

    const port = redis.port
    const before = Date.now()
    await redis.stop()
    const down = (t: TestServer) => t.server.coordinator.status?.().ready === false
    await eventually(() => down(routing) && down(other))
    for (const path of READS) {
      const answer = await read(routing, path)
      expect(answer, path).toMatchObject({
        status: 200,
        header: 'redis-unreachable',
        stale: { reason: 'redis-unreachable', since: expect.any(Number) },
      })
      expect((answer.stale as { since: number }).since).toBeGreaterThanOrEqual(before)
    }
    expect((await read(routing, '/v1/interactions/w1')).body).toMatchObject({ id: 'w1', state: 'queued' })
    const submit = await routing.request('POST', '/v1/interactions', { id: 'w2', strategy: 'support' })
    expect(submit.status).toBe(503)
    expect(submit.body.error).toMatch(/unreachable/)
    const state = await routing.request('PUT', '/v1/agents/ann/state', { state: 'ready' })
    expect(state.status).toBe(503)
    for (const path of ['/v1/interactions/w1', '/v1/agents', '/v1/monitor']) {
      const answer = await read(other, path)
      expect(answer, path).toMatchObject({ status: 503, header: null, stale: undefined })
      expect(answer.body.error).toMatch(/unreachable/)
    }

    // three refusals on the other process, one warn line; a screen polling through an outage no longer floods the log
    const refusalLines = (t: TestServer) => t.logs.filter((l) => /^requests? refused/.test(String(l.msg)))
    expect(refusalLines(other)).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'requests refused: routing unavailable' }),
    ])
    expect(refusalLines(routing)).toHaveLength(1)

    redis = await startRedisServer(port)
    await eventually(() => !down(routing) && !down(other), 10_000)
    for (const path of ['/v1/interactions/w1', '/v1/agents']) {
      expect(await read(routing, path), path).toMatchObject({ status: 200, header: null, stale: undefined })
      await eventually(async () => expect((await read(other, path)).status).toBe(200), 10_000)
    }
    // and one line when they end, with how many were refused
    expect(other.logs.filter((l) => /answered again/.test(String(l.msg)))).toEqual([
      expect.objectContaining({ level: 'info', refused: expect.any(Number) }),
    ])
  })
})
