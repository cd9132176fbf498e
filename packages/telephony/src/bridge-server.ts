// The bridge's HTTP side on loopback: its calls, figures and health (the Kamailio link), release and blind transfer (what the desktop's
// buttons do), and any handlers mounted beside them (the agent desktop's API and static files).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Bridge } from './bridge.ts'

/** Answers a request and returns true, or returns false for a path it does not serve. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean

export interface BridgeServer {
  url: string
  close(): Promise<void>
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage, limit = 4096): Promise<unknown> {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > limit) throw new Error('body too large')
  }
  return text ? JSON.parse(text) : {}
}

function telephonyHandler(bridge: Bridge): HttpHandler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge')
    if (!url.pathname.startsWith('/telephony/')) return false
    if (req.method === 'GET' && url.pathname === '/telephony/calls') {
      reply(res, 200, { calls: bridge.calls() })
      return true
    }
    if (req.method === 'GET' && url.pathname === '/telephony/health') {
      // 503 while the evapi link to Kamailio is down: calls cannot be rung, released or transferred then
      const health = bridge.health()
      reply(res, health.kamailio.state === 'up' ? 200 : 503, health)
      return true
    }
    if (req.method === 'GET' && url.pathname === '/telephony/figures') {
      reply(res, 200, bridge.figures())
      return true
    }
    const match = /^\/telephony\/calls\/([^/]+)\/(release|transfer)$/.exec(url.pathname)
    if (req.method !== 'POST' || !match) {
      reply(res, 404, { error: `No ${req.method} ${url.pathname} here` })
      return true
    }
    void (async () => {
      try {
        const callId = decodeURIComponent(match[1]!)
        if (match[2] === 'release') await bridge.release(callId)
        else {
          const body = (await readBody(req)) as { to?: unknown }
          if (typeof body.to !== 'string' || body.to === '')
            return reply(res, 400, { error: 'transfer needs {"to": "<routing point number or agent id>"}' })
          await bridge.transfer(callId, body.to)
        }
        reply(res, 200, { ok: true })
      } catch (error) {
        reply(res, 409, { error: (error as Error).message })
      }
    })()
    return true
  }
}

export async function startBridgeServer(
  bridge: Bridge,
  extra: readonly HttpHandler[],
): Promise<BridgeServer> {
  const handlers = [telephonyHandler(bridge), ...extra]
  const server = createServer((req, res) => {
    try {
      for (const handler of handlers) if (handler(req, res)) return
      reply(res, 404, { error: 'not found' })
    } catch (error) {
      if (!res.headersSent) reply(res, 500, { error: (error as Error).message })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
