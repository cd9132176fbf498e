// GET /v1/events?types=&interaction=&agent= on a real serve, alone and on Redis (the stream read on the process that
// does not route): each stream carries exactly the events its filter keeps, live and on a resume, and a misspelt
// query is a 400 with a code and the names there are, never a silent stream of every event.
import { eventually } from '@routewright/node-support/testing'
import { createRedisCoordinator, type ServeOptions } from '@routewright/server'
import { describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, type TestServer } from './helpers.ts'
import { redisForFile } from './redis-for-file.ts'
import { followEvents, readEvents, type StreamedEvent } from './sse-client.ts'

const shared = redisForFile()
const started = stoppedAfterEachTest()

/** The process a host reads events from, and the one it sends commands to. */
async function processes(
  onRedis: boolean,
  prefix = 'event-filter:',
): Promise<{ reader: TestServer; router: TestServer }> {
  if (!onRedis) {
    const alone = await started.serve()
    return { reader: alone, router: alone }
  }
  const options = (): Partial<ServeOptions> => ({
    coordinator: () => createRedisCoordinator({ url: shared.redis.url, prefix }),
  })
  const router = await started.serve(options())
  const reader = await started.serve(options())
  return { reader, router }
}

const FILTERS = {
  all: '',
  types: '?types=routed,finished',
  interaction: '?interaction=f-2',
  agent: '?agent=ann',
} as const

describe.each([false, true])('GET /v1/events filtered (Redis: %s)', (onRedis) => {
  it('carries the events of the types, interaction or agent asked for, live and on a resume', async () => {
    const { reader, router } = await processes(onRedis)
    const seen = { all: [], types: [], interaction: [], agent: [] } as Record<
      keyof typeof FILTERS,
      StreamedEvent[]
    >
    const streams = Object.entries(FILTERS).map(([name, query]) =>
      followEvents(
        reader.server.url,
        (event) => seen[name as keyof typeof FILTERS].push(event),
        () => true,
        query,
      ),
    )
    try {
      await Promise.all(streams.map((s) => s.ready))
      await router.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await router.ok('POST', '/v1/interactions', { id: 'f-1', strategy: 'support' })
      await router.ok('POST', '/v1/interactions', { id: 'f-2', strategy: 'support' }) // waits: ann has f-1
      await router.ok('POST', '/v1/interactions/f-1/confirm')
      await router.ok('POST', '/v1/interactions/f-2/abandon')
      const ended = (events: StreamedEvent[]) =>
        events.some((e) => e.type === 'finished' && e.interaction === 'f-2')
      await eventually(() => ended(seen.all) && ended(seen.types) && ended(seen.interaction))
      const routerEvents = seen.all.filter((e) => e.interaction?.startsWith('f-'))
      expect(seen.types.map((e) => e.type)).toEqual(['routed', 'finished', 'finished'])
      expect(seen.types).toEqual(seen.all.filter((e) => e.type === 'routed' || e.type === 'finished'))
      expect(seen.interaction.map((e) => e.type)).toEqual(['queued', 'finished'])
      expect(seen.interaction).toEqual(routerEvents.filter((e) => e.interaction === 'f-2'))
      // ann's state change names her too (an agent-state has no interaction)
      expect(seen.agent.map((e) => `${e.type} ${e.interaction}`)).toEqual([
        'agent-state undefined',
        'routed f-1',
      ])
      expect(seen.agent).toEqual(seen.all.filter((e) => e.agent === 'ann'))
    } finally {
      for (const s of streams) s.close()
    }
    // a resume (the query's lastEventId, then the header from the first one read) keeps the filter
    const url = `${reader.server.url}/v1/events?types=finished`
    const kept = await readEvents(`${url}&lastEventId=0`, 2)
    expect(kept.map((f) => [f.event, JSON.parse(f.data!).interaction])).toEqual([
      ['finished', 'f-1'],
      ['finished', 'f-2'],
    ])
    const after = await readEvents(url, 1, { 'last-event-id': kept[0]!.id! })
    expect(after.map((f) => f.id)).toEqual([kept[1]!.id])
  })

  it.each([
    ['?type=routed', 'unknown-query-parameter', 'types'],
    ['?types=routd,finished', 'unknown-event-type', 'routed'],
    ['?types=routed&interaction=a&interaction=b', 'invalid-query', undefined],
    ['?agent=', 'invalid-query', undefined],
  ])('answers %s with 400, its code and the names there are', async (query, code, named) => {
    const { reader } = await processes(onRedis)
    const answer = await reader.request('GET', `/v1/events${query}`)
    expect(answer).toMatchObject({ status: 400, body: { code } })
    if (named !== undefined) expect((answer.body as { known: string[] }).known).toContain(named)
  })

  it("reads a cache-buster's `_` as nothing, where every other unknown parameter is refused", async () => {
    const { reader } = await processes(onRedis)
    const head = await fetch(`${reader.server.url}/v1/events?_=1733370000000&types=routed`)
    expect(head.status).toBe(200)
    await head.body?.cancel()
  })
})

