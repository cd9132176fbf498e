// The bridge's link to Kamailio's evapi module: one TCP connection carrying JSON in netstrings, both ways, in order;
// a dropped connection is dialled again with bounded backoff, and what is sent while it is down fails clearly.
import { connect } from 'node:net'
import type { WaitProgress } from '@routewright/node-support/ports'
import { realTimers, type Timers } from './timers.ts'

/** `up` once connected; `down` from a drop until the next connection; `closed` after close(). */
export type EvapiLinkState = 'up' | 'down' | 'closed'

export interface EvapiStatus {
  state: EvapiLinkState
  /** When the link last changed state (the injected clock). */
  since: number
  /** Dials since the last drop that have not connected. */
  attempts: number
}

export interface EvapiClient {
  /** Writes one message; throws EvapiDownError while the connection is down (Kamailio would never see it). */
  send(message: Record<string, unknown>): void
  status(): EvapiStatus
  close(): void
}

/** What the link needs of a socket (a net.Socket; tests pass a fake). */
export interface EvapiSocket {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'close', listener: () => void): unknown
  once(event: 'connect', listener: () => void): unknown
  write(text: string): unknown
  destroy(): unknown
}

export type EvapiTimers = Timers

export interface EvapiOptions {
  host: string
  port: number
  onMessage(message: Record<string, unknown>): void
  onError?(error: Error): void
  /** The connection was lost (`reason`) or made again after a loss. */
  onDown?(reason: string): void
  onUp?(info: { reconnect: boolean; downMs: number }): void
  /**
   * Written first on every connection, before anything sent from onUp: the bridge's `hello` with its id, so Kamailio
   * sends it its calls' events (kamailio.cfg: several bridges may be connected).
   */
  hello?: Record<string, unknown>
  /** First redial delay after a drop; doubles per failed dial up to `maxBackoffMs`. Default 100 ms. */
  backoffMs?: number
  /** Default 5 s: a restarted Kamailio is back in use at most this long after it listens again. */
  maxBackoffMs?: number
  now?: () => number
  timers?: EvapiTimers
  /**
   * While the first connection is awaited, what Kamailio starting looks like (its log growing): the wait then gives
   * up only once this did not move for `timeoutMs`, or at 4 x `timeoutMs`. Without it: `timeoutMs` from the start.
   */
  startProgress?: WaitProgress
  /** Opens a TCP connection; default node:net with no-delay and keep-alive (a silent peer is found out). */
  dial?: (host: string, port: number) => EvapiSocket
}

/** Sent while the connection to Kamailio is down: the message did not leave. */
export class EvapiDownError extends Error {
  readonly code = 'EVAPI_DOWN'
}

/** Splits a byte stream into netstrings (`<len>:<data>,`); returns the complete ones and keeps the rest. */
export function createNetstringReader(): (chunk: Buffer) => string[] {
  let buffer: Buffer = Buffer.alloc(0)
  return (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
    const out: string[] = []
    for (;;) {
      const colon = buffer.indexOf(0x3a)
      if (colon < 0) break
      const length = Number(buffer.subarray(0, colon).toString('latin1'))
      if (!Number.isInteger(length) || length < 0 || colon > 10)
        throw new Error(
          `evapi: not a netstring: ${JSON.stringify(buffer.subarray(0, 20).toString('latin1'))}`,
        )
      if (buffer.length < colon + 1 + length + 1) break
      if (buffer[colon + 1 + length] !== 0x2c) throw new Error('evapi: netstring without its closing comma')
      out.push(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'))
      buffer = buffer.subarray(colon + 2 + length)
    }
    return out
  }
}

export function netstring(text: string): string {
  return `${Buffer.byteLength(text)}:${text},`
}

const netDial = (host: string, port: number): EvapiSocket =>
  connect({ host, port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 5000 })

/** The delay before redial `attempt` (1, 2, ...): `base` doubled per attempt, never above `max`. */
export function evapiBackoff(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(30, Math.max(0, attempt - 1)))
}

/**
 * Connects once Kamailio listens (dialling every `backoffMs` for `timeoutMs`), then keeps the connection: a drop is
 * redialled with bounded backoff until close().
 */
