// Each `serve --redis` process keeps its own monitor window: one started after the routing one reads the window back
// from the shared store, then counts on live, and keeps it across a takeover; without a store it says it counts
// since its own start (windowFrom), and a takeover neither empties nor restarts it.
import path from 'node:path'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { routingFirst, send } from './redis-serve-steps.ts'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

async function start(extra: string[] = []): Promise<ServeProcess> {
  const p = await startServeProcess(started.workspace!.dir, [
    '--redis',
    started.redis!.url,
    '--takeover',
    '1000',
    ...extra,
  ])
  started.processes.push(p)
  return p
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert on them
const monitor = async (p: ServeProcess): Promise<any> =>
  JSON.parse((await call(`${p.url}/v1/monitor`, 'GET')).text)

/** The support group's offered count in `p`'s monitor, once it is `n`. */
const offered = (p: ServeProcess, n: number) =>
  eventually(async () => {
    const row = (await monitor(p)).queues.find((q: { id: string }) => q.id === 'group:support')
    return row?.offered === n ? row : undefined
  }, 10_000)

async function abandoned(p: ServeProcess, id: string) {
  const submitted = await send(`${p.url}/v1/interactions`, 'POST', { id, strategy: 'support' })
  // a submit that answered 503 while routing changed hands may have run: its retry is then answered as a replay
  expect(submitted.status === 201 || submitted.body?.replayed === true).toBe(true)
  expect((await send(`${p.url}/v1/interactions/${id}/abandon`, 'POST')).status).toBe(200)
}

describe('serve --redis monitor windows', { timeout: 90_000 }, () => {
  it('a process started later reads the window back from the store, and keeps it as it takes over', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const store = `sqlite:${path.join(started.workspace.dir, 'history.db')}`
    const [a] = await routingFirst([start(['--store', store])])
    await abandoned(a!, 'w1')
    await eventually(async () => {
      const health = JSON.parse((await call(`${a!.url}/healthz`, 'GET')).text)
      return health.history?.written >= 1 ? true : undefined
    }, 10_000)
    const b = await start(['--store', store])
    // w1 ended before b started: from the store, the window whole
    await offered(b, 1)
    expect((await monitor(b)).windowFrom).toBeUndefined()
    await abandoned(b, 'w2')
    await offered(b, 2)
    await a!.kill('SIGKILL')
    // b routes now: its window goes on, nothing counted twice or lost
    await abandoned(b, 'w3')
    const row = await offered(b, 3)
    expect(row).toMatchObject({ abandoned: 3 })
    expect((await monitor(b)).windowFrom).toBeUndefined()
  })

  it('counts a caller still waiting in offered in each process, one started after it queued too', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const store = `sqlite:${path.join(started.workspace.dir, 'history.db')}`
    const [a] = await routingFirst([start(['--store', store])])
    const submitted = await send(`${a!.url}/v1/interactions`, 'POST', { id: 'q1', strategy: 'support' })
    expect(submitted.status).toBe(201)
    // b starts while q1 waits: no record of it in the store, the shared waiting list has it
    const b = await start(['--store', store])
    for (const p of [a!, b])
      expect(await offered(p, 1)).toMatchObject({ waiting: 1, answered: 0, abandoned: 0 })
    expect((await send(`${b.url}/v1/interactions/q1/abandon`, 'POST')).status).toBe(200)
    // ended: its record counts it now, the waiting list no more (once, never twice). Only in a, which saw it queue:
    // b's records builder never saw q1's queued event, so its record there names no queue (serve.md, "Live monitor")
    await eventually(async () => {
      const row = (await monitor(a!)).queues.find((q: { id: string }) => q.id === 'group:support')
      return row?.abandoned === 1
        ? expect(row).toMatchObject({ waiting: 0, offered: 1, entered: 1 })
        : undefined
    }, 10_000)
  })

  it('without a store a process counts since its own start, and a takeover does not restart it', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const [a, b] = await routingFirst([start(), start()])
    const from = (await monitor(b!)).windowFrom
    expect(from).toBeGreaterThan(Date.now() - 60_000)
    expect((await monitor(a!)).windowFrom).toBeGreaterThan(Date.now() - 60_000)
    await abandoned(b!, 'n1')
    await offered(b!, 1)
    await a!.kill('SIGKILL')
    await abandoned(b!, 'n2')
    await offered(b!, 2)
    expect((await monitor(b!)).windowFrom).toBe(from)
  })
})
