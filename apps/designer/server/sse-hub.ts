// Server-Sent Events fan-out: every connected designer tab gets each workspace change.
import type { ServerResponse } from 'node:http'

export interface SseHub {
  /**
   * Takes over `res` as an event stream and sends `first` (event name and data) to it alone; false (and `res` left
   * untouched) when `MAX_EVENT_STREAMS` are open, checked here because callers await between `full()` and this.
   */
  connect(res: ServerResponse, first: { event: string; data: unknown }): boolean
  broadcast(event: string, data: unknown): void
  size(): number
  /** Whether another stream would go over `MAX_EVENT_STREAMS`. */
  full(): boolean
  /** Seconds after which a refused client may try again: a slot a silent client holds frees by the next heartbeat. */
  retryAfterSeconds: number
  close(): void
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/** Streams open at once: each holds a socket and is written every change; serve's /v1/events caps them the same way. */
export const MAX_EVENT_STREAMS = 64

export function createSseHub(heartbeatMs = 15_000): SseHub {
  const clients = new Set<ServerResponse>()
  // a comment line now and then keeps proxies and idle timeouts from dropping the stream
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n')
  }, heartbeatMs)
  heartbeat.unref()

  return {
    connect(res, first) {
      if (clients.size >= MAX_EVENT_STREAMS) return false
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write('retry: 1000\n\n')
      res.write(frame(first.event, first.data))
      clients.add(res)
      res.on('close', () => clients.delete(res))
      res.on('error', () => clients.delete(res))
      return true
    },
    broadcast(event, data) {
      const text = frame(event, data)
      for (const res of clients) res.write(text)
    },
    size: () => clients.size,
    full: () => clients.size >= MAX_EVENT_STREAMS,
    retryAfterSeconds: Math.max(1, Math.ceil(heartbeatMs / 1000)),
    close() {
      clearInterval(heartbeat)
      for (const res of clients) res.end()
      clients.clear()
    },
  }
}
