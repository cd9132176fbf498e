// Test helpers: a small workspace in a temp folder, a server on a free loopback port, JSON requests, and a host's
// endpoint that receives webhooks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type RunningServer, type ServeOptions, startServer } from '@routewright/server'
import { afterEach, expect } from 'vitest'

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

/** Queues in turn: group first for 20 s, then group second (ann in first, bob in second), then voicemail. */
export const IN_TURN_FILES = {
  'center.directory.yaml': `directory: in-turn
format: 1
groups:
  first: { title: First }
  second: { title: Second }
  support: { title: Support }
agents:
  ann: { groups: [first], capacity: { voice: 1 } }
  bob: { groups: [second], capacity: { voice: 1 } }
destinations:
  voicemail: { type: routing-point, address: "7000" }
`,
  'sales.strategy.yaml': `strategy: sales
format: 1
start: first
nodes:
  first: { type: target, targets: [{ group: first }], wait: 20s, next: { timeout: second, error: voicemail } }
  second: { type: target, targets: [{ group: second }], wait: 1m, next: { timeout: voicemail, error: voicemail } }
  voicemail: { type: route, destination: voicemail }
`,
}

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

/**
 * Serve's window figures count since its start (window alarm rules of up to an hour hold until their window passed):
 * a test of alarms on whole windows starts serve on a clock this long before its START, then moves it on by as much.
 */
export const RAN_BEFORE_MS = 15 * 60_000

/** Moves `clock` on by RAN_BEFORE_MS and waits for the evaluations that fired (GET /v1/alarms waits for them). */
export async function ranBefore(t: TestServer, clock: { advance(ms: number): void }): Promise<void> {
  clock.advance(RAN_BEFORE_MS)
  await t.ok('GET', '/v1/alarms')
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
  /** A request that must succeed (a status under 300): its body. */
  ok(method: string, url: string, body?: unknown): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

export async function serve(
  options: Partial<ServeOptions> = {},
  files?: Record<string, string>,
): Promise<TestServer> {
  const workspace = makeWorkspace(files)
  const logs: Array<Record<string, unknown>> = []
  let server: RunningServer
  try {
    server = await startServer({
      workspace: workspace.dir,
      port: 0,
      watch: false,
      log: (level, msg, fields) => logs.push({ level, msg, ...fields }),
      ...options,
    })
  } catch (error) {
    // a test of a refused start gets no TestServer to stop: the workspace goes here
    workspace.remove()
    throw error
  }
  const request: TestServer['request'] = async (method, url, body, headers = {}) => {
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
  }
  return {
    server,
    workspace,
    logs,
    request,
    async ok(method, url, body) {
      const answer = await request(method, url, body)
      expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300)
      return answer.body
    },
    async stop() {
      try {
        await server.close()
      } finally {
        workspace.remove()
      }
    },
  }
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Stops listening and ends open connections (serve's keep-alive ones too). */
  close(): Promise<void>
}

/**
 * A host's endpoint (webhooks, the assignment callback) on a free loopback port: `handle` gets each request with
 * its body read. A handler that throws answers 500 (serve retries or counts it) instead of throwing in the test
 * process, perhaps after the test.
 */
export async function startReceiver(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>,
): Promise<Receiver> {
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      Promise.resolve()
        .then(() => handle(req, body, res))
        .catch((error: Error) => {
          if (!res.headersSent) res.writeHead(500)
          res.end(error.message)
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** What a test file's tests start through `stoppedAfterEachTest()`. */
export interface StartedEachTest {
  serve: typeof serve
  receive: typeof startReceiver
}

/**
 * Call once at a test file's top level: the servers and host endpoints its tests start through the returned
 * object are stopped after each test whatever its outcome, the last started first (serve before its receiver).
 */
export function stoppedAfterEachTest(): StartedEachTest {
  const stops: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
  })
  return {
    async serve(options, files) {
      const t = await serve(options, files)
      stops.push(() => t.stop())
      return t
    },
    async receive(handle) {
      const receiver = await startReceiver(handle)
      stops.push(() => receiver.close())
      return receiver
    },
  }
}
