// @vitest-environment node
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { rawRequest, startTestServer, type TestServer } from './test-support.ts'
import { versionOf } from './workspace-scan.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const TEXT = 'id: a\n'
const V = versionOf(Buffer.from(TEXT))

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('paths', () => {
  it.each([
    ['../outside.strategy.yaml', 'path-traversal'],
    ['sub/../../outside.strategy.yaml', 'path-traversal'],
    ['%2e%2e/outside.strategy.yaml', 'path-traversal'],
    ['%252e%252e%252foutside.strategy.yaml', 'path-traversal'],
    ['..%2foutside.strategy.yaml', 'path-traversal'],
    ['/etc/passwd.strategy.yaml', 'absolute-path'],
    ['C:/Windows/x.strategy.yaml', 'absolute-path'],
    ['..\\outside.strategy.yaml', 'path-traversal'],
    ['a\\b.strategy.yaml', 'bad-path'],
    ['a.strategy.yaml\u0000.txt', 'bad-path'],
    ['.secret.strategy.yaml', 'bad-path'],
    ['a//b.strategy.yaml', 'bad-path'],
    ['notes.txt', 'unsupported-file-type'],
    ['package.json', 'unsupported-file-type'],
  ])('refuses to read %j (%s)', async (path, code) => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    await writeFile(join(t.sandbox, 'outside.strategy.yaml'), 'secret: 1\n')
    const reply = await t.api('GET', `/api/file?${new URLSearchParams({ path })}`)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe(code)
    expect(reply.body.error.message.length).toBeGreaterThan(10)
  })

  it.each([
    ['../outside.strategy.yaml', 'path-traversal'],
    ['/tmp/evil.strategy.yaml', 'absolute-path'],
    ['evil.sh', 'unsupported-file-type'],
    ['a.strategy.yaml.exe', 'unsupported-file-type'],
  ])('refuses to create %j (%s)', async (path, code) => {
    t = await startTestServer()
    const reply = await t.api('POST', '/api/file', { path, text: 'x' })
    expect(reply.body.error.code).toBe(code)
  })

  it('refuses a file that is a symlink to outside the workspace, for read, write and delete', async () => {
    t = await startTestServer()
    const outside = join(t.sandbox, 'outside.strategy.yaml')
    await writeFile(outside, TEXT)
    await symlink(outside, join(t.root, 'link.strategy.yaml'))
    const read = await t.api('GET', '/api/file?path=link.strategy.yaml')
    expect(read.status).toBe(403)
    expect(read.body.error.code).toBe('outside-workspace')
    const write = await t.api('PUT', '/api/file', {
      path: 'link.strategy.yaml',
      text: 'pwned',
      baseVersion: V,
      force: true,
    })
    expect(write.body.error.code).toBe('outside-workspace')
    const remove = await t.api('DELETE', `/api/file?path=link.strategy.yaml&version=${V}`)
    expect(remove.body.error.code).toBe('outside-workspace')
    expect(await readFile(outside, 'utf8')).toBe(TEXT)
    expect((await t.api('GET', '/api/files')).body.files).toEqual([])
  })

  it('refuses to create a file through a folder symlinked to outside the workspace', async () => {
    t = await startTestServer()
    await mkdir(join(t.sandbox, 'elsewhere'))
    await symlink(join(t.sandbox, 'elsewhere'), join(t.root, 'linked'))
    const reply = await t.api('POST', '/api/file', { path: 'linked/x.strategy.yaml', text: TEXT })
    expect(reply.status).toBe(403)
    expect(reply.body.error.code).toBe('outside-workspace')
    // nor by creating new folders below the link
    const deeper = await t.api('POST', '/api/file', { path: 'linked/new/x.strategy.yaml', text: TEXT })
    expect(deeper.body.error.code).toBe('outside-workspace')
    expect(await readdir(join(t.sandbox, 'elsewhere'))).toEqual([])
  })

  it('follows a symlink that stays inside the workspace and keeps it a link on save', async () => {
    t = await startTestServer({ 'real.strategy.yaml': TEXT })
    await symlink('real.strategy.yaml', join(t.root, 'alias.strategy.yaml'))
    const write = await t.api('PUT', '/api/file', {
      path: 'alias.strategy.yaml',
      text: 'id: b\n',
      baseVersion: V,
    })
    expect(write.status).toBe(200)
    expect(await readFile(join(t.root, 'real.strategy.yaml'), 'utf8')).toBe('id: b\n')
  })

  it('serves the page with headers that forbid framing it elsewhere', async () => {
    t = await startTestServer()
    const response = await fetch(t.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
  })

  it('does not serve files outside the build folder as static files', async () => {
    t = await startTestServer()
    await writeFile(join(t.sandbox, 'secret.txt'), 'secret')
    const reply = await rawRequest(t.server.port, { method: 'GET', path: '/../secret.txt' })
    expect(reply.status).toBe(404)
    const encoded = await rawRequest(t.server.port, { method: 'GET', path: '/%2e%2e/secret.txt' })
    expect(encoded.status).toBe(404)
  })
})

