// Spawns the built binary as a user would, on real files in a fresh temporary folder per test.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')
export const binary = path.join(repoRoot, 'packages/cli/bin/routewright.mjs')
export const examplesDir = path.join(repoRoot, 'examples')

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `routewright <args>` in `cwd` and collects its output. */
export function routewright(args: readonly string[], cwd: string, stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A temporary folder holding `files` (path -> content), removed after the test. */
export function workspace(files: Record<string, string | Uint8Array> = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-cli-'))
  folders.push(folder)
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(folder, name)
    mkdirSync(path.dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
  return folder
}

/** A small valid strategy; `extra` lines are appended under `nodes:`. */
export function strategy(id: string, body?: string): string {
  return (
    body ??
    `strategy: ${id}
format: 1
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }]
    wait: 30s
    next: { timeout: done, error: done }
  done:
    type: end
    outcome: default-route
`
  )
}

export const directory = `directory: test-env
format: 1
groups:
  support: { title: Support }
agents:
  ann: { groups: [support], skills: { english: 5 }, capacity: { voice: 1 } }
  bob: { groups: [support], capacity: { voice: 1 } }
`
