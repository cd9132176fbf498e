// Routes /api/* requests to the workspace store; every reply is JSON, every refusal an ApiError.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type AlarmsResponse,
  API_ROUTES,
  CLIENT_ID_HEADER,
  type CreateRequest,
  type DeleteRequest,
  type DuplicateRequest,
  type ListResponse,
  type RenameRequest,
  SSE_EVENTS,
  type WriteRequest,
} from '../src/api/protocol.ts'
import { ApiError } from './api-error.ts'
import { handleGitRoute } from './git-history.ts'
import { checkSameOrigin, type OriginPolicy, readJsonBody, sendError, sendJson } from './http-io.ts'
import type { ReportsApi } from './reports-api.ts'
import { MAX_EVENT_STREAMS, type SseHub } from './sse-hub.ts'
import type { WorkspaceStore } from './workspace-store.ts'
import type { WorkspaceWatcher } from './workspace-watch.ts'

export interface ApiContext {
  reports: ReportsApi
  store: WorkspaceStore
  watcher: WorkspaceWatcher
  hub: SseHub
  policy: OriginPolicy
  maxBodyBytes: number
}

function clientIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers[CLIENT_ID_HEADER]
  // ids are opaque but short and printable, so they cannot smuggle anything into the event stream
  return typeof value === 'string' && /^[\w-]{1,64}$/.test(value) ? value : undefined
}

function methodNotAllowed(req: IncomingMessage, allowed: string): ApiError {
  return new ApiError(405, 'method-not-allowed', `${req.method} is not supported here; use ${allowed}.`)
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  const { store } = ctx
  const method = req.method ?? 'GET'
  const origin = clientIdOf(req)
  const body = () => readJsonBody(req, ctx.maxBodyBytes)
  switch (url.pathname) {
    case API_ROUTES.files: {
      if (method !== 'GET') throw methodNotAllowed(req, 'GET')
      const files = await store.list()
      const omitted = store.omitted()
      const skipped = store.skipped()
      const response: ListResponse = {
        workspace: store.root,
        files,
        ...(omitted > 0 ? { omitted } : {}),
        ...(skipped.length > 0 ? { skipped } : {}),
      }
      sendJson(res, 200, response)
      return
    }
    case API_ROUTES.file: {
      if (method === 'GET') {
        sendJson(res, 200, await store.read(url.searchParams.get('path')))
        return
      }
      if (method === 'PUT') {
        const meta = await store.write((await body()) as unknown as WriteRequest, origin)
        await ctx.watcher.refresh()
        sendJson(res, 200, meta)
        return
      }
      if (method === 'POST') {
        const meta = await store.create((await body()) as unknown as CreateRequest, origin)
        await ctx.watcher.refresh()
        sendJson(res, 201, meta)
        return
      }
      if (method === 'DELETE') {
        const request: DeleteRequest = {
          path: url.searchParams.get('path') ?? '',
          version: url.searchParams.get('version') ?? '',
        }
        if (request.version === '') {
          throw new ApiError(400, 'bad-request', 'Deleting needs the version the user saw (?version=...).')
        }
        await store.remove(request, origin)
        await ctx.watcher.refresh()
        sendJson(res, 200, { deleted: request.path })
        return
      }
      throw methodNotAllowed(req, 'GET, PUT, POST or DELETE')
    }
    case API_ROUTES.rename: {
      if (method !== 'POST') throw methodNotAllowed(req, 'POST')
      const meta = await store.rename((await body()) as unknown as RenameRequest, origin)
      await ctx.watcher.refresh()
      sendJson(res, 200, meta)
      return
    }
    case API_ROUTES.duplicate: {
      if (method !== 'POST') throw methodNotAllowed(req, 'POST')
      const meta = await store.duplicate((await body()) as unknown as DuplicateRequest, origin)
      await ctx.watcher.refresh()
      sendJson(res, 201, meta)
      return
    }
    case API_ROUTES.alarms: {
      if (method !== 'GET') throw methodNotAllowed(req, 'GET')
      const response: AlarmsResponse = { alarms: await store.readAlarms() }
      sendJson(res, 200, response)
      return
    }
    case API_ROUTES.events: {
      if (method !== 'GET') throw methodNotAllowed(req, 'GET')
      // refused before the refresh to spare the work, and again at connect: requests awaiting it all passed the first
      if (ctx.hub.full()) throw tooManyStreams(res, ctx.hub)
      await ctx.watcher.refresh()
      if (!ctx.hub.connect(res, { event: SSE_EVENTS.snapshot, data: { files: ctx.watcher.files() } })) {
        throw tooManyStreams(res, ctx.hub)
      }
      return
    }
    default:
      if (await handleGitRoute(req, res, url, store.root)) return
      if (await ctx.reports.handle(req, res, url)) return
      throw new ApiError(404, 'not-found', `No API endpoint ${url.pathname}.`)
  }
}

/** 3,000 streams were accepted: each a socket the server writes on every change. */
function tooManyStreams(res: ServerResponse, hub: SseHub): ApiError {
  res.setHeader('retry-after', String(hub.retryAfterSeconds))
  return new ApiError(
    503,
    'too-many-streams',
    `Too many event streams open (${MAX_EVENT_STREAMS}); close other designer tabs or retry later.`,
  )
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext) {
  try {
    checkSameOrigin(req, ctx.policy)
    await route(req, res, url, ctx)
  } catch (error) {
    // drain whatever body is left so the connection can carry the error reply
    if (!req.complete) req.resume()
    sendError(res, error)
  }
}
