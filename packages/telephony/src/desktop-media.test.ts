// State per media for an agent with voice and chat: per-media events while they differ, one agent-wide event
// when they agree, and the router routes each media by the state the agent set for it.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DIRECTORY, serve, supportStrategy, type TestServer } from '../../server/test/helpers.ts'
import { createDesktopApi } from './desktop-api.ts'
import { createTestCalls } from './desktop-test-calls.ts'

const TWO_MEDIA = DIRECTORY.replace(
  '  bob: { groups: [support], capacity: { voice: 1 } }',
  '  bob: { groups: [support], capacity: { voice: 1 } }\n  carl: { groups: [support], capacity: { voice: 1, chat: 2 } }',
)

let routing: TestServer
let http: Server
let base: string
let cookie = ''

beforeAll(async () => {
  routing = await serve(
    {},
    { 'center.directory.yaml': TWO_MEDIA, 'support.strategy.yaml': supportStrategy('support', '5m') },
  )
  const api = createDesktopApi({
    serveUrl: routing.server.url,
    calls: createTestCalls(),
    media: ['voice', 'chat'],
  })
  http = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const login = await fetch(`${base}/desktop/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'carl' }),
  })
  expect(login.status).toBe(200)
  cookie = login.headers.get('set-cookie')!.split(';')[0]!
})

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve))
  await routing.stop()
})

async function set(media: string, state: string, reason?: string): Promise<void> {
  const response = await fetch(`${base}/desktop/api/state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ media, state, ...(reason === undefined ? {} : { reason }) }),
  })
  expect(response.status).toBe(200)
}

async function carl(): Promise<{ state: string }> {
  const { body } = await routing.request('GET', '/v1/agents')
  return body.agents.find((a: { id: string }) => a.id === 'carl')
}

async function submit(id: string, media: string): Promise<string> {
  const { status, body } = await routing.request('POST', '/v1/interactions', {
    id,
    strategy: 'support',
    media,
  })
  expect(status).toBe(201)
  return body.state
}

it('routes voice but not chat while chat is not ready, and shows ready once both media are', async () => {
  await set('voice', 'ready')
  // voice ready, chat still not ready: a per-media event, the agent-wide state is unchanged
  expect((await carl()).state).toBe('not-ready')
  await set('chat', 'ready')
  expect((await carl()).state).toBe('ready')
  await set('chat', 'not-ready', 'Training')
  expect(await submit('chat-1', 'chat')).toBe('queued')
  expect(await submit('voice-1', 'voice')).toBe('reserved')
  await set('chat', 'ready')
  const { body } = await routing.request('GET', '/v1/interactions/chat-1')
  expect(body).toMatchObject({ state: 'reserved', agent: 'carl' })
})
