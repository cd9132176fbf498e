// `serve` with a history store, end to end through HTTP: every interaction it routes (and its handling, and the
// agents' state changes) lands in real SQLite and PostgreSQL; while PostgreSQL is down records wait on disk, the
// health and metrics say how many, and they all arrive once it is back.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildReport, openStore, replayDeadLetters } from '@routewright/history'
import { eventually, type PostgresServer, startPostgresServer } from '@routewright/node-support/testing'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'

const started = stoppedAfterEachTest()
let folder: string
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-serve-store-'))
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Routes one answered-and-completed and one abandoned interaction, with agent state changes. */
async function traffic(t: TestServer, prefix: string) {
  expect((await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
  const submitted = await t.request('POST', '/v1/interactions', {
    id: `${prefix}-1`,
    strategy: 'support',
    media: 'voice',
  })
  expect(submitted.status).toBe(201)
  await t.request('POST', `/v1/interactions/${prefix}-1/confirm`)
  await t.request('POST', `/v1/interactions/${prefix}-1/complete`)
  await t.request('PUT', '/v1/agents/ann/state', { state: 'not-ready' })
  await t.request('POST', '/v1/interactions', { id: `${prefix}-2`, strategy: 'support' })
  await t.request('POST', `/v1/interactions/${prefix}-2/abandon`, { reason: 'queue-timeout', note: '408' })
}

async function health(t: TestServer) {
  return (await t.request('GET', '/healthz')).body.history as {
    pending: number
    written: number
    spooled: number
    refused: number
    deadLetters: number
    failures: number
    storeUp: boolean
    lastError?: string
  }
}

/** serve's log lines about the store answering or not (the start's, an outage's and its end). */
function storeLines(t: TestServer) {
  return t.logs.filter((entry) =>
    /^the history store (does not answer|answers again)/.test(String(entry.msg)),
  )
}

/** An interaction record as a writer spools it, with no strategy (the store's NOT NULL column refuses it). */
function spooledInteraction(id: string, strategy: string | null) {
  const at = Date.UTC(2026, 2, 2)
  return {
    kind: 'interaction',
    record: {
      id,
      router: 'old',
      strategy,
      strategyVersion: 'v1',
      media: 'voice',
      arrivedAt: at,
      finishedAt: at + 1000,
      outcome: 'abandoned',
      waitMs: 1000,
      priority: 0,
      path: [],
      segments: [],
      reservations: [],
      data: {},
    },
  }
}

describe('serve --store', () => {
  it('records every interaction, handling and agent state into SQLite', async () => {
    const file = path.join(folder, 'history.db')
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    await traffic(t, 's')
    await eventually(async () => ((await health(t)).written === 5 ? true : undefined))
    expect(await health(t)).toMatchObject({ pending: 0, spooled: 0, written: 5 })
    // stopped here (stopping again after the test does nothing) so the store file is read after serve closed it
    await t.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      const records = await store.interactions(all)
      expect(records.map((r) => [r.id, r.outcome, r.router, r.media, r.queue])).toEqual([
        ['s-1', 'routed', 'serve', 'voice', 'group:support'],
        ['s-2', 'abandoned', 'serve', 'voice', 'group:support'],
      ])
      expect(records[0]).toMatchObject({ agent: 'ann', node: 'support/pick', target: 'group:support' })
      expect(records[0]!.abandonReason).toBeUndefined()
      // the host's reason for the abandon, so a hang-up and a queue time out are told apart in reports
      expect(records[1]).toMatchObject({ abandonReason: 'queue-timeout', abandonNote: '408' })
      expect(records[0]!.path.map((p) => p.node)).toEqual(['pick'])
      expect(records[0]!.strategyVersion).toMatch(/^[0-9a-f]{16}$/)
      expect((await store.handling(all)).map((h) => [h.interaction, h.agent, h.endedBy])).toEqual([
        ['s-1', 'ann', 'completed'],
      ])
      expect((await store.agentStates(all)).map((s) => [s.agent, s.state, s.groups])).toEqual([
        ['ann', 'ready', ['support']],
        ['ann', 'not-ready', ['support']],
      ])
    } finally {
      await store.close()
    }
  })

  it("records a complete that says it was a transfer as one, counted in report's transfers by agent, queue and group", async () => {
    const file = path.join(folder, 'transfers.db')
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    expect((await t.request('PUT', '/v1/agents/ann/state', { state: 'ready' })).status).toBe(200)
    const answer = async (id: string) => {
      expect((await t.request('POST', '/v1/interactions', { id, strategy: 'support' })).status).toBe(201)
      expect((await t.request('POST', `/v1/interactions/${id}/confirm`)).status).toBe(200)
    }
    await answer('plain')
    expect((await t.request('POST', '/v1/interactions/plain/complete')).status).toBe(200)
    await answer('blind')
    // a "to" without the transfer, a transfer that is no boolean, a control character: 400, nothing completed
    for (const body of [
      { to: '8005550100' },
      { transferred: 'yes' },
      { transferred: true, to: 'a\u0007b' },
    ]) {
      const refused = await t.request('POST', '/v1/interactions/blind/complete', body)
      expect([refused.status, refused.body.code]).toEqual([400, 'invalid-body'])
    }
    // with the wrap-up code the agent picked: kept on the handling
    const blind = { transferred: true, to: '8005550100', disposition: 'callback-needed' }
    expect((await t.request('POST', '/v1/interactions/blind/complete', blind)).status).toBe(200)
    await answer('batched')
    const batch = await t.request('POST', '/v1/commands', {
      commands: [
        { op: 'complete', id: 'batched', to: 'bob' },
        { op: 'complete', id: 'batched', transferred: true, to: 'bob' },
      ],
    })
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([400, 200])
    // the document says the body and that it may be left out (a plain complete)
    const doc = (await t.request('GET', '/openapi.json')).body
    expect(doc.paths['/v1/interactions/{id}/complete'].post.requestBody).toMatchObject({
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CompleteHow' } } },
    })
    expect(Object.keys(doc.components.schemas.CompleteHow.properties)).toEqual([
      'transferred',
      'to',
      'disposition',
    ])
    await eventually(async () => ((await health(t)).written === 7 ? true : undefined))
    await t.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      const handlings = await store.handling(all)
      // with where each transfer went, as the host's complete said
      expect(handlings.map((h) => [h.interaction, h.endedBy, h.transferredTo, h.disposition]).sort()).toEqual(
        [
          ['batched', 'transferred', 'bob', undefined],
          ['blind', 'transferred', '8005550100', 'callback-needed'],
          ['plain', 'completed', undefined, undefined],
        ],
      )
      // the host's state call, said so
      expect((await store.agentStates(all)).map((s) => [s.agent, s.state, s.by])).toEqual([
        ['ann', 'ready', 'host'],
      ])
      // the hour the calls were made in, whatever the clock says: every handling is inside it
      const from = Math.floor(Math.min(...handlings.map((h) => h.startedAt)) / 3_600_000) * 3_600_000
      const range = {
        from,
        to: from + 2 * 3_600_000,
        interval: '1h' as const,
        clock: { now: () => Date.now() },
      }
      const byAgent = await buildReport(store, { ...range, by: 'agent' })
      // a transfer still counts in answered and AHT (figures.md): all three answered, two of them transferred
      expect(byAgent.totals.map((r) => [r.key, r.answered, r.transfers])).toEqual([['ann', 3, 2]])
      expect(byAgent.transfersTo).toEqual([
        { key: 'ann', to: '8005550100', transfers: 1 },
        { key: 'ann', to: 'bob', transfers: 1 },
      ])
      for (const by of ['queue', 'group'] as const) {
        const report = await buildReport(store, { ...range, by })
        expect(report.totals.map((r) => [r.key, r.answered, r.transfers])).toEqual([['group:support', 3, 2]])
      }
    } finally {
      await store.close()
    }
  })

  it('sets aside a record the store refuses, logs and counts it, and writes every other one', async () => {
    const file = path.join(folder, 'refusing.db')
    // left on disk by an earlier process: a record the store refuses between two it takes
    const spool = [
      spooledInteraction('before', 'support'),
      spooledInteraction('poison', null),
      spooledInteraction('after', 'support'),
    ]
    writeFileSync(`${file}.spool.jsonl`, `${spool.map((item) => JSON.stringify(item)).join('\n')}\n`)
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    await traffic(t, 'r')
    await eventually(async () => ((await health(t)).written === 7 ? true : undefined))
    expect(await health(t)).toMatchObject({ pending: 0, spooled: 0, written: 7, refused: 1, failures: 0 })
    const metrics = String((await t.request('GET', '/metrics')).body)
    expect(metrics).toContain('routewright_history_refused_total 1')
    expect(t.logs.filter((entry) => /refused a record/.test(String(entry.msg)))).toEqual([
      expect.objectContaining({
        level: 'warn',
        kind: 'interaction',
        id: 'poison',
        reason: expect.stringMatching(/NOT NULL/),
      }),
    ])
    const letters = readFileSync(`${file}.spool.jsonl.refused`, 'utf8').trim().split('\n')
    expect(letters.map((line) => JSON.parse(line).item)).toEqual([spool[1]])
    await t.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
      expect(records.map((r) => r.id).sort()).toEqual(['after', 'before', 'r-1', 'r-2'])
    } finally {
      await store.close()
    }
  })

  it("logs a stale lock of the dead-letter file it took over as a warn line, where the store's warnings go", async () => {
    const file = path.join(folder, 'stale.db')
    const refused = `${file}.spool.jsonl.refused`
    writeFileSync(`${file}.spool.jsonl`, `${JSON.stringify(spooledInteraction('poison', null))}\n`)
    // a replay in another container that died holding the lock: its pid means nothing here, its mtime a minute old
    const lock = `${refused}.lock`
    writeFileSync(lock, JSON.stringify({ host: 'other-container', pid: 41, ns: 'pid:[1]', token: 't' }))
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    await eventually(async () => ((await health(t)).deadLetters === 1 ? true : undefined))
    expect(t.logs.filter((entry) => /stale lock/.test(String(entry.msg)))).toEqual([
      {
        level: 'warn',
        // its age as serve's writer came to it, a minute and serve's start
        msg: expect.stringMatching(
          /^Took over the stale lock .*stale\.db\.spool\.jsonl\.refused\.lock: pid 41 on other-container has not refreshed it for \d+ s$/,
        ),
      },
    ])
  })

  it('counts the dead-letter file down on /healthz and /metrics once a replay took records, without a restart', async () => {
    const file = path.join(folder, 'replayed.db')
    const refused = `${file}.spool.jsonl.refused`
    const spool = [spooledInteraction('poison1', null), spooledInteraction('poison2', null)]
    writeFileSync(`${file}.spool.jsonl`, `${spool.map((item) => JSON.stringify(item)).join('\n')}\n`)
    const t = await started.serve({ history: { store: `sqlite:${file}` } })
    // refused counts a record when the store refuses it, deadLetters once its line is in the file
    await eventually(async () => ((await health(t)).deadLetters === 2 ? true : undefined))
    expect(await health(t)).toMatchObject({ refused: 2, deadLetters: 2 })
    expect(String((await t.request('GET', '/metrics')).body)).toContain('routewright_history_dead_letters 2')
    // a person fixes one record and replays the file into the store serve writes (`routewright history replay`)
    const lines = readFileSync(refused, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    lines[0].item.record.strategy = 'support'
    writeFileSync(refused, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`)
    const store = await openStore(`sqlite:${file}`)
    try {
      expect(await replayDeadLetters(store, refused)).toMatchObject({ written: 1, refusedAgain: 1, left: 1 })
    } finally {
      await store.close()
    }
    await eventually(async () => ((await health(t)).deadLetters === 1 ? true : undefined))
    // refused stays a total since start (a counter); the file's lines are what still waits
    expect(await health(t)).toMatchObject({ refused: 2, deadLetters: 1 })
    const metrics = String((await t.request('GET', '/metrics')).body)
    expect(metrics).toContain('routewright_history_dead_letters 1')
    expect(metrics).toContain('routewright_history_refused_total 2')
  })

  it('records a late confirm (`at`) with the wait to the answer and the handling from it', async () => {
    const file = path.join(folder, 'late.db')
    const start = Date.UTC(2026, 11, 1, 9)
    const clock = createSimulatedClock(start)
    const t = await started.serve({ clock, history: { store: `sqlite:${file}` } })
    await t.ok('POST', '/v1/interactions', { id: 'late', strategy: 'support' })
    clock.advance(10_000)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const { reservation } = await t.ok('GET', '/v1/interactions/late')
    // the bridge hears 10 s late (within the 15 s offer) that ann answered 2 s after the offer
    clock.advance(12_000)
    await t.ok('POST', '/v1/interactions/late/confirm', { reservation, at: start + 12_000 })
    clock.advance(18_000)
    await t.ok('POST', '/v1/interactions/late/complete', {})
    await eventually(async () => ((await health(t)).written === 3 ? true : undefined))
    await t.stop()
    const store = await openStore(`sqlite:${file}`)
    try {
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      expect(await store.interactions(all)).toMatchObject([
        { id: 'late', answeredAt: start + 12_000, finishedAt: start + 22_000, waitMs: 12_000 },
      ])
      expect(await store.handling(all)).toMatchObject([
        { interaction: 'late', agent: 'ann', startedAt: start + 12_000, endedAt: start + 40_000 },
      ])
    } finally {
      await store.close()
    }
  })

  it('refuses a store it cannot open with a clear error', async () => {
    await expect(started.serve({ history: { store: 'mysql://nope' } })).rejects.toThrow(
      /Cannot open the history store: "mysql:\/\/nope" is not a store: use sqlite:FILE/,
    )
  })
})

describe('serve --store postgres://', () => {
  let pg: PostgresServer
  beforeAll(async () => {
    pg = await startPostgresServer()
  }, 60_000)
  afterAll(async () => {
    await pg?.destroy()
  })

  it('keeps records on disk while PostgreSQL is down, counts them, and writes them when it is back', async () => {
    const spoolFile = path.join(folder, 'pg.spool.jsonl')
    const t = await started.serve({ history: { store: pg.url, spoolFile, router: 'east' } })
    await traffic(t, 'p')
    await eventually(async () => ((await health(t)).written === 5 ? true : undefined), 10_000)

    await pg.stop()
    await traffic(t, 'q')
    const down = await eventually(async () => {
      const h = await health(t)
      return h.spooled === 5 ? h : undefined
    }, 10_000)
    expect(down).toMatchObject({ pending: 5, written: 5 })
    const metrics = String((await t.request('GET', '/metrics')).body)
    expect(metrics).toContain('routewright_history_pending{where="disk"} 5')

    await pg.start()
    await eventually(async () => ((await health(t)).written === 10 ? true : undefined), 20_000)
    expect(await health(t)).toMatchObject({ pending: 0, spooled: 0 })
    const store = await openStore(pg.url)
    try {
      const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
      expect(records.map((r) => `${r.router}:${r.id}:${r.outcome}`).sort()).toEqual([
        'east:p-1:routed',
        'east:p-2:abandoned',
        'east:q-1:routed',
        'east:q-2:abandoned',
      ])
      expect(await store.handling({ from: 0, to: Number.MAX_SAFE_INTEGER })).toHaveLength(2)
    } finally {
      await store.close()
    }
  })

  it("logs the store's warning at its open as a line of its JSON log, not on the console", async () => {
    const spoolFile = path.join(folder, 'pg-warned.spool.jsonl')
    const store = `${pg.url}${pg.url.includes('?') ? '&' : '?'}options=-c+statement_timeout%3D0`
    const t = await started.serve({ history: { store, spoolFile, router: 'warned' } })
    const warned = t.logs.filter(
      (line) => line.level === 'warn' && /statement_timeout=0/.test(String(line.msg)),
    )
    expect(warned).toEqual([
      {
        level: 'warn',
        msg: expect.stringMatching(
          /^The PostgreSQL options of the store's URL \(or PGOPTIONS\) set statement_timeout=0; the store uses statement_timeout=29000/,
        ),
      },
    ])
  })

  it('says the store is down (storeUp false, store_up 0, one warn line) when PostgreSQL stops after start, up once it writes (one info line)', async () => {
    const spoolFile = path.join(folder, 'pg-gone.spool.jsonl')
    const t = await started.serve({ history: { store: pg.url, spoolFile, router: 'gone' } })
    await traffic(t, 'g')
    await eventually(async () => ((await health(t)).written === 5 ? true : undefined), 20_000)
    expect(await health(t)).toMatchObject({ storeUp: true })
    expect(storeLines(t)).toEqual([])
    await pg.stop()
    try {
      await traffic(t, 'h')
      // a few retries failed: the outage is still said once
      const down = await eventually(async () => {
        const h = await health(t)
        return h.spooled > 0 && h.failures >= 3 ? h : undefined
      }, 20_000)
      expect(down).toMatchObject({ written: 5, storeUp: false, lastError: expect.any(String) })
      expect(String((await t.request('GET', '/metrics')).body)).toContain('routewright_history_store_up 0')
      expect(storeLines(t)).toEqual([
        {
          level: 'warn',
          msg: 'the history store does not answer: records wait on disk until it does',
          store: expect.stringMatching(/^postgres:\/\//),
          error: expect.any(String),
          spool: spoolFile,
        },
      ])
    } finally {
      await pg.start()
    }
    await eventually(async () => ((await health(t)).written === 10 ? true : undefined), 20_000)
    const up = await health(t)
    expect(up).toMatchObject({ pending: 0, storeUp: true })
    // /healthz says the store now: the outage's error is in the log, not left beside storeUp true
    expect(up.lastError).toBeUndefined()
    const lines = storeLines(t)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toEqual({
      level: 'info',
      msg: 'the history store answers again: the records that waited on disk are being written',
      store: lines[0]!.store,
      downSeconds: expect.any(Number),
      waited: 5,
    })
    expect(lines[1]!.downSeconds).toBeGreaterThan(0)
  })

  it('starts while PostgreSQL is down, keeps records on disk, and writes them once it comes up', async () => {
    await pg.stop()
    const spoolFile = path.join(folder, 'pg-late.spool.jsonl')
    const t = await started.serve({ history: { store: pg.url, spoolFile, router: 'late' } })
    await traffic(t, 'd')
    const down = await eventually(async () => {
      const h = await health(t)
      return h.spooled === 5 ? h : undefined
    }, 10_000)
    expect(down).toMatchObject({ pending: 5, written: 0, storeUp: false })
    const metrics = String((await t.request('GET', '/metrics')).body)
    expect(metrics).toContain('routewright_history_pending{where="disk"} 5')
    expect(metrics).toContain('routewright_history_store_up 0')

    await pg.start()
    await eventually(async () => ((await health(t)).written === 5 ? true : undefined), 20_000)
    expect(await health(t)).toMatchObject({ pending: 0, spooled: 0, storeUp: true })
    // the start's warn line is the outage's: the writer's failed writes after it add none; its end is one info line
    expect(storeLines(t).map((line) => [line.level, line.waited])).toEqual([
      ['warn', undefined],
      ['info', 5],
    ])
    const store = await openStore(pg.url)
    try {
      const records = await store.interactions({ from: 0, to: Number.MAX_SAFE_INTEGER })
      expect(records.filter((r) => r.router === 'late').map((r) => `${r.id}:${r.outcome}`)).toEqual([
        'd-1:routed',
        'd-2:abandoned',
      ])
    } finally {
      await store.close()
    }
  })
})
