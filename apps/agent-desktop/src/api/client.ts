// The desktop's calls to its API (/desktop/api/*, same origin, session in an HttpOnly cookie) and its event stream.
import { retryAfterMsOf } from '@routewright/server/retry-after'
import type {
  CallView,
  DesktopSessionHeader,
  MediaState,
  Refusal,
  SessionView,
  SettableState,
  TargetSearch,
  WrapUpView,
} from '../core/types.ts'

export class DesktopApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The bridge's stable code of the refusal, when it gives one (`signed-in-elsewhere`). */
    readonly code?: string,
    /** When to try again, as serve's Retry-After said through the bridge (Redis away, routing changing hands). */
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

const API = `${import.meta.env.BASE_URL}api`
const SESSION_HEADER: DesktopSessionHeader = 'x-routewright-session'

/** The session this page acts for (its login or session answer's) and who hears the bridge refuse a change. */
let page: { session: string | undefined; refused(refusal: Refusal): void } | undefined

/**
 * Every change the page asks for from now on names `session`: after a newer login in this browser replaced it (the
 * cookie is that login's), the bridge refuses the change instead of making it as that login, and `refused` hears
 * so. Returns the function that stops it.
 */
export function actFor(session: string | undefined, refused: (refusal: Refusal) => void): () => void {
  const bound = { session, refused }
  page = bound
  return () => {
    if (page === bound) page = undefined
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  // a login makes a session of its own; a GET changes nothing
  const named = method !== 'GET' && path !== '/login' ? page : undefined
  let response: Response
  try {
    response = await fetch(`${API}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(named?.session === undefined ? {} : { [SESSION_HEADER]: named.session }),
      },
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new DesktopApiError(0, 'The desktop server did not answer. Check your connection and try again.')
  }
  const data = (await response.json().catch(() => ({}))) as { error?: string; code?: unknown }
  if (!response.ok) {
    const code = typeof data.code === 'string' ? data.code : undefined
    const message = data.error ?? `The desktop server answered ${response.status}`
    named?.refused(code === undefined ? { message } : { code, message })
    throw new DesktopApiError(
      response.status,
      message,
      code,
      retryAfterMsOf(response.headers.get('retry-after')),
    )
  }
  return data as T
}

export const desktopApi = {
  login: (agent: string) => request<SessionView>('POST', '/login', { agent }),
  logout: () => request<{ ok: true }>('POST', '/logout', {}),
  session: () => request<SessionView>('GET', '/session'),
  /** The session if this browser has one: none is an answer here, not a 401 the browser logs as an error. */
  sessionIfAny: async (): Promise<SessionView | undefined> => {
    const answer = await request<SessionView | { loggedIn: false }>('GET', '/session?optional')
    return 'loggedIn' in answer ? undefined : answer
  },
  setState: (media: string, state: SettableState, reason?: string) =>
    request<SessionView>('PUT', '/state', { media, state, ...(reason === undefined ? {} : { reason }) }),
  release: (callId: string) =>
    request<{ ok: true }>('POST', `/calls/${encodeURIComponent(callId)}/release`, {}),
  hold: (callId: string) => request<{ ok: true }>('POST', `/calls/${encodeURIComponent(callId)}/hold`, {}),
  retrieve: (callId: string) =>
    request<{ ok: true }>('POST', `/calls/${encodeURIComponent(callId)}/retrieve`, {}),
  /** Transfer targets whose id holds `q` (empty: the first ones), ready ones first. */
  targets: (q: string) => request<TargetSearch>('GET', `/agents?q=${encodeURIComponent(q)}`),
  transfer: (callId: string, to: string) =>
    request<{ ok: true }>('POST', `/calls/${encodeURIComponent(callId)}/transfer`, { to }),
  /** The wrap-up's Done: the call is completed with `disposition` (none: only where none are configured). */
  wrapUp: (callId: string, disposition: string | undefined) =>
    request<{ ok: true }>(
      'POST',
      `/calls/${encodeURIComponent(callId)}/wrap-up`,
      disposition === undefined ? {} : { disposition },
    ),
}

/**
 * The first of the other bridges' desktops that answers (any answer: a cross-origin request in no-cors mode only
 * says whether the server is there), or undefined when none does.
 */
export async function firstLiveBridge(urls: readonly string[]): Promise<string | undefined> {
  for (const url of urls) {
    try {
      await fetch(`${url}api/session`, {
        mode: 'no-cors',
        cache: 'no-store',
        signal: AbortSignal.timeout(3000),
      })
      return url
    } catch {
      // not answering either: try the next
    }
  }
  return undefined
}

export interface StreamHandlers {
  calls(calls: CallView[]): void
  call(call: CallView): void
  states(media: MediaState[]): void
  /** The wrap-ups running as the stream opens, then each one's start and end (a bridge with BridgeOptions.wrapUp). */
  wrapUps(wrapUps: WrapUpView[]): void
  wrapUp(wrapUp: WrapUpView): void
  live(connected: boolean): void
  /** The session ended (a logout, a newer login in its place): the bridge's words; the stream is closed. */
  ended(message: string): void
}

/**
 * Listens to this agent's calls and states; EventSource reconnects by itself. `session` (the login's answer) makes a
 * stream opened after a newer login replaced the cookie end with why, not show that login. Returns the stop function.
 */
export function openDesktopStream(session: string | undefined, handlers: StreamHandlers): () => void {
  const query = session === undefined ? '' : `?session=${encodeURIComponent(session)}`
  const source = new EventSource(`${API}/events${query}`)
  source.addEventListener('open', () => handlers.live(true))
  source.addEventListener('error', () => handlers.live(false))
  source.addEventListener('calls', (e) => handlers.calls((JSON.parse(e.data) as { calls: CallView[] }).calls))
  source.addEventListener('call', (e) => handlers.call(JSON.parse(e.data) as CallView))
  source.addEventListener('states', (e) =>
    handlers.states((JSON.parse(e.data) as { media: MediaState[] }).media),
  )
  source.addEventListener('wrap-ups', (e) =>
    handlers.wrapUps((JSON.parse(e.data) as { wrapUps: WrapUpView[] }).wrapUps),
  )
  source.addEventListener('wrap-up', (e) => handlers.wrapUp(JSON.parse(e.data) as WrapUpView))
  // the session is gone: reconnecting would only be refused
  source.addEventListener('ended', (e) => {
    source.close()
    handlers.ended((JSON.parse(e.data) as { message: string }).message)
  })
  return () => source.close()
}
