// A peer that misbehaves (serve, Kamailio's JSON-RPC) cannot fill the bridge's or the desktop's memory: each answer
// and each event is read up to a bound; past it the call fails as when the peer is down, and an event is dropped
// with a warning while the stream goes on. A small node:http server on a loopback port stands in for the peer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventually } from '@routewright/node-support/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createServeClient } from '../src/desktop-serve.ts'
import { createKamailioRpc, createRouterClient, type RouterEventData } from '../src/index.ts'
import { createServeLimits } from '../src/serve-limits.ts'

// a bound far below the defaults (16 MB, 4 MB): a loaded machine moves 64 KB well within the clients' timeouts
const BOUND = 64 * 1024

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A peer on a free loopback port answering with `handle`; resolves with its base URL. */
async function peer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Valid JSON of more than `bytes` bytes: `{ [key]: value, padding: "xxx..." }`, an answer a reader would take. */
function bigJson(key: string, value: unknown, bytes: number): string {
  return JSON.stringify({ [key]: value, padding: 'x'.repeat(bytes) })
}

describe("the bridge's client of serve", () => {
  it('refuses an answer over its bound as when serve is unreachable, naming serve, the path and the bound', async () => {
    const base = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(bigJson('maxAddressChars', 40, BOUND))
    })
    const router = createRouterClient(base, undefined, { maxAnswerBytes: BOUND })
    await expect(router.call('GET', '/v1/limits')).rejects.toThrow(
      `routewright serve at ${base} answered GET /v1/limits (HTTP 200) with more than ${BOUND} bytes; not read further: check that ${base} is routewright serve`,
    )
    // the caller degrades as when serve is down: the limits known so far stay, logged
    const logged: string[] = []
    const limits = createServeLimits(router, (message) => logged.push(message))
    await limits.read()
    expect(limits.maxAddressChars()).not.toBe(40)
    expect(logged).toEqual(["serve's limits could not be read (unreachable): the limits known so far stay"])
  })

  it('drops an event over its bound with a warning, goes on, and resumes after it (Last-Event-ID)', async () => {
    const resumedFrom: Array<string | undefined> = []
    const frame = (id: number, data: object) =>
      `id: ${id}\nevent: routed\ndata: ${JSON.stringify({ type: 'routed', ...data })}\n\n`
    const base = await peer((req, res) => {
      resumedFrom.push(req.headers['last-event-id'] as string | undefined)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      if (resumedFrom.length > 1) {
        res.write(frame(4, { interaction: 'd' }))
        return
      }
      res.write(frame(1, { interaction: 'a' }))
      // the oversized event comes in pieces, as a stream does; the next event follows in its last piece
      const big = frame(2, { interaction: 'b', data: { note: 'x'.repeat(4 * BOUND) } })
      for (let at = 0; at < big.length; at += 16 * 1024) res.write(big.slice(at, at + 16 * 1024))
      res.write(frame(3, { interaction: 'c' }))
      // then serve drops the stream after an oversized event: the client resumes after it, not from it
      res.write(frame(5, { interaction: 'e', data: { note: 'x'.repeat(4 * BOUND) } }))
      res.end()
    })
    const warnings: Array<[string, Record<string, unknown> | undefined]> = []
    const router = createRouterClient(base, undefined, {
      maxEventBytes: BOUND,
      log: (message, fields) => warnings.push([message, fields]),
    })
    const seen: RouterEventData[] = []
    const stream = router.follow((event) => seen.push(event))
    try {
      await eventually(() => expect(seen.map((e) => e.interaction)).toEqual(['a', 'c', 'd']), 10_000)
      expect(resumedFrom).toEqual([undefined, '5'])
      expect(warnings.map(([message, fields]) => [message, fields?.id])).toEqual([
        [
          `routewright serve's event stream (${base}/v1/events) sent an event of more than ${BOUND} bytes: dropped, the stream goes on; check the interaction data serve takes (its --limits) or raise RouterClientOptions.maxEventBytes`,
          '2',
        ],
        [expect.stringContaining('sent an event of more than'), '5'],
      ])
    } finally {
      await stream.stop()
    }
  })
})

describe("the bridge's client of Kamailio's JSON-RPC", () => {
  it('refuses an htable.dump answer over its bound, naming Kamailio, the URL, the method and the bound', async () => {
    const base = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          result: [{ slot: [{ name: 'call-1|tag', value: `ringing|${'x'.repeat(BOUND)}` }] }],
        }),
      )
    })
    const rpc = createKamailioRpc(`${base}/RPC`, 5000, BOUND)
    await expect(rpc.heldCalls()).rejects.toThrow(
      `Kamailio's JSON-RPC at ${base}/RPC answered htable.dump (HTTP 200) with more than ${BOUND} bytes; not read further: check that ${base}/RPC is Kamailio's RPC port (jsonrpcs over xhttp) and how many items its htables hold (kamailio.cfg)`,
    )
  })
})

describe("the agent desktop's client of serve", () => {
  it('answers 502 for an answer over its bound, as when serve does not answer', async () => {
    const base = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(bigJson('agents', [{ id: 'ann', state: 'ready', load: {}, reserved: 0 }], BOUND))
    })
    const serve = createServeClient({ serveUrl: base, maxAnswerBytes: BOUND })
    expect(await serve.agents()).toEqual({
      ok: false,
      status: 502,
      error: `routewright serve at ${base} answered GET /v1/agents (HTTP 200) with more than ${BOUND} bytes; not read further: check that ${base} is routewright serve`,
    })
  })
})