describe('GET /v1/events reads ids and queries by the rule of the other endpoints', () => {
  it('answers an id over limits.maxIdChars 404 over-limit, in its filter as in a path', async () => {
    const t = await started.serve()
    const long = 'x'.repeat(257)
    for (const url of [
      `/v1/interactions/${long}`,
      `/v1/events?interaction=${long}`,
      `/v1/events?agent=${long}`,
    ]) {
      const answer = await t.request('GET', url)
      expect({ url: url.slice(0, 20), status: answer.status }).toEqual({ url: url.slice(0, 20), status: 404 })
      expect(answer.body).toMatchObject({ code: 'over-limit', field: 'id', limit: 'maxIdChars' })
    }
    // the longest id the router takes is a filter like any other
    const longest = await fetch(`${t.server.url}/v1/events?interaction=${'x'.repeat(256)}`)
    expect(longest.status).toBe(200)
    await longest.body?.cancel()
  })

  it("reads a cache-buster's `_` as nothing on the lists' GETs too, as on /v1/events", async () => {
    const t = await started.serve()
    for (const url of [
      '/v1/agents?_=1733370000000',
      '/v1/waiting?_=1733370000000&limit=5',
      '/v1/monitor?_=1',
    ])
      expect({ url, status: (await t.request('GET', url)).status }).toEqual({ url, status: 200 })
    // any other unknown parameter is still refused
    expect(await t.request('GET', '/v1/agents?__=1')).toMatchObject({
      status: 400,
      body: { code: 'invalid-query' },
    })
  })
})

describe.each([false, true])('GET /v1/events?errorEvent=router-error (Redis: %s)', (onRedis) => {
  it("names the router's error events router-error, live and on a resume, where the default stays error", async () => {
    // on Redis the command is refused on the routing process and the streams are read on the other one
    const { reader, router } = await processes(onRedis, 'error-event:')
    await router.ok('POST', '/v1/interactions', { id: 'e-1', strategy: 'support' })
    const url = `${reader.server.url}/v1/events?types=error`
    // live: the stream is subscribed once its head arrived, before the refused command
    const live = await fetch(`${url}&errorEvent=router-error`)
    expect((await router.request('POST', '/v1/interactions/e-1/confirm')).body).toMatchObject({
      code: 'no-reservation',
    })
    const stream = live.body!.getReader()
    let text = ''
    while (!text.includes('no-reservation')) text += new TextDecoder().decode((await stream.read()).value)
    await stream.cancel()
    expect(text).toMatch(/\nevent: router-error\ndata: \{"type":"error",.*"code":"no-reservation"/)
    // a resume, opted in and not
    const [renamed] = await readEvents(`${url}&errorEvent=router-error&lastEventId=0`, 1)
    const [plain] = await readEvents(`${url}&lastEventId=0`, 1)
    expect([renamed!.event, plain!.event]).toEqual(['router-error', 'error'])
    expect(renamed!.data).toBe(plain!.data)
    expect(await reader.request('GET', '/v1/events?errorEvent=onerror')).toMatchObject({
      status: 400,
      body: { code: 'invalid-query' },
    })
  })
})
