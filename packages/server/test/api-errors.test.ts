// What an integrator meets when a request goes wrong, against a real serve: every error answer is the documented
// `Error` body with a stable `code` to switch on (not only a text to parse), with the right status.
import { beforeAll, describe, expect, it } from 'vitest'
import { serve, type TestServer } from './helpers.ts'
import { integratorSend } from './integrator-send.ts'

const TOKEN = 'apitour-token'
let api: TestServer | undefined

beforeAll(async () => {
  api = await serve({ token: TOKEN })
  return () => api?.stop()
})

const send = integratorSend(() => api!.server.url, TOKEN)

const SUBMIT = '/v1/interactions'
const json = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

describe('an error answer', () => {
  it.each([
    ['a wrong token', 'POST', SUBMIT, '{}', { ...json, authorization: 'Bearer nope' }, 401, 'unauthorized'],
    ['no token', 'GET', '/v1/agents', undefined, {}, 401, 'unauthorized'],
    [
      'text/plain',
      'POST',
      SUBMIT,
      '{"id":"c","strategy":"support"}',
      { ...json, 'content-type': 'text/plain' },
      415,
      'unsupported-media-type',
    ],
    ['JSON that does not parse', 'POST', SUBMIT, '{"id":', json, 400, 'invalid-json'],
    ['a missing field', 'POST', SUBMIT, '{"strategy":"support"}', json, 400, 'invalid-body'],
    [
      'a body over the limit',
      'POST',
      SUBMIT,
      `{"id":"c","data":{"x":"${'a'.repeat(3_000_000)}"}}`,
      json,
      413,
      'body-too-large',
    ],
    [
      'an unknown interaction',
      'POST',
      '/v1/interactions/nobody-call/complete',
      undefined,
      json,
      404,
      'unknown-interaction',
    ],
    [
      'an unknown interaction read',
      'GET',
      '/v1/interactions/nobody-call',
      undefined,
      json,
      404,
      'unknown-interaction',
    ],
    ['an unknown agent', 'PUT', '/v1/agents/zed/state', '{"state":"ready"}', json, 404, 'unknown-agent'],
    ['an unknown strategy', 'POST', SUBMIT, '{"id":"c9","strategy":"supprt"}', json, 422, 'unknown-strategy'],
    ['a path typo', 'GET', '/v1/interaction', undefined, json, 404, 'no-such-path'],
    ['a method not allowed', 'DELETE', SUBMIT, undefined, json, 405, 'method-not-allowed'],
    [
      'a media the agent lacks',
      'PUT',
      '/v1/agents/ann/state',
      '{"state":"ready","media":"fax"}',
      json,
      409,
      'no-media',
    ],
  ] as const)(
    'for %s is answered with its status and a stable code',
    async (_what, method, path, body, headers, status, code) => {
      const answer = await send(method, path, body, headers)
      expect(answer).toMatchObject({ status, body: { code } })
      expect((answer.body as { error: string }).error.length).toBeGreaterThan(10)
    },
  )

  it('for JSON that does not parse says where (line and column), never quoting the body', async () => {
    // a caller's body is hostile: V8's message quoted it, control characters and all, and said no line
    const body = '{"id":"c1",\n "strategy": support\u001b[2J}'
    expect(await send('POST', SUBMIT, body)).toEqual({
      status: 400,
      body: {
        code: 'invalid-json',
        error: 'The body is not valid JSON: Unexpected character at line 2, column 14',
      },
    })
  })

  it('for an agent state older than the last one is out-of-order, 409, nothing changed', async () => {
    expect((await send('PUT', '/v1/agents/bob/state', '{"state":"not-ready"}')).status).toBe(200)
    expect(await send('PUT', '/v1/agents/bob/state', '{"state":"ready","at":1}')).toMatchObject({
      status: 409,
      body: { code: 'out-of-order' },
    })
  })

  it('for a submit of an id in use by another request says duplicate-id, then already-ended once it ended', async () => {
    const submit = '{"id":"twice","strategy":"support"}'
    expect((await send('POST', SUBMIT, submit)).status).toBe(201)
    // the same request again is answered (200, replayed); another with its id is refused
    expect(await send('POST', SUBMIT, submit)).toMatchObject({ status: 200, body: { replayed: true } })
    expect(await send('POST', SUBMIT, '{"id":"twice","strategy":"support","ani":"1"}')).toMatchObject({
      status: 409,
      body: { code: 'duplicate-id' },
    })
    expect((await send('POST', '/v1/interactions/twice/abandon')).status).toBe(200)
    expect(await send('POST', '/v1/interactions/twice/complete')).toMatchObject({
      status: 409,
      body: { code: 'already-ended' },
    })
  })

  it('for a command in the wrong state says which: no-reservation, no-treatment, not-connected, run-finished, 409', async () => {
    expect((await send('POST', SUBMIT, '{"id":"early","strategy":"support"}')).status).toBe(201)
    const early = '/v1/interactions/early'
    // waiting in line: no agent has it to complete
    expect(await send('POST', `${early}/complete`)).toMatchObject({
      status: 409,
      body: { code: 'not-connected', error: 'complete: interaction "early" is not with an agent' },
    })
    expect(await send('POST', `${early}/confirm`)).toMatchObject({
      status: 409,
      body: { code: 'no-reservation' },
    })
    expect(await send('POST', `${early}/reject`)).toMatchObject({
      status: 409,
      body: { code: 'no-reservation' },
    })
    // offered to ann now: no treatment is awaited while the offer rings
    expect((await send('PUT', '/v1/agents/ann/state', '{"state":"ready"}')).status).toBe(200)
    expect(await send('POST', `${early}/treatment-done`, '{}')).toMatchObject({
      status: 409,
      body: { code: 'no-treatment' },
    })
    // offered, not yet confirmed: still no agent's
    expect(await send('POST', `${early}/complete`)).toMatchObject({
      status: 409,
      body: { code: 'not-connected' },
    })
    expect((await send('POST', `${early}/confirm`)).status).toBe(200)
    for (const action of ['abandon', 'treatment-done', 'reject'])
      expect(await send('POST', `${early}/${action}`, '{}')).toMatchObject({
        status: 409,
        body: { code: 'run-finished', error: expect.stringContaining('already finished (routed)') },
      })
    expect((await send('POST', `${early}/complete`)).status).toBe(200)
  })
})
