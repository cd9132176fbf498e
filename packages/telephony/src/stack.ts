// The whole real call path on free loopback ports in one folder: routewright serve, Kamailio, the bridge (with its
// HTTP side) and one sipp phone per agent, registered and ready. Tests and the demo start it; stop() ends it all.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createJsonLogger, type HistoryOptions, startServer } from '@routewright/server'
import type { Bridge } from './bridge.ts'
import { type BridgeLink, checkEvapiMaxBackoff, startBridgeLink } from './bridge-link.ts'
import { type BridgeServer, type HttpHandler, startBridgeServer } from './bridge-server.ts'
import type { CallControl, WrapUpConfig } from './call-control.ts'
import { desktopHandlers } from './desktop-mount.ts'
import { checkMaxTargetSearches } from './desktop-targets.ts'
import type { HistoryKit } from './history-kit.ts'
import { startKamailio } from './kamailio.ts'
import { createKamailioRpc, type KamailioRpc } from './kamailio-rpc.ts'
import { type Child, freePort, openLogFile } from './processes.ts'
import { checkRetryAfterSeconds } from './retry-after.ts'
import { createRouterClient, type RouterClient } from './router-client.ts'
import { type CallerCall, type Phone, registerPhones, startCallers, startPhone } from './sipp.ts'
import { ownFiles, runDirProgress, watchRunDir } from './stack-progress.ts'
import { realTimers, type Timers } from './timers.ts'
import { checkWrapUp } from './wrap-ups.ts'

/** The examples workspace: its `inbound-call` strategy (examples/telephony) and the contact-center directory. */
export const TELEPHONY_WORKSPACE = path.resolve(import.meta.dirname, '../../../examples')

export interface StackAgent {
  id: string
  /** How long the phone rings before answering; Infinity never answers (ring-no-answer). Default 300 ms. */
  ringMs?: number
  /** A sipp UAS scenario for this phone instead of the example phone's (tests script exact replies). */
  scenario?: string
}

