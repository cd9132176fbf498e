// Several `routewright serve --redis` processes across a takeover and a Redis outage: ended interactions stay
// readable and "already ended" from any process after the routing one is killed -9; /readyz follows Redis;
// a submit forwarded by a follower is routed and recorded exactly as one sent to the routing process, and so are a
// late confirm, a completion and an agent's state change.
import path from 'node:path'
import { openStore } from '@routewright/history'
import { waitFor } from '@routewright/node-support/ports'
import { eventually, startRedisServer } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { routingFirst } from './redis-serve-steps.ts'
import { call, type ServeProcess, startServeProcess } from './serve-process.ts'
import { followEvents, type StreamedEvent } from './sse-client.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

async function start(extra: string[] = [], takeover = '1000'): Promise<ServeProcess> {
  const p = await startServeProcess(started.workspace!.dir, [
    '--redis',
    started.redis!.url,
    '--takeover',
    takeover,
    ...extra,
  ])
  started.processes.push(p)
  return p
}

/** Two processes started at once, the routing one (whichever took the lease) first. */
async function pair(takeover = '1000'): Promise<[ServeProcess, ServeProcess]> {
  const [routing, follower] = await routingFirst([start([], takeover), start([], takeover)])
  return [routing!, follower!]
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert on them
async function json(url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const answer = await call(url, method, body)
  let parsed: unknown = answer.text
  try {
    parsed = JSON.parse(answer.text)
  } catch {}
  return { status: answer.status, body: parsed }
}

/** Retries while routing changes hands (503) until the answer is something else. */
async function settled(url: string, method: string, body?: unknown, ms = 8000) {
  return eventually(async () => {
    const answer = await json(url, method, body)
    return answer.status === 503 || answer.status === 0 ? undefined : answer
  }, ms)
}

describe('serve --redis across a takeover', { timeout: 90_000 }, () => {
  it('keeps ended interactions readable and refused as already ended from every process after kill -9', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const [a, b] = await pair()
    const seen: Array<{ type: string; interaction: string }> = []
    const stream = followEvents(b.url, (event) => seen.push(event))
    try {
      // open before the first submit: the routed count below must include this test's own routing
      await stream.ready
      // everything goes through the follower: the routing process (a) only ever hears of it by forwarding
      expect((await json(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      const submit = { id: 'done1', strategy: 'support', priority: 3, data: { tier: 'gold' } }
      expect((await json(`${b.url}/v1/interactions`, 'POST', submit)).body).toMatchObject({ agent: 'ann' })
      expect((await json(`${b.url}/v1/interactions/done1/confirm`, 'POST')).status).toBe(200)
      expect((await json(`${b.url}/v1/interactions/done1/complete`, 'POST')).status).toBe(200)
      const lunch = { state: 'not-ready', reason: 'lunch' }
      expect((await json(`${b.url}/v1/agents/ann/state`, 'PUT', lunch)).status).toBe(200)
      expect(
        (await json(`${b.url}/v1/interactions`, 'POST', { id: 'gone1', strategy: 'support' })).status,
      ).toBe(201)
      expect((await json(`${b.url}/v1/interactions/gone1/abandon`, 'POST')).status).toBe(200)
      const done = (await json(`${b.url}/v1/interactions/done1`, 'GET')).body
      const gone = (await json(`${a.url}/v1/interactions/gone1`, 'GET')).body
      expect(done).toMatchObject({ state: 'completed', agent: 'ann', path: ['pick'] })
      expect(done.explanation.winner).toBe('ann')
      expect(done.trace.length).toBeGreaterThan(0)
      expect(gone).toMatchObject({ state: 'finished', outcome: 'abandoned' })
      // the stream saw this test's one routing (events reach a follower's stream asynchronously)
      await waitFor(
        'the routed event of done1 on the stream',
        () => seen.some((e) => e.type === 'routed'),
        10_000,
      )
      const routedBefore = seen.filter((e) => e.type === 'routed').length
      expect(seen.filter((e) => e.type === 'routed')).toEqual([
        expect.objectContaining({ interaction: 'done1' }),
      ])

      await a.kill('SIGKILL')
      // b takes over within the takeover time; what a closed is read from Redis, the same as before
      expect((await settled(`${b.url}/v1/interactions/done1`, 'GET')).body).toEqual(done)
      expect((await settled(`${b.url}/v1/interactions/gone1`, 'GET')).body).toEqual(gone)
      // a process started after the takeover reads it too (forwarded to b, which never routed it)
      const c = await start()
      expect((await settled(`${c.url}/v1/interactions/done1`, 'GET')).body).toEqual(done)
      // the new routing process replayed ann's state from Redis with its reason
      const agents = (await settled(`${c.url}/v1/agents`, 'GET')).body.agents as Array<{ id: string }>
      expect(agents.find((agent) => agent.id === 'ann')).toMatchObject(lunch)

      // the host repeats commands after the takeover: the same clear 409 from every process, nothing re-run
      for (const url of [b.url, c.url]) {
        expect(await settled(`${url}/v1/interactions/done1/complete`, 'POST')).toEqual({
          status: 409,
          body: { error: 'Interaction "done1" already ended (completed)', code: 'already-ended' },
        })
        expect((await settled(`${url}/v1/interactions/done1/confirm`, 'POST')).status).toBe(409)
        expect(await settled(`${url}/v1/interactions/gone1/abandon`, 'POST')).toEqual({
          status: 409,
          body: { error: 'Interaction "gone1" already ended (finished)', code: 'already-ended' },
        })
        // a retried submit is answered with the interaction as it ended; another request with its id is refused
        expect(await settled(`${url}/v1/interactions`, 'POST', submit)).toMatchObject({
          status: 200,
          body: { id: 'done1', state: 'completed', agent: 'ann', replayed: true },
        })
        expect(await settled(`${url}/v1/interactions`, 'POST', { ...submit, priority: 4 })).toEqual({
          status: 409,
          body: {
            error:
              'Interaction "done1" exists (completed) from another request: its "priority" differs; ids must be unique (a submit retried with the same body answers the interaction instead)',
            code: 'duplicate-id',
          },
        })
      }
      // ann is free and ready: a resubmitted "done1" would have been routed to her again
      expect((await settled(`${c.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      expect((await settled(`${c.url}/v1/interactions/done1`, 'GET')).body.state).toBe('completed')
      expect(seen.filter((e) => e.type === 'routed').length).toBe(routedBefore)
      // an unknown id is still 404, not "already ended"
      expect((await settled(`${c.url}/v1/interactions/never/complete`, 'POST')).status).toBe(404)
    } finally {
      stream.close()
    }
  })

  it('hands routing over at once on SIGTERM, long before the lease would expire', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    // a 60 s takeover time: only an immediate hand-over lets b route within the 10 s this test waits
    const [a, b] = await pair('60000')
    expect((await json(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
    expect((await json(`${b.url}/v1/interactions`, 'POST', { id: 'talk', strategy: 'support' })).status).toBe(
      201,
    )
    expect((await json(`${b.url}/v1/interactions/talk/confirm`, 'POST')).status).toBe(200)
    expect((await json(`${b.url}/v1/interactions`, 'POST', { id: 'wait', strategy: 'support' })).status).toBe(
      201,
    )
    await a.kill('SIGTERM')
    expect(a.child.exitCode).toBe(0)
    const primary = async () =>
      /^routewright_routing_primary 1$/m.test((await call(`${b.url}/metrics`, 'GET')).text) ? true : undefined
    await eventually(primary, 10_000)
    // /healthz tells what the takeover did (counts only: it answers without the token)
    expect((await json(`${b.url}/healthz`, 'GET')).body.takeover).toMatchObject({
      resumed: 2,
      withdrawnReservations: 0,
      failed: 0,
    })
    // the connected one keeps ann; the waiting one was resumed in line and gets her when she is free
    expect((await json(`${b.url}/v1/interactions/wait`, 'GET')).body).toMatchObject({ state: 'queued' })
    expect((await json(`${b.url}/v1/interactions/talk/complete`, 'POST')).status).toBe(200)
    expect((await json(`${b.url}/v1/interactions/wait`, 'GET')).body).toMatchObject({
      state: 'reserved',
      agent: 'ann',
    })
  })

  it('keeps a pending reservation under its id across a SIGTERM hand-over: the host reads, confirms and completes it once', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const [a, b] = await pair('60000')
    const seen: StreamedEvent[] = []
    const stream = followEvents(b.url, (event) => {
      if (event.interaction === 'offer') seen.push(event)
    })
    try {
      await stream.ready
      expect((await json(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
      const offered = (await json(`${b.url}/v1/interactions`, 'POST', { id: 'offer', strategy: 'support' }))
        .body
      expect(offered).toMatchObject({ state: 'reserved', agent: 'ann' })
      const reservation = offered.reservation as string
      expect(reservation).toMatch(/^offer#/)
      await a.kill('SIGTERM')
      expect(a.child.exitCode).toBe(0)
      const primary = async () =>
        /^routewright_routing_primary 1$/m.test((await call(`${b.url}/metrics`, 'GET')).text)
          ? true
          : undefined
      await eventually(primary, 10_000)
      // the host holding the id it was offered: the same reservation, with ann, answered as before the hand-over
      expect((await json(`${b.url}/v1/interactions/offer`, 'GET')).body).toMatchObject({
        state: 'reserved',
        agent: 'ann',
        reservation,
      })
      expect((await json(`${b.url}/v1/interactions/offer/confirm`, 'POST', { reservation })).status).toBe(200)
      expect((await json(`${b.url}/v1/interactions/offer/complete`, 'POST')).status).toBe(200)
      expect((await json(`${b.url}/v1/interactions/offer/complete`, 'POST')).status).toBe(409)
      await waitFor('the finished event of offer', () => seen.some((e) => e.type === 'finished'), 10_000)
      // offered once, never withdrawn nor offered again, finished once
      expect(seen.map((e) => e.type)).toEqual(['routed', 'finished'])
      expect(seen[0]).toMatchObject({ reservation })
      const agents = (await json(`${b.url}/v1/agents`, 'GET')).body.agents as Array<Record<string, unknown>>
      expect(agents.find((agent) => agent.id === 'ann')).toMatchObject({ state: 'ready' })
    } finally {
      stream.close()
    }
  })

  it('answers /readyz 503 with the reason while Redis is down, and ready again once it is back', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const [a, b] = await pair()
    const metric = async (url: string, name: string) =>
      new RegExp(`^${name} (\\S+)$`, 'm').exec((await call(`${url}/metrics`, 'GET')).text)?.[1]
    for (const p of [a, b]) {
      expect((await json(`${p.url}/readyz`, 'GET')).body).toMatchObject({ ready: true })
      expect(await metric(p.url, 'routewright_redis_connected')).toBe('1')
    }
    expect([
      await metric(a.url, 'routewright_routing_primary'),
      await metric(b.url, 'routewright_routing_primary'),
    ]).toEqual(['1', '0'])

    const port = started.redis.port
    await started.redis.stop()
    for (const p of [a, b]) {
      const answer = await eventually(async () => {
        const r = await json(`${p.url}/readyz`, 'GET')
        return r.status === 503 ? r : undefined
      })
      // the reason is the link's state, or (when a readiness check's own command met the closing socket first) that
      // command's error, which says the same with the socket's detail after it
      expect(Object.keys(answer.body).sort()).toEqual(['ready', 'reason'])
      expect(answer.body.ready).toBe(false)
      expect(answer.body.reason).toMatch(
        new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} is unreachable(; retry shortly \\(.+\\))?$`),
      )
      // still alive (a supervisor must not restart it), and the scrape says why
      expect((await json(`${p.url}/healthz`, 'GET')).status).toBe(200)
      const scrape = await call(`${p.url}/metrics`, 'GET')
      expect(scrape.status).toBe(200)
      expect(scrape.text).toMatch(/^routewright_redis_connected 0$/m)
    }

    started.redis = await startRedisServer(port)
    for (const p of [a, b]) {
      const answer = await eventually(async () => {
        const r = await json(`${p.url}/readyz`, 'GET')
        return r.status === 200 ? r : undefined
      }, 10_000)
      expect(answer.body).toMatchObject({ ready: true, version: expect.stringMatching(/^[0-9a-f]+$/) })
      expect(await metric(p.url, 'routewright_redis_connected')).toBe('1')
    }
    // and it routes again (a submit that answered 503 while the routing process wrote Redis back may have run:
    // its retry is then answered 200, replayed, and the interaction is routed once either way)
    expect((await settled(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
    const again = await settled(`${b.url}/v1/interactions`, 'POST', { id: 'after', strategy: 'support' })
    expect(again.status === 201 || again.body.replayed === true).toBe(true)
    expect((await settled(`${a.url}/v1/interactions/after`, 'GET')).body).toMatchObject({
      state: 'reserved',
      agent: 'ann',
    })
  })

  it('routes and records a submit forwarded by a follower exactly as one sent to the routing process', async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const file = path.join(started.workspace.dir, 'history.db')
    // only the routing process records history: the follower's submit reaches the store through it
    const a = await start(['--store', `sqlite:${file}`])
    const b = await start()
    const fields = {
      strategy: 'support',
      media: 'chat',
      priority: 7,
      ani: '5551234',
      dnis: '800',
      data: { tier: 'gold' },
    }
    const viaLeader = await json(`${a.url}/v1/interactions`, 'POST', { id: 'lead1', ...fields })
    const viaFollower = await json(`${b.url}/v1/interactions`, 'POST', { id: 'follow1', ...fields })
    expect([viaLeader.status, viaFollower.status]).toEqual([201, 201])
    const strip = ({ id: _i, submittedAt: _s, updatedAt: _u, trace: _t, ...rest }: Record<string, unknown>) =>
      rest
    expect(strip(viaFollower.body)).toEqual(strip(viaLeader.body))
    expect(viaFollower.body).toMatchObject({ media: 'chat', state: 'queued' })
    // one queue, one order: the same place and targets for both, first come first
    const waiting = (await json(`${b.url}/v1/waiting`, 'GET')).body.waiting as Array<Record<string, unknown>>
    expect(waiting.map((w) => w.interaction)).toEqual(['lead1', 'follow1'])
    const place = ({ interaction: _i, since: _s, ...rest }: Record<string, unknown>) => rest
    expect(place(waiting[1]!)).toEqual(place(waiting[0]!))
    for (const id of ['lead1', 'follow1'])
      expect((await json(`${b.url}/v1/interactions/${id}/abandon`, 'POST')).status).toBe(200)
    // statistics stay consistent: every process's monitor, built from the shared event stream, shows the same figures
    const figures = async (url: string) => {
      const m = (await json(`${url}/v1/monitor`, 'GET')).body
      return { queues: m.queues, groups: m.groups, agents: m.agents, nodes: m.nodes }
    }
    const same = await eventually(async () => {
      const [x, y] = [await figures(a.url), await figures(b.url)]
      return x.queues[0]?.abandoned === 2 && JSON.stringify(x) === JSON.stringify(y) ? x : undefined
    }, 5000)
    expect(same.queues).toMatchObject([{ id: 'group:support', offered: 2, abandoned: 2, waiting: 0 }])
    // SIGTERM: a writes what it has and hands routing over
    await a.kill('SIGTERM')
    const store = await openStore(`sqlite:${file}`)
    try {
      const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
      const byId = new Map(records.map((r) => [r.id, r]))
      const pick = (r: (typeof records)[number] | undefined) =>
        r && {
          media: r.media,
          priority: r.priority,
          strategy: r.strategy,
          outcome: r.outcome,
          queue: r.queue,
          data: r.data,
          path: r.path.map((p) => p.node),
        }
      expect(pick(byId.get('follow1'))).toEqual(pick(byId.get('lead1')))
      expect(pick(byId.get('follow1'))).toMatchObject({ media: 'chat', outcome: 'abandoned' })
    } finally {
      await store.close()
    }
  })

  it("records a late confirm, a completion and an agent's state forwarded by a follower, with the host's answer time", async () => {
    started.redis = await startRedisServer()
    started.workspace = makeWorkspace()
    const file = path.join(started.workspace.dir, 'history.db')
    const a = await start(['--store', `sqlite:${file}`])
    const b = await start()
    expect((await json(`${b.url}/v1/agents/ann/state`, 'PUT', { state: 'ready' })).status).toBe(200)
    const offered = await json(`${b.url}/v1/interactions`, 'POST', { id: 'late1', strategy: 'support' })
    expect(offered.body).toMatchObject({ state: 'reserved', agent: 'ann' })
    // ann answered after the offer; the host heard of it some milliseconds later (the processes share this clock)
    await new Promise((resolve) => setTimeout(resolve, 40))
    const at = Date.now() - 20
    const confirm = { reservation: offered.body.reservation, at }
    expect((await json(`${b.url}/v1/interactions/late1/confirm`, 'POST', confirm)).status).toBe(200)
    expect((await json(`${b.url}/v1/interactions/late1/complete`, 'POST', {})).status).toBe(200)
    // SIGTERM: a writes what it has
    await a.kill('SIGTERM')
    const store = await openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      const [record] = await store.interactions(all)
      expect(record).toMatchObject({ id: 'late1', agent: 'ann', answeredAt: at })
      expect(record!.finishedAt).toBeGreaterThan(at)
      // the completion and ann's state change were forwarded by b: the routing process records them as its own
      expect(await store.handling(all)).toMatchObject([{ interaction: 'late1', agent: 'ann', startedAt: at }])
      expect((await store.agentStates(all)).map((s) => [s.agent, s.state])).toEqual([['ann', 'ready']])
    } finally {
      await store.close()
    }
  })
})
