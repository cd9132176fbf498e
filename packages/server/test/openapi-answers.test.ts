// /openapi.json against a real serve: every answer, right or wrong, matches the schema the document gives for its
// path, method and status, as an integrator generating a client from it would expect.
import { eventually, type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serve, stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { type Answer, integratorSend } from './integrator-send.ts'
import { schemaProblems } from './json-schema-check.ts'
import { type Frame, readEvents } from './sse-client.ts'

const TOKEN = 'apitour-token'
let api: TestServer | undefined
let doc: Record<string, unknown>

beforeAll(async () => {
  api = await serve({ token: TOKEN })
  doc = await (
    await fetch(`${api.server.url}/openapi.json`, { headers: { authorization: `Bearer ${TOKEN}` } })
  ).json()
  return () => api?.stop()
})

const send = integratorSend(() => api!.server.url, TOKEN, { withHeaders: true })
const started = stoppedAfterEachTest()
let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})

/** What in `answer` differs from what /openapi.json documents for `template` and `method` at its status. */
function undocumented(template: string, method: string, answer: Answer): string[] {
  const operation = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    template
  ]?.[method.toLowerCase()]
  const response = operation?.responses[String(answer.status)] as
    | {
        content?: Record<string, { schema: Record<string, unknown> }>
        headers?: Record<string, { required?: boolean; schema: Record<string, unknown> }>
      }
    | undefined
  if (!response) return [`${method} ${template} documents no ${answer.status}`]
  const schema = response.content?.['application/json']?.schema
  if (!schema) return [`${method} ${template} ${answer.status} documents no JSON body`]
  // a header the document says is always sent is there, and its value is what its schema says
  const headers = Object.entries(response.headers ?? {}).flatMap(([name, header]) => {
    const text = answer.headers?.get(name) ?? null
    if (text === null) return header.required ? [`header ${name} documented as sent is missing`] : []
    const value = header.schema.type === 'integer' && /^\d+$/.test(text) ? Number(text) : text
    return schemaProblems(value, header.schema, doc).map((p) => `header ${name} "${text}": ${p}`)
  })
  return [...schemaProblems(answer.body, schema, doc), ...headers]
}

const SUBMIT = '/v1/interactions'
const json = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

