// The VS Code extension's own choices: which server `routewright.server.path` starts (and what a wrong one says),
// started as the extension starts it and driven over stdio; the activation events and schemas for every file kind.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serverLaunch } from '../../../editors/vscode/src/server-launch.ts'
import { spawnLspClient } from './lsp-client.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
const bundled = '/ext/dist/server.mjs'
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A workspace folder holding a plain file, a folder, and `bin/routewright` (a shell script, not executable). */
function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rw-vscode-'))
  folders.push(root)
  mkdirSync(path.join(root, 'bin'))
  writeFileSync(path.join(root, 'bin/routewright'), '#!/bin/sh\nexit 0\n')
  return root
}

describe('routewright.server.path', () => {
  it('unset starts the bundled server with Node', () => {
    expect(serverLaunch('', bundled, [], '/home/u')).toEqual({
      ok: true,
      kind: 'module',
      path: bundled,
      args: ['lsp', '--stdio'],
    })
  })

  it.each([
    ['a missing file', 'bin/nope', 'does not exist'],
    ['a folder', 'bin', 'is not a file'],
    ['a file without the execute bit', 'bin/routewright', 'is not executable: run `chmod +x` on it'],
  ])('set to %s says what is wrong and how to fix it', (_, setting, problem) => {
    const root = workspace()
    const launch = serverLaunch(setting, bundled, [root], '/home/u')
    expect(launch).toEqual({
      ok: false,
      message: expect.stringContaining(
        `Routewright: routewright.server.path "${setting}" (${path.join(root, setting)}) ${problem}`,
      ),
    })
    expect(launch.ok || launch.message).toMatch(/clear it to use the server bundled with the extension\.$/)
  })

  it('reads a relative path from the workspace folder and runs an executable as a command', () => {
    const root = workspace()
    chmodSync(path.join(root, 'bin/routewright'), 0o755)
    expect(serverLaunch('bin/routewright', bundled, [root], '/home/u')).toMatchObject({
      ok: true,
      kind: 'command',
      path: path.join(root, 'bin/routewright'),
    })
  })

  it('runs a JavaScript entry with Node, as the extension does, and that server answers LSP over stdio', async () => {
    const root = workspace()
    const cli = path.join(repo, 'packages/cli/bin/routewright.mjs')
    const launch = serverLaunch(path.relative(root, cli), bundled, [root], '/home/u')
    expect(launch).toMatchObject({ ok: true, kind: 'module', path: cli })
    if (!launch.ok) return
    // vscode-languageclient runs a module as `node <module> <args> --stdio --clientProcessId=<pid>`
    const client = await spawnLspClient(
      launch.path,
      [...launch.args, '--stdio', `--clientProcessId=${process.pid}`],
      {
        cwd: root,
        root,
      },
    )
    expect(client.initialized).toMatchObject({ serverInfo: { name: 'routewright' } })
    await client.close()
    expect(await client.exitCode()).toBe(0)
  })
})

it('activates on, and gives schemas to, every extension the server reads: .yaml, .yml and .json', () => {
  const manifest = JSON.parse(readFileSync(path.join(repo, 'editors/vscode/package.json'), 'utf8'))
  for (const kind of ['strategy', 'directory', 'test'])
    for (const ext of ['yaml', 'yml', 'json'])
      expect(manifest.activationEvents).toContain(`workspaceContains:**/*.${kind}.${ext}`)
  expect(manifest.activationEvents).toContain('workspaceContains:**/alarms.yaml')
  const matched = manifest.contributes.yamlValidation.map((entry: { fileMatch: string }) => entry.fileMatch)
  for (const kind of ['strategy', 'directory', 'test']) expect(matched).toContain(`*.${kind}.yml`)
  const json = manifest.contributes.jsonValidation.map((entry: { fileMatch: string }) => entry.fileMatch)
  for (const kind of ['strategy', 'directory', 'test']) expect(json).toContain(`*.${kind}.json`)
})
