// The agent desktop's HTTP API under /desktop/api/: log in and out, state per media (through routewright serve's
// /v1/agents), the stream of this agent's calls for the screen pop, the transfer target search, and release / blind
// transfer / hold through CallControl.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJsonBody } from '@routewright/server'
import { type CallControl, callCommandStatus, type WrapUpView } from './call-control.ts'
import { isPhoneCall, notACallMessage } from './call-media.ts'
import {
  type Checked,
  checkCallId,
  checkLogin,
  checkSearch,
  checkStateChange,
  checkTransfer,
  DESKTOP_STATES,
  type DesktopState,
  type StateChange,
} from './desktop-input.ts'
import { createAgentLogout, SIGNED_OUT_AFTER_CALL, type SignedOut } from './desktop-logout.ts'
import { createServeClient, type ServeClient } from './desktop-serve.ts'
import {
  createDesktopSessions,
  DESKTOP_SESSION_HEADER,
  type DesktopSessions,
  sessionId,
} from './desktop-sessions.ts'
import { answerEnded, callsOf, openAgentStream, SESSION_ENDED } from './desktop-stream.ts'
import { createDesktopStreamSet } from './desktop-stream-set.ts'
import { checkMaxTargetSearches, createTargetSearch } from './desktop-targets.ts'
import { createServeCapabilities } from './serve-capabilities.ts'
import { every, realTimers, type Timers } from './timers.ts'

export interface DesktopApiOptions {
  /** Where routewright serve listens, e.g. `http://127.0.0.1:8080`. */
  serveUrl: string
  calls: CallControl
  /** serve's API token, when it has one. */
  serveToken?: string
  /**
   * Media the desktop offers a state for (default voice): list every media the agents handle. While they all are
   * in one state the desktop sends agent-wide events, so serve's agent list shows it; per media otherwise.
   */
  media?: readonly string[]
  now?: () => number
  /**
   * The timers the stream's heartbeat and the sync with serve (syncMs) run on: the bridge's (BridgeOptions.timers),
   * a simulated clock in a test. Default Node's.
   */
  timers?: Timers
  /** New session tokens (default 32 random bytes). */
  newToken?: () => string
  heartbeatMs?: number
  /**
   * How often, while a desktop is open, serve is asked for its agents' states (default 2000 ms): a ring-no-answer
   * or a supervisor's change reaches every open desktop within that time.
   */
  syncMs?: number
  /** This bridge's name on the desktop (its notice after a move says where it is now): e.g. its evapi id. */
  bridgeName?: string
  /**
   * The desktop URLs of the other bridges on the same Kamailio and serve (`http://10.0.0.2:8090/desktop/`): a
   * desktop whose bridge stops answering moves to the first of them that answers, logs its agent in there, and that
   * bridge takes over the agent's calls. A function for a list that grows as bridges start.
   */
  bridges?: readonly string[] | (() => readonly string[])
  /**
   * Transfer searches reading serve at once for this whole desktop API (default MAX_SEARCHES_READING): one login runs
   * one at a time, and this bounds many logins' (a script's) load on serve; a further one is answered 429.
   */
  maxTargetSearches?: number
  /** Where what nobody is waiting for goes: serve not taking the logout of an agent another agent's login signed out. */
  log?: (message: string, fields?: Record<string, unknown>) => void
}

/** Answers `/desktop/api/*` and returns true; returns false for any other path. */
export interface DesktopHandler {
  (req: IncomingMessage, res: ServerResponse): boolean
  /**
   * What is held: sessions, agents with a state, tokens with an event stream open and those streams (nothing
   * observable says it, and a bridge runs for weeks); agents whose logout waits for their call, and the logouts of
   * agents signed out by another's login that serve did not take.
   */
  counts(): DesktopCounts
}

export interface DesktopCounts {
  sessions: number
  agents: number
  streamSessions: number
  streams: number
  logoutsWaiting: number
  logoutsNotTaken: number
}

