// @vitest-environment node
// The server under hostile input: huge files, huge bodies, over-long names, and exposure beyond loopback.
import { chmod, open, readdir, readFile, stat, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { MAX_NODES } from '@routewright/strategy-dsl'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_FILE_BYTES } from '../src/api/protocol.ts'
import { type ApiReply, rawRequest, startTestServer, type TestServer } from './test-support.ts'
import { versionOf } from './workspace-scan.ts'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 })

const TEXT = 'strategy: a\n'
const V = versionOf(Buffer.from(TEXT))
let t: TestServer
afterEach(async () => {
  await t?.close()
})

/** Sends `size` bytes of body in 1 MB chunks, declared up front or chunked, and returns the reply. */
function upload(port: number, size: number, declared: boolean): Promise<ApiReply> {
  const headers: Record<string, string | number> = { 'content-type': 'application/json' }
  if (declared) headers['content-length'] = size
  return rawRequest(port, {
    method: 'PUT',
    path: '/api/file',
    headers,
    body: (req) => {
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const pump = () => {
        while (sent < size) {
          const part = chunk.subarray(0, Math.min(chunk.length, size - sent))
          sent += part.length
          if (!req.write(part)) {
            req.once('drain', pump)
            return
          }
        }
        req.end()
      }
      pump()
    },
  })
}

describe('sizes', () => {
  it('lists a file over the size limit without reading it, and refuses to open it with 413', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    // a sparse 300 MB file: instant to make, and reading it would take seconds
    const huge = await open(join(t.root, 'huge.strategy.yaml'), 'w')
    await huge.truncate(300 * 1024 * 1024)
    await huge.close()
    const started = performance.now()
    const list = await t.api('GET', '/api/files')
    expect(list.status).toBe(200)
    const entry = list.body.files.find((f: { path: string }) => f.path === 'huge.strategy.yaml')
    expect(entry).toMatchObject({ size: 300 * 1024 * 1024, tooLarge: true })
    const read = await t.api('GET', '/api/file?path=huge.strategy.yaml')
    expect(read.status).toBe(413)
    expect(read.body.error).toEqual({
      code: 'file-too-large',
      message: `"huge.strategy.yaml" is 300.0 MB, over the ${(MAX_FILE_BYTES / 1024 / 1024).toFixed(1)} MB limit for a workspace file, so the designer does not open it; split it or edit it in a text editor.`,
    })
    // neither request read the 300 MB (hashing it alone takes about a second here)
    expect(performance.now() - started).toBeLessThan(3000)
    expect((await t.api('GET', '/api/file?path=a.strategy.yaml')).status).toBe(200)
  })

  it.each([
    ['declared by Content-Length', true],
    ['sent chunked', false],
  ])('answers 413 (not a reset) to a 70 MB body %s', async (_how, declared) => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await upload(t.server.port, 70 * 1024 * 1024, declared)
    expect(reply.status).toBe(413)
    expect(reply.body.error.code).toBe('payload-too-large')
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
    // the connection is still usable afterwards
    expect((await t.api('GET', '/api/files')).status).toBe(200)
  })
})

describe('counts', () => {
  it('says how many documents a workspace over 5,000 left out of the list, instead of dropping them silently', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 5002; i++) files[`f/${String(i).padStart(4, '0')}.strategy.yaml`] = TEXT
    t = await startTestServer(files)
    const listed = await t.api('GET', '/api/files')
    expect(listed.body.files).toHaveLength(5000)
    expect(listed.body.omitted).toBe(2)
    expect(listed.body.files.at(-1).path).toBe('f/4999.strategy.yaml')
  })
})

describe('names', () => {
  it('refuses a file name longer than the file system allows with 400', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const name = `${'n'.repeat(300)}.strategy.yaml`
    const created = await t.api('POST', '/api/file', { path: name, text: TEXT })
    expect(created.status).toBe(400)
    expect(created.body.error.code).toBe('bad-path')
    expect(created.body.error.message).toMatch(/is 314 bytes long; names can have at most 255\.$/)
    const renamed = await t.api('POST', '/api/rename', {
      from: 'a.strategy.yaml',
      to: `x/${name}`,
      version: V,
    })
    expect(renamed.status).toBe(400)
    expect((await t.api('GET', `/api/file?path=${name}`)).status).toBe(400)
  })

  it('refuses a name with a C1 control or a bidi override, for a new file and a rename; nothing is made', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const refusal = async (method: string, route: string, body: object) => {
      const reply = await t.api(method, route, body)
      return [reply.status, reply.body.error.code, reply.body.error.message]
    }
    // NEL breaks a listing's line, CSI drives a terminal: the DSL's control-character rule, C1 too
    for (const name of ['x\u0085y.strategy.yaml', 'x\u009b2Jy.strategy.yaml'])
      expect(await refusal('POST', '/api/file', { path: name, text: TEXT })).toEqual([
        400,
        'bad-path',
        'The file path contains control characters.',
      ])
    const bidi =
      'The file path holds a bidirectional control character (U+202E) at character 4, which makes a name read as another; rename it without it.'
    // reads as "viplmay.ygetarts..." on screen: another name than the one on disk
    expect(await refusal('POST', '/api/file', { path: 'vip\u202Elmay.strategy.yaml', text: TEXT })).toEqual([
      400,
      'bad-path',
      bidi,
    ])
    expect(
      await refusal('POST', '/api/rename', {
        from: 'a.strategy.yaml',
        to: 'vip\u202Ex.strategy.yaml',
        version: V,
      }),
    ).toEqual([400, 'bad-path', bidi])
    expect(await readdir(t.root)).toEqual(['a.strategy.yaml'])
  })
})

