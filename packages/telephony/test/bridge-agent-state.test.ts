// The bridge following a real serve's event stream (the router client it runs with) tells the desktops each agent
// whose state serve says changed (`agent-state`: another host's PUT, the router's not ready), and nothing else.
import { eventually } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type TestServer } from '../../server/test/helpers.ts'
import { createBridge, createRouterClient, followServe } from '../src/index.ts'

let routing: TestServer
beforeAll(async () => {
  routing = await serve()
})
afterAll(async () => {
  await routing?.stop()
})

describe("the bridge and serve's agent-state events", () => {
  it('tells its desktops of each agent whose state changed, once per change, whoever made it', async () => {
    const router = createRouterClient(routing.server.url)
    const bridge = createBridge({ router, strategy: 'support', sipDomain: '127.0.0.1:5060' })
    const heard: string[] = []
    const stop = bridge.onAgentStateChanged?.((agent) => heard.push(agent))
    const following = followServe(router, bridge)
    try {
      await following.ready
      await routing.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await routing.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
      await routing.ok('POST', '/v1/interactions', { id: 'b1', strategy: 'support' })
      // the router's own not ready (a decline), then another host's change of bob
      await routing.ok('POST', '/v1/interactions/b1/reject', { reason: 'declined' })
      await routing.ok('PUT', '/v1/agents/bob/state', { state: 'not-ready', reason: 'training' })
      await eventually(() => expect(heard).toEqual(['ann', 'ann', 'bob']))
    } finally {
      stop?.()
      await following.stop()
    }
  })

  it("says who made the change: a supervisor's Log out, by name", async () => {
    const router = createRouterClient(routing.server.url)
    const bridge = createBridge({ router, strategy: 'support', sipDomain: '127.0.0.1:5060' })
    const heard: unknown[] = []
    const stop = bridge.onAgentStateChanged?.((agent, change) => heard.push({ agent, ...change }))
    const following = followServe(router, bridge)
    try {
      await following.ready
      await routing.ok('PUT', '/v1/agents/ann/state', {
        state: 'logged-out',
        by: 'supervisor',
        supervisor: 'sam',
      })
      await eventually(() =>
        expect(heard).toEqual([
          { agent: 'ann', state: 'logged-out', by: 'supervisor', supervisor: 'sam', at: expect.any(Number) },
        ]),
      )
    } finally {
      stop?.()
      await following.stop()
    }
  })
})
