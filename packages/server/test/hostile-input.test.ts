// What a hostile or careless client sends at serve's boundaries: bytes that are no UTF-8, ids no URL can name or
// that read as others, a foreign Host (DNS rebinding), query parameters and Last-Event-ID values serve does not read.
import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest } from './helpers.ts'

const started = stoppedAfterEachTest()

interface Raw {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: Buffer
}

/** A request sent as written (fetch would set Host itself and normalise the path), its status and JSON body. */
function raw(base: string, { method = 'GET', path, headers = {}, body }: Raw) {
  const url = new URL(base)
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: body ? { 'content-length': String(body.length), ...headers } : headers,
      },
      (res) => {
        // a stream that opened has no end to wait for: its status is the answer
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, body: {} })
          req.destroy()
          return
        }
        let text = ''
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          let parsed: Record<string, unknown> = {}
          try {
            parsed = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const submitOf = (id: string) => Buffer.from(`{"id":"${id}","strategy":"support"}`, 'latin1')

describe('serve reads request bodies as UTF-8 only', () => {
  it('refuses a body that is not UTF-8, saying at which byte, so two Latin-1 ids never become one', async () => {
    const t = await started.serve()
    const post = (body: Buffer, type = 'application/json') =>
      raw(t.server.url, { method: 'POST', path: '/v1/interactions', headers: { 'content-type': type }, body })
    const first = await post(submitOf('call-caf\xe9'))
    expect(first.status).toBe(400)
    expect(first.body).toMatchObject({ code: 'not-utf8' })
    expect(first.body.error).toMatch(/not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 15/)
    const second = await post(submitOf('call-caf\xe8'))
    expect(second.status).toBe(400)
    expect(second.body).not.toHaveProperty('replayed')
    // a charset serve does not read is refused before the bytes are read as anything
    const latin1 = await post(submitOf('call-caf\xe9'), 'application/json; charset=iso-8859-1')
    expect(latin1.status).toBe(415)
    expect(latin1.body).toMatchObject({ code: 'unsupported-media-type' })
    expect(latin1.body.error).toMatch(/not charset "iso-8859-1"/)
    // UTF-8 said either way is read: the same id, encoded right, is taken
    const utf8 = Buffer.from('{"id":"call-café","strategy":"support"}', 'utf8')
    expect((await post(utf8, 'application/json; charset="UTF-8"')).status).toBe(201)
    expect((await t.request('GET', `/v1/interactions/${encodeURIComponent('call-café')}`)).status).toBe(200)
  })
})

describe('serve refuses ids that read as others or that no URL can name', () => {
  it('refuses a lone surrogate, a bidi control and a zero-width character in an id, as a control character', async () => {
    const t = await started.serve()
    const cases: Array<[string, RegExp]> = [
      ['s\ud800', /unpaired UTF-16 surrogate \(U\+D800 at position 1\).*no URL could name the id/],
      ['call-\u202e1-lla', /invisible format character \(U\+202E at position 5\).*read as another/],
      ['call\u200b-1', /invisible format character \(U\+200B at position 4\)/],
      ['call-\ufeff', /invisible format character \(U\+FEFF at position 5\)/],
    ]
    for (const [id, text] of cases) {
      const answer = await t.request('POST', '/v1/interactions', { id, strategy: 'support' })
      expect(answer.status, JSON.stringify(id)).toBe(422)
      expect(answer.body).toMatchObject({ code: 'control-character', field: 'id' })
      expect((answer.body as { error: string }).error).toMatch(text)
    }
    // whole characters beyond the BMP, accents and other scripts are ids like any
    for (const id of ['call-😀', 'appel-é', 'ruf-\u4e2d'])
      expect((await t.request('POST', '/v1/interactions', { id, strategy: 'support' })).status).toBe(201)
  })
})

describe('serve on loopback answers only loopback Host names', () => {
  it('refuses a foreign Host (DNS rebinding) on reads and writes, and takes the names of allowedHosts', async () => {
    const t = await started.serve({ allowedHosts: ['routing.internal'] })
    const { port } = t.server
    const agents = (host: string) => raw(t.server.url, { path: '/v1/agents', headers: { host } })
    const rebound = await agents(`evil.example:${port}`)
    expect(rebound.status).toBe(403)
    expect(rebound.body).toMatchObject({ code: 'foreign-host' })
    expect(rebound.body.error).toMatch(/Host "evil\.example:\d+" is not this server.*--allowed-host <name>/)
    const submit = await raw(t.server.url, {
      method: 'POST',
      path: '/v1/interactions',
      headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
      body: Buffer.from('{"id":"rebound","strategy":"support"}'),
    })
    expect(submit.status).toBe(403)
    expect((await t.request('GET', '/v1/interactions/rebound')).status).toBe(404)
    // another port of a loopback name is another origin too
    expect((await agents(`127.0.0.1:${port + 1}`)).status).toBe(403)
    for (const host of [
      `127.0.0.1:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      `routing.internal:${port}`,
      // a proxy keeps its own Host, without a port on 80 or 443: a name given bare matches any port and none
      'routing.internal',
      'routing.internal:443',
    ])
      expect((await agents(host)).status, host).toBe(200)
  })
})

describe('serve refuses query parameters and Last-Event-ID values it does not read', () => {
  it('refuses any parameter on /v1/monitor and /v1/alarms, as /v1/agents refuses an unknown one', async () => {
    const t = await started.serve()
    for (const path of ['/v1/monitor', '/v1/alarms']) {
      expect((await t.request('GET', path)).status, path).toBe(200)
      for (const query of ['?bogus=1', '?since=NaN']) {
        const answer = await t.request('GET', `${path}${query}`)
        expect(answer.status, `${path}${query}`).toBe(400)
        expect(answer.body).toMatchObject({
          code: 'invalid-query',
          issues: [expect.objectContaining({ code: 'unrecognized_keys' })],
        })
      }
    }
  })

  it('answers a Last-Event-ID that is no event id 400 before the stream opens', async () => {
    const t = await started.serve()
    for (const id of ['-1', '1e400', 'abc'])
      for (const [path, headers] of [
        ['/v1/events', { 'last-event-id': id }],
        [`/v1/events?lastEventId=${encodeURIComponent(id)}`, {}],
      ] as const) {
        const answer = await raw(t.server.url, { path, headers })
        expect(answer.status, `${id} ${path}`).toBe(400)
        expect(answer.body).toMatchObject({ code: 'invalid-last-event-id' })
        expect(answer.body.error).toContain('is not an event id')
      }
  })
})
