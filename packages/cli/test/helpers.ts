// Spawns the built binary as a user would, on real files in a fresh temporary folder per test.
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type { InteractionRecord } from '@routewright/history'
import { SUPPORT_DIRECTORY, supportStrategy } from '@routewright/node-support/testing'
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
    // a command that exits before reading its input (a usage error) closes the pipe first: EPIPE, not a failure
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error)
    })
    child.stdin.end(stdin ?? '')
  })
}

const folders: string[] = []
const servers: ChildProcessByStdio<null, Readable, Readable>[] = []
afterEach(() => {
  for (const child of servers.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

export interface StartedServer {
  child: ChildProcessByStdio<null, Readable, Readable>
  /** The address the command printed once it was ready (group 1 of `ready`). */
  url: string
  /** The exit code, once the process has closed. */
  exited: Promise<number | null>
  /** What the process has written so far. */
  stdout(): string
  stderr(): string
}

/**
 * Starts a long-running `routewright <args>` (serve, designer) and waits for the line `ready` matches on stdout or
 * stderr; rejects with its output if it exits first. A process still running after the test is killed.
 */
export function startRoutewright(
  args: readonly string[],
  options: { ready: RegExp; cwd?: string; env?: Record<string, string> },
): Promise<StartedServer> {
  const child = spawn(process.execPath, [binary, ...args], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  servers.push(child)
  let stdout = ''
  let stderr = ''
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = options.ready.exec(stderr) ?? options.ready.exec(stdout)
      if (found?.[1]) resolve({ child, url: found[1], exited, stdout: () => stdout, stderr: () => stderr })
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      check()
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      check()
    })
    child.on('close', () => reject(new Error(`routewright ${args[0]} exited: ${stderr}${stdout}`)))
  })
}

/** The line serve prints once it listens; group 1 is its address. */
export const SERVE_READY = /listening on (http:\/\/[\d.:]+)/

/** `serve` of the examples on a port the system picks, then `more` flags. */
export function serveExamplesOnAnyPort(more: readonly string[] = []): string[] {
  return ['serve', '--workspace', examplesDir, '--port', '0', ...more]
}

/** `serve` of the examples on a port the system picks, not watching, recording into `store`, then `more` flags. */
export function serveExamplesArgs(store: string, more: readonly string[] = []): string[] {
  return serveExamplesOnAnyPort(['--no-watch', '--store', store, ...more])
}

/** `routewright serve` of the examples into `store` (serveExamplesArgs), spawned in `cwd` and waited for until it listens. */
export function serveExamples(
  cwd: string,
  store: string,
  more: readonly string[] = [],
): Promise<StartedServer> {
  return startRoutewright(serveExamplesArgs(store, more), { cwd, ready: SERVE_READY })
}

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

/** A small valid strategy (the shared `supportStrategy`), or `body` as it is. */
export function strategy(id: string, body?: string): string {
  return body ?? supportStrategy(id)
}

/** The directory most tests write beside their strategies (shared with the language server's tests). */
export const directory = SUPPORT_DIRECTORY

/**
 * `routewright simulate` of desk.strategy.yaml in `cwd` (40 calls an hour of 2 minutes, over `hours`) recorded into
 * `store`, spawned: the history's writer thread loads the bundled runtime, as a user's run does.
 */
export function simulateDesk(
  cwd: string,
  store: string,
  hours: number,
  more: readonly string[] = [],
): Promise<RunResult> {
  const day = 'simulate desk.strategy.yaml --arrivals 40/h --aht 2m --hours'.split(' ')
  return routewright([...day, String(hours), ...more, '--store', store], cwd)
}

/** The day the history tests' records fall on. */
export const HISTORY_DAY = Date.UTC(2026, 2, 2)

/** An answered voice interaction of support, arrived `minute` minutes into HISTORY_DAY, waited 10 s. */
export function historyRecord(
  id: string,
  minute: number,
  overrides: Partial<InteractionRecord> = {},
): InteractionRecord {
  const arrivedAt = HISTORY_DAY + minute * 60_000
  return {
    id,
    router: 'r1',
    strategy: 'support',
    strategyVersion: 'v1',
    media: 'voice',
    arrivedAt,
    answeredAt: arrivedAt + 10_000,
    finishedAt: arrivedAt + 10_000,
    outcome: 'routed',
    waitMs: 10_000,
    agent: 'ann',
    queue: 'group:support',
    priority: 0,
    path: [],
    segments: [],
    reservations: [],
    data: {},
    ...overrides,
  }
}
