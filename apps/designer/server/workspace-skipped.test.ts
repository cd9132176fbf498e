// @vitest-environment node
// The workspace list says what the walk skipped (RW091: a FIFO or folder named like a document) instead of leaving
// it out in silence: checked on the real designer server over HTTP with real entries on disk. (Opening a FIFO,
// a Latin-1 or a too-large file by name: workspace-security and hostile-input tests.)
import { execFileSync } from 'node:child_process'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const TEXT = 'strategy: a\nformat: 1\nstart: done\nnodes:\n  done: { type: end, outcome: reject }\n'
let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('entries the workspace walk skipped', () => {
  it('[RW091] lists a FIFO and a folder named like strategies as skipped warnings, not as files', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    execFileSync('mkfifo', [join(t.root, 'x.strategy.yaml')])
    await mkdir(join(t.root, 'sub', 'y.directory.yaml'), { recursive: true })
    const listed = await t.api('GET', '/api/files')
    expect(listed.status).toBe(200)
    expect(listed.body.files.map((f: { path: string }) => f.path)).toEqual(['a.strategy.yaml'])
    expect(listed.body.skipped).toEqual([
      {
        code: 'RW091',
        severity: 'warning',
        message: 'not a regular file (a folder), skipped. Rename or remove it: only regular files are read.',
        path: [],
        file: 'sub/y.directory.yaml',
      },
      {
        code: 'RW091',
        severity: 'warning',
        message:
          'not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
        path: [],
        file: 'x.strategy.yaml',
      },
    ])
  })

  it('[RW091] lists a symbolic link loop named like a strategy as skipped, saying it loops', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    await symlink('loop.strategy.yaml', join(t.root, 'loop.strategy.yaml'))
    await symlink('ping.strategy.yaml', join(t.root, 'pong.strategy.yaml'))
    await symlink('pong.strategy.yaml', join(t.root, 'ping.strategy.yaml'))
    const listed = await t.api('GET', '/api/files')
    expect(listed.body.files.map((f: { path: string }) => f.path)).toEqual(['a.strategy.yaml'])
    const message =
      'not a regular file (a symbolic link loop), skipped. Rename or remove it: only regular files are read.'
    expect(listed.body.skipped).toEqual(
      ['loop.strategy.yaml', 'ping.strategy.yaml', 'pong.strategy.yaml'].map((file) => ({
        code: 'RW091',
        severity: 'warning',
        message,
        path: [],
        file,
      })),
    )
  })

  it('leaves `skipped` out of a workspace with nothing skipped', async () => {
    t = await startTestServer({ 'a.strategy.yaml': TEXT })
    expect((await t.api('GET', '/api/files')).body).not.toHaveProperty('skipped')
  })
})
