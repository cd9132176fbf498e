// A platform that lost a submit's answer (a timeout, a serve restart, routing moving to another process) sends the
// same submit again: it is answered with the interaction as it is now (200, `replayed: true`, the header), never
// routed twice; another request with the same id stays 409 `duplicate-id`, saying which field differs. On one
// process, and across two sharing a real redis-server after the routing one is killed -9.
import { waitFor } from '@routewright/node-support/ports'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkspace, serve, type TestServer } from './helpers.ts'
import { startOnRedis } from './redis-serve-steps.ts'
import { call } from './serve-process.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'
import { startedInEachTest } from './started.ts'

const SUBMIT = '/v1/interactions'
const started = startedInEachTest()
let local: TestServer | undefined
afterEach(async () => {
  await local?.stop()
  local = undefined
})

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert on them
type Json = any

/** A submit over HTTP: its status, the replay header and the body. */
async function submit(
  url: string,
  body: unknown,
): Promise<{ status: number; replayed: string | null; body: Json }> {
  const response = await fetch(`${url}${SUBMIT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: await response.json(),
  }
}

/** The interactions the stream said were routed, by id. */
function routed(seen: StreamedEvent[], id: string): number {
  return seen.filter((e) => e.type === 'routed' && e.interaction === id).length
}

describe('a submit retried with the same request', { timeout: 90_000 }, () => {
  it('is answered with the interaction as it is now, once routed, and again after it ended', async () => {
    local = await serve()
    const url = local.server.url
    const seen: StreamedEvent[] = []
    const stream = followEvents(url, (event) => seen.push(event))
    try {
      await stream.ready
      await local.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      const body = { id: 'r1', strategy: 'support', ani: '+3314', data: { tier: 'gold', n: [1, 2] } }
      const first = await submit(url, body)
      expect(first).toMatchObject({ status: 201, replayed: null, body: { state: 'reserved', agent: 'ann' } })
      expect(first.body.replayed).toBeUndefined()
      // the same request, its data's keys in another order and the defaults written out: the same interaction
      const again = await submit(url, {
        strategy: 'support',
        id: 'r1',
        media: 'voice',
        priority: 0,
        ani: '+3314',
        data: { n: [1, 2], tier: 'gold' },
      })
      expect(again).toEqual({ status: 200, replayed: 'true', body: { ...first.body, replayed: true } })
      await waitFor('the routed event of r1', () => routed(seen, 'r1') === 1, 10_000)

      await local.ok('POST', '/v1/interactions/r1/confirm')
      await local.ok('POST', '/v1/interactions/r1/complete')
      await local.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      // ended (its view still kept): answered as it ended, ann is not offered it a second time
      const ended = await submit(url, body)
      expect(ended).toMatchObject({
        status: 200,
        replayed: 'true',
        body: { id: 'r1', state: 'completed', agent: 'ann', target: first.body.target, replayed: true },
      })
      expect(ended.body.trace).toBeUndefined()
      expect((await local.ok('GET', '/v1/agents')).agents).toContainEqual(
        expect.objectContaining({ id: 'ann', state: 'ready', load: {} }),
      )
      expect(routed(seen, 'r1')).toBe(1)
      // GET never shows the fingerprint kept beside the view
      expect(Object.keys(await local.ok('GET', '/v1/interactions/r1'))).not.toContain('request')
    } finally {
      stream.close()
    }
  })

  it('a bidi override in the id is refused at the submit, named by its code point, never echoed raw', async () => {
    local = await serve()
    const url = local.server.url
    const body = { id: 'ab\u202ecd', strategy: 'support', data: { tier: 'gold' } }
    const refused = await submit(url, body)
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('control-character')
    expect(refused.body.error).toContain('U+202E at position 2')
    expect(refused.body.error).not.toContain('\u202e')
    // nothing was created: the same id is still unknown
    expect((await local.request('GET', '/v1/interactions/ab%E2%80%AEcd')).status).toBe(404)
  })

  it('with another request is refused 409 duplicate-id, saying which field differs, open or ended', async () => {
    local = await serve()
    const url = local.server.url
    const body = { id: 'd1', strategy: 'support', priority: 2, data: { tier: 'gold' } }
    expect((await submit(url, body)).status).toBe(201)
    expect(await submit(url, { ...body, data: { tier: 'silver' } })).toEqual({
      status: 409,
      replayed: null,
      body: {
        code: 'duplicate-id',
        error:
          'Interaction "d1" exists (queued) from another request: its "data" differs; ids must be unique (a submit retried with the same body answers the interaction instead)',
      },
    })
    await local.ok('POST', '/v1/interactions/d1/abandon')
    // ended, the id is still in use: another request is refused, not routed again
    expect(await submit(url, { ...body, priority: 3 })).toMatchObject({
      status: 409,
      body: {
        code: 'duplicate-id',
        error: expect.stringContaining('(finished) from another request: its "priority"'),
      },
    })
    expect((await submit(url, body)).body).toMatchObject({
      state: 'finished',
      outcome: 'abandoned',
      replayed: true,
    })
  })

  it('in a batch is answered 200 with replayed in its body', async () => {
    local = await serve()
    const command = { op: 'submit', id: 'b1', strategy: 'support' }
    const answer = await local.request('POST', '/v1/commands', { commands: [command, command] })
    expect(answer.status).toBe(200)
    expect(answer.body.results.map((r: Json) => [r.status, r.body.replayed])).toEqual([
      [201, undefined],
      [200, true],
    ])
  })
})

const start = () => startOnRedis(started)

/** Retries while routing changes hands (503, or the process gone) until the answer is something else. */
function settled(url: string, body: unknown) {
  return eventually(async () => {
    const answer = await submit(url, body).catch(() => undefined)
    return answer === undefined || answer.status === 503 ? undefined : answer
  }, 10_000)
}

describe('a submit retried across serve --redis processes', { timeout: 90_000 }, () => {
  it('is answered by the new routing process after a kill -9, open or ended, and another request refused', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const a = await start()
    const b = await start()
    const seen: StreamedEvent[] = []
    const stream = followEvents(b.url, (event) => seen.push(event))
    try {
      await stream.ready
      // a routes (it started first): w1 waits in line, e1 is routed to ann and ends, both submitted to a itself
      const waiting = { id: 'w1', strategy: 'support', dnis: '800', priority: 5 }
      const ended = { id: 'e1', strategy: 'support', data: { tier: 'gold' } }
      expect((await call(`${a.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      const first = await submit(a.url, ended)
      expect(first).toMatchObject({ status: 201, body: { agent: 'ann' } })
      expect((await call(`${a.url}/v1/interactions/e1/confirm`, 'POST')).status).toBe(200)
      expect((await call(`${a.url}/v1/interactions/e1/complete`, 'POST')).status).toBe(200)
      expect((await call(`${a.url}/v1/agents/ann/state`, 'PUT', { state: 'not-ready' })).status).toBe(200)
      expect(await submit(a.url, waiting)).toMatchObject({ status: 201, body: { state: 'queued' } })
      await waitFor('the routed event of e1', () => routed(seen, 'e1') === 1, 10_000)

      // the answers were lost, and so is the routing process: the retries land on b, which takes over
      await a.kill('SIGKILL')
      expect(await settled(b.url, waiting)).toMatchObject({
        status: 200,
        replayed: 'true',
        body: { id: 'w1', state: 'queued', replayed: true },
      })
      expect(await settled(b.url, ended)).toMatchObject({
        status: 200,
        replayed: 'true',
        body: { id: 'e1', state: 'completed', agent: 'ann', target: first.body.target, replayed: true },
      })
      expect(await settled(b.url, { ...waiting, dnis: '801' })).toMatchObject({
        status: 409,
        body: { code: 'duplicate-id', error: expect.stringContaining('its "dnis" differs') },
      })
      // the id is taken whatever the other request names (even a strategy this version lacks)
      expect(await settled(b.url, { ...ended, strategy: 'other' })).toMatchObject({
        status: 409,
        body: { code: 'duplicate-id', error: expect.stringContaining('its "strategy" differs') },
      })
      expect(await settled(b.url, { ...ended, media: 'chat' })).toMatchObject({
        status: 409,
        body: {
          code: 'duplicate-id',
          error: expect.stringContaining('(completed) from another request: its "media"'),
        },
      })
      // w1 still waits once, and is routed once when ann is ready
      expect((await call(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      await waitFor('the routed event of w1', () => routed(seen, 'w1') === 1, 10_000)
      expect(routed(seen, 'e1')).toBe(1)
      const w1 = await eventually(async () => {
        const answer = await call(`${b.url}/v1/interactions/w1`, 'GET')
        return answer.status === 200 ? JSON.parse(answer.text) : undefined
      }, 10_000)
      expect(w1).toMatchObject({ state: 'reserved', agent: 'ann' })
      expect(Object.keys(w1)).not.toContain('request')
    } finally {
      stream.close()
    }
  })
})