export interface StackOptions {
  agents: readonly StackAgent[]
  /** Default the examples workspace and its `inbound-call` strategy (examples/telephony). */
  workspace?: string
  /** serve's history functions (alarms.yaml, monitor); default the installed @routewright/history, when it loads. */
  historyKit?: HistoryKit
  /** serve's history store (`sqlite:FILE`, `postgres://...`): what the calls end as in `report`. Default none. */
  history?: HistoryOptions
  strategy?: string
  /**
   * serve watches `workspace` and deploys a change as it lands (the CLI's default; `--no-watch` turns it off). Default
   * false: a stack's calls route on the version it started with.
   */
  watch?: boolean
  /** Ring-no-answer after this long (under the router's reservation timeout). Default 4000 ms. */
  ronaMs?: number
  /**
   * The router's reservation timeout, given to serve (its `reservationTimeoutMs` limit) and to every bridge
   * (BridgeOptions.reservationTimeoutMs), so both count the same time. Default 15 s, serve's; 5 s to 60 s.
   */
  reservationTimeoutMs?: number
  /**
   * Every bridge's `reservationLeadMs`: how long before the reservation timeout a ringing call's fate is asked of
   * Kamailio while the link is down (then withdrawn, or confirmed). Default 3 s; 1 s to the reservation less 2 s.
   */
  reservationLeadMs?: number
  /** The longest a call waits in Kamailio's queue before its caller is answered 408. Default 15 minutes. */
  queueMs?: number
  /**
   * How long Kamailio remembers how a call ended (its `ended` htable, KamailioSettings.endedKeepS): a link outage
   * longer than this cannot tell a ringing call answered and hung up meanwhile from an abandoned one. Default 300 s.
   */
  endedKeepS?: number
  /**
   * Kamailio's tm wt_timer (KamailioSettings.tmWaitMs): how long a completed INVITE transaction stays for a phone's
   * late 200. Default 5000 ms, Kamailio's; 500 ms to 30 s.
   */
  tmWaitMs?: number
  /**
   * Kamailio's tm fr_timer (KamailioSettings.frTimerMs), and so every bridge's `byeGiveUpMs`: how long a release's BYE
   * to a silent phone is followed before it is given up. Default 5000 ms, Kamailio's; 1 s to 30 s.
   */
  frTimerMs?: number
  /** Every bridge's `evapiMaxBackoffMs` (BridgeLinkOptions): the longest wait between redials of a dropped link. */
  evapiMaxBackoffMs?: number
  /** The bridge's `heldAnswerMaxAgeMs` (default 15 s, the router's reservation timeout). */
  heldAnswerMaxAgeMs?: number
  /** Every bridge's `commandTimeoutMs` (BridgeOptions): how long a release or transfer waits for the leg's end. */
  commandTimeoutMs?: number
  /**
   * The Retry-After (seconds, 1 to 3600) of every 503 a caller hears: every bridge's `retryAfterSeconds`
   * (BridgeOptions) and Kamailio's own when no bridge is connected (kamailio.cfg's RETRY_AFTER_S). Default none.
   */
  retryAfterSeconds?: number
  /**
   * Every bridge's `wrapUp` (BridgeOptions): after-call work after each routed call, up to `seconds`, ended by the
   * agent's disposition on the desktop. Default none: a call's end completes it at once.
   */
  wrapUp?: WrapUpConfig
  /** Log agents in ready at the start. Default true. */
  ready?: boolean
  /** Folder for configs, logs and sipp traces; default a new temporary folder. */
  runDir?: string
  /** A Kamailio config template with the same placeholders instead of the repository's (KAMAILIO_CONFIG). */
  kamailioConfig?: string
  /**
   * The port the bridge dials for Kamailio's evapi, given Kamailio's: e.g. a TCP relay a test can sever. Default
   * Kamailio's own.
   */
  evapiVia?: (evapiPort: number) => Promise<number>
  /**
   * Handlers on the bridge's HTTP port, e.g. `createDesktopApi({ serveUrl, calls })`. Default: the agent desktop
   * (API and built app under /desktop/) when this build has it.
   */
  http?: (context: HttpContext) => HttpHandler[] | Promise<HttpHandler[]>
  /**
   * The desktop's `maxTargetSearches` (DesktopApiOptions): transfer searches reading serve at once, for each bridge's
   * desktop. A whole number from 1, default 4 (MAX_SEARCHES_READING); checked as the desktop starts, with the stack.
   * Given to `http` as `HttpContext.maxTargetSearches`.
   */
  maxTargetSearches?: number
  /** The stack's bridge's id in its evapi `hello` (kamailio.cfg sends it its calls by that id). Default `bridge-1`. */
  bridgeId?: string
  /**
   * The clock of every bridge the stack starts, with its evapi link, its follow of serve's events and its desktop
   * (BridgeLinkOptions.now and timers, DesktopApiOptions.now and timers). Default Node's. serve, Kamailio and sipp
   * run in real time whatever is given here.
   */
  now?: () => number
  timers?: Timers
}

/** What a bridge's HTTP handlers are made with (StackOptions.http). */
export interface HttpContext {
  serveUrl: string
  calls: CallControl
  /** The bridge's evapi id. */
  bridgeName: string
  /** The desktop URLs of the stack's other bridges with an HTTP side (DesktopApiOptions.bridges). */
  bridges: () => readonly string[]
  /** The bridge's log (`bridge.log`, `bridge-<id>.log`): where the desktop's failures go (DesktopApiOptions.log). */
  log: (message: string, fields?: Record<string, unknown>) => void
  /** The stack's clock (StackOptions.now and timers), for the desktop (DesktopApiOptions.now and timers). */
  now: () => number
  timers: Timers
  /** StackOptions.maxTargetSearches, for the desktop (DesktopApiOptions.maxTargetSearches); unset when not given. */
  maxTargetSearches?: number
}

/** A bridge added to the stack; with `http`, its own HTTP side (the desktop) at `url`. stop() ends both. */
export interface AddedBridge extends BridgeLink {
  url?: string
}

