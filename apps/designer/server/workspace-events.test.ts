// @vitest-environment node
import { mkdir, unlink, writeFile } from 'node:fs/promises'
import { type ClientRequest, request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_EVENT_STREAMS } from './sse-hub.ts'
import { collectEvents, type SseEvent, startTestServer, type TestServer } from './test-support.ts'
import { versionOf } from './workspace-scan.ts'

// real servers and real disks on a shared 2-core machine: seconds, not milliseconds
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let t: TestServer
afterEach(async () => {
  await t?.close()
})

function changes(events: SseEvent[]) {
  return events.filter((e) => e.event === 'change').map((e) => e.data)
}

describe.each([
  ['fs.watch plus poll', true],
  ['poll alone', false],
])('the change stream (%s)', (_name, useFsWatch) => {
  it('starts with a snapshot and then delivers external edits, creations and deletions', async () => {
    t = await startTestServer(
      { 'a.strategy.yaml': 'id: a\n', 'gone.test.yaml': 'strategy: a\n' },
      { useFsWatch },
    )
    const events = await collectEvents(`${t.url}api/events`, (all) => changes(all).length >= 3, {
      timeoutMs: 8000,
      async onOpen() {
        // what a git pull does: rewrite one file, add one, remove one
        await writeFile(join(t.root, 'a.strategy.yaml'), 'id: a\nversion: 2\n')
        await writeFile(join(t.root, 'new.strategy.yaml'), 'id: new\n')
        await unlink(join(t.root, 'gone.test.yaml'))
      },
    })
    expect(events[0]?.event).toBe('snapshot')
    expect(events[0]?.data.files.map((f: { path: string }) => f.path)).toEqual([
      'a.strategy.yaml',
      'gone.test.yaml',
    ])
    const byPath = Object.fromEntries(changes(events).map((c) => [c.path, c]))
    expect(byPath['a.strategy.yaml']).toEqual({
      type: 'changed',
      path: 'a.strategy.yaml',
      kind: 'strategy',
      version: versionOf(Buffer.from('id: a\nversion: 2\n')),
      origin: null,
    })
    expect(byPath['new.strategy.yaml']).toMatchObject({ type: 'created', kind: 'strategy', origin: null })
    expect(byPath['gone.test.yaml']).toEqual({
      type: 'deleted',
      path: 'gone.test.yaml',
      kind: 'test',
      version: null,
      origin: null,
    })
  })
})

it('labels a change made through the API with the client id that made it', async () => {
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
  const version = versionOf(Buffer.from('id: a\n'))
  const events = await collectEvents(`${t.url}api/events`, (all) => changes(all).length >= 1, {
    async onOpen() {
      const reply = await t.api(
        'PUT',
        '/api/file',
        { path: 'a.strategy.yaml', text: 'id: b\n', baseVersion: version },
        { 'x-routewright-client': 'tab-1' },
      )
      expect(reply.status).toBe(200)
    },
  })
  expect(changes(events)).toEqual([
    {
      type: 'changed',
      path: 'a.strategy.yaml',
      kind: 'strategy',
      version: versionOf(Buffer.from('id: b\n')),
      origin: 'tab-1',
    },
  ])
})

it('watches folders that appear later, without waiting for the poll', async () => {
  // a poll too slow to matter within the timeout: only the folder watchers can deliver these
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' }, { pollIntervalMs: 60_000 })
  const target = join(t.root, 'sales', 'emea', 'b.strategy.yaml')
  const events = await collectEvents(`${t.url}api/events`, (all) => changes(all).length >= 2, {
    timeoutMs: 5000,
    async onOpen() {
      await mkdir(join(t.root, 'sales', 'emea'), { recursive: true })
      await writeFile(target, 'id: b\n')
      // give the scan time to add a watcher for the new folder, then edit inside it
      await new Promise((resolve) => setTimeout(resolve, 500))
      await writeFile(target, 'id: b\nversion: 2\n')
    },
  })
  expect(changes(events).map((c) => [c.type, c.path])).toEqual([
    ['created', 'sales/emea/b.strategy.yaml'],
    ['changed', 'sales/emea/b.strategy.yaml'],
  ])
})

it('keeps the cap when many streams open at once: those awaiting the refresh do not all pass', async () => {
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
  const port = t.server.port
  const reqs: ClientRequest[] = []
  const open = () =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/events', agent: false }, (res) => {
        resolve(res.statusCode ?? 0)
        res.resume()
      })
      reqs.push(req)
      req.on('error', reject)
      req.end()
    })
  try {
    const statuses = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS + 16 }, open))
    expect([statuses.filter((s) => s === 200).length, statuses.filter((s) => s === 503).length]).toEqual([
      MAX_EVENT_STREAMS,
      16,
    ])
  } finally {
    for (const req of reqs) req.destroy()
  }
})

it('refuses a change stream over the cap with 503 too-many-streams and Retry-After; a closed one frees its slot', async () => {
  t = await startTestServer({ 'a.strategy.yaml': 'id: a\n' })
  const port = t.server.port
  /** Opens a stream on its own socket; resolves with its status, headers, the request (to end it) and any body. */
  const open = () =>
    new Promise<{ status: number; retryAfter: unknown; body: Promise<string>; req: ClientRequest }>(
      (resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/events', agent: false }, (res) => {
          const body = new Promise<string>((done) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              text += chunk
            })
            res.on('end', () => done(text))
            res.on('error', () => done(text))
          })
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body, req })
        })
        req.on('error', reject)
        req.end()
      },
    )
  const streams = []
  try {
    for (let i = 0; i < MAX_EVENT_STREAMS; i++) streams.push(await open())
    expect(streams.every((s) => s.status === 200)).toBe(true)
    const refused = await open()
    expect([refused.status, refused.retryAfter, JSON.parse(await refused.body)]).toEqual([
      503,
      '15',
      {
        error: {
          code: 'too-many-streams',
          message: `Too many event streams open (${MAX_EVENT_STREAMS}); close other designer tabs or retry later.`,
        },
      },
    ])
    streams.pop()?.req.destroy()
    await vi.waitFor(async () => {
      const again = await open()
      if (again.status === 200) streams.push(again)
      expect(again.status).toBe(200)
    })
  } finally {
    for (const s of streams) s.req.destroy()
  }
})
