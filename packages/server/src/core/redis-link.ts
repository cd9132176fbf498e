// The connections a process keeps to the shared Redis: commands, a blocking reader (commands queue, event
// stream) and a subscriber, with the errors of a lost Redis turned into one clear, logged "unavailable" state.

import { raceWithin } from '@routewright/node-support/race-within'
import type * as Redis from 'redis'
import { createOutageLog } from '../log.ts'

/** The client's reply-error class once a link loaded the client: a serve without --redis never loads it (~0.3 s CPU). */
let ErrorReplyClass: typeof Redis.ErrorReply | undefined

/** Whether `error` is Redis's answer (an error reply), not a lost connection; false while no link exists. */
export function isErrorReply(error: unknown): error is Redis.ErrorReply {
  return ErrorReplyClass !== undefined && error instanceof ErrorReplyClass
}

/** Redis cannot be reached (or lost the routing state): HTTP answers 503 with this message. */
export class CoordinatorUnavailable extends Error {
  override name = 'CoordinatorUnavailable'
  /**
   * Routing is changing hands (the lease moved, or no routing process answered): the same command, sent again once
   * a process routes, is what a starting serve retries (a full or unreachable Redis is not this).
   */
  readonly moving: boolean
  constructor(message: string, options: { moving?: boolean } = {}) {
    super(message)
    this.moving = options.moving ?? false
  }
}

type Reply = unknown

/** A command Redis has not answered in this long fails (a Redis that hangs, not one that is gone): HTTP 503. */
// the client's own default, kept
export const COMMAND_TIMEOUT_MS = 5000

/** The longest wait between two reconnect attempts of a lost connection (the backoff's cap). */
const RECONNECT_MAX_MS = 1000

/** How long a lost connection waits before its `retries`-th attempt: doubling from 50 ms up to RECONNECT_MAX_MS. */
function reconnectDelayMs(retries: number): number {
  return Math.min(50 * 2 ** retries, RECONNECT_MAX_MS)
}

/**
 * Plain arrays for stream and hash replies (RESP2), the same on every Redis 6+ server. No per-command timeout
 * in the client: it arms an AbortSignal.timeout per command, whose timer stays until it fires 5 s later (and then
 * makes a DOMException nobody reads), about a tenth of the routing thread at 1,000 interactions/s; the link's one
 * watchdog (commandDeadlines) fails commands unanswered for COMMAND_TIMEOUT_MS instead.
 */
const makeClient = (redis: typeof Redis, url: string, retrying: (delayMs: number) => void) =>
  redis.createClient({
    url,
    RESP: 2,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) => {
        const delay = reconnectDelayMs(retries)
        retrying(delay)
        return delay
      },
    },
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
  })

interface Deadline {
  at: number
  reject?: ((error: Error) => void) | undefined
}

/**
 * Commands on their way, oldest first (they are sent in time order), checked by one timer: a command unanswered
 * after `timeoutMs` is failed with CoordinatorUnavailable. Costs one small entry per command, no timer of its own.
 */
function commandDeadlines(url: string, timeoutMs: number) {
  let queue: Deadline[] = []
  let head = 0
  const timer = setInterval(
    () => {
      const cutoff = Date.now() - timeoutMs
      while (head < queue.length) {
        const entry = queue[head]!
        if (entry.reject && entry.at > cutoff) break
        entry.reject?.(new CoordinatorUnavailable(`Redis at ${url} did not answer within ${timeoutMs} ms`))
        entry.reject = undefined
        head++
      }
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head)
        head = 0
      }
    },
    Math.max(50, timeoutMs / 10),
  )
  timer.unref()
  return {
    /** Settles as `answer` does, or fails once the deadline passed without an answer. */
    watch<T>(answer: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const entry: Deadline = { at: Date.now(), reject }
        queue.push(entry)
        answer.then(
          (value) => {
            entry.reject = undefined
            resolve(value)
          },
          (error: unknown) => {
            entry.reject = undefined
            reject(error)
          },
        )
      })
    },
    stop: () => clearInterval(timer),
  }
}
type Client = ReturnType<typeof makeClient>

/** A full Redis is logged at most this often (every lease tick meets it). */
const FULL_LOG_EVERY_MS = 30_000

/** The URL as messages show it: a password in it (`redis://:PASSWORD@host`) is never logged nor answered. */
export function shownRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password === '') return url
    parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}

/** Why Redis refused this process, with what to change when it asks for a password. */
function refusal(message: string, shown: string): string {
  if (/NOAUTH|WRONGPASS/.test(message))
    return `${message} (give the password in the URL: redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port)`
  // in words and with what to do, as the PostgreSQL store says it (history's postgres-reach)
  const at = hostOf(shown)
  if (/ECONNREFUSED/.test(message))
    return `nothing accepts connections at ${at} (connection refused). Start Redis there, or correct the host and port in the URL`
  if (/ENOTFOUND|EAI_AGAIN/.test(message))
    return `no address found for the host of ${at} (${message}). Correct the host in the URL, or check this machine's name resolution`
  return message
}

