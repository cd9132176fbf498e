// Browser-side client of the designer server: typed calls, failures returned as values, never thrown.
import {
  type AlarmsResponse,
  API_ROUTES,
  type ApiErrorBody,
  type ApiErrorCode,
  CLIENT_ID_HEADER,
  type FileContent,
  type FileMeta,
  type ListResponse,
  SSE_EVENTS,
  type WorkspaceChange,
  type WorkspaceSnapshot,
} from './protocol.ts'

/** A failed call: the server's code and message, or `network` when the server could not be reached. */
export interface ApiFailure {
  code: ApiErrorCode | 'network' | 'bad-response'
  message: string
  /** HTTP status; 0 when there was no response. */
  status: number
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure }

/** The file changed (or vanished) on disk since `baseVersion`: show `current` and offer reload or overwrite. */
export interface WriteConflict {
  /** What is on disk now; `null` if the file was deleted. */
  current: FileContent | null
}

/** A version-guarded call: on 409 `conflict` says what is on disk now; other failures have `conflict: null`. */
export type GuardedResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: ApiFailure; conflict: WriteConflict | null }

export type WriteResult = GuardedResult<FileMeta>

export interface WatchHandlers {
  /** Full listing, sent on every (re)connection so missed events can be reconciled. */
  onSnapshot?: (snapshot: WorkspaceSnapshot) => void
  /** `false` while the stream is down (server stopped); EventSource retries by itself. */
  onConnection?: (connected: boolean) => void
  /** Also report changes this client made itself (off by default: the caller already knows them). */
  includeOwn?: boolean
}

export interface WorkspaceClient {
  /** Random id sent with every change this client makes; change events carry it back as `origin`. */
  readonly clientId: string
  list(): Promise<ApiResult<ListResponse>>
  read(path: string): Promise<ApiResult<FileContent>>
  /** serve's alarms.yaml, read only (where-used reads the targets its rules watch). */
  alarms(): Promise<ApiResult<AlarmsResponse>>
  write(path: string, text: string, baseVersion: string, options?: { force?: boolean }): Promise<WriteResult>
  create(path: string, text: string): Promise<ApiResult<FileMeta>>
  rename(from: string, to: string, version: string): Promise<WriteResult>
  duplicate(from: string, to: string): Promise<ApiResult<FileMeta>>
  remove(path: string, version: string): Promise<GuardedResult<{ deleted: string }>>
  /** Subscribes to workspace changes over Server-Sent Events; returns the unsubscribe function. */
  watch(onChange: (change: WorkspaceChange) => void, handlers?: WatchHandlers): () => void
}

export interface WorkspaceClientOptions {
  fetch?: typeof fetch
  EventSource?: typeof EventSource
  clientId?: string
}

function randomId(): string {
  const bytes = new Uint8Array(9)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error
  return typeof error?.code === 'string' && typeof error.message === 'string'
}

type Raw = { ok: true; status: number; body: unknown } | { ok: false; error: ApiFailure; body: unknown }

/**
 * @example
 * const client = createWorkspaceClient(window.location.origin)
 * const file = await client.read('vip.strategy.yaml')
 * if (file.ok) await client.write(file.value.path, newText, file.value.version)
 */
export function createWorkspaceClient(
  baseUrl: string,
  options: WorkspaceClientOptions = {},
): WorkspaceClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const clientId = options.clientId ?? randomId()
  const base = baseUrl.replace(/\/+$/, '')

  function url(route: string, query?: Record<string, string>): string {
    const search = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`
    return `${base}${route}${search}`
  }

  async function call(method: string, target: string, body?: unknown): Promise<Raw> {
    let response: Response
    try {
      const init: RequestInit = {
        method,
        headers: { [CLIENT_ID_HEADER]: clientId, accept: 'application/json' },
      }
      if (body !== undefined) {
        init.headers = { ...init.headers, 'content-type': 'application/json' }
        init.body = JSON.stringify(body)
      }
      response = await doFetch(target, init)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const message = `Cannot reach the designer server at ${base || 'this page'} (${reason}); is \`npm start\` still running?`
      return { ok: false, error: { code: 'network', message, status: 0 }, body: undefined }
    }
    let parsed: unknown
    try {
      parsed = await response.json()
    } catch {
      const message = `The designer server answered ${response.status} with something that is not JSON.`
      return { ok: false, error: { code: 'bad-response', message, status: response.status }, body: undefined }
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed }
    if (isErrorBody(parsed)) {
      return { ok: false, error: { ...parsed.error, status: response.status }, body: parsed }
    }
    const message = `The designer server answered ${response.status} without an error description.`
    return { ok: false, error: { code: 'bad-response', message, status: response.status }, body: parsed }
  }

  async function simple<T>(method: string, target: string, body?: unknown): Promise<ApiResult<T>> {
    const raw = await call(method, target, body)
    return raw.ok ? { ok: true, value: raw.body as T } : { ok: false, error: raw.error }
  }

  async function guarded<T>(method: string, target: string, body?: unknown): Promise<GuardedResult<T>> {
    const raw = await call(method, target, body)
    if (raw.ok) return { ok: true, value: raw.body as T }
    const conflict =
      raw.error.code === 'conflict' && isErrorBody(raw.body) ? { current: raw.body.current ?? null } : null
    return { ok: false, error: raw.error, conflict }
  }

  function watch(onChange: (change: WorkspaceChange) => void, handlers: WatchHandlers = {}): () => void {
    const Source = options.EventSource ?? globalThis.EventSource
    const source = new Source(url(API_ROUTES.events))
    source.addEventListener(SSE_EVENTS.change, (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as WorkspaceChange
      if (change.origin === clientId && handlers.includeOwn !== true) return
      onChange(change)
    })
    source.addEventListener(SSE_EVENTS.snapshot, (event) => {
      handlers.onSnapshot?.(JSON.parse((event as MessageEvent<string>).data) as WorkspaceSnapshot)
    })
    source.addEventListener('open', () => handlers.onConnection?.(true))
    source.addEventListener('error', () => handlers.onConnection?.(false))
    return () => source.close()
  }

  return {
    clientId,
    list: () => simple<ListResponse>('GET', url(API_ROUTES.files)),
    read: (path) => simple<FileContent>('GET', url(API_ROUTES.file, { path })),
    alarms: () => simple<AlarmsResponse>('GET', url(API_ROUTES.alarms)),
    write: (path, text, baseVersion, writeOptions = {}) =>
      guarded<FileMeta>('PUT', url(API_ROUTES.file), {
        path,
        text,
        baseVersion,
        force: writeOptions.force === true,
      }),
    create: (path, text) => simple<FileMeta>('POST', url(API_ROUTES.file), { path, text }),
    rename: (from, to, version) => guarded<FileMeta>('POST', url(API_ROUTES.rename), { from, to, version }),
    duplicate: (from, to) => simple<FileMeta>('POST', url(API_ROUTES.duplicate), { from, to }),
    remove: (path, version) =>
      guarded<{ deleted: string }>('DELETE', url(API_ROUTES.file, { path, version })),
    watch,
  }
}
