// startServer's `directory` option by loadWorkspace's one rule: a relative path is the workspace folder's, and one only
// the current folder has (what the CLI's --directory would read) is refused naming the absolute path, never guessed.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type RunningServer, ServeError, startServer } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkspace, type TestWorkspace } from './helpers.ts'

let server: RunningServer | undefined
const removed: Array<() => void> = []
afterEach(async () => {
  await server?.close()
  server = undefined
  for (const remove of removed.splice(0)) remove()
})

function workspaceWithEnv(): TestWorkspace {
  const workspace = makeWorkspace()
  removed.push(workspace.remove)
  mkdirSync(path.join(workspace.dir, 'env'))
  copyFileSync(
    path.join(workspace.dir, 'center.directory.yaml'),
    path.join(workspace.dir, 'env/prod.directory.yaml'),
  )
  return workspace
}

describe('startServer({ directory })', () => {
  it('reads a relative directory against the workspace folder', async () => {
    const workspace = workspaceWithEnv()
    server = await startServer({
      workspace: workspace.dir,
      directory: 'env/prod.directory.yaml',
      port: 0,
      watch: false,
      log: () => {},
    })
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  })

  it('refuses a relative directory only the current folder has, naming the absolute path to pass', async () => {
    const workspace = workspaceWithEnv()
    // the workspace deeper than the current folder: the path from there, read from the workspace, stays inside it
    const deep = path.join(
      workspace.dir,
      ...process
        .cwd()
        .split(path.sep)
        .map(() => 'w'),
    )
    mkdirSync(deep, { recursive: true })
    for (const file of ['center.directory.yaml', 'support.strategy.yaml'])
      copyFileSync(path.join(workspace.dir, file), path.join(deep, file))
    const outside = mkdtempSync(path.join(tmpdir(), 'rw-serve-env-'))
    removed.push(() => rmSync(outside, { recursive: true, force: true }))
    const file = path.join(outside, 'prod.directory.yaml')
    copyFileSync(path.join(workspace.dir, 'center.directory.yaml'), file)
    const fromCwd = path.relative(process.cwd(), file)
    const refused = await startServer({
      workspace: deep,
      directory: fromCwd,
      port: 0,
      watch: false,
      log: () => {},
    })
      .then((running) => {
        server = running
        return undefined
      })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ServeError)
    expect((refused as ServeError).diagnostics.map((d) => d.code)).toEqual(['RW098'])
    expect((refused as ServeError).message).toContain(
      `a relative path is read against the workspace folder, not the current one, where it names ${file}: pass that absolute path`,
    )
    server = await startServer({ workspace: deep, directory: file, port: 0, watch: false, log: () => {} })
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  })
})