/** `host:port` of a Redis URL, for a message (the URL itself when it reads as none). */
function hostOf(url: string): string {
  try {
    const { host } = new URL(url)
    return host === '' ? url : host
  } catch {
    return url
  }
}

export interface RedisLink {
  /** The URL with any password in it hidden (what messages show). */
  readonly url: string
  ready(): boolean
  /** Since when (epoch ms) a connection has been lost, while one is; undefined while every connection is up. */
  unreachableSince(): number | undefined
  /** A raw command; rejects with CoordinatorUnavailable when Redis is down. */
  send(args: string[]): Promise<Reply>
  /** The same, on a connection of its own that may block (BLPOP, XREAD BLOCK); one caller each. */
  sendBlocking(which: 'events' | 'commands', args: string[]): Promise<Reply>
  /** Loads a Lua script once and runs it by its hash (reloading it after a Redis restart). */
  script(source: string): (keys: string[], args: string[]) => Promise<Reply>
  subscribe(channel: string, listener: (message: string) => void): Promise<void>
  /**
   * In how many ms a command refused now may be answered: while a connection is lost, until its next reconnect
   * attempt (0 while one is under way); else (a full or hanging Redis, no attempt to date it) RECONNECT_MAX_MS.
   */
  retryAfterMs(): number
  /** Called each time Redis answers again after it was lost. */
  onReconnect(listener: () => void): void
  /** Called each time `unreachableSince()` starts or stops being set (an outage begins, every connection is back). */
  onReachability(listener: () => void): () => void
  close(): Promise<void>
}

/**
 * EVALSHA's arguments in one array of its final length: a literal spreading keys and args grew its store as it
 * filled (a commit's arguments copied two or three times, garbage at every commit).
 */
function evalShaArgs(sha: string, keys: readonly string[], args: readonly string[]): string[] {
  const out = new Array<string>(3 + keys.length + args.length)
  out[0] = 'EVALSHA'
  out[1] = sha
  out[2] = String(keys.length)
  for (let i = 0; i < keys.length; i++) out[3 + i] = keys[i]!
  const from = 3 + keys.length
  for (let i = 0; i < args.length; i++) out[from + i] = args[i]!
  return out
}

