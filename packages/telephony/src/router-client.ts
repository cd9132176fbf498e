// The bridge's client of routewright serve: the interaction and agent commands, and the event stream (SSE),
// resumed with Last-Event-ID after a drop.

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
}

export interface RouterClient {
  /** POST/PUT/GET a path of serve's API; resolves with the status and the JSON body. */
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>
  /**
   * Follows `/v1/events` until `stop()`; `onEvent` sees each event in order, `onOpen` each time the stream opens
   * (`again`: after a drop, serve may have restarted).
   */
  follow(
    onEvent: (event: RouterEventData) => void,
    onOpen?: (again: boolean) => void,
  ): { stop(): Promise<void>; ready: Promise<void> }
}

export function createRouterClient(serveUrl: string, token?: string): RouterClient {
  const base = serveUrl.replace(/\/+$/, '')
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
        signal: AbortSignal.timeout(15_000),
      })
      const text = await response.text()
      let parsed: Record<string, unknown> = {}
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      } catch {
        parsed = { error: text.slice(0, 200) }
      }
      return { status: response.status, body: parsed }
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
            const decoder = new TextDecoder()
            let buffer = ''
            for await (const chunk of response.body) {
              buffer += decoder.decode(chunk as Uint8Array, { stream: true })
              for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
                const lines = buffer.slice(0, end).split('\n')
                buffer = buffer.slice(end + 2)
                const id = lines.find((l) => l.startsWith('id: '))?.slice(4)
                const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
                if (id) lastEventId = id
                if (data) onEvent(JSON.parse(data) as RouterEventData)
              }
            }
          } catch {
            // serve restarted or the connection dropped: resume from the last event seen
          }
          if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 200))
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
