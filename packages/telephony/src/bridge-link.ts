// One SIP bridge at work: the bridge, its evapi link to Kamailio (its `hello` says its id on every connection), its
// log file and its follow of serve's events. The stack starts one; more share a Kamailio (kamailio.cfg sends each
// call's events to the bridge that took it), one per `routewright serve` process of a scaled-out router.
import { type WaitProgress, waitFor } from '@routewright/node-support/ports'
import { type Bridge, createBridge } from './bridge.ts'
import type { WrapUpConfig } from './call-control.ts'
import { connectEvapi, type EvapiClient } from './evapi-client.ts'
import type { KamailioRpc } from './kamailio-rpc.ts'
import { openLogFile } from './processes.ts'
import type { RouterClient } from './router-client.ts'
import { followServe } from './serve-limits.ts'
import { realTimers, type Timers, unrefTimer } from './timers.ts'
import { openWrapUpFile } from './wrap-up-file.ts'

/** What kamailio.cfg takes as a bridge's id (its evapi tag). */
export const BRIDGE_ID = /^[A-Za-z0-9._-]{1,63}$/

export interface BridgeLinkOptions {
  /** The bridge's id, unique among the bridges of one Kamailio. */
  id: string
  router: RouterClient
  strategy: string
  /** Kamailio's `host:port` (SIP). */
  sipDomain: string
  /** Where the bridge dials Kamailio's evapi. */
  evapi: { host: string; port: number }
  kamailioRpc: KamailioRpc
  /** The bridge's event log (JSON lines). */
  logFile: string
  heldAnswerMaxAgeMs?: number
  /** BridgeOptions.commandTimeoutMs: how long a release or transfer waits for the leg's end. Default 15 s. */
  commandTimeoutMs?: number
  /** BridgeOptions.byeGiveUpMs: Kamailio's fr_timer, its longest wait for an answer to a release's BYE. Default 5 s. */
  byeGiveUpMs?: number
  /** BridgeOptions.reservationTimeoutMs: the router's (serve's `reservationTimeoutMs` limit). Default 15 s. */
  reservationTimeoutMs?: number
  /** BridgeOptions.reservationLeadMs: how long before that timeout a ringing call's fate is asked while the link is down. */
  reservationLeadMs?: number
  /** BridgeOptions.retryAfterSeconds: the Retry-After of the bridge's 503s (1 to 3600 s). Default none. */
  retryAfterSeconds?: number
  /** BridgeOptions.wrapUp: after-call work after each routed call. Default none. */
  wrapUp?: WrapUpConfig
  /**
   * With `wrapUp`: the file where the wrap-ups held are kept for the next bridge started under this id
   * (BridgeOptions.wrapUpStore): one file per bridge id, on storage that outlives the process. Default none.
   */
  wrapUpFile?: string
  /** Rejects when Kamailio exits: the first connection is not waited for then. */
  kamailioExited?: Promise<never>
  /**
   * Kamailio starting (its log growing): the first connection (EvapiOptions) and the answer to the hello are waited
   * for while it moves.
   */
  kamailioStarting?: WaitProgress
  /**
   * How long Kamailio may take to answer the first hello. Default 10 s; with `kamailioStarting`, counted from the
   * last time that moved, up to 4 x this.
   */
  helloTimeoutMs?: number
  /**
   * The clock of the link, its bridge and its evapi client (BridgeOptions.now and timers): the log's times, the
   * hello wait, the redials and every wait of the bridge. Default Node's.
   */
  now?: () => number
  timers?: Timers
  /**
   * The longest wait between redials of a dropped evapi link (the delay doubles from 100 ms up to it): a Kamailio
   * back is used at most this long after it listens again. Default 5 s; 100 ms to 60 s.
   */
  evapiMaxBackoffMs?: number
}

/** The redial cap's bounds: under 100 ms a Kamailio that is down is dialled in a tight loop. */
const EVAPI_MAX_BACKOFF_MS = { min: 100, max: 60_000 }

/** Throws a RangeError saying the bounds when `ms` is given and out of them (checked before anything starts). */
export function checkEvapiMaxBackoff(ms: number | undefined): void {
  const { min, max } = EVAPI_MAX_BACKOFF_MS
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= min && ms <= max))
    throw new RangeError(`evapiMaxBackoffMs must be a whole number of ms from ${min} to ${max} (got ${ms})`)
}

/** How often the hello wait looks at Kamailio's progress (its answer ends the wait at once). */
export const HELLO_POLL_MS = 1000

/**
 * Resolves once `welcome` does (Kamailio's hello came). Fails at once when Kamailio exits, and once nothing moved in
 * `kamailioStarting` for `helloTimeoutMs` (or at 4 x it; without it: `helloTimeoutMs` from the start).
 */
