// @vitest-environment node
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { afterEach, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from './test-support.ts'
import { designerApiPlugin } from './vite-plugin.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let t: TestServer
let vite: ViteDevServer | undefined
afterEach(async () => {
  await vite?.close()
  await t?.close()
})

it('serves the workspace API from the vite dev server', async () => {
  // startTestServer only lends its temp workspace here; the requests go to vite
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
  vite = await createServer({
    configFile: false,
    root: t.sandbox,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1', ws: false },
    plugins: [designerApiPlugin({ workspace: t.root })],
  })
  await vite.listen()
  const base = vite.resolvedUrls?.local[0] ?? ''
  const list = await (await fetch(`${base}api/files`)).json()
  expect(list.files.map((f: { path: string }) => f.path)).toEqual(['a.strategy.yaml'])
  const read = await (await fetch(`${base}api/file?path=a.strategy.yaml`)).json()
  const save = await fetch(`${base}api/file`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: 'a.strategy.yaml', text: 'id: dev\n', baseVersion: read.version }),
  })
  expect(save.status).toBe(200)
  expect(await readFile(join(t.root, 'a.strategy.yaml'), 'utf8')).toBe('id: dev\n')
})
