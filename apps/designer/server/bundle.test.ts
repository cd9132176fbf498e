// @vitest-environment node
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { ensureServerBundle, SERVER_BUNDLE, startServerProcess } from '../e2e/harness.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

// the bundle as `npm start` runs it: built by vite, started with node, stopped with a signal
let sandbox: string
beforeAll(async () => {
  await ensureServerBundle()
  sandbox = await mkdtemp(join(tmpdir(), 'rw-bundle-'))
  await writeFile(join(sandbox, 'index.html'), '<!doctype html><title>bundle test</title>')
  await writeFile(join(sandbox, 'a.strategy.yaml'), 'id: a\n')
}, 60_000)
afterAll(() => rm(sandbox, { recursive: true, force: true }))

it('serves the API from the built bundle and stops cleanly on SIGTERM', async () => {
  const server = await startServerProcess(sandbox, sandbox)
  const list = await (await fetch(`http://127.0.0.1:${server.port}/api/files`)).json()
  expect(list.files.map((f: { path: string }) => f.path)).toEqual(['a.strategy.yaml'])
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)))
  server.process.kill('SIGTERM')
  expect(await exited).toBe(0)
})

it('exits non-zero with a clear message when the port is taken', async () => {
  const server = await startServerProcess(sandbox, sandbox)
  try {
    const second = spawnSync(
      process.execPath,
      [SERVER_BUNDLE, '--workspace', sandbox, '--dist', sandbox, '--port', String(server.port), '--no-open'],
      { encoding: 'utf8', timeout: 15_000 },
    )
    expect(second.status).toBe(1)
    expect(second.stderr).toContain(`Port ${server.port} on 127.0.0.1 is already in use.`)
  } finally {
    server.process.kill('SIGTERM')
  }
})

it('tells the user to build first when the designer build is missing', () => {
  const run = spawnSync(
    process.execPath,
    [SERVER_BUNDLE, '--workspace', sandbox, '--dist', join(sandbox, 'nope'), '--port', '0'],
    { encoding: 'utf8', timeout: 15_000 },
  )
  expect(run.status).toBe(1)
  expect(run.stderr).toMatch(/run `npm run build` first/)
})
