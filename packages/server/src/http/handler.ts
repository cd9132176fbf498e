// The node:http adapter: authentication, body limits, zod checks, the route table, SSE, health and metrics.
// Whatever a client sends ends in a status code; an unexpected fault is logged and answered 500.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AllowedHosts } from '@routewright/node-support/listen-address'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { ApiContext, Reply, Route } from '../api/routes.ts'
import { matchRoute, ROUTES } from '../api/routes.ts'
import { parseBody, parseQuery, refuseParams } from '../api/run-route.ts'
import type { EventLog } from '../core/event-log.ts'
import { CoordinatorUnavailable } from '../core/redis-link.ts'
import type { ServerMetrics } from '../core/server-metrics.ts'
import { replyJson } from '../core/shared-json.ts'
import { createOutageLog, type Logger } from '../log.ts'
import { readJsonBody } from './body.ts'
import { eventFilterOf } from './event-filter.ts'
import { pathOf } from './request-path.ts'
import { retryAfterHeader } from './retry-after.ts'
import { lastEventIdProblem, openEventStream, type SseOptions } from './sse.ts'
import { markedStale, STALE_HEADER, staleMark } from './stale.ts'

export interface HandlerOptions {
  ctx: ApiContext
  events: EventLog
  metrics: ServerMetrics
  log: Logger
  /** When set, every path but /healthz and /readyz needs `Authorization: Bearer <token>`. */
  token?: string
  bodyLimit: number
  sse: SseOptions
  openapi: () => Promise<unknown>
  ready: () => Promise<{ ready: boolean; reason?: string }>
  /** More of /healthz's answer (the history writer's pending records). */
  health?: () => Record<string, unknown>
  /** Origins (`http://host:port`) whose pages may read the API and the event stream (CORS). */
  allowOrigins?: readonly string[]
  /**
   * The Host header values answered (lowered `name:port`), known once the server listens; undefined answers any (a
   * server off loopback, guarded by its token). A request without Host (HTTP/1.0) is answered: no browser sends one.
   */
  allowedHosts?: () => AllowedHosts | undefined
}

const OPEN_PATHS = new Set(['/healthz', '/readyz'])
/** The routes answered from this process's settings (operation ids): one answered says nothing of routing. */
const LOCAL_ROUTES = new Set(ROUTES.filter((route) => route.local).map((route) => route.operationId))
/** Paths answered outside the route table, each to GET (and HEAD) only. */
const FIXED_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json', '/v1/events'])

/** What a 405 lists: HEAD wherever GET is answered, since HEAD is GET without the body. */
function allowHeader(methods: readonly string[]): string {
  return (methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods).join(', ')
}

/** The request target as the client wrote it, without its query, short enough to quote in an error. */
function shownTarget(url: string): string {
  const query = url.indexOf('?')
  const target = query < 0 ? url : url.slice(0, query)
  return shortened(target, 201)
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** A response's socket error: the client went away, nothing to answer. */
function ignore(): void {}

const JSON_TYPE = 'application/json; charset=utf-8'

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = replyJson(body)
  // the flat [name, value, ...] form: writeHead reads it as it is, with no object to walk
  const list = [
    'content-type',
    JSON_TYPE,
    'content-length',
    String(Buffer.byteLength(text)),
    'cache-control',
    'no-store',
  ]
  if (headers) for (const name in headers) list.push(name, headers[name]!)
  res.writeHead(status, list)
  res.end(text)
}

