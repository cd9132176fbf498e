// @vitest-environment node
// A save the file system refuses for want of permission, as a user who may not write the folder meets it: the
// message names the folder (a save is a new file beside the old one), and the file only when the file refused.
// Root passes every permission check, so the built server runs as nobody (setpriv), as the history tests do.

import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type DesignerServerProcess, ensureServerBundle, startServerProcess } from '../e2e/harness.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 })

const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')
const NOBODY = 65534
const TEXT = 'strategy: help\nformat: 1\nstart: done\nnodes:\n  done:\n    type: end\n    outcome: abandon\n'

let sandbox: string
let server: DesignerServerProcess | undefined

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${server!.port}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: await response.json() }
}

describe.skipIf(!asNobody)('a save refused for permission, as a user who may not write', () => {
  beforeAll(async () => {
    await ensureServerBundle()
    sandbox = await mkdtemp(join(tmpdir(), 'rw-permission-'))
    // mkdtemp's folder is root's alone: nobody must get through it
    await chmod(sandbox, 0o755)
    await writeFile(join(sandbox, 'index.html'), '<!doctype html>')
    const workspace = join(sandbox, 'workspace')
    await mkdir(join(workspace, 'flows'), { recursive: true })
    await writeFile(join(workspace, 'flows', 'help.strategy.yaml'), TEXT)
    await writeFile(join(workspace, 'root-only.strategy.yaml'), TEXT, { mode: 0o600 })
    for (const entry of ['', 'flows', 'flows/help.strategy.yaml'])
      await chown(join(workspace, entry), NOBODY, NOBODY)
    // nobody owns the folder but may not write it: the read-only folder of the brief
    await chmod(join(workspace, 'flows'), 0o555)
    server = await startServerProcess(workspace, sandbox, [], { user: 'nobody', group: 'nogroup' })
  })
  afterAll(async () => {
    server?.process.kill('SIGTERM')
    await rm(sandbox, { recursive: true, force: true })
  })

  it('names the folder, not the file, when the folder is not writable, and says how to fix it', async () => {
    const opened = await api('GET', '/api/file?path=flows/help.strategy.yaml')
    expect(opened.status).toBe(200)
    const saved = await api('PUT', '/api/file', {
      path: 'flows/help.strategy.yaml',
      text: `${TEXT}# edited\n`,
      baseVersion: opened.body.version,
    })
    expect(saved.body.error.message).toBe(
      'Permission denied: the folder "flows" is not writable, so "flows/help.strategy.yaml" cannot be saved in it; ' +
        'nothing was changed. Give the user running the designer write permission on "flows" (for example ' +
        'chmod u+w), or save the file in another folder.',
    )
    expect(await readFile(join(sandbox, 'workspace', 'flows', 'help.strategy.yaml'), 'utf8')).toBe(TEXT)
    const created = await api('POST', '/api/file', { path: 'flows/new.strategy.yaml', text: TEXT })
    expect(created.body.error.message).toMatch(
      /^Permission denied: the folder "flows" is not writable, so "flows\/new/,
    )
  })

  it('still names the file when the file itself may not be read', async () => {
    const opened = await api('GET', '/api/file?path=root-only.strategy.yaml')
    expect(opened.body.error.message).toBe(
      'Permission denied for "root-only.strategy.yaml"; check the file\'s permissions.',
    )
  })
})
