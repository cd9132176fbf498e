// Test fixtures for the server tests: real temp folders and a real server on a free loopback port.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { type ClientRequest, request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type DesignerServer, type DesignerServerOptions, startDesignerServer } from './designer-server.ts'

export interface TestServer {
  server: DesignerServer
  /** Real path of the temp workspace. */
  root: string
  /** The temp folder holding workspace/, dist/ and anything a test puts beside them (e.g. link targets). */
  sandbox: string
  url: string
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiReply>
  close(): Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: replies are checked by the tests' assertions, not by types
export type Json = any

export interface ApiReply {
  status: number
  body: Json
}

export interface SseEvent {
  event: string
  data: Json
}

export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string | number>
  /** The whole body, or a writer that sends it in parts and ends the request (a body too large to hold). */
  body?: string | ((req: ClientRequest) => void)
}

/**
 * A request through node:http on the loopback port, so nothing (fetch, URL) normalises the path or the headers,
 * and the body can be streamed: the status and the body of the reply (parsed when it is JSON, else the text).
 */
export function rawRequest(port: number, options: RawRequest): Promise<ApiReply> {
  return new Promise((resolve, reject) => {
    const { method, path, headers, body } = options
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: jsonOrText(text) }))
    })
    req.on('error', reject)
    if (typeof body === 'function') body(req)
    else req.end(body)
  })
}

function jsonOrText(text: string): Json {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  // each folder made once: a 5,000-file workspace re-made the same folder before every file
  const made = new Set<string>()
  for (const [path, content] of Object.entries(files)) {
    const folder = dirname(join(root, path))
    if (!made.has(folder)) await mkdir(folder, { recursive: true })
    made.add(folder)
    await writeFile(join(root, path), content)
  }
}

export async function startTestServer(
  files: Record<string, string | Buffer> = {},
  options: Partial<DesignerServerOptions> = {},
): Promise<TestServer> {
  const sandbox = await realpath(await mkdtemp(join(tmpdir(), 'rw-server-')))
  const root = join(sandbox, 'workspace')
  const dist = join(sandbox, 'dist')
  await mkdir(root)
  await writeFiles(dist, { 'index.html': '<!doctype html><title>Routewright test build</title>' })
  await writeFiles(root, files)
  let server: DesignerServer
  try {
    server = await startDesignerServer({
      workspace: root,
      dist,
      port: 0,
      pollIntervalMs: 250,
      ...options,
    })
  } catch (error) {
    // a test of a refused start gets no TestServer to close: the sandbox goes here
    await rm(sandbox, { recursive: true, force: true })
    throw error
  }
  return {
    server,
    root,
    sandbox,
    url: server.url,
    async api(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } }
      if (body !== undefined) {
        init.headers = { 'content-type': 'application/json', ...headers }
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
      }
      const response = await fetch(new URL(path, server.url), init)
      const text = await response.text()
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
    },
    async close() {
      try {
        await server.close()
      } finally {
        await rm(sandbox, { recursive: true, force: true })
      }
    },
  }
}

/** Reads Server-Sent Events from `url` until `until` returns true for the collected events or time runs out. */
export async function collectEvents(
  url: string,
  until: (events: SseEvent[]) => boolean,
  options: { timeoutMs?: number; onOpen?: () => Promise<void> | void } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000)
  const events: SseEvent[] = []
  try {
    const response = await fetch(url, { signal: controller.signal })
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    let opened = false
    while (true) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      let cut = buffer.indexOf('\n\n')
      while (cut >= 0) {
        const frame = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const event = /^event: (.*)$/m.exec(frame)?.[1]
        const data = /^data: (.*)$/m.exec(frame)?.[1]
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) })
        cut = buffer.indexOf('\n\n')
      }
      if (!opened && events.length > 0) {
        opened = true
        await options.onOpen?.()
      }
      if (until(events)) break
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
  return events
}