export const DESKTOP_COOKIE = 'rw_desktop'
const BODY_LIMIT = 4096
/** The reason of the not-ready a fresh login starts in, on the desktop and in serve. */
const LOGGED_IN = 'Logged in'
const MAX_STREAMS_PER_SESSION = 5

interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** `?optional` on GET /desktop/api/session: no session is answered `{ loggedIn: false }`, not 401. */
function optional(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://desktop').searchParams.has('optional')
}

function send(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body)
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  })
  res.end(text)
}

/** A refusal as the desktop reads it; serve's retry-after passed on, so the desktop retries when serve said. */
function refused(result: { status: number; error: string; retryAfter?: number }): Reply {
  return {
    status: result.status,
    body: { error: result.error },
    ...(result.retryAfter === undefined ? {} : { headers: { 'retry-after': String(result.retryAfter) } }),
  }
}

/**
 * A change named for another session than the cookie's: the page loaded with a session a newer login in this browser
 * replaced (its stream reconnecting, or the click racing the notice); made, it would act as that login.
 */
function replacedSession(req: IncomingMessage, token: string): Reply | undefined {
  const named = req.headers[DESKTOP_SESSION_HEADER]
  if (named === undefined || String(named) === sessionId(token)) return undefined
  req.resume()
  return {
    status: 409,
    body: { error: SESSION_ENDED['signed-in-elsewhere'], code: 'signed-in-elsewhere' },
  }
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === DESKTOP_COOKIE) return value.join('=')
  }
  return undefined
}

function sessionCookie(token: string, maxAge?: number): string {
  return `${DESKTOP_COOKIE}=${token}; Path=/desktop; HttpOnly; SameSite=Strict${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`
}

