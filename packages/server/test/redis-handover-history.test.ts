// The history of interactions open when routing changes hands (issues #8, #11; ops review 1, 2): two serve processes
// on one Redis and one SQLite store; the routing one is killed -9 or stopped (SIGTERM) while a call is offered or
// connected. The process that takes over writes the record the first would have (agent, queue, answer, wait) and the
// handling when the host completes it.
import path from 'node:path'
import { openStore } from '@routewright/history'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { routingFirst, send } from './redis-serve-steps.ts'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

async function start(file: string): Promise<ServeProcess> {
  const p = await startServeProcess(started.workspace!.dir, [
    '--redis',
    started.redis!.url,
    '--takeover',
    '1000',
    '--store',
    `sqlite:${file}`,
  ])
  started.processes.push(p)
  return p
}

/** Two processes on one Redis and one store, the routing one first, ann ready. */
async function pair(): Promise<{ a: ServeProcess; b: ServeProcess; file: string }> {
  started.redis = await startRedisServer()
  started.workspace = makeWorkspace()
  const file = path.join(started.workspace.dir, 'history.db')
  // both at once: they migrate the new SQLite file together (the second waits for the first's write lock)
  const [a, b] = await routingFirst([start(file), start(file)])
  expect((await send(`${a!.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
  return { a: a!, b: b!, file }
}

/** Records the routing process `p` wrote (its /healthz count), at least `n`. */
async function written(p: ServeProcess, n: number): Promise<void> {
  await eventually(async () => {
    const health = JSON.parse((await call(`${p.url}/healthz`, 'GET')).text)
    return health.history.written >= n ? true : undefined
  }, 10_000)
}

/** The survivor stopped (its records written), then the store's rows of `id`. */
async function rowsOf(survivor: ServeProcess, file: string, id: string) {
  await survivor.kill('SIGTERM')
  const store = await openStore(`sqlite:${file}`)
  try {
    const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
    return {
      interactions: (await store.interactions(all)).filter((r) => r.id === id),
      handling: (await store.handling(all)).filter((h) => h.interaction === id),
    }
  } finally {
    await store.close()
  }
}

describe('history across a hand-over of routing', { timeout: 90_000 }, () => {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const)
    it(`records an interaction offered at the hand-over (${signal}) with its agent, queue, wait and handling`, async () => {
      const { a, b, file } = await pair()
      const offered = (await send(`${a.url}/v1/interactions`, 'POST', { id: 'q1', strategy: 'support' })).body
      expect(offered).toMatchObject({ state: 'reserved', agent: 'ann' })
      await a.kill(signal)
      // b routes now: q1 offered to ann again (kill -9: a new reservation) or still (SIGTERM: the same one)
      const view = await eventually(async () => {
        const got = await send(`${b.url}/v1/interactions/q1`, 'GET')
        return got.body?.state === 'reserved' && got.body.reservation ? got.body : undefined
      }, 10_000)
      expect(view.agent).toBe('ann')
      const confirm = { reservation: view.reservation }
      expect((await send(`${b.url}/v1/interactions/q1/confirm`, 'POST', confirm)).status).toBe(200)
      expect((await send(`${b.url}/v1/interactions/q1/complete`, 'POST')).status).toBe(200)
      const rows = await rowsOf(b, file, 'q1')
      expect(rows.interactions).toHaveLength(1)
      const [record] = rows.interactions
      // as a would have written it: its agent and target, the queue it waited in, when ann answered
      expect(record).toMatchObject({
        outcome: 'routed',
        agent: 'ann',
        target: 'group:support',
        queue: 'group:support',
        group: 'group:support',
      })
      expect(record!.answeredAt).toBeGreaterThanOrEqual(offered.submittedAt)
      expect(record!.arrivedAt).toBe(offered.submittedAt)
      expect(record!.segments.length).toBeGreaterThan(0)
      expect(rows.handling).toMatchObject([
        { interaction: 'q1', agent: 'ann', endedBy: 'completed', queue: 'group:support' },
      ])
    })

  for (const signal of ['SIGKILL', 'SIGTERM'] as const)
    it(`records the handling of a call connected at the hand-over (${signal}) when the next process completes it`, async () => {
      const { a, b, file } = await pair()
      expect((await send(`${a.url}/v1/interactions`, 'POST', { id: 't1', strategy: 'support' })).status).toBe(
        201,
      )
      expect((await send(`${a.url}/v1/interactions/t1/confirm`, 'POST')).status).toBe(200)
      // a wrote ann's state and t1's record before it went (a kill -9 loses what its writer thread still held)
      await written(a, 2)
      await a.kill(signal)
      const complete = { disposition: 'resolved' }
      const completed = await send(`${b.url}/v1/interactions/t1/complete`, 'POST', complete)
      // a complete answered 503 while routing moved may have run: its retry then reads "already ended"
      expect(
        completed.status === 200 || completed.body?.code === 'already-ended',
        JSON.stringify(completed),
      ).toBe(true)
      const rows = await rowsOf(b, file, 't1')
      // one record (a's), and the handling b wrote at the complete
      expect(rows.interactions).toMatchObject([{ id: 't1', agent: 'ann', outcome: 'routed' }])
      expect(rows.handling).toMatchObject([
        {
          interaction: 't1',
          agent: 'ann',
          endedBy: 'completed',
          disposition: 'resolved',
          queue: 'group:support',
          group: 'group:support',
          startedAt: rows.interactions[0]!.answeredAt,
        },
      ])
    })
})
