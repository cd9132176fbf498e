// Runs examples/hosts/chat-bridge.mjs against a real server on the examples, as packages/server/docs/serve.md tells users to.

import path from 'node:path'
import { eventually } from '@routewright/node-support/testing'
import { type RunningServer, startServer } from '@routewright/server'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error: the example is plain JavaScript, on purpose
import { startChatBridge } from '../../../examples/hosts/chat-bridge.mjs'

const examples = path.resolve(import.meta.dirname, '../../../examples')
let server: RunningServer | undefined
let bridge: { url: string; close(): Promise<void> } | undefined
afterEach(async () => {
  await bridge?.close()
  await server?.close()
})

async function webhook(event: unknown): Promise<number> {
  const response = await fetch(`${bridge!.url}/webhooks/chat`, {
    method: 'POST',
    body: JSON.stringify(event),
  })
  return response.status
}

describe('the chat platform bridge example', () => {
  it('assigns a new chat to an online agent through serve, then closes it', async () => {
    server = await startServer({ workspace: examples, port: 0, watch: false, log: () => {} })
    bridge = await startChatBridge({ router: server.url, port: 0 })
    expect(await webhook({ event: 'agent.presence', agent: 'carla', status: 'online' })).toBe(202)
    expect(await webhook({ event: 'conversation.created', conversation: { id: '42' } })).toBe(202)
    const conversation = await eventually(async () => {
      const c = await (await fetch(`${bridge!.url}/conversations/42`)).json()
      return c.status === 'assigned' ? c : undefined
    })
    expect(conversation.agent).toBe('carla')
    await eventually(async () =>
      (await server!.coordinator.interaction('chat-42'))?.state === 'connected' ? true : undefined,
    )
    expect(await webhook({ event: 'conversation.closed', conversation: { id: '42' } })).toBe(202)
    await eventually(async () =>
      (await server!.coordinator.interaction('chat-42'))?.state === 'completed' ? true : undefined,
    )
    expect(await webhook({ event: 'agent.presence', agent: 'carla', status: 'sleeping' })).toBe(400)
  })

  it('takes a redelivered conversation.created as done, keeping the assignment', async () => {
    server = await startServer({ workspace: examples, port: 0, watch: false, log: () => {} })
    bridge = await startChatBridge({ router: server.url, port: 0 })
    expect(await webhook({ event: 'agent.presence', agent: 'carla', status: 'online' })).toBe(202)
    const created = { event: 'conversation.created', conversation: { id: '43' } }
    expect(await webhook(created)).toBe(202)
    await eventually(async () => {
      const c = await (await fetch(`${bridge!.url}/conversations/43`)).json()
      return c.status === 'assigned' ? c : undefined
    })
    // the platform did not hear the first answer in time and sends the same webhook again
    expect(await webhook(created)).toBe(202)
    expect(await (await fetch(`${bridge!.url}/conversations/43`)).json()).toMatchObject({
      status: 'assigned',
      agent: 'carla',
    })
    expect(await webhook({ event: 'conversation.closed', conversation: { id: '43' } })).toBe(202)
    await eventually(async () =>
      (await server!.coordinator.interaction('chat-43'))?.state === 'completed' ? true : undefined,
    )
  })

  it('answers a presence serve refuses for good (no chat for the agent) with a 4xx saying why, not a retried 5xx', async () => {
    server = await startServer({ workspace: examples, port: 0, watch: false, log: () => {} })
    bridge = await startChatBridge({ router: server.url, port: 0 })
    // bob takes voice only: serve refuses his chat presence, the same on every retry
    const response = await fetch(`${bridge!.url}/webhooks/chat`, {
      method: 'POST',
      body: JSON.stringify({ event: 'agent.presence', agent: 'bob', status: 'online' }),
    })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'no-media', error: expect.stringContaining('chat') })
    expect(await webhook({ event: 'agent.presence', agent: 'nobody', status: 'online' })).toBe(422)
  })
})
