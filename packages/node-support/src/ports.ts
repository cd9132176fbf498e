// Free loopback ports for servers a process starts (tests, benches, the telephony stack), and polling for a
// condition instead of sleeping.
import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'

// ports handed out by this process: two servers started together never get the same one
const taken = new Set<number>()

/** A port free on `host` for both TCP and UDP (SIP listens on UDP; HTTP, Redis and PostgreSQL on TCP). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, host, () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4')
      socket.once('error', () => resolve(false))
      socket.bind(port, host, () => socket.close(() => resolve(true)))
    })
    if (udpFree && !taken.has(port)) {
      taken.add(port)
      return port
    }
  }
  throw new Error(`No free port found on ${host} after 50 tries`)
}

/** What a wait watches besides its condition: while it moves, the wait goes on (see `waitFor`). */
export interface WaitProgress {
  /** A value that changes whenever the watched work moves on (a log's size, a count of messages). */
  mark(): string | number
  /** What was last seen moving, for the failure message. */
  seen?(): string
}

export interface WaitOptions {
  /** How often `check` is polled. Default 50 ms. */
  intervalMs?: number
  /** Progress-based patience: `timeoutMs` then counts from the last time `progress` moved, up to `capMs`. */
  progress?: WaitProgress
  /** The hard cap of a progress-based wait (from its start). Default 4 x `timeoutMs`. */
  capMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Polls `check` until it returns a value other than undefined/false; throws naming `what` once `timeoutMs` pass.
 * With `options.progress` the wait is progress-based: it fails only once nothing moved for `timeoutMs`, or at the
 * hard cap, so a loaded machine that is slow but moving is waited for while a real hang still fails.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalOrOptions: number | WaitOptions = 50,
): Promise<T> {
  const options =
    typeof intervalOrOptions === 'number' ? { intervalMs: intervalOrOptions } : intervalOrOptions
  const { intervalMs = 50, progress, capMs = 4 * timeoutMs, now = Date.now } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const started = now()
  let moved = started
  let mark = progress?.mark()
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    const at = now()
    if (progress) {
      const next = progress.mark()
      if (next !== mark) {
        mark = next
        moved = at
      }
    }
    if (at - moved > timeoutMs || at - started > capMs) {
      if (!progress) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
      const why =
        at - started > capMs
          ? `at the cap of ${capMs} ms though its work still moved`
          : `nothing moved for ${timeoutMs} ms`
      const seen = progress.seen?.() || 'nothing'
      throw new Error(`Timed out after ${at - started} ms waiting for ${what} (${why}); last seen: ${seen}`)
    }
    await sleep(intervalMs)
  }
}
