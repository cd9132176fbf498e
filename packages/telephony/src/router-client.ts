// The bridge's client of routewright serve: the interaction and agent commands, and the event stream (SSE),
// resumed with Last-Event-ID after a drop. Both are read up to a bound: a peer that misbehaves cannot fill memory.
import { readBoundedText } from '@routewright/node-support/bounded-answer'
import { pause } from '@routewright/node-support/pause'
import { realTimers, type Timers } from './timers.ts'

/**
 * Bytes of one serve answer read at most: 16 MB, the agent list of a directory of about 50,000 agents (GET
 * /v1/agents, serve's largest answer to the bridge, some 300 bytes an agent); past it the call fails as when serve
 * is unreachable.
 */
export const SERVE_ANSWER_MAX_BYTES = 16 * 1024 * 1024
/**
 * Bytes of one event of serve's stream read at most: 4 MB, four times serve's largest submit under its default
 * limits (about 1 MB: an event carries at most one interaction's data); past it the event is dropped with a warning
 * and the stream goes on. Raise it (RouterClientOptions.maxEventBytes) for a serve run with larger --limits.
 */
export const SERVE_EVENT_MAX_BYTES = 4 * 1024 * 1024

export interface RouterEventData {
  type: string
  interaction?: string
  agent?: string
  reservation?: string
  /** A `routed` event's target node (its virtual queue) and the target the agent was picked from. */
  node?: string
  target?: string
  outcome?: string
  destination?: string
  reason?: string
  data?: Record<string, unknown>
  at?: number
  timedOut?: boolean
  /** A `routed` event of a connect (the host said the agent has the interaction already): nothing to ring. */
  connected?: boolean
  /** A `reservation-rejected` event of an offer the host took back (not the agent's doing): no RONA. */
  withdrawn?: boolean
  /** A `reservation-rejected` event's not-ready reason for its agent: `no-answer` (rang out) or `declined`. */
  notReady?: string
  /** An `error` event's stable code. */
  code?: string
  /** An `agent-state` event's state, the media it was set for (none: every media), and who set it. */
  state?: string
  media?: string
  by?: string
  supervisor?: string
}

export interface RouterClient {
  /**
   * POST/PUT/GET a path of serve's API; resolves with the status and the JSON body (and `retryAfter`, the answer's
   * `retry-after` header, when serve sent one: the caller's 503 says it on).
   */
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; retryAfter?: string | undefined }>
  /**
   * Follows `/v1/events` until `stop()`; `onEvent` sees each event in order, `onOpen` each time the stream opens
   * (`again`: after a drop, serve may have restarted).
   */
  follow(
    onEvent: (event: RouterEventData) => void,
    onOpen?: (again: boolean) => void,
  ): { stop(): Promise<void>; ready: Promise<void> }
}

export interface RouterClientOptions {
  /** Bytes of an answer read at most (SERVE_ANSWER_MAX_BYTES). */
  maxAnswerBytes?: number
  /** Bytes of an event read at most (SERVE_EVENT_MAX_BYTES). */
  maxEventBytes?: number
  /** Where a dropped event is told; default console.warn. */
  log?: (message: string, fields?: Record<string, unknown>) => void
  /** The timers the event stream's wait before it resumes runs on (the bridge's, BridgeOptions.timers). Default Node's. */
  timers?: Timers
}

/** How long the event stream waits after a drop before it asks serve again. */
export const FOLLOW_RETRY_MS = 200

