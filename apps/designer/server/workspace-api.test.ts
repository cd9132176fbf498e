// @vitest-environment node
import { chmod, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'
import { versionOf } from './workspace-scan.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const VIP = 'id: vip\nstart: check\n# keep this comment\nnodes: {}\n'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

function sha(text: string): string {
  return versionOf(Buffer.from(text, 'utf8'))
}

describe('listing', () => {
  it('lists strategies, directories and tests with size, mtime and version, skipping other and hidden files', async () => {
    t = await startTestServer({
      'vip.strategy.yaml': VIP,
      'sales/b2b.strategy.json': '{"id":"b2b"}',
      'org.directory.yaml': 'agents: []\n',
      'vip.test.yaml': 'strategy: vip\n',
      'README.md': '# not a document',
      '.hidden/x.strategy.yaml': VIP,
      'node_modules/pkg/y.strategy.yaml': VIP,
    })
    const { status, body } = await t.api('GET', '/api/files')
    expect(status).toBe(200)
    expect(body.workspace).toBe(t.root)
    expect(body.files.map((f: { path: string; kind: string }) => [f.path, f.kind])).toEqual([
      ['org.directory.yaml', 'directory'],
      ['sales/b2b.strategy.json', 'strategy'],
      ['vip.strategy.yaml', 'strategy'],
      ['vip.test.yaml', 'test'],
    ])
    const vip = body.files.find((f: { path: string }) => f.path === 'vip.strategy.yaml')
    const info = await stat(join(t.root, 'vip.strategy.yaml'))
    expect(vip).toEqual({
      path: 'vip.strategy.yaml',
      kind: 'strategy',
      size: VIP.length,
      mtimeMs: info.mtimeMs,
      version: sha(VIP),
    })
  })
})

describe('read and write', () => {
  it.each([
    ['LF text with a comment', VIP],
    ['CRLF line ends', 'id: vip\r\nstart: a\r\n'],
    ['no final newline and unicode', 'id: café\nlabel: "Zürich → 東京 ✓"'],
    ['a byte-order mark', '\uFEFFid: bom\n'],
  ])('round-trips %s byte for byte', async (_name, text) => {
    t = await startTestServer({ 'a.strategy.yaml': 'id: old\n' })
    const read = await t.api('GET', '/api/file?path=a.strategy.yaml')
    const write = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text,
      baseVersion: read.body.version,
    })
    expect(write.status).toBe(200)
    expect(write.body.version).toBe(sha(text))
    expect(await readFile(join(t.root, 'a.strategy.yaml'))).toEqual(Buffer.from(text, 'utf8'))
    const again = await t.api('GET', '/api/file?path=a.strategy.yaml')
    expect(again.body.text).toBe(text)
    expect(again.body.version).toBe(write.body.version)
  })

  it('leaves the file untouched (same bytes, same mtime) when an unchanged document is saved', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    const before = await stat(join(t.root, 'a.strategy.yaml'))
    const read = await t.api('GET', '/api/file?path=a.strategy.yaml')
    const write = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: read.body.text,
      baseVersion: read.body.version,
    })
    expect(write.status).toBe(200)
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(VIP)
    expect((await stat(join(t.root, 'a.strategy.yaml'))).mtimeMs).toBe(before.mtimeMs)
  })

  it('refuses with 409 and the current text when the file changed on disk since it was read', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    const read = await t.api('GET', '/api/file?path=a.strategy.yaml')
    await writeFile(join(t.root, 'a.strategy.yaml'), 'id: pulled\n')
    const write = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: 'id: mine\n',
      baseVersion: read.body.version,
    })
    expect(write.status).toBe(409)
    expect(write.body.error.code).toBe('conflict')
    expect(write.body.error.message).toMatch(/changed on disk since you opened it/)
    expect(write.body.current).toMatchObject({ text: 'id: pulled\n', version: sha('id: pulled\n') })
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe('id: pulled\n')
  })

  it('overwrites a changed file when forced', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    await writeFile(join(t.root, 'a.strategy.yaml'), 'id: pulled\n')
    const write = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: 'id: mine\n',
      baseVersion: sha(VIP),
      force: true,
    })
    expect(write.status).toBe(200)
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe('id: mine\n')
  })

  it('reports a file deleted on disk as a conflict with no current text, and recreates it when forced', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    await unlink(join(t.root, 'a.strategy.yaml'))
    const refused = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: 'id: a\n',
      baseVersion: sha(VIP),
    })
    expect(refused.status).toBe(409)
    expect(refused.body.current).toBeNull()
    const forced = await t.api('PUT', '/api/file', {
      path: 'a.strategy.yaml',
      text: 'id: a\n',
      baseVersion: sha(VIP),
      force: true,
    })
    expect(forced.status).toBe(200)
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe('id: a\n')
  })

  it('keeps the file mode across a save', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    await chmod(join(t.root, 'a.strategy.yaml'), 0o600)
    await t.api('PUT', '/api/file', { path: 'a.strategy.yaml', text: 'id: b\n', baseVersion: sha(VIP) })
    expect((await stat(join(t.root, 'a.strategy.yaml'))).mode & 0o777).toBe(0o600)
  })

  it('answers 404 with the path for a missing file', async () => {
    t = await startTestServer()
    const read = await t.api('GET', '/api/file?path=nope.strategy.yaml')
    expect(read).toEqual({
      status: 404,
      body: {
        error: { code: 'not-found', message: 'File "nope.strategy.yaml" does not exist in the workspace.' },
      },
    })
  })
})

