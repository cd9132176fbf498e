// GET /v1/waiting and /v1/agents a page at a time, on one process and on Redis (read through the process that does
// not route): following `next` lists each entry once in order, a cursor holds across arrivals and departures, and a
// bad limit or cursor is a 400 naming the parameter.
import { type RedisServer, startRedisServer } from '@routewright/node-support/testing'
import { createRedisCoordinator } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
import { stoppedAfterEachTest, supportStrategy, type TestServer } from './helpers.ts'

const started = stoppedAfterEachTest()
let redis: RedisServer | undefined
afterEach(async () => {
  await redis?.stop()
  redis = undefined
})

const COUNT = 1200
const agentId = (i: number) => `a${String(i).padStart(4, '0')}`

/** 1,200 agents, listed in the directory last id first (every third also takes chat), and two strategies waiting an hour, one at priority 5. */
const FILES = {
  'center.directory.yaml': `directory: many
format: 1
groups:
  support: { title: Support }
agents:
${Array.from({ length: COUNT }, (_, i) => `  ${agentId(COUNT - 1 - i)}: { groups: [support], capacity: { voice: 1${(COUNT - 1 - i) % 3 === 0 ? ', chat: 2' : ''} } }`).join('\n')}
destinations:
  voicemail: { type: routing-point, address: "7000" }
`,
  'support.strategy.yaml': supportStrategy('support', '1h', 0),
  'urgent.strategy.yaml': supportStrategy('urgent', '1h', 5),
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
type Json = any

/** Submits through batches of at most 1,000; every tenth is urgent. */
async function submitMany(t: TestServer, ids: string[]): Promise<void> {
  for (let at = 0; at < ids.length; at += 1000) {
    const commands = ids.slice(at, at + 1000).map((id, i) => ({
      op: 'submit',
      id,
      strategy: (at + i) % 10 === 0 ? 'urgent' : 'support',
    }))
    const answer = await t.ok('POST', '/v1/commands', { commands })
    expect((answer.results as Json[]).every((r) => r.status === 201)).toBe(true)
  }
}

/** Every page of `path` from `after` on, following `next`; `between` runs after the first page. */
async function allPages(
  t: TestServer,
  path: string,
  key: string,
  between?: (firstPage: Json[]) => Promise<void>,
): Promise<Json[]> {
  const out: Json[] = []
  let next: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?'
    const body: Json = await t.ok(
      'GET',
      next === undefined ? path : `${path}${sep}after=${encodeURIComponent(next)}`,
    )
    out.push(...body[key])
    if (pages === 0) await between?.(body[key])
    next = body.next
    if (next === undefined) return out
  }
  throw new Error(`${path} gave more than 100 pages`)
}

async function pagingScenario(routing: TestServer, reader: TestServer): Promise<void> {
  const ids = Array.from({ length: COUNT }, (_, i) => `w${i}`)
  await submitMany(routing, ids)

  // the default page is 500: three pages, each interaction once, in line order (urgent first)
  const first: Json = await reader.ok('GET', '/v1/waiting')
  expect(first.waiting).toHaveLength(500)
  expect(first.next).toEqual(expect.any(String))
  // the line as the routing process holds it: ties (queued in the same millisecond) in their order of arrival
  const line = async () => (await routing.server.coordinator.waiting()).map((w) => w.interaction)
  const waiting = await allPages(reader, '/v1/waiting?limit=250', 'waiting')
  expect(waiting.map((w) => w.interaction)).toEqual(await line())
  expect(waiting.map((w) => w.interaction).sort()).toEqual([...ids].sort())
  expect(waiting[0].priority).toBe(5)
  const target = waiting[0].targets[0]
  const inQueue: Json = await reader.ok('GET', `/v1/waiting?limit=1000&queue=${encodeURIComponent(target)}`)
  expect(inQueue.waiting).toHaveLength(1000)
  expect((await reader.ok('GET', '/v1/waiting?queue=nowhere')).waiting).toEqual([])

  // between pages: the last one listed and one not yet listed leave, one arrives at the back and one at the front
  let gone: string[] = []
  const moving = await allPages(reader, '/v1/waiting?limit=100', 'waiting', async (page) => {
    const later = waiting[600].interaction
    gone = [page[page.length - 1].interaction, later]
    for (const id of gone) await routing.ok('POST', `/v1/interactions/${id}/abandon`)
    await routing.ok('POST', '/v1/interactions', { id: 'late', strategy: 'support' })
    await routing.ok('POST', '/v1/interactions', { id: 'front', strategy: 'urgent' })
  })
  const listed = moving.map((w) => w.interaction)
  expect(new Set(listed).size).toBe(listed.length)
  // every interaction waiting throughout is listed; the one gone before it was reached is not; `late` is
  const throughout = ids.filter((id) => !gone.includes(id))
  expect(throughout.filter((id) => !listed.includes(id))).toEqual([])
  expect(listed).not.toContain(gone[1])
  expect(listed).toContain('late')
  // in line order: the line as it is now (`front`, urgent, queued behind the 120 urgent ones, past the first page),
  // and the first page's last one, listed before it left
  expect(listed.filter((id) => id !== gone[0])).toEqual(await line())
  expect(listed).toContain('front')

  // agents by id, every one once; filters by media and by state
  const agents = await allPages(reader, '/v1/agents', 'agents')
  expect(agents.map((a) => a.id)).toEqual(Array.from({ length: COUNT }, (_, i) => agentId(i)))
  await routing.ok('PUT', `/v1/agents/${agentId(7)}/state`, { state: 'not-ready', reason: 'lunch' })
  await routing.ok('PUT', `/v1/agents/${agentId(9)}/state`, { state: 'ready', media: 'chat' })
  const notReady: Json = await reader.ok('GET', '/v1/agents?state=not-ready')
  expect(notReady).toEqual({ agents: [expect.objectContaining({ id: agentId(7), reason: 'lunch' })] })
  const chat: Json = await reader.ok('GET', '/v1/agents?state=ready&media=chat')
  expect(chat.agents.map((a: Json) => a.id)).toEqual([agentId(9)])
  // a host following a few agents names them: one request, whatever page they are on
  const named: Json = await reader.ok('GET', `/v1/agents?id=${agentId(1100)},${agentId(3)},nobody`)
  expect(named.agents.map((a: Json) => a.id)).toEqual([agentId(3), agentId(1100)])
  // a search: the ids holding the text, case ignored, with the other filters and pages
  const found: Json = await reader.ok('GET', '/v1/agents?q=A11&limit=50')
  expect(found.agents.map((a: Json) => a.id)).toEqual(
    Array.from({ length: 100 }, (_, i) => agentId(1100 + i)).slice(0, 50),
  )
  expect(found.next).toEqual(expect.any(String))
  const readyChat: Json = await reader.ok('GET', `/v1/agents?q=A000&state=ready&media=chat`)
  expect(readyChat.agents.map((a: Json) => a.id)).toEqual([agentId(9)])
}