export function createRouterClient(
  serveUrl: string,
  token?: string,
  options: RouterClientOptions = {},
): RouterClient {
  const base = serveUrl.replace(/\/+$/, '')
  const maxAnswerBytes = options.maxAnswerBytes ?? SERVE_ANSWER_MAX_BYTES
  const maxEventBytes = options.maxEventBytes ?? SERVE_EVENT_MAX_BYTES
  const log = options.log ?? ((message, fields) => console.warn(message, fields ?? ''))
  const timers = options.timers ?? realTimers
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  }
  return {
    async call(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // real time, not the injected timers: it bounds a real socket, which a simulated clock nobody moves would hang
        signal: AbortSignal.timeout(15_000),
      })
      const text = await readBoundedText(response, maxAnswerBytes)
      // thrown as a connection failure is: every caller then treats serve as unreachable (logged, never fatal)
      if (text === undefined)
        throw new Error(
          `routewright serve at ${base} answered ${method} ${path} (HTTP ${response.status}) with more than ${maxAnswerBytes} bytes; not read further: check that ${base} is routewright serve, or raise RouterClientOptions.maxAnswerBytes`,
        )
      let parsed: Record<string, unknown> = {}
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      } catch {
        parsed = { error: text.slice(0, 200) }
      }
      const retryAfter = response.headers.get('retry-after')
      return { status: response.status, body: parsed, ...(retryAfter === null ? {} : { retryAfter }) }
    },
    follow(onEvent, onOpen) {
      const abort = new AbortController()
      let lastEventId: string | undefined
      let opened = false
      let markReady: () => void = () => {}
      const ready = new Promise<void>((resolve) => {
        markReady = resolve
      })
      async function loop(): Promise<void> {
        while (!abort.signal.aborted) {
          try {
            const response = await fetch(`${base}/v1/events`, {
              headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
              signal: abort.signal,
            })
            if (!response.body) throw new Error(`no event stream (HTTP ${response.status})`)
            markReady()
            onOpen?.(opened)
            opened = true
            const events = createEventSplitter(maxEventBytes)
            for await (const chunk of response.body) {
              for (const event of events.push(chunk as Uint8Array)) {
                if (event.dropped !== undefined) {
                  log(
                    `routewright serve's event stream (${base}/v1/events) sent an event of more than ${maxEventBytes} bytes: dropped, the stream goes on; check the interaction data serve takes (its --limits) or raise RouterClientOptions.maxEventBytes`,
                    { bytes: event.dropped, ...(event.id === undefined ? {} : { id: event.id }) },
                  )
                  // resumes after it: Last-Event-ID would have serve send it again
                  if (event.id) lastEventId = event.id
                  continue
                }
                const lines = event.text.split('\n')
                const id = lines.find((l) => l.startsWith('id: '))?.slice(4)
                const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
                if (id) lastEventId = id
                if (data) onEvent(JSON.parse(data) as RouterEventData)
              }
            }
          } catch {
            // serve restarted or the connection dropped: resume from the last event seen
          }
          // a stop during the wait ends it at once (the timer cleared), on a simulated clock too
          await pause(FOLLOW_RETRY_MS, abort.signal, timers)
        }
      }
      const running = loop()
      return {
        ready,
        async stop() {
          abort.abort()
          await running
        },
      }
    },
  }
}

type SplitEvent = { text: string; dropped?: undefined } | { dropped: number; id: string | undefined }

/**
 * Cuts an SSE byte stream into events (ended by a blank line), holding at most `maxBytes` of one: a longer event is
 * skipped to its end, read no further than its `id:` line, and given back as `dropped` (its size) with that id.
 */
function createEventSplitter(maxBytes: number) {
  let pending = Buffer.alloc(0)
  /** The event being skipped: its id and the bytes passed over. */
  let skipping: { id: string | undefined; bytes: number } | undefined
  return {
    push(chunk: Uint8Array): SplitEvent[] {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk])
      const out: SplitEvent[] = []
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
        const event = pending.subarray(0, end)
        pending = pending.subarray(end + 2)
        if (skipping !== undefined) {
          out.push({ dropped: skipping.bytes + end + 2, id: skipping.id })
          skipping = undefined
        } else if (end > maxBytes) out.push({ dropped: end + 2, id: idOf(event) })
        else out.push({ text: event.toString('utf8') })
      }
      if (skipping === undefined && pending.length > maxBytes) skipping = { id: idOf(pending), bytes: 0 }
      if (skipping !== undefined && pending.length > 1) {
        // the last byte stays: a line feed the next chunk's first byte makes the event's end
        skipping.bytes += pending.length - 1
        pending = Buffer.from(pending.subarray(pending.length - 1))
      }
      return out
    },
  }
}

/** The `id:` of an event from its first lines (serve writes it first), or undefined. */
function idOf(event: Buffer): string | undefined {
  // the last line of the head may be cut short: only whole lines are read
  const lines = event.subarray(0, 256).toString('utf8').split('\n').slice(0, -1)
  return lines.find((l) => l.startsWith('id: '))?.slice(4)
}

/** One answer of serve, as `RouterClient.call` gives it. */
export type RouterAnswer = Awaited<ReturnType<RouterClient['call']>>