export interface TelephonyStack {
  runDir: string
  /** True when the stack made `runDir` (no `runDir` option): its owner may remove it after stop(); never a caller's. */
  madeRunDir: boolean
  serveUrl: string
  /** The bridge's HTTP side (`/telephony/calls`, and what `http` added). */
  bridgeUrl: string
  /** Kamailio's `host:port` (UDP). */
  sipAddress: string
  /** Kamailio's JSON-RPC (HTTP on loopback): what the bridge asks after a link drop, and tests read. */
  kamailioRpc: KamailioRpc
  bridge: Bridge
  router: RouterClient
  phones: Phone[]
  /**
   * Starts another bridge on the same Kamailio and serve (its log `bridge-<id>.log`), as a second serve process's
   * would be: Kamailio sends it new calls in turn, and the calls of a bridge that is gone. Stopped with the stack.
   * `evapiVia` as the stack's own (a relay a test severs), for this bridge's link only.
   */
  addBridge(
    id: string,
    options?: { http?: boolean; evapiVia?: (evapiPort: number) => Promise<number> },
  ): Promise<AddedBridge>
  /** Starts a sipp caller run against Kamailio; its `exited` is 0 when no call failed. */
  call(calls: readonly CallerCall[], name?: string): Promise<Child & { messageFile: string }>
  stop(): Promise<void>
}

