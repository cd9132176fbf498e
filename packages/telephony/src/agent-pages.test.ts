// serve answers GET /v1/agents a page at a time: the bridge's agent list (direct calls, transfers to an agent) and
// the agent desktop's (login, transfer targets) follow `next`, so an agent past the first page is still found.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { serve, supportStrategy, type TestServer } from '../../server/test/helpers.ts'
import { startServeRelay } from '../test/serve-relay.ts'
import { everyAgent, NAMED_URL_CHARS, namedAgentPaths, routerAgents } from './agent-pages.ts'
import { createDesktopApi } from './desktop-api.ts'
import { createServeClient } from './desktop-serve.ts'
import { createTestCalls } from './desktop-test-calls.ts'
import { createRouterClient } from './router-client.ts'

const COUNT = 1200
const ids = Array.from({ length: COUNT }, (_, i) => `agent${String(i).padStart(4, '0')}`)

let routing: TestServer
beforeAll(async () => {
  routing = await serve(
    {},
    {
      'center.directory.yaml': `directory: many
format: 1
groups:
  support: { title: Support }
agents:
${ids.map((id) => `  ${id}: { groups: [support], capacity: { voice: 1 } }`).join('\n')}
destinations:
  voicemail: { type: routing-point, address: "7000" }
`,
      'support.strategy.yaml': supportStrategy(),
    },
  )
  return () => routing.stop()
})

describe("serve's agents over its pages", () => {
  it("the bridge's router client lists every agent", async () => {
    const answer = await routerAgents(createRouterClient(routing.server.url, undefined, { log: () => {} }))
    expect(answer.status).toBe(200)
    expect((answer.body.agents as Array<{ id: string }>).map((a) => a.id)).toEqual(ids)
    expect(answer.body.next).toBeUndefined()
    // a direct call's or a transfer's agent alone: one request, past the first page too
    const named = await routerAgents(createRouterClient(routing.server.url, undefined, { log: () => {} }), [
      ids[1100]!,
    ])
    expect((named.body.agents as Array<{ id: string }>).map((a) => a.id)).toEqual([ids[1100]])
  })

  it("the desktop's serve client lists every agent", async () => {
    const client = createServeClient({ serveUrl: routing.server.url })
    const answer = await client.agents()
    expect(answer.ok && answer.value.map((a) => a.id)).toEqual(ids)
    // the open desktops' agents alone (its periodic sync): named, in one request, past the first page too
    const named = await client.agents([ids[1100]!, ids[3]!])
    expect(named.ok && named.value.map((a) => a.id)).toEqual([ids[3], ids[1100]])
  })

  it('a refused page ends the list with that refusal; a serve whose pages never end stops at the bound', async () => {
    const paths: string[] = []
    const refused = await everyAgent<string>(async (path) => {
      paths.push(path)
      return paths.length === 1 ? { agents: [1], next: 'a b' } : { refused: 'down' }
    })
    expect(refused).toEqual({ refused: 'down' })
    expect(paths).toEqual(['/v1/agents', '/v1/agents?limit=1000&after=a%20b'])
    let pages = 0
    const endless = await everyAgent<never>(async () => ({ agents: [pages++], next: 'again' }))
    expect('agents' in endless && endless.agents.length).toBe(1000)
  })

  it("name many long ids in as many requests as fit serve's request head and page", async () => {
    // 64-character ids: a thousand of them in one URL is past serve's 16 KiB of request head (431)
    const unknown = Array.from({ length: 1500 }, (_, i) => `${'x'.repeat(60)}${String(i).padStart(4, '0')}`)
    const named = [...unknown, ids[1100]!]
    const desktop = await createServeClient({ serveUrl: routing.server.url }).agents(named)
    expect(desktop.ok && desktop.value.map((a) => a.id)).toEqual([ids[1100]])
    const bridge = await routerAgents(
      createRouterClient(routing.server.url, undefined, { log: () => {} }),
      named,
    )
    expect(bridge.status).toBe(200)
    expect((bridge.body.agents as Array<{ id: string }>).map((a) => a.id)).toEqual([ids[1100]])
  })

  it('split named ids by encoded length and by the page, every id once in order', () => {
    const long = Array.from({ length: 300 }, (_, i) => `é ${i}`.padEnd(64, 'y'))
    const short = Array.from({ length: 2500 }, (_, i) => `a${i}`)
    for (const named of [long, short]) {
      const lists = namedAgentPaths(named).map((p) => p.split('&id=')[1]!)
      for (const list of lists) {
        expect(list.length).toBeLessThanOrEqual(NAMED_URL_CHARS)
        expect(list.split(',').length).toBeLessThanOrEqual(1000)
      }
      expect(lists.flatMap((l) => l.split(',').map(decodeURIComponent))).toEqual(named)
    }
    expect(namedAgentPaths(short)).toHaveLength(3)
    expect(namedAgentPaths([])).toEqual([])
  })

  it("the desktop's login and transfer ask serve for their agent alone, not every page", async () => {
    const relay = await startServeRelay(routing.server.url)
    const calls = createTestCalls(() => 1_000)
    const api = createDesktopApi({ serveUrl: relay.url, calls, now: () => 1_000 })
    const http = createServer((req, res) => {
      if (!api(req, res)) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/desktop/api`
    try {
      const post = (path: string, body: unknown, cookie = '') =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        })
      // past the first page: found by name
      const login = await post('/login', { agent: ids[1100] })
      expect(login.status).toBe(200)
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      calls.offer({ callId: 'c1', agent: ids[1100]!, state: 'talking' })
      calls.offer({ callId: 'c2', agent: ids[1100]!, state: 'talking' })
      expect((await post('/calls/c1/transfer', { to: ids[3] }, cookie)).status).toBe(200)
      expect((await post('/calls/c2/transfer', { to: 'nobody' }, cookie)).status).toBe(404)
      const listed = relay.sent().filter((r) => r.startsWith('GET /v1/agents'))
      expect(listed).toEqual([
        `GET /v1/agents?limit=1000&id=${ids[1100]}`,
        // the login's answer, its view: the agent alone (transfer targets are searched for, desktop-targets.ts)
        `GET /v1/agents?limit=1000&id=${ids[1100]}`,
        `GET /v1/agents?limit=1000&id=${ids[3]}`,
        'GET /v1/agents?limit=1000&id=nobody',
      ])
    } finally {
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
      await relay.close()
    }
  })
})