describe('encodings and links', () => {
  it('refuses to open a file that is not UTF-8, saying where, and a deliberate save still replaces it', async () => {
    const latin1 = Buffer.from('strategy: a\ntitle: caf\xe9\n', 'latin1')
    t = await startTestServer({ 'latin.strategy.yaml': latin1 })
    const opened = await t.api('GET', '/api/file?path=latin.strategy.yaml')
    expect(opened.status).toBe(422)
    expect(opened.body.error.code).toBe('not-utf8')
    expect(opened.body.error.message).toMatch(
      /^latin\.strategy\.yaml:2:11: The file is not valid UTF-8: .* convert it/,
    )
    // the bytes were never turned into replacement characters, and a deliberate overwrite still works
    expect(await readFile(join(t.root, 'latin.strategy.yaml'))).toEqual(latin1)
    const fixed = await t.api('PUT', '/api/file', {
      path: 'latin.strategy.yaml',
      text: 'strategy: a\ntitle: café\n',
      baseVersion: versionOf(latin1),
    })
    expect(fixed.status).toBe(200)
    expect(await readFile(join(t.root, 'latin.strategy.yaml'), 'utf8')).toBe('strategy: a\ntitle: café\n')
  })

  it('refuses a request body that is not UTF-8 with not-utf8, writing nothing (no U+FFFD in its place)', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const body = Buffer.concat([
      Buffer.from('{"path":"b.strategy.yaml","text":"strategy: b\\ntitle: x'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\\n"}'),
    ])
    const created = await rawRequest(t.server.port, {
      method: 'POST',
      path: '/api/file',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
      body: (req) => req.end(body),
    })
    expect([created.status, created.body.error]).toEqual([
      400,
      {
        code: 'not-utf8',
        message:
          'The request body is not valid UTF-8: a code point above U+10FFFF (byte 0xff) at byte 55; nothing was written. Send the text as UTF-8.',
      },
    ])
    expect(await readdir(t.root)).toEqual(['a.strategy.yaml'])
  })

  it('refuses to save over a read-only file, even with overwrite, saying how to fix it; nothing changes', async () => {
    t = await startTestServer({ 'locked.strategy.yaml': TEXT })
    const file = join(t.root, 'locked.strategy.yaml')
    await chmod(file, 0o444)
    for (const force of [false, true]) {
      const saved = await t.api('PUT', '/api/file', {
        path: 'locked.strategy.yaml',
        text: `${TEXT}# edited\n`,
        baseVersion: V,
        force,
      })
      expect([saved.status, saved.body.error]).toEqual([
        403,
        {
          code: 'read-only',
          message:
            '"locked.strategy.yaml" is read-only on disk, so it was not saved; nothing was changed. Make it writable (for example chmod u+w) and save again.',
        },
      ])
    }
    expect(await readFile(file, 'utf8')).toBe(TEXT)
    expect((await stat(file)).mode & 0o777).toBe(0o444)
    expect(await readdir(t.root)).toEqual(['locked.strategy.yaml'])
  })

  it('refuses an unpaired surrogate in a path or a text instead of saving U+FFFD in its place', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    // JSON.stringify escapes the lone half as \ud800, as a browser's JSON would
    const created = await t.api('POST', '/api/file', { path: 'x\ud800y.strategy.yaml', text: TEXT })
    expect([created.status, created.body.error]).toEqual([
      400,
      {
        code: 'bad-path',
        message:
          'The file path holds an unpaired UTF-16 surrogate at character 2, which no file name can hold; rename it with whole characters.',
      },
    ])
    const saved = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: `${TEXT}title: "ok 😀 \udc00"\n`,
      baseVersion: V,
    })
    expect([saved.status, saved.body.error]).toEqual([
      400,
      {
        code: 'bad-request',
        message:
          'a.strategy.yaml:2:15: the text holds an unpaired UTF-16 surrogate, which UTF-8 cannot store (it would be saved as U+FFFD); nothing was saved. Delete or retype that character.',
      },
    ])
    expect(await readdir(t.root)).toEqual(['a.strategy.yaml'])
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
  })

  it('[RW013] refuses to save or create a strategy over the node limit, saying where and why; the file is kept', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const lines = ['strategy: a', 'format: 1', 'start: n0', 'nodes:']
    for (let i = 0; i <= MAX_NODES; i++) lines.push(`  n${i}: { type: end, outcome: abandon }`)
    const huge = `${lines.join('\n')}\n`
    const refusal = {
      code: 'too-many-nodes',
      message:
        'a.strategy.yaml:4:1: RW013 The strategy has 10,001 nodes, over the limit of 10,000. Split the strategy into subroutines: move parts of it into strategies of their own and call them with subroutine nodes. Nothing was saved.',
    }
    for (const force of [false, true]) {
      const saved = await t.api('PUT', '/api/file', {
        path: 'a.strategy.yaml',
        text: huge,
        baseVersion: V,
        force,
      })
      expect([saved.status, saved.body.error]).toEqual([422, refusal])
    }
    const created = await t.api('POST', '/api/file', { path: 'b.strategy.yaml', text: huge })
    expect(created.status).toBe(422)
    expect(created.body.error.message).toMatch(/^b\.strategy\.yaml:4:1: RW013 The strategy has 10,001 nodes/)
    expect(await readdir(t.root)).toEqual(['a.strategy.yaml'])
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
    // one node fewer is saved
    const fewer = lines.slice(0, -1).join('\n')
    expect(
      (await t.api('PUT', '/api/file', { path: 'a.strategy.yaml', text: fewer, baseVersion: V })).status,
    ).toBe(200)
  })

  it('places an unpaired surrogate as the DSL places any finding: a lone CR ends a line, a byte order mark is no column', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const refusal = async (text: string) =>
      (await t.api('PUT', '/api/file', { path: 'a.strategy.yaml', text, baseVersion: V })).body.error.message
    // the same places `routewright validate` and the Problems panel give: line 2 column 9, line 1 column 9
    expect(await refusal('strategy: a\rtitle: "\udc00"\r')).toMatch(/^a\.strategy\.yaml:2:9: the text holds/)
    expect(await refusal('\ufefftitle: "\udc00"\n')).toMatch(/^a\.strategy\.yaml:1:9: the text holds/)
  })

  it('opens a file with a byte order mark and keeps the mark on save', async () => {
    const withBom = `\ufeff${TEXT}`
    t = await startTestServer({ 'bom.strategy.yaml': withBom })
    const opened = await t.api('GET', '/api/file?path=bom.strategy.yaml')
    expect(opened.body.text).toBe(withBom)
    const saved = await t.api('PUT', '/api/file', {
      path: 'bom.strategy.yaml',
      text: `${withBom}# note\n`,
      baseVersion: opened.body.version,
    })
    expect(saved.status).toBe(200)
    expect((await readFile(join(t.root, 'bom.strategy.yaml'))).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    )
  })

  it('names a symbolic link loop instead of answering with an internal error', async () => {
    t = await startTestServer()
    await symlink('b.strategy.yaml', join(t.root, 'a.strategy.yaml'))
    await symlink('a.strategy.yaml', join(t.root, 'b.strategy.yaml'))
    await symlink('loop', join(t.root, 'loop'))
    const opened = await t.api('GET', '/api/file?path=a.strategy.yaml')
    expect(opened.status).toBe(400)
    expect(opened.body.error.message).toBe(
      '"a.strategy.yaml" is a symbolic link loop (the links lead back to themselves); fix or remove the link.',
    )
    const created = await t.api('POST', '/api/file', { path: 'loop/x.strategy.yaml', text: TEXT })
    expect(created.status).toBe(400)
    expect(created.body.error.message).toMatch(/symbolic link loop/)
    expect((await t.api('GET', '/api/files')).status).toBe(200)
  })
})