export async function startTelephonyStack(options: StackOptions): Promise<TelephonyStack> {
  const reservationMs = options.reservationTimeoutMs ?? 15_000
  if (!(Number.isInteger(reservationMs) && reservationMs >= 5000 && reservationMs <= 60_000))
    throw new RangeError(
      `reservationTimeoutMs must be a whole number of ms from 5000 to 60000 (got ${reservationMs}): under 5 s the bridge's check 3 s before it leaves no time to ring`,
    )
  const leadMs = options.reservationLeadMs
  if (leadMs !== undefined && !(Number.isInteger(leadMs) && leadMs >= 1000 && leadMs <= reservationMs - 2000))
    throw new RangeError(
      `reservationLeadMs must be a whole number of ms from 1000 to ${reservationMs - 2000} (got ${leadMs}): the check before the reservation runs out leaves the phone 2 s to ring`,
    )
  const ronaMs = options.ronaMs ?? 4000
  if (!(ronaMs > 0 && ronaMs < reservationMs))
    throw new RangeError(
      `ronaMs must be between 0 and ${reservationMs} (the router gives a reservation ${reservationMs / 1000} s)`,
    )
  const queueMs = options.queueMs ?? 15 * 60_000
  if (!(Number.isInteger(queueMs) && queueMs >= 1000 && queueMs <= 24 * 3_600_000))
    throw new RangeError(`queueMs must be a whole number of ms from 1000 to 86400000 (got ${queueMs})`)
  const endedKeepS = options.endedKeepS
  if (endedKeepS !== undefined && !(Number.isInteger(endedKeepS) && endedKeepS >= 1 && endedKeepS <= 86_400))
    throw new RangeError(
      `endedKeepS must be a whole number of seconds from 1 to 86400 (got ${endedKeepS}): Kamailio's htable autoexpire`,
    )
  const tmWaitMs = options.tmWaitMs
  if (tmWaitMs !== undefined && !(Number.isInteger(tmWaitMs) && tmWaitMs >= 500 && tmWaitMs <= 30_000))
    throw new RangeError(
      `tmWaitMs must be a whole number of ms from 500 to 30000 (got ${tmWaitMs}): Kamailio's tm wt_timer`,
    )
  const frTimerMs = options.frTimerMs
  if (frTimerMs !== undefined && !(Number.isInteger(frTimerMs) && frTimerMs >= 1000 && frTimerMs <= 30_000))
    throw new RangeError(
      `frTimerMs must be a whole number of ms from 1000 to 30000 (got ${frTimerMs}): Kamailio's tm fr_timer`,
    )
  // fr_timer also ends a ring whose phone sent no provisional answer: it must end before the router's reservation
  if (frTimerMs !== undefined && frTimerMs >= reservationMs)
    throw new RangeError(
      `frTimerMs must be under the reservation timeout (reservationTimeoutMs, ${reservationMs} ms; got ${frTimerMs}): it also ends the ring of a phone that never answered provisionally`,
    )
  checkEvapiMaxBackoff(options.evapiMaxBackoffMs)
  const retryAfterSeconds = options.retryAfterSeconds
  checkRetryAfterSeconds(retryAfterSeconds)
  checkWrapUp(options.wrapUp)
  // the desktop checks it too, but only once serve, Kamailio and the phones run; and a custom `http` never did
  checkMaxTargetSearches(options.maxTargetSearches)
  // settings checked before anything is made
  const runDir = options.runDir ?? mkdtempSync(path.join(tmpdir(), 'routewright-sip-'))
  // every wait (waitFor) goes on while this stack's logs and traces grow; stopped last
  const stops: Array<() => Promise<void> | void> = [watchRunDir(runDir)]
  // one stop for every caller: a second call (a signal handler and a finally) waits for the first to end
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const step of stops.splice(0).reverse()) {
        try {
          await step()
        } catch {
          // stopping the rest matters more than one step that failed
        }
      }
    })())
  // the phones (a sipp each, waiting for nothing else) start while serve and Kamailio do: one at a time they took
  // about 0.3 s each, most of a stack's start
  let phonesKept = false
  const phonesStarting = Promise.allSettled(
    options.agents.map((agent) => startPhone(agent.id, agent.ringMs ?? 300, runDir, agent.scenario)),
  )
  try {
    // the logs close first-in, last-out, but a late line (a request or timer still running) is dropped, not thrown
    const serveLog = openLogFile(path.join(runDir, 'serve.log'))
    stops.push(() => serveLog.close())
    const serve = await startServer({
      workspace: options.workspace ?? TELEPHONY_WORKSPACE,
      port: 0,
      watch: options.watch ?? false,
      log: createJsonLogger((line) => serveLog.write(line), { level: 'info' }),
      // serve stops last, after every bridge and desktop that asked it anything: the grace bounds only a request
      // still in flight then (a connection that never sent a request no longer waits it out: serve's stopwait pass)
      shutdownGraceMs: 100,
      ...(options.reservationTimeoutMs === undefined
        ? {}
        : { limits: { reservationTimeoutMs: reservationMs } }),
      ...(options.historyKit ? { historyKit: options.historyKit } : {}),
      ...(options.history ? { history: options.history } : {}),
    })
    stops.push(() => serve.close())
    const now = options.now ?? Date.now
    const timers = options.timers ?? realTimers
    const router = createRouterClient(serve.url, undefined, { timers })

    const host = '127.0.0.1'
    const sipPort = await freePort()
    const evapiPort = await freePort()
    const rpcPort = await freePort()
    const sipAddress = `${host}:${sipPort}`
    const kamailio = startKamailio({
      host,
      sipPort,
      evapiPort,
      rpcPort,
      runDir,
      ronaMs,
      queueMs,
      children: 4,
      ...(endedKeepS !== undefined ? { endedKeepS } : {}),
      ...(tmWaitMs !== undefined ? { tmWaitMs } : {}),
      ...(frTimerMs !== undefined ? { frTimerMs } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterS: retryAfterSeconds } : {}),
      ...(options.kamailioConfig !== undefined ? { config: options.kamailioConfig } : {}),
    })
    stops.push(() => kamailio.stop())

    const kamailioRpc = createKamailioRpc(`http://${host}:${rpcPort}/RPC`)
    const kamailioExited = kamailio.exited.then((code): never => {
      throw new Error(`Kamailio exited (${code}) while starting:\n${kamailio.tail()}`)
    })
    // only a start that is waited on reads it: a later exit is no unhandled rejection
    kamailioExited.catch(() => {})
    const bridgeId = options.bridgeId ?? 'bridge-1'
    const heldAnswerMaxAgeMs = options.heldAnswerMaxAgeMs ?? options.reservationTimeoutMs
    const linkOptions = (id: string, logFile: string, evapiAt: number) => ({
      id,
      router,
      strategy: options.strategy ?? 'inbound-call',
      sipDomain: sipAddress,
      evapi: { host, port: evapiAt },
      kamailioRpc,
      logFile,
      kamailioExited,
      now,
      timers,
      // a loaded host starts Kamailio slowly: its port is waited for while it is alive and its log grows, or this
      // bridge's (Kamailio's events to it); sipp or serve busy in the folder are no sign Kamailio is starting
      kamailioStarting: runDirProgress(() => [runDir], ownFiles(kamailio.logFile, logFile)),
      // a held answer is at most as old as a reservation lives (BridgeOptions.heldAnswerMaxAgeMs)
      ...(heldAnswerMaxAgeMs === undefined ? {} : { heldAnswerMaxAgeMs }),
      ...(options.evapiMaxBackoffMs === undefined ? {} : { evapiMaxBackoffMs: options.evapiMaxBackoffMs }),
      ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
      // Kamailio gives a BYE up after its fr_timer: the bridge waits that long for its word (byeGiveUpMs)
      ...(frTimerMs === undefined ? {} : { byeGiveUpMs: frTimerMs }),
      ...(options.reservationTimeoutMs === undefined ? {} : { reservationTimeoutMs: reservationMs }),
      ...(leadMs === undefined ? {} : { reservationLeadMs: leadMs }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      // one file per bridge id: a bridge started again under it ends the wrap-ups its last run held
      ...(options.wrapUp === undefined
        ? {}
        : { wrapUp: options.wrapUp, wrapUpFile: path.join(runDir, `wrap-ups-${id}.json`) }),
    })
    const first = await startBridgeLink(
      linkOptions(
        bridgeId,
        path.join(runDir, 'bridge.log'),
        options.evapiVia ? await options.evapiVia(evapiPort) : evapiPort,
      ),
    )
    stops.push(() => first.stop())
    const bridge = first.bridge

    // from here the stack's stops hold every phone that started (keptPhones adds them, even when one failed)
    phonesKept = true
    const phones = keptPhones(await phonesStarting, stops)
    await registerPhones(phones, sipAddress, runDir)
    if (options.ready ?? true)
      for (const agent of options.agents) {
        const answer = await router.call('PUT', `/v1/agents/${encodeURIComponent(agent.id)}/state`, {
          state: 'ready',
        })
        if (answer.status !== 200) throw new Error(`agent ${agent.id}: ${JSON.stringify(answer.body)}`)
      }

    // each bridge's desktop URL, so a desktop whose bridge is gone can move to another (DesktopApiOptions.bridges)
    const desktops = new Map<string, string>()
    const startHttp = async (name: string, link: BridgeLink): Promise<BridgeServer> => {
      const context: HttpContext = {
        serveUrl: serve.url,
        calls: link.bridge,
        bridgeName: name,
        bridges: () => [...desktops].filter(([other]) => other !== name).map(([, url]) => url),
        log: link.log,
        now,
        timers,
        ...(options.maxTargetSearches === undefined ? {} : { maxTargetSearches: options.maxTargetSearches }),
      }
      const server = await startBridgeServer(link.bridge, await (options.http ?? desktopHandlers)(context))
      desktops.set(name, `${server.url}/desktop/`)
      return server
    }
    const http = await startHttp(bridgeId, first)
    stops.push(() => http.close())

    const callers: Child[] = []
    stops.push(async () => {
      await Promise.all(callers.map((c) => c.stop()))
    })
    return {
      runDir,
      madeRunDir: options.runDir === undefined,
      serveUrl: serve.url,
      bridgeUrl: http.url,
      sipAddress,
      kamailioRpc,
      bridge,
      router,
      phones,
      async addBridge(id, added = {}) {
        const port = added.evapiVia ? await added.evapiVia(evapiPort) : evapiPort
        const link = await startBridgeLink(linkOptions(id, path.join(runDir, `bridge-${id}.log`), port))
        stops.push(() => link.stop())
        if (!added.http) return link
        const server = await startHttp(id, link).catch(async (error: unknown) => {
          await link.stop()
          throw error
        })
        stops.push(() => server.close())
        return {
          ...link,
          url: server.url,
          // a gone bridge's HTTP side goes with it: its desktops find no one there
          stop: async () => {
            desktops.delete(id)
            await server.close()
            await link.stop()
          },
        }
      },
      async call(calls, name = `callers-${callers.length + 1}`) {
        const child = await startCallers(calls, sipAddress, runDir, name)
        callers.push(child)
        return child
      },
      stop,
    }
  } catch (error) {
    // a phone still starting when an earlier step failed is stopped too, once it is up
    if (!phonesKept)
      for (const started of await phonesStarting)
        if (started.status === 'fulfilled') stops.push(() => started.value.child.stop())
    await stop()
    throw error
  }
}

/** The phones started, each stopped with the stack; throws the first start that failed (after keeping the rest). */
function keptPhones(
  started: ReadonlyArray<PromiseSettledResult<Phone>>,
  stops: Array<() => Promise<void> | void>,
): Phone[] {
  const phones: Phone[] = []
  for (const result of started)
    if (result.status === 'fulfilled') {
      const phone = result.value
      phones.push(phone)
      stops.push(() => phone.child.stop())
    }
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
  return phones
}
