// Test helpers: a small workspace in a temp folder, a server on a free loopback port, and JSON requests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { waitFor } from '@routewright/node-support/ports'
import { type RunningServer, type ServeOptions, startServer } from '@routewright/server'

export const DIRECTORY = `directory: test-center
format: 1
groups:
  support: { title: Support }
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
  bob: { groups: [support], capacity: { voice: 1 } }
destinations:
  voicemail: { type: routing-point, address: "7000" }
`

/** A strategy that waits for the support group for `wait`, then goes to voicemail. */
export function supportStrategy(id = 'support', wait = '1m', priority = 0): string {
  return `strategy: ${id}
format: 1
inputs:
  tier: { type: string, default: "" }
start: pick
nodes:
  pick:
    type: target
    targets: [{ group: support }]
    priority: ${priority}
    wait: ${wait}
    next: { timeout: voicemail, error: voicemail }
  voicemail: { type: route, destination: voicemail }
`
}

/**
 * A strategy whose first node is a switch (which raises no event of its own) before the support group's target:
 * node entries must come from the trace, not from the event stream.
 */
export function triageStrategy(id = 'triage'): string {
  return `strategy: ${id}
format: 1
inputs:
  tier: { type: string, default: "" }
start: by_tier
nodes:
  by_tier:
    type: switch
    cases: [{ label: gold, when: data.tier == "gold", next: pick }]
    default: pick
  pick:
    type: target
    targets: [{ group: support }]
    wait: 1m
    next: { timeout: voicemail, error: voicemail }
  voicemail: { type: route, destination: voicemail }
`
}

export interface TestWorkspace {
  dir: string
  write(file: string, text: string): void
  remove(): void
}

export function makeWorkspace(files: Record<string, string> = {}): TestWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-serve-'))
  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text)
  write('center.directory.yaml', DIRECTORY)
  write('support.strategy.yaml', supportStrategy())
  for (const [file, text] of Object.entries(files)) write(file, text)
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert on them
type Json = any

export interface TestServer {
  server: RunningServer
  workspace: TestWorkspace
  logs: Array<Record<string, unknown>>
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json }>
  stop(): Promise<void>
}

export async function serve(
  options: Partial<ServeOptions> = {},
  files?: Record<string, string>,
): Promise<TestServer> {
  const workspace = makeWorkspace(files)
  const logs: Array<Record<string, unknown>> = []
  const server = await startServer({
    workspace: workspace.dir,
    port: 0,
    watch: false,
    log: (level, msg, fields) => logs.push({ level, msg, ...fields }),
    ...options,
  })
  return {
    server,
    workspace,
    logs,
    async request(method, url, body, headers = {}) {
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {}
      return { status: response.status, body: parsed }
    },
    async stop() {
      await server.close()
      workspace.remove()
    },
  }
}

/** Polls `check` until it returns a value (not undefined or false), or fails after `ms`. */
export function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 3000): Promise<T> {
  return waitFor('the condition', check, ms, 20)
}
