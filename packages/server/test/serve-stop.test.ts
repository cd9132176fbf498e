// serve's stop waits for answers in flight only: a connection with nothing in flight (a client's spare keep-alive
// connection that never sent a request, one whose event stream was read) ends at once, not after the grace.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type TestServer } from './helpers.ts'
import { readEvents } from './sse-client.ts'

// long enough that a stop waiting it out fails the test, short enough that it fails quickly
const GRACE_MS = 10_000

let t: TestServer | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await t?.stop()
  t = undefined
})

/** A raw connection to the server: what arrives on it, and a promise of its end. */
async function rawConnection(
  url: string,
): Promise<{ socket: Socket; received: () => string; ended: Promise<void> }> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  let text = ''
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1')
  })
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return { socket, received: () => text, ended }
}

/** Stops the test's server; its duration in ms. */
async function timedStop(): Promise<number> {
  const running = t!
  t = undefined
  const started = performance.now()
  await running.stop()
  return performance.now() - started
}

describe('serve stop', () => {
  it('ends at once after an event stream was read and a request sent behind it', async () => {
    t = await serve({ shutdownGraceMs: GRACE_MS })
    // a connection the client opened and has not used yet (undici opens such a spare one under concurrency)
    const spare = await rawConnection(t.server.url)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'ready' })
    await t.ok('POST', '/v1/interactions', { id: 'a', strategy: 'support' })
    const frames = await readEvents(`${t.server.url}/v1/events?lastEventId=0`, 1)
    expect(frames.length).toBeGreaterThan(0)
    await t.ok('PUT', '/v1/agents/ann/state', { state: 'not-ready' })
    const ms = await timedStop()
    await spare.ended
    expect(spare.received()).toBe('')
    // the stop waited ~GRACE_MS before (Node counts an unused connection as busy)
    expect(ms).toBeLessThan(3000)
  })

  it('answers a request in flight, with Connection: close, then ends its connection', async () => {
    t = await serve({ shutdownGraceMs: GRACE_MS })
    const body = JSON.stringify({ id: 'slow', strategy: 'support' })
    const client = await rawConnection(t.server.url)
    // the headers and half the body: the request is in flight until the rest arrives
    client.socket.write(
      `POST /v1/interactions HTTP/1.1\r\nHost: ${new URL(t.server.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    // and one poll of the loop after it, which reads what arrived: the server has the request when the stop begins
    await new Promise((resolve) => setImmediate(resolve))
    const stopping = timedStop()
    await new Promise((resolve) => setTimeout(resolve, 300))
    client.socket.write(body.slice(10))
    await client.ended
    const ms = await stopping
    const answer = client.received()
    expect(answer).toMatch(/^HTTP\/1\.1 201 /)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer).toContain('"slow"')
    // it waited for the answer, not for the grace
    expect(ms).toBeGreaterThanOrEqual(300)
    expect(ms).toBeLessThan(3000)
  })
})