export async function helloAnswered(
  options: BridgeLinkOptions,
  welcome: Promise<void>,
  now: () => number,
  timers: Timers,
): Promise<void> {
  const helloMs = options.helloTimeoutMs ?? 10_000
  let done = false
  const waiting = waitFor(`Kamailio to answer bridge ${options.id}'s hello`, () => done, helloMs, {
    intervalMs: HELLO_POLL_MS,
    now,
    // the poll's timer does not keep a stopping process alive after the hello came
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        unrefTimer(timers.setTimeout(resolve, ms))
      }),
    ...(options.kamailioStarting ? { progress: options.kamailioStarting } : {}),
  })
  const timedOut = waiting.catch((error: Error) => {
    if (done) return
    throw new Error(
      `${error.message}: a kamailio.cfg without the \`hello\` action (examples/telephony/kamailio/kamailio.cfg has it)?`,
    )
  })
  try {
    await Promise.race([welcome, timedOut, ...(options.kamailioExited ? [options.kamailioExited] : [])])
  } finally {
    done = true
  }
}

export interface BridgeLink {
  id: string
  bridge: Bridge
  evapi: EvapiClient
  /** Writes a line to the bridge's log: what its HTTP side (the desktop) has nobody else to tell goes here too. */
  log(message: string, fields?: Record<string, unknown>): void
  /** Closes its evapi link (Kamailio sends its calls' events to another bridge then), its follow and its log. */
  stop(): Promise<void>
}

export async function startBridgeLink(options: BridgeLinkOptions): Promise<BridgeLink> {
  if (!BRIDGE_ID.test(options.id))
    throw new RangeError(
      `bridge id ${JSON.stringify(options.id)}: 1 to 63 letters, digits, '.', '_' or '-' (Kamailio's evapi tag)`,
    )
  const maxBackoff = options.evapiMaxBackoffMs
  checkEvapiMaxBackoff(maxBackoff)
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const log = openLogFile(options.logFile)
  const write = (line: Record<string, unknown>) => log.write(`${JSON.stringify({ at: now(), ...line })}\n`)
  const logLine = (message: string, fields?: Record<string, unknown>) => write({ message, ...fields })
  const rpc = options.kamailioRpc
  const wrapUpFile =
    options.wrapUp === undefined || options.wrapUpFile === undefined
      ? undefined
      : await openWrapUpFile(options.wrapUpFile, logLine)
  const bridge = createBridge({
    router: options.router,
    strategy: options.strategy,
    sipDomain: options.sipDomain,
    now,
    timers,
    ...(options.heldAnswerMaxAgeMs === undefined ? {} : { heldAnswerMaxAgeMs: options.heldAnswerMaxAgeMs }),
    ...(options.reservationTimeoutMs === undefined
      ? {}
      : { reservationTimeoutMs: options.reservationTimeoutMs }),
    ...(options.reservationLeadMs === undefined ? {} : { reservationLeadMs: options.reservationLeadMs }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
    ...(options.byeGiveUpMs === undefined ? {} : { byeGiveUpMs: options.byeGiveUpMs }),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.wrapUp === undefined ? {} : { wrapUp: options.wrapUp }),
    ...(wrapUpFile === undefined ? {} : { wrapUpStore: wrapUpFile }),
    heldCalls: rpc.heldCalls,
    heldLegCalls: rpc.heldLegCalls,
    callerHolds: rpc.callerHolds,
    callerHold: rpc.callerHold,
    callEnd: rpc.callEnd,
    agentSdp: rpc.agentSdp,
    legAgentSdp: rpc.legAgentSdp,
    log: logLine,
  })
  let welcomed: (() => void) | undefined
  const welcome = new Promise<void>((resolve) => {
    welcomed = resolve
  })
  let evapi: EvapiClient | undefined
  let events: ReturnType<typeof followServe> | undefined
  const stop = async () => {
    // a stopped bridge completes nothing more: its held wrap-ups are the next bridge's under this id (no file: sent now)
    bridge.stop()
    events?.stop()
    evapi?.close()
    await wrapUpFile?.flushed()
    log.close()
  }
  try {
    const connecting = connectEvapi({
      host: options.evapi.host,
      port: options.evapi.port,
      hello: { action: 'hello', bridge: options.id },
      now,
      timers,
      ...(maxBackoff === undefined ? {} : { maxBackoffMs: maxBackoff }),
      ...(options.kamailioStarting ? { startProgress: options.kamailioStarting } : {}),
      onDown: (reason) => bridge.linkDown(reason),
      onUp: ({ reconnect, downMs }) => {
        if (reconnect) bridge.linkUp(downMs)
      },
      onMessage: (message) => {
        write({ from: 'kamailio', ...message })
        if (message.event === 'hello') welcomed?.()
        bridge.onKamailio(message)
      },
      onError: (error) => write({ error: error.message }),
    })
    evapi = await (options.kamailioExited ? Promise.race([connecting, options.kamailioExited]) : connecting)
    const link = evapi
    bridge.connect(
      (message) => {
        link.send(message)
        write({ to: 'kamailio', ...message })
      },
      () => link.status(),
    )
    // Kamailio sends no call to a bridge before its hello: the first call after start would be refused (503)
    await helloAnswered(options, welcome, now, timers)
    // serve's limits before the first call, and again each time the stream reconnects (serve may have restarted)
    await bridge.readServeLimits()
    events = followServe(options.router, bridge)
    await events.ready
  } catch (error) {
    await stop()
    throw error
  }
  return { id: options.id, bridge, evapi, log: logLine, stop }
}
