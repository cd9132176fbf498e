// The desktop API's timers are injected (DesktopApiOptions.timers): on a simulated clock, an open desktop's stream
// gets its heartbeat and serve is asked for the agents' states at exactly their times, and both stop with the stream.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock, type SimulatedClock } from '@routewright/strategy-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type TestServer } from '../../server/test/helpers.ts'
import { type ServeRelay, startServeRelay } from '../test/serve-relay.ts'
import { CLOCK_START, settle } from '../test/simulated-bridge.ts'
import { createDesktopApi } from './desktop-api.ts'
import { createTestCalls } from './desktop-test-calls.ts'

const SYNC_MS = 2000
const HEARTBEAT_MS = 15_000

/** Waits (real time, for the loopback I/O) until `check` holds; a loaded machine gets 15 s. */
const until = (check: () => boolean) => eventually(() => check() || undefined, 15_000)

let routing: TestServer
let relay: ServeRelay
let http: Server
let base: string
let clock: SimulatedClock
/** The desktop's questions to serve for its agents' states (GET /v1/agents), counted at the relay. */
let agentLists = 0

beforeAll(async () => {
  routing = await serve()
  relay = await startServeRelay(routing.server.url)
  // lets everything through, counting the agent lists asked for
  relay.refuse((method, url) => {
    if (method === 'GET' && url.startsWith('/v1/agents?')) agentLists++
    return false
  })
  clock = createSimulatedClock(CLOCK_START)
  const api = createDesktopApi({
    serveUrl: relay.url,
    calls: createTestCalls(() => clock.now()),
    now: () => clock.now(),
    timers: clock,
    syncMs: SYNC_MS,
    heartbeatMs: HEARTBEAT_MS,
  })
  http = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

afterAll(async () => {
  http.closeAllConnections()
  await new Promise((resolve) => http.close(resolve))
  await relay.close()
  await routing.stop()
})

/** Logs ann in and opens her desktop's event stream: its text so far, and how to close it. */
async function openDesktop() {
  const login = await fetch(`${base}/desktop/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'ann' }),
  })
  expect(login.status).toBe(200)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const abort = new AbortController()
  const response = await fetch(`${base}/desktop/api/events`, { headers: { cookie }, signal: abort.signal })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const stream = { text: '', close: () => abort.abort() }
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
      if (done) return
      stream.text += value
    }
  })()
  await until(() => stream.text.includes('event: states'))
  return stream
}

describe("the desktop's heartbeat and sync on an injected clock", () => {
  it("asks serve for the agents' states every syncMs and pings the stream every heartbeatMs on the clock, then stops both with the stream", async () => {
    const desktop = await openDesktop()
    // the sync and the heartbeat: the clock's two timers
    expect(clock.pending()).toBe(2)
    const asked = agentLists
    clock.advance(SYNC_MS - 1)
    await settle()
    expect(agentLists).toBe(asked)
    clock.advance(1)
    await until(() => agentLists === asked + 1)
    expect(desktop.text).not.toContain(': ping')
    clock.advance(HEARTBEAT_MS - SYNC_MS - 1)
    await settle()
    expect(desktop.text).not.toContain(': ping')
    clock.advance(1)
    await until(() => desktop.text.includes(': ping'))
    desktop.close()
    // no desktop open: nothing left on the clock to ask serve or to ping
    await until(() => clock.pending() === 0)
    expect(clock.runAll()).toBe(0)
  })
})
