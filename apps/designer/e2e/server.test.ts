import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkspaceChange, WorkspaceClient, WorkspaceSnapshot } from '../src/api/index.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

/** What the tests put on `window`; the client is loaded into the page as a real ES module. */
interface TestWindow {
  rw: { createWorkspaceClient: (base: string) => WorkspaceClient }
  client: WorkspaceClient
  changes: WorkspaceChange[]
  snapshot: WorkspaceSnapshot | undefined
}

/** Bundles src/api for the browser (vite, in memory) so the page runs the same client the designer uses. */
async function clientModule(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: resolve(import.meta.dirname, '..'),
    build: {
      write: false,
      minify: false,
      lib: { entry: 'src/api/index.ts', formats: ['es'], fileName: 'client' },
    },
  })
  const result = Array.isArray(output) ? output[0] : output
  const chunk = (result as { output: Array<{ code?: string }> }).output[0]
  return `${chunk?.code}\nwindow.rw = { createWorkspaceClient }\n`
}

const session = designerForThisFile()

describe('the built server in Chromium', () => {
  it('serves the designer page at the root', async () => {
    const response = await session.page.goto(session.url)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8')
    expect(await response?.text()).toMatch(/<title>Routewright Designer<\/title>/)
    expect(await session.page.title()).toMatch(/Routewright/)
    expect(await session.page.locator('#root').count()).toBe(1)
    await session.screenshot('server-root')
  })

  it('answers the workspace API from the page: list, read, save byte-identical, conflict', async () => {
    const result = await session.page.evaluate(async () => {
      const list = await (await fetch('/api/files')).json()
      const file = await (await fetch('/api/file?path=vip-routing.strategy.yaml')).json()
      const save = async (text: string, baseVersion: string) => {
        const response = await fetch('/api/file', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ path: file.path, text, baseVersion }),
        })
        return { status: response.status, body: await response.json() }
      }
      const unchanged = await save(file.text, file.version)
      const edited = await save(`${file.text}# edited in the browser\n`, file.version)
      const stale = await save('id: stale\n', file.version)
      return { paths: list.files.map((f: { path: string }) => f.path), file, unchanged, edited, stale }
    })
    expect(result.paths).toContain('vip-routing.strategy.yaml')
    expect(result.paths).toContain('contact-center.directory.yaml')
    expect(result.unchanged.status).toBe(200)
    expect(result.unchanged.body.version).toBe(result.file.version)
    expect(result.edited.status).toBe(200)
    expect(result.stale.status).toBe(409)
    expect(result.stale.body.error.code).toBe('conflict')
    const onDisk = await readFile(join(session.workspace, 'vip-routing.strategy.yaml'), 'utf8')
    expect(onDisk).toBe(`${result.file.text}# edited in the browser\n`)
  })

  it("streams an external change to the page through the client's watch (EventSource)", async () => {
    await session.page.goto(session.url)
    await session.page.addScriptTag({ type: 'module', content: await clientModule() })
    await session.page.waitForFunction(() => (window as unknown as { rw?: unknown }).rw !== undefined)
    await session.page.evaluate(() => {
      const w = window as unknown as TestWindow
      w.client = w.rw.createWorkspaceClient(location.origin)
      w.changes = []
      w.snapshot = undefined
      w.client.watch((change) => w.changes.push(change), {
        onSnapshot: (snapshot) => (w.snapshot = snapshot),
      })
    })
    await session.page.waitForFunction(() => (window as unknown as TestWindow).snapshot !== undefined)
    // the page's own save must not come back to it as an external change
    const own = await session.page.evaluate(async () => {
      const w = window as unknown as TestWindow
      const file = await w.client.read('ab-test.strategy.yaml')
      if (!file.ok) return file.error.message
      const saved = await w.client.write(file.value.path, `${file.value.text}# own\n`, file.value.version)
      return saved.ok ? 'saved' : saved.error.message
    })
    expect(own).toBe('saved')
    await writeFile(join(session.workspace, 'business-hours.strategy.yaml'), 'id: pulled\n')
    await session.page.waitForFunction(
      () => (window as unknown as TestWindow).changes.some((c) => c.path === 'business-hours.strategy.yaml'),
      undefined,
      { timeout: 10_000 },
    )
    const changes = await session.page.evaluate(() => (window as unknown as TestWindow).changes)
    expect(changes).toEqual([
      expect.objectContaining({ type: 'changed', path: 'business-hours.strategy.yaml', origin: null }),
    ])
  })

  describe('a page on another origin', () => {
    let evil: Server
    let evilUrl: string
    beforeAll(async () => {
      evil = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'))
      await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done))
      evilUrl = `http://127.0.0.1:${(evil.address() as { port: number }).port}/`
    })
    afterAll(
      () =>
        new Promise<void>((done) => {
          evil.close(() => done())
          evil.closeAllConnections()
        }),
    )

    it('cannot write to the workspace, with or without a preflight', async () => {
      const path = join(session.workspace, 'language-menu.strategy.yaml')
      const before = await readFile(path, 'utf8')
      const version = (await (await fetch(`${session.url}api/file?path=language-menu.strategy.yaml`)).json())
        .version
      await session.page.goto(evilUrl)
      const outcome = await session.page.evaluate(
        async ({ target, version }) => {
          const body = JSON.stringify({
            path: 'language-menu.strategy.yaml',
            text: 'id: pwned\n',
            baseVersion: version,
            force: true,
          })
          const results: string[] = []
          try {
            await fetch(`${target}api/file`, {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body,
            })
            results.push('json: sent')
          } catch {
            results.push('json: blocked')
          }
          try {
            await fetch(`${target}api/file`, {
              method: 'POST',
              mode: 'no-cors',
              headers: { 'content-type': 'text/plain' },
              body,
            })
            results.push('simple: sent')
          } catch {
            results.push('simple: blocked')
          }
          return results
        },
        { target: session.url, version },
      )
      expect(outcome[0]).toBe('json: blocked')
      expect(await readFile(path, 'utf8')).toBe(before)
    })
  })
})
