// /openapi.json against a real serve: every answer, right or wrong, matches the schema the document gives for its
// path, method and status, as an integrator generating a client from it would expect.
import { beforeAll, describe, expect, it } from 'vitest'
import { serve, type TestServer } from './helpers.ts'
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

const send = integratorSend(() => api!.server.url, TOKEN)

/** What in `answer` differs from the schema /openapi.json documents for `template` and `method` at its status. */
function undocumented(template: string, method: string, answer: Answer): string[] {
  const operation = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    template
  ]?.[method.toLowerCase()]
  const response = operation?.responses[String(answer.status)] as
    | { content?: Record<string, { schema: Record<string, unknown> }> }
    | undefined
  if (!response) return [`${method} ${template} documents no ${answer.status}`]
  const schema = response.content?.['application/json']?.schema
  if (!schema) return [`${method} ${template} ${answer.status} documents no JSON body`]
  return schemaProblems(answer.body, schema, doc)
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