describe('beyond loopback', () => {
  const TOKEN = 'correct-horse-battery-staple'

  it('refuses to start on a network address without a token or allowed hosts', async () => {
    await expect(startTestServer({}, { host: '0.0.0.0' })).rejects.toThrow(/pass --token <secret>/)
    await expect(startTestServer({}, { host: '0.0.0.0', token: 'short' })).rejects.toThrow(/at least 16/)
    await expect(startTestServer({}, { host: '0.0.0.0', token: TOKEN })).rejects.toThrow(/--allowed-host/)
  })

  it('needs the token on every request and only accepts the allowed Host names', async () => {
    t = await startTestServer(
      { 'a.strategy.yaml': TEXT },
      { host: '0.0.0.0', token: TOKEN, allowedHosts: ['designer.lan'] },
    )
    const port = t.server.port
    const get = (path: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual' })
    const anonymous = await get('/api/files', {})
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('unauthorized')
    expect((await get('/', {})).status).toBe(401)
    const bearer = { authorization: `Bearer ${TOKEN}` }
    expect((await get('/api/files', bearer)).status).toBe(200)
    expect((await get('/api/files', { authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401)
    // a Host that is not on the list is refused even with the token (DNS rebinding)
    const rebound = await rawGet(port, '/api/files', { host: `evil.example:${port}`, ...bearer })
    expect(rebound).toBe(403)
    expect(await rawGet(port, '/api/files', { host: `designer.lan:${port}`, ...bearer })).toBe(200)
    // the printed address carries the token once: the page sets a cookie and drops it from the URL
    expect(t.server.url).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`)
    const first = await get(`/?token=${TOKEN}`, {})
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/')
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/)
    expect((await get('/api/files', { cookie: cookie.split(';')[0]! })).status).toBe(200)
  })
})

async function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return (await rawRequest(port, { method: 'GET', path, headers })).status
}