describe('create, rename, duplicate, delete', () => {
  it('creates a new file and refuses to create over an existing one', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    const created = await t.api('POST', '/api/file', { path: 'sub/../b.strategy.yaml', text: 'id: b\n' })
    expect(created.body.error.code).toBe('path-traversal')
    const ok = await t.api('POST', '/api/file', { path: 'b.strategy.yaml', text: 'id: b\n' })
    expect(ok.status).toBe(201)
    expect(await readFile(join(t.root, 'b.strategy.yaml'), 'utf8')).toBe('id: b\n')
    const clash = await t.api('POST', '/api/file', { path: 'a.strategy.yaml', text: 'id: x\n' })
    expect(clash.status).toBe(409)
    expect(clash.body.error.code).toBe('already-exists')
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe(VIP)
  })

  it('creates missing folders inside the workspace for a new file', async () => {
    t = await startTestServer()
    const created = await t.api('POST', '/api/file', {
      path: 'sales/emea/new.strategy.yaml',
      text: 'id: n\n',
    })
    expect(created.status).toBe(201)
    expect(await readFile(join(t.root, 'sales', 'emea', 'new.strategy.yaml'), 'utf8')).toBe('id: n\n')
  })

  it('renames only at the current version and never over another file', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP, 'c.strategy.yaml': 'id: c\n' })
    const stale = await t.api('POST', '/api/rename', {
      from: 'a.strategy.yaml',
      to: 'b.strategy.yaml',
      version: sha('x'),
    })
    expect(stale.status).toBe(409)
    const clash = await t.api('POST', '/api/rename', {
      from: 'a.strategy.yaml',
      to: 'c.strategy.yaml',
      version: sha(VIP),
    })
    expect(clash.body.error.code).toBe('already-exists')
    const moved = await t.api('POST', '/api/rename', {
      from: 'a.strategy.yaml',
      to: 'b.strategy.yaml',
      version: sha(VIP),
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ path: 'b.strategy.yaml', version: sha(VIP) })
    expect((await readdir(t.root)).sort()).toEqual(['b.strategy.yaml', 'c.strategy.yaml'])
  })

  it('duplicates a file with its bytes and mode', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    await chmod(join(t.root, 'a.strategy.yaml'), 0o640)
    const copy = await t.api('POST', '/api/duplicate', {
      from: 'a.strategy.yaml',
      to: 'a-copy.strategy.yaml',
    })
    expect(copy.status).toBe(201)
    expect(await readFile(join(t.root, 'a-copy.strategy.yaml'), 'utf8')).toBe(VIP)
    expect((await stat(join(t.root, 'a-copy.strategy.yaml'))).mode & 0o777).toBe(0o640)
  })

  it('deletes only at the current version', async () => {
    t = await startTestServer({ 'a.strategy.yaml': VIP })
    const noVersion = await t.api('DELETE', '/api/file?path=a.strategy.yaml')
    expect(noVersion.status).toBe(400)
    const stale = await t.api('DELETE', `/api/file?path=a.strategy.yaml&version=${sha('old')}`)
    expect(stale.status).toBe(409)
    expect(stale.body.current.text).toBe(VIP)
    const gone = await t.api('DELETE', `/api/file?path=a.strategy.yaml&version=${sha(VIP)}`)
    expect(gone).toEqual({ status: 200, body: { deleted: 'a.strategy.yaml' } })
    expect(await readdir(t.root)).toEqual([])
  })
})