export async function connectRedis(
  url: string,
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void,
  {
    commandTimeoutMs = COMMAND_TIMEOUT_MS,
    now = Date.now,
  }: {
    commandTimeoutMs?: number
    /** The server's clock: what `unreachableSince()` says, so stale marks replay exactly in tests and simulations. */
    now?: () => number
  } = {},
): Promise<RedisLink> {
  const shown = shownRedisUrl(url)
  // one outage for the four connections: the first to lose Redis says so, the first back says it is over
  const outage = createOutageLog(
    log,
    'redis unreachable: routing commands answer 503 until it is back',
    'redis reachable again',
  )
  /** The last error a connection met while connecting: what a failed start reports. */
  let lastError: string | undefined
  /** Whether the start connected: before, a failed connection is the start's to report (it gives up, or retries). */
  let connected = false
  const reconnectListeners: Array<() => void> = []
  /** When the outage under way began (reads answered meanwhile say since when they are stale). */
  let downSince: number | undefined
  const reachabilityListeners = new Set<() => void>()
  const reachabilityChanged = () => {
    for (const listener of reachabilityListeners) listener()
  }
  const watch = (client: Client, role: string) => {
    client.on('error', (error: Error) => {
      lastError = error.message
      if (downSince === undefined) {
        downSince = now()
        reachabilityChanged()
      }
      // not during the start: "503 until it is back" then an exit that gave up said two contrary things
      if (connected) outage.failed({ url: shown, role, error: error.message })
    })
    client.on('ready', () => {
      if (downSince !== undefined && all.every((c) => c.isReady)) {
        downSince = undefined
        reachabilityChanged()
      }
      if (!outage.recovered({ url: shown, role })) return
      for (const listener of reconnectListeners) listener()
    })
  }
  const redis = await import('redis')
  ErrorReplyClass = redis.ErrorReply
  /** When each connection's next reconnect attempt is due (epoch ms, the wall clock the client's timers run on). */
  const nextAttemptAt = [0, 0, 0, 0]
  const [main, events, commands, subscriber] = nextAttemptAt.map((_, i) =>
    makeClient(redis, url, (delayMs) => {
      nextAttemptAt[i] = Date.now() + delayMs
    }),
  ) as [Client, Client, Client, Client]
  const all = [main, events, commands, subscriber]
  watch(main, 'main')
  watch(events, 'event reader')
  watch(commands, 'command reader')
  watch(subscriber, 'subscriber')
  try {
    const connecting = await raceWithin(Promise.all(all.map((c) => c.connect())), 3000)
    if (connecting.late) throw new Error(`no answer within 3 s${lastError ? ` (${lastError})` : ''}`)
    // a Redis that wants a password accepts the connection and refuses every command: found now, not mid-start
    await Promise.all(all.map((c) => c.sendCommand(['PING'])))
    connected = true
  } catch (error) {
    for (const c of all) c.destroy()
    throw new CoordinatorUnavailable(
      `Cannot connect to Redis at ${shown}: ${refusal((error as Error).message, shown)}`,
    )
  }
  const deadlines = commandDeadlines(shown, commandTimeoutMs)
  let fullLoggedAt = Number.NEGATIVE_INFINITY
  /** What a failed command means to its caller: Redis's own error reply, or CoordinatorUnavailable. */
  const failure = (error: unknown): unknown => {
    // a full Redis (maxmemory) is away for writes until it has room: 503 with what to do, logged now and then
    if (isErrorReply(error) && error.message.startsWith('OOM')) {
      const now = Date.now()
      if (now - fullLoggedAt >= FULL_LOG_EVERY_MS) {
        fullLoggedAt = now
        log('error', 'redis is full: commands that write answer 503 until it has room', {
          url: shown,
          error: error.message,
        })
      }
      return new CoordinatorUnavailable(
        `Redis at ${shown} is full (maxmemory); retry shortly, and raise its maxmemory or free memory (${error.message})`,
      )
    }
    // an answer from Redis is a fault to report; anything else (socket closed, offline) means Redis is away
    if (isErrorReply(error)) return error
    return new CoordinatorUnavailable(
      `Redis at ${shown} is unreachable; retry shortly (${(error as Error).message})`,
    )
  }
  const failed = (error: unknown): never => {
    throw failure(error)
  }
  /**
   * Not async: an async function's frame (its try/catch's registers too) was a heap object made per Redis command;
   * one shared rejection handler instead.
   */
  const guard = (client: Client, args: string[]): Promise<Reply> => {
    if (!client.isReady)
      return Promise.reject(new CoordinatorUnavailable(`Redis at ${shown} is unreachable; retry shortly`))
    let answer: Promise<Reply>
    try {
      answer = deadlines.watch(client.sendCommand(args))
    } catch (error) {
      return Promise.reject(failure(error))
    }
    return answer.then(undefined, failed)
  }
  return {
    url: shown,
    ready: () => all.every((c) => c.isReady),
    unreachableSince: () => (all.every((c) => c.isReady) ? undefined : (downSince ?? now())),
    retryAfterMs() {
      const lost = all.flatMap((c, i) => (c.isReady ? [] : [nextAttemptAt[i]!]))
      if (lost.length === 0) return RECONNECT_MAX_MS
      return Math.max(0, Math.max(...lost) - Date.now())
    },
    send: (args) => guard(main, args),
    sendBlocking: (which, args) => guard(which === 'events' ? events : commands, args),
    script(source) {
      let sha: string | undefined
      /** A Redis that lost its scripts (restarted, SCRIPT FLUSH) loads it again, and the call runs once more. */
      const again = async (error: unknown, keys: string[], args: string[]): Promise<Reply> => {
        if (!(error instanceof Error) || !/NOSCRIPT/.test(error.message)) throw error
        sha = String(await guard(main, ['SCRIPT', 'LOAD', source]))
        return guard(main, evalShaArgs(sha, keys, args))
      }
      const loaded = async (keys: string[], args: string[]): Promise<Reply> => {
        sha ??= String(await guard(main, ['SCRIPT', 'LOAD', source]))
        return run(keys, args)
      }
      // strings, however long: the client joins them into one text, one socket write per command; long ones as
      // bytes (Buffer.from, the build before) were a write request each, plus one per text between them, and
      // cost more CPU than the copy of the joined text they saved (server docs/performance-log.md, "Where serve's CPU ... goes")
      // not async either: once loaded, a call is guard's promise and one small closure for a NOSCRIPT answer
      const run = (keys: string[], args: string[]): Promise<Reply> =>
        guard(main, evalShaArgs(sha!, keys, args)).then(undefined, (error: unknown) =>
          again(error, keys, args),
        )
      return (keys, args) => (sha === undefined ? loaded(keys, args) : run(keys, args))
    },
    async subscribe(channel, listener) {
      await subscriber.subscribe(channel, (message: string) => listener(message))
    },
    onReconnect: (listener) => void reconnectListeners.push(listener),
    onReachability(listener) {
      reachabilityListeners.add(listener)
      return () => reachabilityListeners.delete(listener)
    },
    async close() {
      deadlines.stop()
      for (const c of all) c.destroy()
    },
  }
}