export function connectEvapi(options: EvapiOptions, timeoutMs = 30_000): Promise<EvapiClient> {
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const dial = options.dial ?? netDial
  const base = options.backoffMs ?? 100
  const max = Math.max(base, options.maxBackoffMs ?? 5000)
  // a zero or NaN delay would redial in a tight loop
  if (!(base >= 1 && Number.isFinite(max)))
    throw new RangeError(`evapi: backoffMs must be >= 1 and maxBackoffMs finite (got ${base}, ${max})`)
  const where = `${options.host}:${options.port}`
  const started = now()
  let moved = started
  let mark = options.startProgress?.mark()
  const status: EvapiStatus = { state: 'down', since: started, attempts: 0 }
  let socket: EvapiSocket | undefined
  let redial: unknown
  let everUp = false
  let lastError = ''
  /** Dials in a row that gave no lasting connection: a peer that accepts then closes at once backs off too. */
  let failures = 0
  let settle: { resolve(): void; reject(error: Error): void } | undefined
  const first = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject }
  })

  function attach(s: EvapiSocket): void {
    const read = createNetstringReader()
    let open = false
    s.once('connect', () => {
      if (socket !== s) return
      open = true
      lastError = ''
      const downMs = now() - status.since
      const reconnect = everUp
      everUp = true
      Object.assign(status, { state: 'up', since: now(), attempts: 0 })
      if (options.hello) s.write(netstring(JSON.stringify(options.hello)))
      settle?.resolve()
      settle = undefined
      options.onUp?.({ reconnect, downMs })
    })
    s.on('data', (chunk: Buffer) => {
      if (socket !== s) return
      let texts: string[]
      try {
        texts = read(chunk)
      } catch (error) {
        options.onError?.(error as Error)
        s.destroy() // its close redials: the next connection starts a fresh stream
        return
      }
      for (const text of texts) {
        let message: unknown
        try {
          message = JSON.parse(text)
        } catch {
          options.onError?.(new Error(`evapi: not JSON: ${text.slice(0, 200)}`))
          continue
        }
        if (message && typeof message === 'object') options.onMessage(message as Record<string, unknown>)
      }
    })
    s.on('error', (error) => {
      lastError = error.message
      if (open) options.onError?.(error)
    })
    s.on('close', () => {
      if (socket !== s) return
      socket = undefined
      if (status.state === 'closed') return
      if (open) {
        // a connection that lasted under maxBackoffMs counts as a failed dial: redialling slows down, not spins
        failures = now() - status.since >= max ? 0 : failures + 1
        Object.assign(status, { state: 'down', since: now(), attempts: 0 })
        options.onDown?.(lastError ? `connection lost (${lastError})` : 'connection closed by Kamailio')
      } else if (everUp) failures++
      schedule()
    })
  }

  function attempt(): void {
    redial = undefined
    if (status.state === 'closed') return
    const progress = options.startProgress
    if (!everUp && progress) {
      const next = progress.mark()
      if (next !== mark) {
        mark = next
        moved = now()
      }
    }
    const gaveUp = progress
      ? now() - moved >= timeoutMs || now() - started >= 4 * timeoutMs
      : now() - started >= timeoutMs
    if (!everUp && gaveUp) {
      const seen = progress
        ? ` (after ${now() - started} ms; last seen: ${progress.seen?.() || 'nothing'})`
        : ''
      settle?.reject(
        new Error(`Kamailio's evapi at ${where} did not accept: ${lastError || 'no answer'}${seen}`),
      )
      settle = undefined
      status.state = 'closed'
      return
    }
    status.attempts++
    socket = dial(options.host, options.port)
    attach(socket)
  }

  function schedule(): void {
    // the first connection is awaited by the caller: it retries every `base` until Kamailio listens
    const delay = everUp ? evapiBackoff(failures + 1, base, max) : base
    redial = timers.setTimeout(attempt, delay)
  }

  attempt()
  const client: EvapiClient = {
    send(message) {
      if (status.state !== 'up' || !socket)
        throw new EvapiDownError(
          `Kamailio's evapi link (${where}) is ${status.state === 'closed' ? 'closed' : `down since ${new Date(status.since).toISOString()}, redialling (attempt ${status.attempts})`}: the ${String(message.action ?? 'message')} was not sent; retry once /telephony/health says up`,
        )
      socket.write(netstring(JSON.stringify(message)))
    },
    status: () => ({ ...status }),
    close() {
      status.state = 'closed'
      status.since = now()
      if (redial !== undefined) timers.clearTimeout(redial)
      redial = undefined
      socket?.destroy()
      socket = undefined
    },
  }
  return first.then(() => client)
}