describe('GET /v1/waiting and /v1/agents in pages', () => {
  it('one process: each entry once in order, a cursor across arrivals and departures, filters', async () => {
    const t = await started.serve({}, FILES)
    await pagingScenario(t, t)
  }, 120_000)

  it('Redis: the process that does not route pages what the routing one holds', async () => {
    redis = await startRedisServer()
    const url = redis.url
    const onRedis = () => ({
      coordinator: () => createRedisCoordinator({ url, prefix: 'pages:', takeoverMs: 20_000 }),
    })
    const routing = await started.serve(onRedis(), FILES)
    const other = await started.serve(onRedis(), FILES)
    expect(other.server.coordinator.primary?.()).toBe(false)
    await pagingScenario(routing, other)
  }, 120_000)

  it('refuses a bad limit or cursor with 400 naming the parameter', async () => {
    const t = await started.serve({}, FILES)
    const issue = async (path: string) => {
      const answer = await t.request('GET', path)
      return [answer.status, answer.body.code, answer.body.issues?.[0]?.path?.[0]]
    }
    for (const limit of ['0', '-1', '1001', '99999999999999999999999', 'abc', '1.5', '', '1e400'])
      expect(await issue(`/v1/waiting?limit=${limit}`), limit).toEqual([400, 'invalid-query', 'limit'])
    expect(await issue('/v1/agents?limit=5&limit=6')).toEqual([400, 'invalid-query', 'limit'])
    expect(await issue('/v1/agents?media=voice')).toEqual([400, 'invalid-query', 'media'])
    expect(await issue('/v1/agents?id=ann,,bob')).toEqual([400, 'invalid-query', 'id'])
    for (const q of ['', 'x'.repeat(257), 'a&q=b'])
      expect(await issue(`/v1/agents?q=${q}`), q).toEqual([400, 'invalid-query', 'q'])
    // a misspelt parameter is refused, not read as the default page
    expect((await t.request('GET', '/v1/waiting?limt=5')).body).toMatchObject({ code: 'invalid-query' })
    // a prototype's name is a parameter like any other: refused by its name, not by keys the caller never sent
    for (const name of ['__proto__', 'constructor', 'toString'])
      for (const list of ['/v1/agents', '/v1/waiting']) {
        const { status, body } = await t.request('GET', `${list}?${name}=1&${name}=2`)
        expect([status, body.issues], `${list} ${name}`).toEqual([
          400,
          [{ path: [], code: 'unrecognized_keys', message: `Unrecognized key: "${name}"` }],
        ])
      }
    const agentsNext = (await t.ok('GET', '/v1/agents?limit=1')).next as string
    for (const after of ['forged', 'x'.repeat(9000), Buffer.from('["a",1]').toString('base64url')])
      expect(await issue(`/v1/agents?after=${after}`)).toEqual([400, 'invalid-query', 'after'])
    // one list's cursor is no cursor of the other
    expect(await issue(`/v1/waiting?after=${agentsNext}`)).toEqual([400, 'invalid-query', 'after'])
    expect((await t.request('GET', `/v1/agents?after=${agentsNext}`)).status).toBe(200)
  })

  it('/openapi.json lists each query parameter with its bounds', async () => {
    const t = await started.serve({}, FILES)
    const doc: Json = await t.ok('GET', '/openapi.json')
    const parameters = (path: string) =>
      Object.fromEntries(
        doc.paths[path].get.parameters.map((p: Json) => [p.name, [p.in, p.required, p.schema]]),
      )
    expect(parameters('/v1/waiting')).toEqual({
      limit: [
        'query',
        false,
        expect.objectContaining({ type: 'integer', minimum: 1, maximum: 1000, default: 500 }),
      ],
      after: ['query', false, expect.objectContaining({ type: 'string' })],
      queue: ['query', false, expect.objectContaining({ type: 'string' })],
    })
    expect(Object.keys(parameters('/v1/agents'))).toEqual(['limit', 'after', 'id', 'q', 'state', 'media'])
    expect(doc.components.schemas.WaitingList.properties.next).toMatchObject({ type: 'string' })
  })
})
