import { request as httpRequest } from 'node:http'
import { startServer } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { makeWorkspace, stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()

describe('security', () => {
  it('refuses to bind beyond loopback without an API token, saying how to set one', async () => {
    const workspace = makeWorkspace()
    try {
      await expect(
        startServer({ workspace: workspace.dir, host: '0.0.0.0', port: 0, watch: false, log: () => {} }),
      ).rejects.toThrow(/set an API token first, with the ROUTEWRIGHT_API_TOKEN environment variable/)
    } finally {
      workspace.remove()
    }
  })

  it('refuses a token too short to guard an address beyond loopback, saying how to make one', async () => {
    const workspace = makeWorkspace()
    try {
      await expect(
        startServer({
          workspace: workspace.dir,
          host: '0.0.0.0',
          port: 0,
          watch: false,
          log: () => {},
          token: 'short',
        }),
      ).rejects.toThrow(/at least 16 characters \(got 5\).*openssl rand -hex 24/)
    } finally {
      workspace.remove()
    }
  })

  it('requires the token on the API when one is set, but not on health checks', async () => {
    const t = await started.serve({ token: 's3cret-token' })
    expect((await t.request('GET', '/v1/versions')).status).toBe(401)
    expect((await t.request('GET', '/v1/versions', undefined, { authorization: 'Bearer nope' })).status).toBe(
      401,
    )
    expect((await t.request('GET', '/metrics')).status).toBe(401)
    expect((await t.request('GET', '/v1/limits')).status).toBe(401)
    expect(
      (await t.request('GET', '/v1/versions', undefined, { authorization: 'Bearer s3cret-token' })).status,
    ).toBe(200)
    expect((await t.request('GET', '/healthz')).status).toBe(200)
    expect((await t.request('GET', '/readyz')).status).toBe(200)
  })

  it('answers 400 with the zod issues for a body that does not match', async () => {
    const t = await started.serve()
    const bad = await t.request('POST', '/v1/interactions', { id: '', strategy: 'support', extra: 1 })
    expect(bad.status).toBe(400)
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['id'] }),
        expect.objectContaining({ code: 'unrecognized_keys' }),
      ]),
    )
    const state = await t.request('PUT', '/v1/agents/ann/state', { state: 'asleep' })
    expect(state.status).toBe(400)
    expect(state.body.issues[0].path).toEqual(['state'])
  })

  it('limits body size', async () => {
    const t = await started.serve({ bodyLimit: 1000 })
    const big = await t.request('POST', '/v1/interactions', {
      id: 'b',
      strategy: 'support',
      data: { x: 'y'.repeat(5000) },
    })
    expect(big.status).toBe(413)
  })

  it.each([
    ['not JSON', '{"id": "a", '],
    ['an array', '[1,2,3]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['a deep nest', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    [
      'a prototype key',
      '{"id":"p","strategy":"support","__proto__":{"polluted":true},"data":{"__proto__":{"x":1}}}',
    ],
    [
      'a constructor key in data',
      '{"id":"q","strategy":"support","data":{"constructor":{"prototype":{"x":1}}}}',
    ],
    ['huge numbers', '{"id":"n","strategy":"support","priority":1e400}'],
    ['wrong types', '{"id":5,"strategy":["support"],"data":"x"}'],
    ['a bad UTF-8 body', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('survives a hostile body: %s', async (_name, body) => {
    const t = await started.serve()
    const response = await fetch(`${t.server.url}/v1/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect([201, 400, 409, 422]).toContain(response.status)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // still serving
    expect((await t.request('GET', '/healthz')).status).toBe(200)
  })

  it('refuses a top-level __proto__ key of data by name (single and batched), keeps a nested one', async () => {
    const t = await started.serve()
    const post = async (url: string, body: string) => {
      const response = await fetch(`${t.server.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      return { status: response.status, body: await response.json() }
    }
    // JSON.parse makes `__proto__` an own key; the schema's copy would have dropped it without a word (201)
    const submit = '{"op":"submit","id":"p1","strategy":"support","data":{"__proto__":{"tier":"gold"},"x":1}}'
    const single = await post('/v1/interactions', submit.replace('"op":"submit",', ''))
    expect(single).toMatchObject({ status: 422, body: { code: 'reserved-key', field: 'data' } })
    expect(single.body.error).toMatch(/top-level key "__proto__".*rename it/)
    const batched = await post('/v1/commands', `{"commands":[${submit}]}`)
    expect(batched.body.results[0]).toEqual({ status: 422, body: single.body })
    // nothing created, nothing polluted
    expect((await t.request('GET', '/v1/interactions/p1')).status).toBe(404)
    expect(({} as Record<string, unknown>).tier).toBeUndefined()
    // nested, it is a key of a value: kept as sent
    const nested = await post(
      '/v1/interactions',
      '{"id":"p2","strategy":"support","data":{"x":{"__proto__":1}}}',
    )
    expect(nested.status).toBe(201)
    const view = await t.request('GET', '/v1/interactions/p2')
    expect(JSON.stringify(view.body.submitted.data)).toBe('{"x":{"__proto__":1}}')
  })

  it('quotes an unknown id printable in its 404, a bidi override or line feed shown, not obeyed', async () => {
    const t = await started.serve()
    const answer = await t.request('GET', `/v1/interactions/${encodeURIComponent('abc\u202edef\nx')}`)
    expect(answer.body).toEqual({
      error: 'Unknown interaction "abc\ufffddef\u240ax"',
      code: 'unknown-interaction',
    })
    const command = await t.request('POST', `/v1/interactions/${encodeURIComponent('\u202eq')}/complete`, {})
    expect(command.body).toEqual({ error: 'Unknown interaction "\ufffdq"', code: 'unknown-interaction' })
  })

  it.each([
    ['/v1/interactions/%E0%A4%A', 'GET'],
    ['/v1/interactions/x/confirm', 'DELETE'],
    ['/nowhere', 'GET'],
    ['/v1/agents/ann/state', 'POST'],
  ])('answers a bad path or method with a status: %s %s', async (url, method) => {
    const t = await started.serve()
    const response = await fetch(`${t.server.url}${url}`, { method })
    expect([404, 405]).toContain(response.status)
  })

  it.each(['/healthz', '/readyz', '/metrics', '/openapi.json', '/v1/events', '/v1/agents', '/v1/waiting'])(
    'answers HEAD %s as GET without a body (load balancers probe with HEAD)',
    async (url) => {
      const t = await started.serve()
      const get = await fetch(`${t.server.url}${url}`)
      const head = await fetch(`${t.server.url}${url}`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'))
      expect(await head.text()).toBe('')
      await get.body?.cancel()
    },
  )

  it.each([
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/metrics', 'GET, HEAD'],
    ['PUT', '/openapi.json', 'GET, HEAD'],
    ['POST', '/v1/events', 'GET, HEAD'],
    ['DELETE', '/v1/agents', 'GET, HEAD'],
    ['HEAD', '/v1/interactions', 'POST'],
    ['GET', '/v1/agents/ann/state', 'PUT'],
  ])('answers %s %s with 405 and Allow: %s', async (method, url, allow) => {
    const t = await started.serve()
    const response = await fetch(`${t.server.url}${url}`, { method })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    if (method !== 'HEAD')
      expect(await response.json()).toEqual({
        error: `${method} is not allowed here; use ${allow}`,
        code: 'method-not-allowed',
      })
  })

  it('names an unknown path as the client sent it, not as the URL parser reads it', async () => {
    const t = await started.serve()
    const url = new URL(t.server.url)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // `//v1/agents` is host v1 and path /agents to the URL parser; fetch would normalise it first
      const req = httpRequest({ host: url.hostname, port: url.port, path: '//v1/agents?x=1' }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body)).toEqual({
      error: 'No such path: GET //v1/agents (see /openapi.json)',
      code: 'no-such-path',
    })
    const long = await t.request('GET', `/v1/${'x'.repeat(5000)}`)
    expect(long.status).toBe(404)
    expect(long.body.error).toBe(`No such path: GET /v1/${'x'.repeat(196)}… (see /openapi.json)`)
  })

  it('answers a request target the URL parser refuses with 400, not a fault', async () => {
    const t = await started.serve()
    const url = new URL(t.server.url)
    const status = await new Promise<number>((resolve, reject) => {
      // fetch would normalise the path; node:http sends it as written
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'GET', path: '/\\' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(400)
    expect((await t.request('GET', '/healthz')).status).toBe(200)
  })

  it('refuses a body whose Content-Type is given twice with 415 naming both, in either order', async () => {
    const t = await started.serve()
    const url = new URL(t.server.url)
    const sent = (types: string[]) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const req = httpRequest(
          { host: url.hostname, port: url.port, method: 'POST', path: '/v1/interactions' },
          (res) => {
            let text = ''
            res.on('data', (chunk) => (text += chunk))
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
          },
        )
        // two header lines: node's client sends each value of a list as its own line
        req.setHeader('content-type', types)
        req.on('error', reject)
        req.end('{"id":"twice","strategy":"support"}')
      })
    for (const types of [
      ['application/json', 'text/plain'],
      ['text/plain', 'application/json'],
    ])
      expect(await sent(types), types.join()).toEqual({
        status: 415,
        body: {
          error: `Content-Type is given 2 times (${types.map((type) => JSON.stringify(type)).join(', ')}): send it once, as application/json`,
          code: 'unsupported-media-type',
        },
      })
    // nothing was created
    expect((await t.request('GET', '/v1/interactions/twice')).status).toBe(404)
  })

  it('answers a body sent with the wrong content type with 415, and a truncated upload without crashing', async () => {
    const t = await started.serve()
    const wrongType = await t.request('POST', '/v1/interactions', '{"id":"a","strategy":"support"}', {
      'content-type': 'text/plain',
    })
    expect(wrongType.status).toBe(415)
    const url = new URL(t.server.url)
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v1/interactions',
        headers: { 'content-type': 'application/json', 'content-length': '500' },
      })
      req.on('error', () => resolve())
      req.write('{"id":"trunc')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 50)
    })
    expect((await t.request('GET', '/healthz')).status).toBe(200)
  })
})
