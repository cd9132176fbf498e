// The bridge's HTTP side on loopback: its calls, figures and health (the Kamailio link), release, blind transfer, hold and retrieve (what the desktop's
// buttons do), and any handlers mounted beside them (the agent desktop's API and static files).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readJsonBody } from '@routewright/server'
import type { Bridge } from './bridge.ts'
import { callCommandStatus } from './call-control.ts'
import { type Checked, checkAgentId } from './desktop-input.ts'

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

const BODY_LIMIT = 4096
const GET_PATHS = new Set(['/telephony/calls', '/telephony/health', '/telephony/figures'])

function notAllowed(res: ServerResponse, method: string, allow: string, path: string): void {
  res.writeHead(405, { 'content-type': 'application/json', allow })
  res.end(JSON.stringify({ error: `${method} ${path} is not served: use ${allow}` }))
}

/**
 * The `?agent=<id>` of a call command: the leg it acts on (a transferred call keeps its Call-ID, and its old leg
 * may still talk while the next leg's agent acts); undefined without it (the first talking leg).
 */
function legAgent(query: URLSearchParams): Checked<string | undefined> {
  const unknown = [...new Set(query.keys())].filter((key) => key !== 'agent')
  if (unknown.length > 0)
    return {
      ok: false,
      status: 400,
      error: `Unknown query parameter ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; a call command takes only ?agent=<agent id>`,
    }
  const agents = query.getAll('agent')
  if (agents.length === 0) return { ok: true, value: undefined }
  if (agents.length > 1)
    return { ok: false, status: 400, error: 'Give ?agent= once: the agent whose leg to act on' }
  const agent = checkAgentId(agents[0])
  return agent.ok ? agent : { ...agent, error: `?agent=: ${agent.error}` }
}

function telephonyHandler(bridge: Bridge): HttpHandler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge')
    if (!url.pathname.startsWith('/telephony/')) return false
    const method = req.method ?? 'GET'
    if (GET_PATHS.has(url.pathname) && method !== 'GET') {
      req.resume()
      notAllowed(res, method, 'GET', url.pathname)
      return true
    }
    if (url.pathname === '/telephony/calls') {
      reply(res, 200, { calls: bridge.calls() })
      return true
    }
    if (url.pathname === '/telephony/health') {
      // 503 while the evapi link to Kamailio is down: calls cannot be rung, released or transferred then
      const health = bridge.health()
      reply(res, health.kamailio.state === 'up' ? 200 : 503, health)
      return true
    }
    if (url.pathname === '/telephony/figures') {
      reply(res, 200, bridge.figures())
      return true
    }
    const match = /^\/telephony\/calls\/([^/]+)\/(release|transfer|hold|retrieve)$/.exec(url.pathname)
    if (!match) {
      req.resume()
      reply(res, 404, { error: `No ${method} ${url.pathname} here` })
      return true
    }
    if (method !== 'POST') {
      req.resume()
      notAllowed(res, method, 'POST', url.pathname)
      return true
    }
    void (async () => {
      // what the caller sent wrong is a 4xx that says so; what the call cannot do now a 409 with the reason; what failed
      // on the way to the phones a 502
      let callId: string
      try {
        callId = decodeURIComponent(match[1]!)
      } catch {
        req.resume()
        return reply(res, 400, { error: 'The call id in the path is not valid percent-encoding' })
      }
      const agent = legAgent(url.searchParams)
      if (!agent.ok) {
        req.resume()
        return reply(res, agent.status, { error: agent.error })
      }
      // a call of a bridge that is gone is taken over from Kamailio (its dialog is kept there), then acted on
      const why = bridge.calls().some((c) => c.callId === callId) ? undefined : await bridge.takeOver(callId)
      if (why !== undefined) {
        req.resume()
        return reply(res, 404, { error: `No call "${callId.slice(0, 200)}" at this bridge: ${why}` })
      }
      let to: string | undefined
      if (match[2] === 'transfer') {
        const body = await readJsonBody(req, BODY_LIMIT)
        if (!body.ok) return reply(res, body.status, { error: body.error })
        const value = body.value as { to?: unknown } | null
        if (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          typeof value.to !== 'string' ||
          value.to === ''
        )
          return reply(res, 400, { error: 'transfer needs {"to": "<routing point number or agent id>"}' })
        to = value.to
      } else req.resume()
      try {
        const action = match[2] as 'release' | 'transfer' | 'hold' | 'retrieve'
        if (to !== undefined) await bridge.transfer(callId, to, agent.value)
        else if (action === 'transfer') throw new Error('transfer needs a target')
        else await bridge[action](callId, agent.value)
        reply(res, 200, { ok: true })
      } catch (error) {
        // the desktop's mapping: 409 for a refusal, 502 when Kamailio or its link failed
        reply(res, callCommandStatus(error), { error: (error as Error).message })
      }
    })().catch((error: Error) => {
      if (!res.headersSent) reply(res, 500, { error: `Unexpected bridge error: ${error.message}` })
      else res.destroy()
    })
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