export function createHttpHandler(options: HandlerOptions) {
  const { ctx, metrics, log } = options
  const tokenDigest = options.token === undefined ? undefined : digest(options.token)
  const streams = new Set<{ close(): void }>()
  const debug = log.enabled?.('debug') ?? true
  /** Requests by route and status, each label set bound once. */
  const countRequest = metrics.http.by('route', 'status')
  const count = (route: string, status: number) => countRequest(route, String(status))
  // a screen polling through an outage sent one warn line per request: one when refusals start, one when they end
  const refusals = createOutageLog(
    log,
    'requests refused: routing unavailable',
    'requests answered again after routing was unavailable',
    { level: 'warn' },
  )
  let refused = 0
  /**
   * A refusal while routing changes hands is over once another process routes, within the takeover time (said as
   * it is, however long: --takeover goes to 999 s); one while Redis is away, at the link's next reconnect attempt.
   * A coordinator that can date neither (one process, no Redis) says none.
   */
  const unavailableHeaders = (error: CoordinatorUnavailable): Record<string, string> | undefined => {
    const { takeoverMs } = ctx.coordinator
    if (error.moving && takeoverMs !== undefined)
      return retryAfterHeader(takeoverMs, Number.POSITIVE_INFINITY)
    const ms = ctx.coordinator.retryAfterMs?.()
    return ms === undefined ? undefined : retryAfterHeader(ms)
  }
  const answeredFresh = (route: string, status: number) =>
    status < 500 &&
    route !== 'unknown' &&
    !route.startsWith('/') &&
    !LOCAL_ROUTES.has(route) &&
    staleMark(ctx.coordinator) === undefined

  function authorized(req: IncomingMessage): boolean {
    if (!tokenDigest) return true
    const header = String(req.headers.authorization ?? '')
    const match = /^Bearer\s+(.+)$/i.exec(header)
    return match !== null && timingSafeEqual(digest(match[1]!.trim()), tokenDigest)
  }

  const origins = new Set(options.allowOrigins ?? [])
  /** Adds the CORS headers for an allowed origin; answers a preflight (true: the request is done). */
  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin
    if (origins.size === 0 || typeof origin !== 'string') return false
    const allowed = origins.has(origin) || origins.has('*')
    if (allowed) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'origin')
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false
    if (allowed) {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
      res.setHeader('access-control-allow-headers', 'authorization, content-type, last-event-id')
      res.setHeader('access-control-max-age', '600')
    }
    res.writeHead(allowed ? 204 : 403)
    res.end()
    req.resume()
    metrics.http.inc({ route: 'preflight', status: String(res.statusCode) })
    return true
  }

  /** The 403 of a Host this server does not answer to (DNS rebinding), or undefined when it does. */
  function foreignHost(req: IncomingMessage): { error: string; code: string } | undefined {
    const host = req.headers.host
    const allowed = options.allowedHosts?.()
    if (allowed === undefined || host === undefined || allowed.has(host)) return undefined
    return {
      error: `Host ${JSON.stringify(shortened(host, 100))} is not this server: on loopback serve answers only ${allowed.names.join(', ')}, so a web page whose name was pointed at this machine cannot call it. Call it by one of those, or start serve with --allowed-host <name> for a name a proxy in front of it sends`,
      code: 'foreign-host',
    }
  }

  /**
   * Answers a request; the route's name, or a promise of it once the answer needs a wait. Not async: an async
   * function's frame (every register of this long body) is a heap object made per call, ~0.9 KB per request; the
   * waits are in the small async functions below.
   */
  function handle(req: IncomingMessage, res: ServerResponse): string | Promise<string> {
    // HEAD is answered as GET: node:http leaves the body out of a HEAD response itself
    const head = req.method === 'HEAD'
    const method = head ? 'GET' : (req.method ?? 'GET')
    // before the token and every path: a rebinding page would otherwise read and write as a local host does
    const foreign = foreignHost(req)
    if (foreign !== undefined) {
      sendJson(res, 403, foreign)
      req.resume()
      return 'host'
    }
    let pathname: string
    try {
      pathname = pathOf(req.url ?? '/')
    } catch {
      sendJson(res, 400, {
        error: `The request path ${JSON.stringify(req.url)} is not a valid URL path`,
        code: 'bad-path',
      })
      return 'unknown'
    }
    if (!OPEN_PATHS.has(pathname) && !authorized(req)) {
      sendJson(
        res,
        401,
        { error: 'Missing or wrong API token: send "Authorization: Bearer <token>"', code: 'unauthorized' },
        {
          'www-authenticate': 'Bearer',
        },
      )
      return 'auth'
    }
    if (method !== 'GET' && FIXED_PATHS.has(pathname)) {
      const allow = allowHeader(['GET'])
      sendJson(
        res,
        405,
        { error: `${method} is not allowed here; use ${allow}`, code: 'method-not-allowed' },
        { allow },
      )
      req.resume()
      return 'unknown'
    }
    if (method === 'GET' && pathname === '/healthz') {
      sendJson(res, 200, { ok: true, ...options.health?.() })
      return pathname
    }
    if (method === 'GET' && pathname === '/readyz') return readiness(res, pathname)
    if (method === 'GET' && pathname === '/metrics') return metricsText(res, pathname)
    if (method === 'GET' && pathname === '/openapi.json') return openapi(res, pathname)
    if (method === 'GET' && pathname === '/v1/events') {
      if (head) {
        // a stream's headers only: opening it would hold the connection for a body HEAD never has
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
        })
        res.end()
        return pathname
      }
      // checked before the stream opens: a misspelt filter is a 400, not every event
      const query = eventFilterOf(new URL(req.url ?? '/', 'http://localhost').searchParams)
      if (!('filter' in query)) {
        sendJson(res, 400, query)
        return pathname
      }
      // an id the router cannot hold answers as in a path (404 over-limit), not with a stream that never carries one
      const tooLong = refuseParams(ctx, {
        ...(query.filter?.interaction === undefined ? {} : { interaction: query.filter.interaction }),
        ...(query.filter?.agent === undefined ? {} : { agent: query.filter.agent }),
      })
      if (tooLong !== undefined) {
        sendJson(res, tooLong.status, tooLong.body)
        return pathname
      }
      const resume = lastEventIdProblem(req)
      if (resume !== undefined) {
        sendJson(res, 400, resume)
        return pathname
      }
      if (streams.size >= options.sse.maxStreams) {
        sendJson(
          res,
          503,
          {
            error: `Too many event streams open (${options.sse.maxStreams}); use webhooks or retry later`,
            code: 'too-many-streams',
          },
          // a slot held by a client gone silent is found at the next keep-alive write: the heartbeat at most
          retryAfterHeader(options.sse.heartbeatMs),
        )
        return pathname
      }
      // registered first: a stream may end while it opens (a resume larger than the buffer cap)
      const stream = { close: () => {} }
      streams.add(stream)
      try {
        stream.close = openEventStream(
          req,
          res,
          options.events,
          options.sse,
          () => streams.delete(stream),
          query.filter,
          query.routerError,
        )
      } catch (error) {
        streams.delete(stream)
        throw error
      }
      return pathname
    }
    const match = matchRoute(method, pathname)
    if (!match) {
      // the target as written: the parser reads `//v1/x` as host v1 and path /x, which would name a path not sent
      sendJson(res, 404, {
        error: `No such path: ${req.method ?? method} ${shownTarget(req.url ?? '/')} (see /openapi.json)`,
        code: 'no-such-path',
      })
      return 'unknown'
    }
    if ('allowed' in match) {
      const allow = allowHeader(match.allowed)
      sendJson(
        res,
        405,
        { error: `${req.method ?? method} is not allowed here; use ${allow}`, code: 'method-not-allowed' },
        { allow },
      )
      req.resume()
      return 'unknown'
    }
    const { route, params } = match
    const tooLong = refuseParams(ctx, params)
    if (tooLong !== undefined) {
      // no interaction or agent has such an id: answered without echoing it whole or reading the body
      sendJson(res, tooLong.status, tooLong.body)
      req.resume()
      return route.operationId
    }
    let query: unknown
    if (route.query) {
      const parsed = parseQuery(route.query, req.url ?? '/')
      if (!parsed.ok) {
        sendJson(res, parsed.reply.status, parsed.reply.body)
        req.resume()
        return route.operationId
      }
      query = parsed.query
    }
    if (route.body) return withBody(req, res, route, params, query)
    req.resume()
    return answered(res, route, params, undefined, query)
  }

  async function readiness(res: ServerResponse, pathname: string): Promise<string> {
    const state = await options.ready()
    sendJson(res, state.ready ? 200 : 503, state)
    return pathname
  }

  async function metricsText(res: ServerResponse, pathname: string): Promise<string> {
    const text = await metrics.registry.render()
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
    res.end(text)
    return pathname
  }

  async function openapi(res: ServerResponse, pathname: string): Promise<string> {
    sendJson(res, 200, await options.openapi())
    return pathname
  }

  /** A route with a body: read, checked and parsed before the route answers. */
  async function withBody(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    params: Record<string, string>,
    query: unknown,
  ): Promise<string> {
    const read = await readJsonBody(req, options.bodyLimit)
    if (!read.ok) {
      sendJson(
        res,
        read.status,
        { error: read.error, code: read.code },
        read.status === 413 ? { connection: 'close' } : undefined,
      )
      return route.operationId
    }
    const unparsed = route.refuseUnparsed?.(read.value)
    if (unparsed) {
      sendJson(res, unparsed.status, unparsed.body)
      return route.operationId
    }
    const parsed = parseBody(route.body!, read.value)
    if (!parsed.ok) {
      sendJson(res, parsed.reply.status, parsed.reply.body)
      return route.operationId
    }
    sendReply(res, route, await route.handle(ctx, params, parsed.body, query))
    return route.operationId
  }

  /** A route without a body (its request already resumed). */
  async function answered(
    res: ServerResponse,
    route: Route,
    params: Record<string, string>,
    body: unknown,
    query: unknown,
  ): Promise<string> {
    sendReply(res, route, await route.handle(ctx, params, body, query))
    return route.operationId
  }

  function sendReply(res: ServerResponse, route: Route, reply: Reply): void {
    // a read the routing process answered from what it holds while Redis is away says so (writes answered 503)
    const stale =
      route.method === 'GET' && reply.status === 200 && !route.local ? staleMark(ctx.coordinator) : undefined
    if (stale) sendJson(res, reply.status, markedStale(reply.body, stale), { [STALE_HEADER]: stale.reason })
    else sendJson(res, reply.status, reply.body, reply.headers)
  }

  /** Counts an answered request (and logs it at debug). */
  function answeredAs(req: IncomingMessage, res: ServerResponse, route: string, started: number): void {
    count(route, res.statusCode)
    // an API route answered from Redis again (not a fixed path nor a stale read) ends the refusals
    if (refused > 0 && answeredFresh(route, res.statusCode) && refusals.recovered({ refused })) refused = 0
    if (debug)
      log('debug', 'request', {
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 100) / 100,
      })
  }

  /** A request that threw: 503 while routing is unavailable, else a logged 500. */
  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof CoordinatorUnavailable) {
      // the shared Redis is unreachable or routing is changing hands: a clear, retryable answer
      refused++
      refusals.failed({ url: req.url, error: error.message })
      metrics.http.inc({ route: 'unavailable', status: '503' })
      if (!res.headersSent)
        sendJson(res, 503, { error: error.message, code: 'unavailable' }, unavailableHeaders(error))
      else res.end()
      return
    }
    log('error', 'request failed inside the server', {
      method: req.method,
      url: req.url,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
    metrics.http.inc({ route: 'fault', status: '500' })
    if (!res.headersSent)
      sendJson(res, 500, { error: 'Internal error; see the server log', code: 'internal' })
    else res.end()
  }

  return {
    // one async body, not handle(...).then(...).catch(...): two closures and two promises less per request; what
    // follows the answer and the failures are plain functions, so this frame (made per request) stays small
    async listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
      res.on('error', ignore)
      if (cors(req, res)) return
      const started = debug ? performance.now() : 0
      try {
        answeredAs(req, res, await handle(req, res), started)
      } catch (error) {
        failed(req, res, error)
      }
    },
    /** Ends every open event stream (shutdown). */
    closeStreams(): void {
      for (const stream of [...streams]) stream.close()
    },
    streamCount: () => streams.size,
  }
}
