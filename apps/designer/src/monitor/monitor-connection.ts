// The Monitor's link to a running serve: loads the snapshot, follows /v1/events (resuming with its last id after a
// drop and reading the snapshot again, as when serve says events were missed or deployed a new version), applies
// events once per animation frame and refreshes the figures every few seconds. A factory with { subscribe, getState, destroy }; effects are injected.
import { retryAfterMsOf } from '@routewright/server/retry-after'
import { type AgentAction, type AgentActionResult, sendAgentAction } from './agent-actions.ts'
import {
  applyEvents,
  applyRecentAlarms,
  applySnapshot,
  createLiveModel,
  type LiveModel,
  sample,
} from './live-model.ts'
import type { AlarmView, ConnectionState, MonitorAnswer, StreamItem } from './monitor-types.ts'
import { serveReach } from './serve-reach.ts'
import { createSseParser } from './sse-parser.ts'

export interface MonitorDeps {
  fetch: typeof fetch
  /** Client clock, ms. */
  now(): number
  requestFrame(callback: () => void): unknown
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

export interface MonitorOptions {
  /** serve's base URL, e.g. `http://127.0.0.1:8380`. */
  serve: string
  /** serve's API token, when it needs one. */
  token?: string
  /** How often figures, agents and waits are read again, ms. Default 2000. */
  refreshMs?: number
  /** This page's origin, named in the `--allow-origin` a serve that refuses the page needs. */
  origin?: string
}

export interface MonitorStatus {
  state: ConnectionState
  /** What went wrong last, in words. */
  error?: string
  lastEventId?: number
  /** Reconnections since the view connected. */
  reconnects: number
  /** Snapshot reloads because serve said events were missed. */
  missedReloads: number
}

export interface MonitorConnection {
  readonly model: LiveModel
  status(): MonitorStatus
  /**
   * serve's clock now, ms: the injected client clock moved by the offset of the last snapshot, so what ages between
   * snapshots (the oldest waits, a partial window) ages on it.
   */
  serverNow(): number
  /** Called at most once per animation frame after a change. */
  subscribe(listener: () => void): () => void
  /**
   * A supervisor's state change for `agent` (`by: "supervisor"`, with the `supervisor`'s name when given); the grid
   * shows it once serve streams it.
   */
  setAgentState(agent: string, action: AgentAction, supervisor?: string): Promise<AgentActionResult>
  destroy(): void
}

const MAX_RETRY_MS = 10_000

/** A refusal of serve's; with the wait its `retry-after` asked for, the next connection waits that long. */
class ServeRefused extends Error {
  readonly retryAfterMs: number | undefined
  constructor(what: string, response: Response, body = '') {
    const retryAfterMs = retryAfterMsOf(response.headers.get('retry-after'))
    const when = retryAfterMs === undefined ? '' : ` (serve says retry in ${retryAfterMs / 1000} s)`
    super(`${what} answered ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}${when}`)
    this.retryAfterMs = retryAfterMs
  }
}

/**
 * A serve URL people can mistype: the message says what is expected. An address without a scheme (`127.0.0.1:8380`,
 * `localhost`, as serve prints where it listens) is taken over http, on serve's default port when it names none.
 */
export function checkServeUrl(text: string): string | { error: string } {
  let trimmed = text.trim().replace(/\/+$/, '')
  if (trimmed === '')
    return { error: "Give serve's address first, e.g. http://127.0.0.1:8380 (serve's default port)" }
  // 'localhost:8380' would read as a URL of scheme 'localhost:', and '127.0.0.1:8380' as none
  if (!trimmed.includes('://')) trimmed = withDefaultPort(`http://${trimmed}`)
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { error: `"${text}" is not a URL: give serve's address, e.g. http://127.0.0.1:8380` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: `serve is reached over http or https, not ${url.protocol}` }
  return trimmed
}

/**
 * `http://host` with serve's default port when it names none (a URL that does not parse is left as it is). The typed
 * text decides: the parsed URL drops a port that is http's default, so `host:80` read as naming none.
 */
function withDefaultPort(address: string): string {
  const authority = address.slice('http://'.length).split(/[/?#]/)[0] ?? ''
  if (/:\d+$/.test(authority.slice(authority.lastIndexOf('@') + 1))) return address
  try {
    const url = new URL(address)
    url.port = '8380'
    return url.href.replace(/\/+$/, '')
  } catch {
    return address
  }
}

export function createMonitorConnection(options: MonitorOptions, deps: MonitorDeps): MonitorConnection {
  const model = createLiveModel()
  const listeners = new Set<() => void>()
  const status: MonitorStatus = { state: 'connecting', reconnects: 0, missedReloads: 0 }
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {}
  const refreshMs = options.refreshMs ?? 2000
  let destroyed = false
  let abort = new AbortController()
  let queue: StreamItem[] = []
  /** Per snapshot on its way, the events applied meanwhile: re-applied over it (a reload may overlap a refresh). */
  const replays = new Set<StreamItem[]>()
  let haveSnapshot = false
  let frameScheduled = false
  let refreshTimer: unknown
  let tickTimer: unknown
  let retryMs = 1000

  const notify = () => {
    if (frameScheduled || destroyed) return
    frameScheduled = true
    deps.requestFrame(flush)
  }
  function flush() {
    frameScheduled = false
    if (destroyed) return
    if (haveSnapshot && queue.length > 0) {
      const batch = queue
      queue = []
      applyEvents(model, batch)
      for (const replay of replays) replay.push(...batch)
    }
    sample(model, deps.now() + model.clockOffset)
    for (const listener of listeners) listener()
  }
  const setState = (state: ConnectionState, error?: string) => {
    status.state = state
    if (error === undefined) delete status.error
    else status.error = error
    notify()
  }

  async function getJson<T>(path: string): Promise<T> {
    const response = await deps.fetch(`${options.serve}${path}`, { headers, signal: abort.signal })
    if (!response.ok) {
      throw new ServeRefused(path, response, await response.text().catch(() => ''))
    }
    return (await response.json()) as T
  }

  async function loadSnapshot(): Promise<void> {
    const pending: StreamItem[] = []
    replays.add(pending)
    try {
      const [monitor, alarms] = await Promise.all([
        getJson<MonitorAnswer>('/v1/monitor'),
        getJson<{ recent: AlarmView[] }>('/v1/alarms').catch(() => ({ recent: [] })),
      ])
      if (destroyed) return
      applySnapshot(model, monitor, deps.now())
      applyRecentAlarms(model, alarms.recent)
      applyEvents(model, pending, false)
      haveSnapshot = true
      if (status.state !== 'reconnecting') setState('live')
      else notify()
    } finally {
      replays.delete(pending)
    }
  }

  /** Reads the figures again while live: a failure is shown, the stream and the last figures stay. */
  function refreshSnapshot(): Promise<void> {
    return loadSnapshot().catch((error) => {
      if (!destroyed && status.state === 'live') status.error = messageOf(error)
    })
  }

  function scheduleRefresh() {
    refreshTimer = deps.setTimer(() => {
      if (destroyed) return
      refreshSnapshot().finally(() => {
        if (!destroyed) scheduleRefresh()
      })
    }, refreshMs)
  }

  function onMessage(event: string, data: string, id: string | undefined) {
    if (event === 'events-missed') {
      status.missedReloads++
      loadSnapshot().catch((error) => setState('reconnecting', messageOf(error)))
      return
    }
    if (id === undefined || !/^\d+$/.test(id)) return
    status.lastEventId = Number(id)
    let item: StreamItem
    try {
      item = { id: Number(id), event: JSON.parse(data) }
    } catch {
      return // a line we cannot read is skipped, not fatal: the next snapshot corrects the picture
    }
    queue.push(item)
    // a new version may bring another directory: its group list (groups added, groups gone) is the snapshot's
    if (item.event.type === 'version-deployed' && haveSnapshot) void refreshSnapshot()
    // an agent's row (its column, from state, load and media) is serve's to work out: read again, not guessed here
    if (item.event.type === 'agent-state' && haveSnapshot) refreshAgents()
    notify()
  }

  let agentsReading = false
  let agentsAgain = false
  /** One snapshot read at a time for a burst of agent-state events, and one more after it if any came meanwhile. */
  function refreshAgents() {
    if (agentsReading) {
      agentsAgain = true
      return
    }
    agentsReading = true
    void refreshSnapshot().finally(() => {
      agentsReading = false
      if (!agentsAgain || destroyed) return
      agentsAgain = false
      refreshAgents()
    })
  }

  async function follow(): Promise<void> {
    const resume = status.lastEventId === undefined ? '' : `?lastEventId=${status.lastEventId}`
    const response = await deps.fetch(`${options.serve}/v1/events${resume}`, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: abort.signal,
    })
    if (!response.ok || response.body === null) throw new ServeRefused('/v1/events', response)
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    const parser = createSseParser()
    if (status.state === 'reconnecting') setState(haveSnapshot ? 'live' : 'connecting')
    retryMs = 1000
    for (;;) {
      const { done, value } = await reader.read()
      if (done) throw new Error('serve closed the event stream')
      for (const m of parser.push(value)) onMessage(m.event, m.data, m.id)
    }
  }

  /** A request the browser failed without an answer: serve down, a wrong address, or a serve that does not allow this page. */
  async function unreachable(error: TypeError): Promise<string> {
    const reach = await serveReach(deps.fetch, options.serve, options.origin, abort.signal)
    // a serve that answered this page before allows it: its stream broke for another reason
    if (reach.answers && haveSnapshot) return messageOf(error)
    return reach.advice
  }

  async function run(): Promise<void> {
    while (!destroyed) {
      try {
        const streaming = follow()
        streaming.catch(() => {}) // awaited below; this only keeps an early failure from being reported unhandled
        // every (re)connection reads serve's picture again: a resumed stream may come from a restarted serve whose
        // event ids happen to reach ours, and the seq of its monitor-live events then means something else
        await loadSnapshot()
        await streaming
      } catch (error) {
        if (destroyed) return
        const why = error instanceof TypeError ? await unreachable(error) : messageOf(error)
        if (destroyed) return
        status.reconnects++
        setState(haveSnapshot ? 'reconnecting' : 'failed', why)
        abort.abort()
        abort = new AbortController()
        // the longer of serve's word on when (a stream limit, Redis away, routing changing hands) and the backoff's,
        // which keeps growing: during a Redis outage serve says 1 s (its next reconnect attempt), not when it is back
        const told = error instanceof ServeRefused ? error.retryAfterMs : undefined
        await new Promise<void>((resolve) => deps.setTimer(resolve, Math.max(told ?? 0, retryMs)))
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2)
        if (!haveSnapshot && !destroyed) setState('connecting')
      }
    }
  }

  function tick() {
    notify()
    tickTimer = deps.setTimer(tick, 1000)
  }

  void run()
  scheduleRefresh()
  tick()
  return {
    model,
    status: () => status,
    serverNow: () => deps.now() + model.clockOffset,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setAgentState: (agent, action, supervisor) =>
      sendAgentAction(deps, {
        serve: options.serve,
        headers,
        agent,
        action,
        supervisor,
        origin: options.origin,
      }),
    destroy() {
      destroyed = true
      abort.abort()
      deps.clearTimer(refreshTimer)
      deps.clearTimer(tickTimer)
      listeners.clear()
    },
  }
}

function messageOf(error: unknown): string {
  if (error instanceof TypeError) return `serve is not reachable (${error.message})`
  return error instanceof Error ? error.message : String(error)
}
