// The router client's event stream waits on its injected timers after a drop: on a simulated clock it asks serve again
// exactly FOLLOW_RETRY_MS later (resuming after the last event seen), and a stop during that wait ends it at once.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { createRouterClient, FOLLOW_RETRY_MS, type RouterEventData } from '../src/index.ts'
import { CLOCK_START, settle } from './simulated-bridge.ts'

/** Waits (real time, for the loopback I/O) until `check` holds; a loaded machine gets 15 s. */
const until = (check: () => boolean) => eventually(() => check() || undefined, 15_000)

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** A stand-in for serve's `/v1/events` that sends one event (`id: n`) on each connection, then drops it. */
async function droppingEvents() {
  const asked: IncomingMessage[] = []
  const server = createServer((req, res) => {
    asked.push(req)
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const n = asked.length
    res.end(`id: ${n}\ndata: ${JSON.stringify({ type: 'tick', interaction: `i${n}` })}\n\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked }
}

describe("the router client's event stream on an injected clock", () => {
  it('asks serve again exactly FOLLOW_RETRY_MS after a drop on the clock, from the last event seen', async () => {
    const serve = await droppingEvents()
    const clock = createSimulatedClock(CLOCK_START)
    const client = createRouterClient(serve.url, undefined, { timers: clock })
    const events: RouterEventData[] = []
    const follow = client.follow((event) => events.push(event))
    closers.push(() => follow.stop())
    await follow.ready
    // the first stream's event read, then the drop: the wait before asking again is the clock's one timer
    await until(() => clock.pending() === 1)
    expect(events.map((e) => e.interaction)).toEqual(['i1'])
    clock.advance(FOLLOW_RETRY_MS - 1)
    await settle()
    expect(clock.pending()).toBe(1)
    expect(serve.asked).toHaveLength(1)
    clock.advance(1)
    await until(() => serve.asked.length === 2)
    expect(serve.asked[1]!.headers['last-event-id']).toBe('1')
    await until(() => events.length === 2)
    expect(events.map((e) => e.interaction)).toEqual(['i1', 'i2'])
  })

  it('a stop while it waits to ask again ends the wait at once, its timer cleared', async () => {
    const serve = await droppingEvents()
    const clock = createSimulatedClock(CLOCK_START)
    const follow = createRouterClient(serve.url, undefined, { timers: clock }).follow(() => {})
    await follow.ready
    await until(() => clock.pending() === 1)
    // the clock never moves: the stop resolves all the same, and nothing is left to fire
    await follow.stop()
    expect(clock.pending()).toBe(0)
    expect(serve.asked).toHaveLength(1)
  })
})