describe('/openapi.json', () => {
  it('documents the body of each real answer, right or wrong', async () => {
    const answers: Array<[string, string, Answer]> = [
      ['/v1/agents/{id}/state', 'PUT', await send('PUT', '/v1/agents/ann/state', '{"state":"ready"}')],
      ['/v1/interactions', 'POST', await send('POST', SUBMIT, '{"id":"doc-1","strategy":"support"}')],
      ['/v1/interactions', 'POST', await send('POST', SUBMIT, '{"id":"doc-2","strategy":"support"}')],
      ['/v1/interactions/{id}', 'GET', await send('GET', '/v1/interactions/doc-1')],
      ['/v1/waiting', 'GET', await send('GET', '/v1/waiting')],
      ['/v1/agents', 'GET', await send('GET', '/v1/agents')],
      // a page with `next`, and a refused query
      ['/v1/agents', 'GET', await send('GET', '/v1/agents?limit=1')],
      ['/v1/waiting', 'GET', await send('GET', '/v1/waiting?limit=0&after=forged')],
      ['/v1/versions', 'GET', await send('GET', '/v1/versions')],
      ['/v1/limits', 'GET', await send('GET', '/v1/limits')],
      ['/v1/capabilities', 'GET', await send('GET', '/v1/capabilities')],
      ['/readyz', 'GET', await send('GET', '/readyz')],
      [
        '/v1/interactions/{id}/confirm',
        'POST',
        await send('POST', '/v1/interactions/doc-1/confirm', '{"reservation":"old"}'),
      ],
      ['/v1/interactions/{id}/confirm', 'POST', await send('POST', '/v1/interactions/doc-1/confirm')],
      // doc-1 is with ann now: the router's wrong-state refusals (run-finished, no-reservation)
      ['/v1/interactions/{id}/abandon', 'POST', await send('POST', '/v1/interactions/doc-1/abandon')],
      ['/v1/interactions/{id}/reject', 'POST', await send('POST', '/v1/interactions/doc-2/reject')],
      ...(await Promise.all(
        ['{"priority":5}', '{"by":-1999999}', '{"priority":1.5}'].map(
          async (body) =>
            [
              '/v1/interactions/{id}/priority',
              'POST',
              await send('POST', '/v1/interactions/doc-2/priority', body),
            ] as [string, string, Answer],
        ),
      )),
      [
        '/v1/interactions/{id}/priority',
        'POST',
        await send('POST', '/v1/interactions/doc-1/priority', '{"by":1}'),
      ],
      [
        '/v1/interactions/{id}/treatment-done',
        'POST',
        await send('POST', '/v1/interactions/doc-1/treatment-done', '{}'),
      ],
      ['/v1/interactions', 'POST', await send('POST', SUBMIT, '{"strategy":"support","extra":1}')],
      ['/v1/interactions', 'POST', await send('POST', SUBMIT, '{"id":')],
      [
        '/v1/interactions',
        'POST',
        await send('POST', SUBMIT, '{}', { ...json, 'content-type': 'text/plain' }),
      ],
      ['/v1/interactions', 'POST', await send('POST', SUBMIT, '{"id":"doc-1","strategy":"support"}')],
      ['/v1/interactions/{id}/complete', 'POST', await send('POST', '/v1/interactions/none/complete')],
      ['/v1/events', 'GET', await send('GET', '/v1/events?type=routed')],
      ['/v1/events', 'GET', await send('GET', '/v1/events?types=routd')],
      [
        '/v1/commands',
        'POST',
        await send(
          'POST',
          '/v1/commands',
          '{"commands":[{"op":"complete","id":"doc-1"},{"op":"complete","id":"none"}]}',
        ),
      ],
    ]
    const problems = answers.flatMap(([template, method, answer]) =>
      undocumented(template, method, answer).map((p) => `${method} ${template} ${answer.status}: ${p}`),
    )
    expect(problems).toEqual([])
  })

  it("documents the agent-state events the stream carries (each frame's data against AgentStateEvent)", async () => {
    await send('PUT', '/v1/agents/bob/state', '{"state":"not-ready","media":"voice","reason":"lunch"}')
    const auth = { authorization: `Bearer ${TOKEN}` }
    const bobs = (f: Frame) => f.data?.includes('"bob"') ?? false
    const frames = await readEvents(
      `${api!.server.url}/v1/events?types=agent-state&lastEventId=0`,
      10,
      auth,
      bobs,
    )
    const data = frames.map((f) => [f.event, JSON.parse(f.data!)])
    expect(data.map(([event, d]) => `${event} ${d.agent} ${d.state}`)).toContain('agent-state bob not-ready')
    const schema = { $ref: '#/components/schemas/AgentStateEvent' }
    expect(data.flatMap(([, d]) => schemaProblems(d, schema, doc))).toEqual([])
  })

  it('documents the lastEventId query a browser resumes with, which serve reads as the header', async () => {
    const events = (
      doc.paths as Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>
    )['/v1/events']!.get.parameters
    expect(events.map((p) => `${p.in} ${p.name}`)).toEqual([
      'header Last-Event-ID',
      'query lastEventId',
      'query types',
      'query interaction',
      'query agent',
      'query errorEvent',
    ])
    await send('POST', SUBMIT, '{"id":"doc-resume","strategy":"support"}')
    const url = `${api!.server.url}/v1/events`
    const auth = { authorization: `Bearer ${TOKEN}` }
    // from before the ring: events-missed, then everything kept, the submit's events last
    const ours = (f: Frame) => f.data?.includes('doc-resume') ?? false
    const kept = await readEvents(`${url}?lastEventId=1`, 1000, auth, ours)
    const from = kept.find((f) => f.event !== 'events-missed')!.id!
    const byHeader = await readEvents(url, 1000, { ...auth, 'last-event-id': from }, ours)
    const byQuery = await readEvents(`${url}?lastEventId=${from}`, 1000, auth, ours)
    // up to our event: a read stops after the chunk holding it, which may carry a later event too
    const upToOurs = (frames: Frame[]) => frames.slice(0, frames.findIndex(ours) + 1).map((f) => f.id)
    expect(upToOurs(byQuery)).toEqual(upToOurs(byHeader))
    expect(byQuery[0]!.event).not.toBe('events-missed')
    expect(byQuery.length).toBeGreaterThan(1)
  })
})

describe('/openapi.json: the Retry-After of each refusal that says retry', () => {
  it('documents the Retry-After a serve sends with its 503 while Redis is stopped: its next reconnect, 1 to 60 s', async () => {
    redis = await startRedisServer()
    const url = redis.url
    const t = await started.serve({
      token: TOKEN,
      // a long lease: this test is about Redis away, not routing changing hands
      coordinator: () => createRedisCoordinator({ url, prefix: 'openapi-retry:', takeoverMs: 20_000 }),
    })
    const onRedis = integratorSend(() => t.server.url, TOKEN, { withHeaders: true })
    expect((await onRedis('POST', SUBMIT, '{"id":"up-1","strategy":"support"}')).status).toBe(201)
    await redis.stop()
    redis = undefined
    const refused = await eventually(async () => {
      const answer = await onRedis('POST', SUBMIT, '{"id":"away-1","strategy":"support"}')
      return answer.status === 503 ? answer : undefined
    }, 10_000)
    expect(undocumented('/v1/interactions', 'POST', refused)).toEqual([])
    expect(refused.body).toMatchObject({ code: 'unavailable' })
    const seconds = Number(refused.headers?.get('retry-after'))
    expect(seconds).toBeGreaterThanOrEqual(1)
    expect(seconds).toBeLessThanOrEqual(60)
  })

  it('documents the Retry-After of the 503 refusing an event stream over the limit: the keep-alive interval', async () => {
    const t = await started.serve({ token: TOKEN, sse: { maxStreams: 1, heartbeatMs: 7_500 } })
    const first = new AbortController()
    const open = await fetch(`${t.server.url}/v1/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: first.signal,
    })
    try {
      expect(open.status).toBe(200)
      const refused = await integratorSend(() => t.server.url, TOKEN, { withHeaders: true })(
        'GET',
        '/v1/events',
      )
      expect(refused.status).toBe(503)
      expect(undocumented('/v1/events', 'GET', refused)).toEqual([])
      expect(refused.headers?.get('retry-after')).toBe('8')
    } finally {
      first.abort()
    }
  })
})