describe('bodies', () => {
  it('refuses a body over the limit with 413 and leaves the file alone', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const text = 'x'.repeat(5 * 1024 * 1024 + 10)
    const reply = await t.api('PUT', '/api/file', { path: 'a.strategy.yaml', text, baseVersion: V })
    expect(reply.status).toBe(413)
    expect(reply.body.error).toEqual({
      code: 'payload-too-large',
      message: 'The request body is over the 5 MB limit; nothing was written.',
    })
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
  })

  it('refuses a body that is not JSON', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await t.api('PUT', '/api/file', '{"path": "a.strategy.yaml",')
    expect(reply.status).toBe(400)
    expect(reply.body.error.message).toMatch(/not valid JSON/)
  })

  it('says where a body is not JSON (line and column), never quoting it', async () => {
    // a caller's body is hostile: V8's message quoted it, control characters and all, and said no line
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await t.api('PUT', '/api/file', '{"path": "a.strategy.yaml",\n "text": yes\u001b[2J}')
    expect(reply.status).toBe(400)
    expect(reply.body.error).toEqual({
      code: 'bad-request',
      message: 'The request body is not valid JSON: Unexpected character at line 2, column 10.',
    })
  })

  it('refuses a body without a JSON content type (what a cross-site form would send)', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await rawRequest(t.server.port, {
      method: 'PUT',
      path: '/api/file',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ path: 'a.strategy.yaml', text: 'x', baseVersion: V }),
    })
    expect(reply.status).toBe(415)
  })
})

describe('origins', () => {
  it('refuses a write from another origin and accepts one from the page itself', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const body = { path: 'a.strategy.yaml', text: 'id: evil\n', baseVersion: V }
    const evil = await t.api('PUT', '/api/file', body, { origin: 'http://evil.example' })
    expect(evil.status).toBe(403)
    expect(evil.body.error.code).toBe('cross-origin')
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
    const page = await t.api('PUT', '/api/file', body, { origin: t.url.replace(/\/$/, '') })
    expect(page.status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding), even for reads', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await rawRequest(t.server.port, {
      method: 'GET',
      path: '/api/file?path=a.strategy.yaml',
      headers: { host: `attacker.example:${t.server.port}` },
    })
    expect(reply.status).toBe(403)
    expect(reply.body.error.code).toBe('cross-origin')
  })

  it('refuses a request the browser marks as cross-site', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    const reply = await t.api('DELETE', `/api/file?path=a.strategy.yaml&version=${V}`, undefined, {
      'sec-fetch-site': 'cross-site',
    })
    expect(reply.status).toBe(403)
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(TEXT)
  })
})

it('refuses a FIFO named like a strategy instead of hanging on it', async () => {
  t = await startTestServer()
  const { execFileSync } = await import('node:child_process')
  execFileSync('mkfifo', [join(t.root, 'pipe.strategy.yaml')])
  const reply = await t.api('GET', '/api/file?path=pipe.strategy.yaml')
  expect(reply.status).toBe(400)
  expect(reply.body.error.message).toBe('"pipe.strategy.yaml" is not a regular file.')
})
