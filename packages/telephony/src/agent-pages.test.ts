// serve answers GET /v1/agents a page at a time: the bridge's agent list (direct calls, transfers to an agent) and
// the agent desktop's (login, transfer targets) follow `next`, so an agent past the first page is still found.
import { beforeAll, describe, expect, it } from 'vitest'
import { serve, supportStrategy, type TestServer } from '../../server/test/helpers.ts'
import { everyAgent, routerAgents } from './agent-pages.ts'
import { createServeClient } from './desktop-serve.ts'
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
})