/** The desktop URLs checked: absolute http(s), ending in `/` (the app's base). */
export function checkBridgeUrls(urls: readonly string[]): string[] {
  return urls.map((text, i) => {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw new RangeError(
        `bridges[${i}]: ${JSON.stringify(text)} is not a URL; give the desktop's, e.g. http://10.0.0.2:8090/desktop/`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(
        `bridges[${i}]: ${JSON.stringify(text)} is not http(s); give the desktop's, e.g. http://10.0.0.2:8090/desktop/`,
      )
    return url.href.endsWith('/') ? url.href : `${url.href}/`
  })
}

/** How a failed call command starts its error on the desktop. */
const ACTION_FAILED = { release: 'Release', hold: 'Hold', retrieve: 'Retrieve' } as const

export function createDesktopApi(options: DesktopApiOptions): DesktopHandler {
  const media = options.media ?? ['voice']
  const given = options.bridges
  const fixedBridges = typeof given === 'function' || given === undefined ? undefined : checkBridgeUrls(given)
  const bridges = (): string[] =>
    fixedBridges ?? (typeof given === 'function' ? checkBridgeUrls(given()) : [])
  const serve: ServeClient = createServeClient({
    serveUrl: options.serveUrl,
    ...(options.serveToken === undefined ? {} : { token: options.serveToken }),
  })
  const streams = createDesktopStreamSet()
  const sessions: DesktopSessions = createDesktopSessions({
    media,
    now: options.now ?? Date.now,
    newToken: options.newToken ?? (() => randomBytes(32).toString('base64url')),
    // a stream ends with the session it was opened under: its tab shows why and the login, not a dead session
    ended(token, why) {
      streams.endSession(token, why)
      syncWhileOpen()
    },
  })
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const log = options.log ?? (() => {})
  const capabilities = createServeCapabilities(serve, log)
  // serve's event stream reopened (a restart, maybe a rolling upgrade to another build): its list is read again
  options.calls.onServeReconnected?.(() => capabilities.forget())
  // or serve said its list changed (routing moved to another build) while the stream stayed open
  options.calls.onServeCapabilitiesChanged?.(() => capabilities.forget())
  const searchTargets = createTargetSearch(
    serve,
    capabilities,
    now,
    checkMaxTargetSearches(options.maxTargetSearches),
  )
  /**
   * Sessions with a transfer search under way (one each, as each costs serve scans of every agent) and the newest
   * one waiting for it, if any: called with whether it runs (false: a newer one replaced it).
   */
  const searching = new Map<string, { waiting?: (runs: boolean) => void }>()
  const logouts = createAgentLogout({ serve, capabilities, sessions, calls: options.calls, log })
  // a ring-no-answer's not-ready comes from the bridge at once, with why (serve's polled list says it too), for a
  // logged-in agent
  options.calls.onAgentNotice((notice) => {
    if (sessions.states(notice.agent).every((s) => s.state === 'logged-out')) return
    sessions.setByRouter(notice.agent, notice.state, notice.reason, notice.at)
  })

  // another host's change, or the router's, shows on an open desktop as serve streams it, not at the next poll
  options.calls.onAgentStateChanged?.((agent, change) => {
    // a supervisor's Log out (the Monitor's grid): the desktop says who, and waits for the agent to log in again
    if (change?.by === 'supervisor' && change.state === 'logged-out' && sessions.loggedIn(agent))
      sessions.supervisorLogout(agent, change.at ?? now(), change.supervisor, change.media)
    if (desktopOpen(agent)) void routerAgents([agent]).catch(() => {})
  })

  /** Whether any event stream of `agent`'s desktop is open here. */
  function desktopOpen(agent: string): boolean {
    return streams.tokens().some((token) => sessions.agentOf(token) === agent)
  }

  async function body(req: IncomingMessage): Promise<Checked<unknown>> {
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
      req.resume()
      // JSON only: a form on another site cannot send it without a CORS preflight, so the cookie cannot be misused
      return {
        ok: false,
        status: 415,
        error: 'Send the request body as JSON (content-type: application/json)',
      }
    }
    const read = await readJsonBody(req, BODY_LIMIT)
    return read.ok ? read : { ok: false, status: read.status, error: read.error }
  }

  /**
   * serve's agents, and each agent's revision before asking: a change made meanwhile is newer than the answer. Only
   * `agents` are asked for (one request, not every page of a large directory).
   */
  async function routerAgents(agents: readonly string[]) {
    const before = new Map(agents.map((a) => [a, sessions.revision(a)]))
    const answer = await serve.agents(agents)
    if (answer.ok)
      for (const router of answer.value)
        if (before.get(router.id) === sessions.revision(router.id)) sessions.follow(router.id, router)
    return answer
  }

  // one question to serve per syncMs for every open desktop; none while no desktop is open
  let stopSync: (() => void) | undefined
  let syncing = false
  function syncWhileOpen(): void {
    if (streams.tokens().length === 0) {
      stopSync?.()
      stopSync = undefined
      return
    }
    if (stopSync !== undefined) return
    stopSync = every(timers, options.syncMs ?? 2000, () => {
      const agents = new Set<string>()
      for (const token of streams.tokens()) {
        const agent = sessions.agentOf(token)
        if (agent !== undefined) agents.add(agent)
      }
      if (agents.size === 0) return syncWhileOpen()
      // a slow serve (up to the client's 5 s timeout) gets one question at a time, not one per tick
      if (syncing) return
      syncing = true
      void routerAgents([...agents]).finally(() => {
        syncing = false
      })
    })
  }

  async function view(agent: string, token: string): Promise<Reply> {
    // this agent alone: transfer targets are searched for (GET /desktop/api/agents), not listed here
    const agents = await routerAgents([agent])
    if (!agents.ok) return refused(agents)
    const router = agents.value.find((a) => a.id === agent)
    return {
      status: 200,
      body: {
        agent,
        // the page's stream names it (events?session=): a newer login's cookie is not streamed to this page
        session: sessionId(token),
        media: sessions.states(agent),
        router: router ?? null,
        calls: callsOf(options.calls, agent),
        ...(options.calls.wrapUps === undefined ? {} : { wrapUps: options.calls.wrapUps(agent) }),
        ...(options.bridgeName === undefined ? {} : { bridge: options.bridgeName }),
        // where the desktop moves if this bridge stops answering
        bridges: bridges(),
      },
    }
  }

  /** The transfer search: `?q=` part of an agent id (none: the first targets), ready ones first, a few at most. */
  async function targets(req: IncomingMessage, agent: string, token: string): Promise<Reply> {
    const q = checkSearch(new URL(req.url ?? '/', 'http://desktop').searchParams.get('q'))
    if (!q.ok) return refused(q)
    const under = searching.get(token)
    if (under !== undefined) {
      // a typist's next letter waits for the search under way rather than failing; an older waiting one gives way
      const runs = await new Promise<boolean>((resolve) => {
        under.waiting?.(false)
        under.waiting = resolve
      })
      if (!runs)
        return refused({ status: 429, error: 'A newer transfer search of this login replaced this one' })
    } else searching.set(token, {})
    try {
      const found = await searchTargets(agent, q.value)
      return found.ok ? { status: 200, body: found.value } : refused(found)
    } finally {
      // the waiting one runs next, in a fresh slot of its own
      const next = searching.get(token)?.waiting
      if (next === undefined) searching.delete(token)
      else {
        searching.set(token, {})
        next(true)
      }
    }
  }

  async function login(req: IncomingMessage): Promise<Reply> {
    const read = await body(req)
    if (!read.ok) return refused(read)
    const id = checkLogin(read.value)
    if (!id.ok) return refused(id)
    // that agent alone: one request, not every page of a large directory
    const agents = await serve.agents([id.value])
    if (!agents.ok) return refused(agents)
    const known = agents.value.find((a) => a.id === id.value)
    if (known === undefined)
      return refused({ status: 404, error: `Agent "${id.value}" is not in the directory` })
    // a second desktop of an agent already logged in keeps its state; a fresh login starts not ready, and so does one
    // that cancels the logout waiting for the agent's call: "logs out after this call" no longer holds. Serve's
    // not-ready is that logout's record whichever bridge waits for the call: replaced here, that bridge logs nobody out
    const stale = known.state === 'not-ready' && known.reason === SIGNED_OUT_AFTER_CALL
    if (known.state === 'logged-out' || stale) {
      const set = await serve.setState(id.value, 'not-ready', undefined, LOGGED_IN)
      if (!set.ok) return refused(set)
      sessions.setAll(id.value, 'not-ready', LOGGED_IN)
    } else if (sessions.states(id.value).every((s) => s.state === 'logged-out')) {
      // logged in before this process started (a restarted bridge): take serve's state rather than show logged-out
      const state = (DESKTOP_STATES as readonly string[]).includes(known.state) ? known.state : 'ready'
      sessions.setAll(id.value, state as DesktopState)
      // with serve's reason, if it has one
      sessions.follow(id.value, known)
    }
    logouts.back(id.value)
    // a login with a session's cookie replaces that session (the browser keeps only the new cookie); another agent's
    // last one logs that agent out at serve too, as their Log out would (after their call, if one is up)
    const replacing = cookieToken(req)
    const other = sessions.agentOf(replacing)
    const signedOut = other !== id.value && replacing !== undefined && sessions.isLast(replacing)
    const token = sessions.open(id.value, replacing)
    const out: SignedOut | undefined =
      signedOut && other !== undefined ? await logouts.replaced(other) : undefined
    // a desktop that came from a gone bridge: this bridge takes over the agent's calls that bridge held
    await options.calls.takeOverAgentCalls?.(id.value)
    const reply = await view(id.value, token)
    // the login answer says what became of the agent signed out (bob's desktop can tell ann's supervisor)
    const shown =
      out === undefined || reply.status !== 200 ? reply.body : { ...(reply.body as object), signedOut: out }
    return { ...reply, body: shown, headers: { 'set-cookie': sessionCookie(token) } }
  }

  async function logout(agent: string, token: string): Promise<Reply> {
    const out = await logouts.logout(agent, token)
    if (!out.ok) return refused(out)
    return { status: 200, body: { ok: true }, headers: { 'set-cookie': sessionCookie('', 0) } }
  }

  async function setState(req: IncomingMessage, agent: string, token: string): Promise<Reply> {
    const read = await body(req)
    if (!read.ok) return refused(read)
    const change = checkStateChange(read.value, media)
    if (!change.ok) return refused(change)
    const set = await inTurn(agent, () => applyState(agent, change.value))
    if (!set.ok) return refused(set)
    return view(agent, token)
  }

  // every change of one agent's state from this desktop (buttons, a wrap-up's start and end) goes to serve one at a
  // time, in the order asked: the desktop's copy (sessions) is then written in the order serve applied them
  const turns = new Map<string, Promise<unknown>>()
  function inTurn<T>(agent: string, change: () => Promise<T>): Promise<T> {
    const next = (turns.get(agent) ?? Promise.resolve()).then(change, change)
    turns.set(agent, next)
    void next.then(
      () => turns.get(agent) === next && turns.delete(agent),
      () => turns.get(agent) === next && turns.delete(agent),
    )
    return next
  }

  /**
   * The one way this desktop changes an agent's state: the agent's buttons, and a wrap-up's start and end. With
   * `ifState`, serve makes the change only while the agent is still in that state (409 `state-changed` otherwise).
   */
  async function applyState(agent: string, change: StateChange, ifState?: DesktopState) {
    // when every offered media agrees, one agent-wide event: serve's /v1/agents (and its monitor) show that state
    const agreeing = sessions.states(agent).every((s) => s.media === change.media || s.state === change.state)
    const shared = agreeing ? undefined : change.media
    const set =
      ifState === undefined
        ? await serve.setState(agent, change.state, shared, change.reason)
        : await serve.setStateIf(agent, change.state, { ifState }, shared)
    if (set.ok) sessions.setState(agent, { ...change, since: now() })
    return set
  }

  // a wrap-up (BridgeOptions.wrapUp) puts its agent in after-call work as the button does, and ready at its end
  // unless the agent chose another state meanwhile; a logout's end leaves the state to the logout
  const wrapMedia = media.includes('voice') ? 'voice' : media[0]!
  // in the agent's turn: an end read before its start's change was taken would leave it standing
  options.calls.onWrapUp?.((wrap) => {
    // a fault here (serve unreachable mid-change) is logged: an unhandled rejection would end the bridge's process
    inTurn(wrap.agent, () => wrapState(wrap)).catch((error: unknown) =>
      log('the state of a wrap-up could not be set', {
        agent: wrap.agent,
        error: error instanceof Error ? error.message : String(error),
      }),
    )
  })

  async function wrapState(wrap: WrapUpView): Promise<void> {
    if (wrap.outcome === 'logged-out' || !sessions.loggedIn(wrap.agent)) return
    if (wrap.outcome !== undefined) {
      // another call's wrap-up still running keeps the agent in after-call work; a state they chose is theirs
      if ((options.calls.wrapUps?.(wrap.agent).length ?? 0) > 0) return
      const current = sessions.states(wrap.agent).find((s) => s.media === wrapMedia)?.state
      if (current !== 'after-call-work') return
    }
    const ending = wrap.outcome !== undefined
    const state = ending ? 'ready' : 'after-call-work'
    // the end's ready only while serve still has the agent in after-call work: a Not ready picked at any host since
    // (another desktop, a supervisor) is never overwritten; an older serve without `ifState` gets the plain change
    const conditional = ending && (await capabilities.has('agent-state-if-state'))
    const set = await applyState(
      wrap.agent,
      { media: wrapMedia, state },
      conditional ? 'after-call-work' : undefined,
    )
    // the agent (or a supervisor) chose meanwhile: their state stands, and the desktop's sync reads it
    if (!set.ok && set.code === 'state-changed') return
    if (!set.ok)
      log('serve did not take the state of a wrap-up', { agent: wrap.agent, state, error: set.error })
  }

  /** The agent's Done on a wrap-up: `{disposition}` (one of the configured codes) completes the call with it. */
  async function wrapUp(req: IncomingMessage, agent: string, rawId: string): Promise<Reply> {
    const id = checkCallId(rawId)
    if (!id.ok) return refused(id)
    if (options.calls.wrapUp === undefined) {
      req.resume()
      return refused({ status: 404, error: 'This bridge has no wrap-up configured (BridgeOptions.wrapUp)' })
    }
    const read = await body(req)
    if (!read.ok) return refused(read)
    const value = read.value
    const extra =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.keys(value).filter((k) => k !== 'disposition')
        : undefined
    if (extra === undefined || extra.length > 0)
      return refused({ status: 400, error: 'Send {"disposition": "<code>"}' })
    const out = options.calls.wrapUp(id.value, agent, (value as { disposition?: unknown }).disposition)
    return out === undefined ? { status: 200, body: { ok: true } } : refused(out)
  }

  async function callAction(
    req: IncomingMessage,
    agent: string,
    rawId: string,
    action: string,
  ): Promise<Reply> {
    const id = checkCallId(rawId)
    if (!id.ok) return refused(id)
    // this agent's leg: a transferred call keeps its Call-ID, its first leg (another agent's) listed first
    const call = options.calls.calls().findLast((c) => c.callId === id.value && c.agent === agent)
    if (call === undefined) return refused({ status: 404, error: `You have no call "${id.value}"` })
    if (call.state === 'ended') return refused({ status: 409, error: 'The call has already ended' })
    // a chat has no SIP dialog with the agent's phone: a BYE, re-INVITE or REFER would go to no one
    if (!isPhoneCall(call)) {
      req.resume()
      return { status: 409, body: { error: notACallMessage(call, action), code: 'not-a-call' } }
    }
    // the SIP dialog with the agent exists once the phone answered: before that there is nothing to hang up or refer
    if (call.state !== 'talking')
      return refused({ status: 409, error: 'The call is not answered yet: answer it on your phone first' })
    if (action === 'release' || action === 'hold' || action === 'retrieve') {
      req.resume()
      // a hold in the wrong state (held already, not held) is the bridge's CALL_REFUSED: a 409 with why
      return control(`${ACTION_FAILED[action]} failed`, () => options.calls[action](call.callId, agent))
    }
    const read = await body(req)
    if (!read.ok) return refused(read)
    const target = checkTransfer(read.value)
    if (!target.ok) return refused(target)
    if (target.value.kind === 'agent') {
      const to = target.value.agent
      if (to === agent)
        return refused({ status: 400, error: 'The call is already yours: pick another agent' })
      const agents = await serve.agents([to])
      if (!agents.ok) return refused(agents)
      if (!agents.value.some((a) => a.id === to))
        // nothing was sent: the agent reads that the caller is still theirs, as for a target not ready
        return refused({
          status: 404,
          error: `Transfer to ${to} failed: agent "${to}" is not in the directory; the caller is still with you. Check the id, or pick an agent who is ready, or a routing point to queue the call`,
        })
    }
    const to = target.value.kind === 'agent' ? target.value.agent : target.value.number
    return control(`Transfer to ${to} failed`, () => options.calls.transfer(call.callId, to, agent))
  }

  /** Runs a call command; a failure reads "<what> failed: <why>" (an agent reads which of their actions failed). */
  async function control(what: string, run: () => Promise<void>): Promise<Reply> {
    try {
      await run()
      return { status: 200, body: { ok: true } }
    } catch (error) {
      // a refusal's words for the agent leave out the command the prefix names already
      const why = (error as { why?: unknown }).why
      return refused({
        status: callCommandStatus(error),
        error: `${what}: ${typeof why === 'string' ? why : (error as Error).message}`,
      })
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<Reply | undefined> {
    const method = req.method ?? 'GET'
    if (path === '/desktop/api/login') return method === 'POST' ? login(req) : notAllowed('POST')
    const token = cookieToken(req)
    const agent = sessions.agentOf(token)
    if (agent === undefined || token === undefined) {
      // the desktop's first read, before any login: none is an answer there, not a 401 the browser logs as an error
      if (path === '/desktop/api/session' && method === 'GET' && optional(req))
        return { status: 200, body: { loggedIn: false } }
      return refused({ status: 401, error: 'Log in first (POST /desktop/api/login)' })
    }
    // every change names the page's session (a request naming none is an older desktop's or a script's)
    if (method !== 'GET') {
      const replaced = replacedSession(req, token)
      if (replaced !== undefined) return replaced
    }
    if (path === '/desktop/api/logout') return method === 'POST' ? logout(agent, token) : notAllowed('POST')
    if (path === '/desktop/api/session') return method === 'GET' ? view(agent, token) : notAllowed('GET')
    if (path === '/desktop/api/state')
      return method === 'PUT' ? setState(req, agent, token) : notAllowed('PUT')
    if (path === '/desktop/api/agents')
      return method === 'GET' ? targets(req, agent, token) : notAllowed('GET')
    if (path === '/desktop/api/calls')
      return method === 'GET'
        ? { status: 200, body: { calls: callsOf(options.calls, agent) } }
        : notAllowed('GET')
    if (path === '/desktop/api/events') {
      if (method !== 'GET') return notAllowed('GET')
      // the page's session was replaced while its stream was not open (loading, reconnecting): the cookie is the
      // newer login's, whose calls and states are not this page's; a stream naming no session is an older client
      const asked = new URL(req.url ?? '/', 'http://desktop').searchParams.get('session')
      if (asked !== null && asked !== sessionId(token)) {
        answerEnded(res, 'signed-in-elsewhere')
        return undefined
      }
      // a few tabs of one login are fine; more is a client reconnecting in a loop, which must not pile up listeners
      if (streams.count(token) >= MAX_STREAMS_PER_SESSION)
        return refused({ status: 429, error: `At most ${MAX_STREAMS_PER_SESSION} open desktops per login` })
      openStream(req, res, agent, token)
      return undefined
    }
    const action = /^\/desktop\/api\/calls\/([^/]+)\/(release|transfer|hold|retrieve|wrap-up)$/.exec(path)
    if (action !== null) {
      if (method !== 'POST') return notAllowed('POST')
      let callId: string
      try {
        callId = decodeURIComponent(action[1]!)
      } catch {
        return refused({ status: 400, error: 'The call id in the path is not valid percent-encoding' })
      }
      // a wrap-up's call has ended: it is not among the calls a command acts on
      if (action[2] === 'wrap-up') return wrapUp(req, agent, callId)
      return callAction(req, agent, callId, action[2]!)
    }
    return refused({ status: 404, error: `No desktop API at ${path}` })
  }

  function openStream(req: IncomingMessage, res: ServerResponse, agent: string, token: string): void {
    const end = openAgentStream(
      req,
      res,
      agent,
      { calls: options.calls, sessions },
      { heartbeatMs: options.heartbeatMs ?? 15_000, maxBufferedBytes: 1 << 20, timers },
    )
    const remove = streams.add(token, end)
    syncWhileOpen()
    // the client left, or the stream ended here (its session ended, a client too slow to read it was cut off)
    res.on('close', () => {
      remove()
      syncWhileOpen()
    })
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://desktop').pathname
    if (path !== '/desktop/api' && !path.startsWith('/desktop/api/')) return false
    route(req, res, path).then(
      (reply) => {
        if (reply !== undefined) send(res, reply)
      },
      (error: unknown) => {
        if (res.headersSent) res.destroy()
        else
          send(res, {
            status: 500,
            body: { error: `Unexpected desktop API error: ${(error as Error).message}` },
          })
      },
    )
    return true
  }

  return Object.assign(handle, {
    counts: (): DesktopCounts => ({ ...sessions.counts(), ...streams.counts(), ...logouts.counts() }),
  })
}

function notAllowed(method: string): Reply {
  return { status: 405, body: { error: `Use ${method} here` }, headers: { allow: method } }
}
