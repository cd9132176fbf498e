// @vitest-environment node
// GET /api/alarms: serve's alarms.yaml handed to the designer read only, for where-used; no file is no alarms.
import { symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'
import { versionOf } from './workspace-scan.ts'

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const ALARMS =
  'alarms: desk\nformat: 1\nrules:\n  waiting:\n    figure: waiting\n    queue: group:support\n    above: 5\n'

let t: TestServer
afterEach(async () => {
  await t?.close()
})

describe('GET /api/alarms', () => {
  it('hands over the text of alarms.yaml at the root, with its version', async () => {
    t = await startTestServer({ 'alarms.yaml': ALARMS, 'help.strategy.yaml': 'strategy: help\n' })
    const { status, body } = await t.api('GET', '/api/alarms')
    expect(status).toBe(200)
    expect(body).toEqual({
      alarms: { path: 'alarms.yaml', version: versionOf(Buffer.from(ALARMS)), text: ALARMS },
    })
    // it stays out of the document list: the designer does not open or save it
    const files = await t.api('GET', '/api/files')
    expect(files.body.files.map((f: { path: string }) => f.path)).toEqual(['help.strategy.yaml'])
  })

  it('answers null when the workspace has no alarms.yaml', async () => {
    t = await startTestServer({ 'help.strategy.yaml': 'strategy: help\n' })
    expect(await t.api('GET', '/api/alarms')).toMatchObject({ status: 200, body: { alarms: null } })
  })

  it('refuses an alarms.yaml that links outside the workspace, and any method but GET', async () => {
    t = await startTestServer({ 'help.strategy.yaml': 'strategy: help\n' })
    const outside = join(t.sandbox, 'alarms.yaml')
    await writeFile(outside, ALARMS)
    await symlink(outside, join(t.root, 'alarms.yaml'))
    const linked = await t.api('GET', '/api/alarms')
    expect(linked.status).toBe(403)
    expect(linked.body.error.code).toBe('outside-workspace')
    expect((await t.api('POST', '/api/alarms', {})).status).toBe(405)
  })
})
