// @vitest-environment node
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../../server/test-support.ts'
import { createWorkspaceClient } from './index.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('createWorkspaceClient against the real server', () => {
  it('lists, reads and saves, returning the new version', async () => {
    t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
    const client = createWorkspaceClient(t.url)
    const list = await client.list()
    expect(list.ok && list.value.files.map((f) => f.path)).toEqual(['a.strategy.yaml'])
    const file = await client.read('a.strategy.yaml')
    if (!file.ok) throw new Error(file.error.message)
    const saved = await client.write('a.strategy.yaml', 'id: a\n# edited\n', file.value.version)
    expect(saved.ok).toBe(true)
    const again = await client.read('a.strategy.yaml')
    expect(again.ok && saved.ok && again.value.version === saved.value.version).toBe(true)
  })

  it('returns a conflict as a value with what is on disk, and overwrites when forced', async () => {
    t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
    const client = createWorkspaceClient(t.url)
    const file = await client.read('a.strategy.yaml')
    if (!file.ok) throw new Error(file.error.message)
    const other = await client.write('a.strategy.yaml', 'id: pulled\n', file.value.version)
    expect(other.ok).toBe(true)
    const mine = await client.write('a.strategy.yaml', 'id: mine\n', file.value.version)
    expect(mine.ok).toBe(false)
    if (mine.ok) return
    expect(mine.error.code).toBe('conflict')
    expect(mine.error.status).toBe(409)
    expect(mine.conflict?.current?.text).toBe('id: pulled\n')
    const forced = await client.write('a.strategy.yaml', 'id: mine\n', file.value.version, { force: true })
    expect(forced.ok).toBe(true)
    expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe('id: mine\n')
  })

  it('creates, duplicates, renames and removes', async () => {
    t = await startTestServer()
    const client = createWorkspaceClient(t.url)
    const created = await client.create('new.strategy.yaml', 'id: new\n')
    if (!created.ok) throw new Error(created.error.message)
    expect((await client.create('new.strategy.yaml', 'x')).ok).toBe(false)
    expect((await client.duplicate('new.strategy.yaml', 'copy.strategy.yaml')).ok).toBe(true)
    const renamed = await client.rename('new.strategy.yaml', 'moved.strategy.yaml', created.value.version)
    expect(renamed.ok && renamed.value.path).toBe('moved.strategy.yaml')
    const removed = await client.remove('copy.strategy.yaml', created.value.version)
    expect(removed).toEqual({ ok: true, value: { deleted: 'copy.strategy.yaml' } })
    const list = await client.list()
    expect(list.ok && list.value.files.map((f) => f.path)).toEqual(['moved.strategy.yaml'])
  })

  it("passes the server's refusal through as an error value", async () => {
    t = await startTestServer()
    const client = createWorkspaceClient(t.url)
    const result = await client.read('../etc/passwd.strategy.yaml')
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'path-traversal',
        status: 400,
        message: '"../etc/passwd.strategy.yaml" leaves the workspace ("..") and was refused.',
      },
    })
  })

  it('reports an unreachable server as a network error value instead of throwing', async () => {
    t = await startTestServer()
    const url = t.url
    await t.close()
    const result = await createWorkspaceClient(url).list()
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('network')
      expect(result.error.message).toMatch(/Cannot reach the designer server at http:\/\/127\.0\.0\.1:\d+/)
    }
  })
})
