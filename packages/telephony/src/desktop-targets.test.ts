// The desktop's transfer search against a real serve of 1,100 agents (through a relay that keeps what it was sent):
// a few matches, ready ones first, from one page per question; the page itself never reads the directory.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { waitFor } from '@routewright/node-support/ports'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { agentCursorText } from '../../server/src/core/list-page.ts'
import { serve, supportStrategy, type TestServer } from '../../server/test/helpers.ts'
import { type ServeRelay, startServeRelay } from '../test/serve-relay.ts'
import type { HttpHandler } from './bridge-server.ts'
import { createDesktopApi } from './desktop-api.ts'
import { desktopHandlers } from './desktop-mount.ts'
import { MAX_SEARCHES_READING, MAX_TARGETS, SEARCH_CACHE_MS } from './desktop-targets.ts'
import { createTestCalls } from './desktop-test-calls.ts'

const COUNT = 1100
const agentId = (i: number) => `agent${String(i).padStart(4, '0')}`

const FILES = {
  'center.directory.yaml': `directory: many
format: 1
groups:
  support: { title: Support }
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
  Joanna: { groups: [support], capacity: { voice: 1 } }
  bean: { groups: [support], capacity: { voice: 1 } }
${Array.from({ length: COUNT }, (_, i) => `  ${agentId(i)}: { groups: [support], capacity: { voice: 1 } }`).join('\n')}
destinations:
  voicemail: { type: routing-point, address: "7000" }
`,
  'support.strategy.yaml': supportStrategy('support'),
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
type Json = any

let routing: TestServer
let relay: ServeRelay
let http: Server
let base: string
let cookie: string

beforeAll(async () => {
  routing = await serve({}, FILES)
  for (const i of [1005, 1050, 7])
    await routing.ok('PUT', `/v1/agents/${agentId(i)}/state`, { state: 'ready' })
  await routing.ok('PUT', '/v1/agents/Joanna/state', { state: 'not-ready', reason: 'lunch' })
  // ready for voice alone: the agent-wide state stays logged out
  await routing.ok('PUT', `/v1/agents/${agentId(100)}/state`, { state: 'ready', media: 'voice' })
  relay = await startServeRelay(routing.server.url)
  const api = createDesktopApi({ serveUrl: relay.url, calls: createTestCalls(() => 1_000) })
  http = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/desktop/api`
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'ann' }),
  })
  expect(login.status).toBe(200)
  cookie = login.headers.get('set-cookie')!.split(';')[0]!
  // the login's answer is the desktop's view: the agent's own state, no list of other agents
  expect(Object.keys((await login.json()) as Json)).not.toContain('agents')
}, 60_000)

afterAll(async () => {
  http?.closeAllConnections()
  await new Promise((resolve) => http?.close(resolve))
  await relay?.close()
  await routing?.stop()
})

beforeEach(() => {
  // every test starts under a serve that searches
  relay.answer(
    () => false,
    (answer) => answer,
  )
})

async function search(q?: string): Promise<{ status: number; body: Json }> {
  const query = q === undefined ? '' : `?q=${encodeURIComponent(q)}`
  const response = await fetch(`${base}/agents${query}`, { headers: { cookie } })
  return { status: response.status, body: await response.json() }
}

/** The agent reads the desktop asked serve for since `from`. */
const agentReads = (from: number) =>
  relay
    .sent()
    .slice(from)
    .filter((line) => line.startsWith('GET /v1/agents'))

describe('transfer targets (GET /desktop/api/agents)', () => {
  it('answers a few matches, ready ones first and each with its state, from one page of each', async () => {
    const from = relay.sent().length
    const found = await search('AGENT10')
    expect(found.status).toBe(200)
    expect(found.body.targets.slice(0, 3)).toEqual([
      { id: agentId(1005), state: 'ready' },
      { id: agentId(1050), state: 'ready' },
      { id: agentId(1000), state: 'logged-out' },
    ])
    expect(found.body.targets).toHaveLength(MAX_TARGETS)
    expect(found.body).toMatchObject({ more: true, complete: true })
    // two pages of 21 (the searching agent may be among them), never the directory's pages
    expect(agentReads(from).sort()).toEqual([
      `GET /v1/agents?limit=${MAX_TARGETS + 1}&q=AGENT10`,
      `GET /v1/agents?limit=${MAX_TARGETS + 1}&q=AGENT10&state=ready&media=voice`,
    ])
  })

  it('leaves the searching agent out, and says when nothing matches', async () => {
    expect((await search('ann')).body).toEqual({
      targets: [{ id: 'Joanna', state: 'not-ready' }],
      more: false,
      complete: true,
    })
    expect((await search('nobody')).body).toEqual({ targets: [], more: false, complete: true })
  })

  it('offers the ready agents first with no text typed yet', async () => {
    const first = await search()
    // agent0100 is ready for voice alone (a transfer rings voice)
    expect(first.body.targets.slice(0, 4).map((t: Json) => t.id)).toEqual([
      agentId(7),
      agentId(100),
      agentId(1005),
      agentId(1050),
    ])
  })

  it.each([
    ['x'.repeat(65), 'at most 64'],
    ['ann lee', 'letters, digits'],
    ['a.b', 'letters, digits'],
  ])('refuses the search %j with 400', async (q, message) => {
    const answer = await search(q)
    expect(answer.status).toBe(400)
    expect(answer.body.error).toContain(message)
  })

  it('on a serve without agents-search: one page of 1,000 searched here, said to be partial', async () => {
    relay.answer(
      (method, url) => method === 'GET' && url === '/v1/capabilities',
      (answer) => {
        const { capabilities } = JSON.parse(answer.body) as { capabilities: string[] }
        return {
          ...answer,
          body: JSON.stringify({ capabilities: capabilities.filter((c) => c !== 'agents-search') }),
        }
      },
    )
    // the desktop reads serve's capabilities again after a new stream; a fresh API here reads them at its first need
    const api = createDesktopApi({ serveUrl: relay.url, calls: createTestCalls(() => 1_000) })
    const older = createServer((req, res) => {
      if (!api(req, res)) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => older.listen(0, '127.0.0.1', resolve))
    try {
      const at = `http://127.0.0.1:${(older.address() as AddressInfo).port}/desktop/api`
      const login = await fetch(`${at}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'ann' }),
      })
      const olderCookie = login.headers.get('set-cookie')!.split(';')[0]!
      const from = relay.sent().length
      const found = (await (
        await fetch(`${at}/agents?q=agent10`, { headers: { cookie: olderCookie } })
      ).json()) as Json
      // serve's first 1,000 agents by id (code units: Joanna, agent0000 to agent0998): agent1005 is past them
      expect(found).toEqual({ targets: [], more: false, complete: false })
      const near = (await (
        await fetch(`${at}/agents?q=agent099`, { headers: { cookie: olderCookie } })
      ).json()) as Json
      expect(near.targets.map((t: Json) => t.id)).toEqual(
        Array.from({ length: 9 }, (_, i) => agentId(990 + i)),
      )
      expect(agentReads(from)).toEqual(['GET /v1/agents?limit=1000', 'GET /v1/agents?limit=1000'])
    } finally {
      older.closeAllConnections()
      await new Promise((resolve) => older.close(resolve))
    }
  })
})

/** A desktop API of its own on `relay` (its clock `now`; or `api`, made elsewhere), and the cookie of `ann`'s login there. */
async function startDesktop(
  now: () => number,
  api: HttpHandler = createDesktopApi({ serveUrl: relay.url, calls: createTestCalls(now), now }),
): Promise<{
  at: string
  cookie: string
  /** Logs `agent` in too: that login's cookie. */
  login(agent: string): Promise<string>
  /** How many searches (GET /desktop/api/agents) reached this desktop so far. */
  searches(): number
  close(): Promise<void>
}> {
  let searches = 0
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/desktop/api/agents')) searches++
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}/desktop/api`
  const login = async (agent: string) => {
    const answer = await fetch(`${at}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent }),
    })
    expect(answer.status).toBe(200)
    return answer.headers.get('set-cookie')!.split(';')[0]!
  }
  return {
    at,
    cookie: await login('ann'),
    login,
    searches: () => searches,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

describe('transfer targets: what the review found', () => {
  it('reads on past ids a transfer cannot reach, and counts them', async () => {
    // a serve of another build whose first page of `bea` holds 21 ids outside the directory's rule (`bea.N`), all
    // before `bean` by id; its cursor is serve's own, so the next page is the real serve's
    relay.answer(
      (method, url) => method === 'GET' && /^\/v1\/agents\?limit=21&q=bea(&|$)/.test(url),
      (answer) => ({
        ...answer,
        body: JSON.stringify({
          agents: Array.from({ length: 21 }, (_, i) => ({
            id: `bea.${i}`,
            state: 'ready',
            load: {},
            reservations: [],
          })),
          next: agentCursorText('bea.9'),
        }),
      }),
    )
    expect((await search('bea')).body).toEqual({
      targets: [{ id: 'bean', state: 'logged-out' }],
      more: false,
      complete: true,
      skipped: 21,
    })
  })

  it('keeps to the matches when serve answers every agent for a text it did not read (an older routing process)', async () => {
    relay.answer(
      (method, url) => method === 'GET' && url.startsWith('/v1/agents?') && url.includes('q=joan'),
      (answer) => ({
        ...answer,
        body: JSON.stringify({
          agents: ['Joanna', agentId(1), 'ann'].map((id) => ({
            id,
            state: 'ready',
            load: {},
            reservations: [],
          })),
        }),
      }),
    )
    expect((await search('joan')).body.targets).toEqual([{ id: 'Joanna', state: 'ready' }])
  })

  it('lists an agent ready for voice alone as ready', async () => {
    expect((await search(agentId(100))).body.targets).toEqual([{ id: agentId(100), state: 'ready' }])
  })

  it('runs one search at a time per login, the newest waiting (older ones 429), and reuses an answer for a second', async () => {
    let clock = 5_000
    const desktop = await startDesktop(() => clock)
    try {
      let answered = 0
      // serve's first agents read waits until every other search has been answered
      relay.before(
        (method, url) => method === 'GET' && url.startsWith('/v1/agents?') && url.includes('q=agent05'),
        async () => {
          await waitFor('the replaced searches answered', () => answered >= 8, 10_000)
        },
      )
      const from = relay.sent().length
      const answers = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const response = await fetch(`${desktop.at}/agents?q=agent05`, {
            headers: { cookie: desktop.cookie },
          })
          const body = (await response.json()) as Json
          answered++
          return { status: response.status, retryAfter: response.headers.get('retry-after'), body }
        }),
      )
      // the one under way and the newest, which waited for it (and read its answer: the same text)
      expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
      const refused = answers.filter((a) => a.status === 429)
      expect(refused).toHaveLength(8)
      expect(refused[0]).toMatchObject({
        retryAfter: null,
        body: { error: expect.stringContaining('replaced') },
      })
      expect(agentReads(from)).toHaveLength(2)
      // within a second: the same answer, serve not asked again; after it, asked again
      const again = await fetch(`${desktop.at}/agents?q=agent05`, { headers: { cookie: desktop.cookie } })
      expect(again.status).toBe(200)
      expect(agentReads(from)).toHaveLength(2)
      clock += SEARCH_CACHE_MS
      await fetch(`${desktop.at}/agents?q=agent05`, { headers: { cookie: desktop.cookie } })
      expect(agentReads(from)).toHaveLength(4)
    } finally {
      await desktop.close()
    }
  })

  it("answers a login's second search typed while its first still reads serve, each with its own text's matches", async () => {
    const desktop = await startDesktop(() => 5_000)
    try {
      // serve's read for the first text waits until the second search has reached the desktop
      relay.before(
        (method, url) => method === 'GET' && url.startsWith('/v1/agents?') && url.includes('q=agent05'),
        async () => {
          await waitFor('the second search sent', () => desktop.searches() >= 2, 10_000)
        },
      )
      const ask = async (q: string) => {
        const response = await fetch(`${desktop.at}/agents?q=${q}`, { headers: { cookie: desktop.cookie } })
        return { status: response.status, body: (await response.json()) as Json }
      }
      const first = ask('agent05')
      await waitFor('the first search sent', () => desktop.searches() >= 1, 10_000)
      const [one, two] = await Promise.all([first, ask('agent100')])
      expect(one.status).toBe(200)
      expect(two.status).toBe(200)
      const ids = (answer: Json) => answer.body.targets.map((t: { id: string }) => t.id)
      expect(ids(one).length).toBeGreaterThan(0)
      expect(ids(one).every((id: string) => id.includes('agent05'))).toBe(true)
      expect(ids(two).length).toBeGreaterThan(0)
      expect(ids(two).every((id: string) => id.includes('agent100'))).toBe(true)
    } finally {
      await desktop.close()
    }
  })

  it("gives a second agent's search of one text within a second from the first's read: her list leaves her out", async () => {
    const desktop = await startDesktop(() => 5_000)
    try {
      const bean = await desktop.login('bean')
      const from = relay.sent().length
      const ask = async (cookie: string) => {
        const response = await fetch(`${desktop.at}/agents?q=an`, { headers: { cookie } })
        expect(response.status).toBe(200)
        return ((await response.json()) as Json).targets.map((t: { id: string }) => t.id)
      }
      const ann = await ask(desktop.cookie)
      expect(ann).toContain('bean')
      expect(ann).not.toContain('ann')
      const reads = agentReads(from).length
      expect(reads).toBeGreaterThan(0)
      const beans = await ask(bean)
      expect(beans).toContain('ann')
      expect(beans).not.toContain('bean')
      expect(agentReads(from)).toHaveLength(reads)
    } finally {
      await desktop.close()
    }
  })

  it('reads serve for at most MAX_SEARCHES_READING texts at once for the whole bridge, many logins searching: the rest 429 with a retry-after', async () => {
    const desktop = await startDesktop(() => 5_000)
    // serve's search reads wait until released: what the bridge asks at once stays in view
    const hold = relay.hold(
      (method, url) => method === 'GET' && url.startsWith('/v1/agents?') && url.includes('q=agent06'),
    )
    try {
      const logins = 10
      const cookies = await Promise.all(
        Array.from({ length: logins }, (_, i) => desktop.login(agentId(600 + i))),
      )
      let answered = 0
      const answers = cookies.map(async (cookie, i) => {
        const response = await fetch(`${desktop.at}/agents?q=agent06${i}`, { headers: { cookie } })
        const body = (await response.json()) as Json
        answered++
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body }
      })
      const texts = () =>
        new Set(hold.held().map((url) => new URL(url, 'http://serve').searchParams.get('q')))
      // each login's search either answered already or reading serve
      await waitFor('every search answered or at serve', () => answered + texts().size >= logins, 20_000)
      expect(texts().size).toBe(MAX_SEARCHES_READING)
      hold.release()
      const done = await Promise.all(answers)
      expect(done.filter((a) => a.status === 200)).toHaveLength(MAX_SEARCHES_READING)
      const refused = done.filter((a) => a.status !== 200)
      expect(refused).toHaveLength(logins - MAX_SEARCHES_READING)
      for (const answer of refused)
        expect(answer).toMatchObject({
          status: 429,
          retryAfter: '1',
          body: { error: expect.stringContaining('transfer searches at once') },
        })
      // the slots are free again: a refused login asking again is answered
      const i = done.findIndex((a) => a.status === 429)
      const again = await fetch(`${desktop.at}/agents?q=agent06${i}`, { headers: { cookie: cookies[i]! } })
      expect(again.status).toBe(200)
    } finally {
      hold.release()
      await desktop.close()
    }
  })

  it.each([0, 1.5, -2])('refuses maxTargetSearches %j at start, saying what it takes', (max) => {
    expect(() =>
      createDesktopApi({ serveUrl: relay.url, calls: createTestCalls(() => 1_000), maxTargetSearches: max }),
    ).toThrow(`maxTargetSearches must be a whole number from 1 (got ${max})`)
  })

  // before, the bridge's mount options (DesktopMountOptions) had no maxTargetSearches: a bridge could not set it
  it("takes maxTargetSearches through the bridge's mount options, range check included", async () => {
    const calls = createTestCalls(() => 1_000)
    await expect(desktopHandlers({ serveUrl: relay.url, calls, maxTargetSearches: 0 })).rejects.toThrow(
      'maxTargetSearches must be a whole number from 1 (got 0)',
    )
    const [api] = await desktopHandlers({ serveUrl: relay.url, calls, maxTargetSearches: 1 })
    const desktop = await startDesktop(() => 1_000, api)
    const hold = relay.hold(
      (method, url) => method === 'GET' && url.startsWith('/v1/agents?') && url.includes('q=agent070'),
    )
    try {
      const [first, second] = await Promise.all([desktop.login(agentId(700)), desktop.login(agentId(701))])
      const reading = fetch(`${desktop.at}/agents?q=agent070`, { headers: { cookie: first! } })
      await waitFor('the first search at serve', () => hold.held().length > 0, 20_000)
      const refused = await fetch(`${desktop.at}/agents?q=agent0701`, { headers: { cookie: second! } })
      expect(refused.status).toBe(429)
      hold.release()
      expect((await reading).status).toBe(200)
    } finally {
      hold.release()
      await desktop.close()
    }
  })
})
