// `routewright serve` as a function: loads and validates the workspace, then serves the API, the event stream,
// webhooks, health and metrics on node:http, reloading the workspace atomically when it changes.
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type AllowedHosts,
  allowedHostHeaders,
  isWildcardHost,
  listenFailure,
  openableHost,
} from '@routewright/node-support/listen-address'
import { type Diagnostic, formatDiagnostic } from '@routewright/strategy-dsl'
import {
  type Clock,
  createRealClock,
  type HostFunction,
  type RouterLimits,
  withDefaultLimits,
} from '@routewright/strategy-runtime'
import {
  NOT_A_FILE_CODE,
  safeLoadWorkspace,
  skippedNote,
  WorkspaceError,
} from '@routewright/strategy-runtime/node'
import { alarmsForWorkspace } from './alarms/alarm-file.ts'
import { bodyLimitFor } from './api/body-limit.ts'
import type { ApiContext, ReloadOutcome } from './api/routes.ts'
import type { RoutingCoordinator } from './core/coordinator.ts'
import { EventLog, newFirstEventId } from './core/event-log.ts'
import { createLocalCoordinator } from './core/local-coordinator.ts'
import { createServerMetrics } from './core/server-metrics.ts'
import type { VersionInfo } from './core/types.ts'
import { type HistoryKit, loadHistoryKit } from './history/history-kit.ts'
import { prepareSpool, SpoolPlaceError, spoolFor } from './history/spool-place.ts'
import { trackConnections } from './http/connections.ts'
import { createHttpHandler } from './http/handler.ts'
import { createJsonLogger, type Logger } from './log.ts'
import { createLiveService, type HistoryOptions } from './monitor/live-service.ts'
import { createReadiness } from './readiness.ts'
import { DEFAULT_START_RETRY_MS, deployAtStart } from './start-deploy.ts'
import { watchWorkspace } from './watch.ts'
import { createWebhooks, type WebhookOptions } from './webhooks.ts'
import { createWorkspaceDrift } from './workspace-drift.ts'
import { createWorkspaceRefusal } from './workspace-refusal.ts'

export interface ServeOptions {
  /** The folder of strategies (and, by default, its one `*.directory.yaml`); a relative path is the current folder's. */
  workspace: string
  /**
   * The directory file, when not the workspace's only one. A relative path is read against the workspace folder, not
   * the current one (as loadWorkspace reads it; the CLI resolves `--directory` against the current folder and passes
   * it absolute): when only the current folder has it, startServer's RW098 says so and names the absolute path.
   */
  directory?: string
  /** Default 127.0.0.1. Any other address needs `token`. */
  host?: string
  /** Default 8380; 0 picks a free port. */
  port?: number
  /** The API token (`Authorization: Bearer <token>`); required off loopback. */
  token?: string
  /** Largest request body in bytes. Default: the largest a submit within the router's limits can be (about 1 MB). */
  bodyLimit?: number
  /** Reload when workspace files change. Default true. */
  watch?: boolean
  watchDebounceMs?: number
  /** Events kept for SSE clients that resume. Default 10,000. */
  eventBuffer?: number
  /** The first SSE event id (tests); default a block of this process's own, so a client never resumes elsewhere by mistake. */
  firstEventId?: number
  sse?: { heartbeatMs?: number; maxBufferedBytes?: number; maxStreams?: number }
  webhooks?: WebhookOptions
  functions?: Record<string, HostFunction>
  limits?: Partial<RouterLimits>
  clock?: Clock
  log?: Logger
  /**
   * Routing behind the API: one process by default. A function (the Redis coordinator's start) is called only once
   * the workspace and alarms validated, so a process that will not serve never takes the cluster's routing lease.
   */
  coordinator?: RoutingCoordinator | (() => Promise<RoutingCoordinator>)
  /**
   * How long the start's deploy is retried while routing changes hands among Redis processes (the lease moved, or no
   * routing process answered); then the start fails saying what to check. Default 60 s.
   */
  startRetryMs?: number
  /** How long close() lets requests, webhooks and streams finish. Default 5 s. */
  shutdownGraceMs?: number
  /** Record every interaction into a history store (`sqlite:FILE` or `postgres://...`). */
  history?: HistoryOptions
  /** @routewright/history's functions (records, store, figures); default: the installed package, if any. */
  historyKit?: HistoryKit
  /** Origins allowed to read the API from a browser page (CORS), e.g. the designer's. */
  allowOrigins?: readonly string[]
  /**
   * On a loopback address, Host names answered besides 127.0.0.1, localhost, [::1] and the address itself (`name` on
   * serve's port, or `name:port`): a proxy's. Any other Host is refused 403 `foreign-host` (DNS rebinding).
   */
  allowedHosts?: readonly string[]
  /** Ended interactions kept readable by id in the one-process coordinator (a `coordinator` has its own). Default 10,000. */
  keptClosed?: number
}

export interface RunningServer {
  /** A URL to open on this machine: loopback when bound to every address (then `bound` says which wildcard). */
  url: string
  /** The wildcard address and port taken (`0.0.0.0:8380`), when bound to every address of this machine. */
  bound?: string
  host: string
  port: number
  coordinator: RoutingCoordinator
  /** Reads the workspace again; applies it only when it validates in full. */
  reload(): Promise<ReloadOutcome>
  close(): Promise<void>
}

/** A configuration the server refuses to start with; `diagnostics` when the workspace does not validate. */
export class ServeError extends Error {
  override name = 'ServeError'
  constructor(
    message: string,
    readonly diagnostics: import('@routewright/strategy-dsl').Diagnostic[] = [],
  ) {
    super(message)
  }
}

export const TOKEN_ENV = 'ROUTEWRIGHT_API_TOKEN'
/** Off loopback the token is all that guards the API; the designer's server asks the same length. */
export const MIN_TOKEN_CHARS = 16

/** Before the start is done (workspace deployed, history seeded): a retry, not an answer from half a server. */
function answerStarting(_request: unknown, response: ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
  response.end(JSON.stringify({ error: 'routewright serve is starting; retry', code: 'unavailable' }))
}

/** Why the port could not be taken, with node-support's fix for the usual three causes (the designer's words too). */
function listenFailureMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  const failure = listenFailure(error, host, port)
  return `Cannot listen on ${host}:${port}: ${error.message}${failure ? `. ${failure.fix}` : ''}`
}
/** RW091 entries listed in a log line, a reload's answer or event; a folder of thousands of pipes gets a count. */
const SKIPPED_SHOWN = 20

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const now = () => (options.clock ? options.clock.now() : Date.now())
  const log = options.log ?? createJsonLogger((line) => process.stdout.write(line))
  if (!isLoopback(host) && !options.token)
    throw new ServeError(
      `Serving on ${host} exposes the routing API beyond this machine: set an API token first, with the ${TOKEN_ENV} environment variable (or --token-file FILE), and send it as "Authorization: Bearer <token>".`,
    )
  if (!isLoopback(host) && options.token && options.token.length < MIN_TOKEN_CHARS)
    throw new ServeError(
      `Serving on ${host} needs an API token of at least ${MIN_TOKEN_CHARS} characters (got ${options.token.length}): a short one is guessed from the network. Make one with \`openssl rand -hex 24\` into ${TOKEN_ENV} (or --token-file FILE).`,
    )
  const first = await safeLoadWorkspace(
    options.workspace,
    options.directory === undefined ? {} : { directory: options.directory },
  )
  if (!first.success) {
    const error = new WorkspaceError(first.diagnostics)
    throw new ServeError(error.message, first.diagnostics)
  }
  let workspace = first.data
  const firstAlarms = alarmsForWorkspace(workspace.root, workspace.directory)
  if (!firstAlarms.ok) {
    const shown = firstAlarms.diagnostics.slice(0, 10).map(formatDiagnostic).join('\n')
    throw new ServeError(`The alarms file does not validate:\n${shown}`, firstAlarms.diagnostics)
  }
  const events = new EventLog(options.eventBuffer ?? 10_000, options.firstEventId ?? newFirstEventId())
  const metrics = createServerMetrics(() => coordinator, { now })
  const kit = options.historyKit ?? (await loadHistoryKit())
  if (!kit && (options.history || firstAlarms.document))
    throw new ServeError(
      `${options.history ? 'Recording history (--store)' : 'Alarms (alarms.yaml)'} needs @routewright/history, which this installation lacks: run \`routewright serve\` from @routewright/cli, or pass startServer({ historyKit }).`,
    )
  // the spool's place is option checking: refused before the coordinator starts (a process that will not serve never
  // takes the lease), by the option's name and what to do
  const spool = options.history ? checkedSpool(options.history, workspace.root) : undefined
  // the port first: a start that cannot listen changes nothing a cluster shares (no lease, no deploy); until the
  // start is done every request is told to retry
  let listener: RequestListener = answerStarting
  const server: Server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) =>
    listener(req, res),
  )
  const connections = trackConnections(server)
  server.maxHeadersCount = 100
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ServeError(listenFailureMessage(error, host, options.port ?? 8380))),
    )
    server.listen(options.port ?? 8380, host, () => resolve())
  })
  const given = options.coordinator
  // started, not awaited: the history writer thread boots beside it (createLiveService waits for both)
  const starting: Promise<RoutingCoordinator> =
    typeof given === 'function'
      ? given()
      : Promise.resolve(
          given ??
            createLocalCoordinator({
              ...(options.clock ? { clock: options.clock } : {}),
              ...(options.functions ? { functions: options.functions } : {}),
              ...(options.limits ? { limits: options.limits } : {}),
              ...(options.keptClosed === undefined ? {} : { keptClosed: options.keptClosed }),
              onDecision: (seconds) => metrics.decision(seconds),
            }),
        )
  // read by the closures below only once it is set (after the line awaiting `starting`)
  let coordinator: RoutingCoordinator
  /** The live service once created: abort closes it. */
  let opened: { close(): Promise<void> } | undefined
  /**
   * Every start failure after listening: nothing started stays running (the live service, the coordinator with its
   * lease tick, the port) before the error reaches the caller. A coordinator that did not start has nothing to stop.
   */
  const abort = async (error: unknown): Promise<never> => {
    await opened?.close().catch(() => undefined)
    const started = await starting.catch(() => undefined)
    await started?.stop().catch(() => undefined)
    await connections.close(0)
    throw error
  }
  const primary = (): boolean => coordinator.primary?.() ?? true
  const live =
    kit &&
    (await createLiveService({
      kit,
      coordinator: starting,
      clock: options.clock ?? createRealClock(),
      log,
      registry: metrics.registry,
      publish: (event) => {
        const entry = events.append(event)
        if (primary()) webhooks?.enqueue(entry)
      },
      stream: (event) => events.append(event),
      listened: () => events.listened(),
      // from the moment a takeover resumes what Redis holds, before it routes: its own events, recorded here
      recording: () => coordinator.recording?.() ?? primary(),
      workspaceRoot: workspace.root,
      // the feed reads each finished interaction's trace once: the node-entry metrics count from the same read
      onTrace: (trace, event) => {
        if (primary()) metrics.closed(trace, event.version)
      },
      ...(options.history ? { history: options.history } : {}),
      ...(spool ? { spool } : {}),
    }).catch(async (error: unknown) => {
      // a coordinator that did not start fails the start with its own error
      const started = await starting.then(
        () => true,
        () => false,
      )
      return abort(
        started
          ? new ServeError(
              `Cannot open the history store: ${error instanceof Error ? error.message : String(error)}`,
            )
          : error,
      )
    }))
  opened = live || undefined
  coordinator = await starting.catch(abort)
  const api: RoutingCoordinator = {
    ...coordinator,
    async submit(input) {
      live?.submitting(input)
      let result: Awaited<ReturnType<RoutingCoordinator['submit']>> | undefined
      try {
        result = await coordinator.submit(input)
      } finally {
        live?.submitDone(input.id, result?.ok ? result.value : undefined)
      }
      if (result.ok) metrics.countSubmitted(input.strategy, result.value.version)
      return result
    },
    async agentEvent(event, ifState, ifReason) {
      const result = await coordinator.agentEvent(event, ifState, ifReason)
      if (result.ok) live?.agentEvent(event)
      return result
    },
    async complete(id, how) {
      const result = await coordinator.complete(id, how)
      if (result.ok) live?.completed(id, how)
      return result
    },
  }
  const webhooks = options.webhooks
    ? createWebhooks(options.webhooks, {
        log,
        count: (result) => metrics.webhooks.inc({ result }),
        onInstruction: async (id, instruction, reservation) => {
          const result = await (instruction === 'accept'
            ? api.confirmReservation(id, reservation)
            : api.rejectReservation(id, reservation))
          if (!result.ok)
            log('warn', `assignment callback: ${instruction} refused`, {
              interaction: id,
              error: result.error,
            })
        },
      })
    : undefined
  /** Without the live service (no @routewright/history), the metrics read a finished interaction's trace here. */
  async function closedTrace(id: string, version: string): Promise<void> {
    try {
      const trace = coordinator.trace
        ? await coordinator.trace(id)
        : (await coordinator.interaction(id))?.trace
      if (trace) metrics.closed(trace, version)
    } catch {
      // a Redis outage makes the read fail: the figure is skipped, never a crash
    }
  }
  // several processes: a takeover here continues the records of the interactions the last routing process left
  coordinator.onResumed?.((resumed) => live?.resumed(resumed))
  // several processes: every process's records get the input of interactions submitted through the others too
  coordinator.onSubmitted?.((input) => live?.submitting(input))
  // and the routing process records the completions and agent state changes the others took and forwarded to it
  coordinator.onForwardedCall?.((call) => {
    if (call.op === 'complete') live?.completed(call.id, call.how)
    else live?.agentEvent(call.event)
  })
  coordinator.subscribe((event, json) => {
    const entry = events.append(event, json)
    metrics.event(event)
    // with several processes every one streams every event and keeps its own monitor; only the routing one
    // counts closed interactions, records history and calls the webhooks (a Redis outage makes the read fail:
    // the figure is skipped, never a crash)
    live?.onEvent(event)
    if (event.type === 'finished' && !live && primary()) void closedTrace(event.interaction, event.version)
    if (primary()) webhooks?.enqueue(entry)
  })
  // agents' state changes (a host's, the router's own not ready), with several processes every process's; the
  // routing process posts them to the webhooks, as TaskRouter's event callbacks carry worker.activity.update
  coordinator.onAgentState?.((event, json) => {
    const entry = events.append(event, json)
    if (primary()) webhooks?.enqueue(entry)
  })
  // several processes: this process's workspace may not be the cluster's; each change of that is logged once,
  // streamed once and shown in the monitor snapshot meanwhile
  const drift = createWorkspaceDrift(
    () => workspace,
    log,
    (state, version) => events.append({ type: 'workspace-drift', at: now(), version, drift: state ?? null }),
  )
  const readiness = createReadiness({ coordinator, drift, workspace: () => workspace.version })
  // several processes: this process's GET /v1/capabilities answer moved with the lease; hosts caching it hear at once
  coordinator.onCapabilities?.((names) => {
    log('info', 'the capabilities this process answers changed', { capabilities: names })
    events.append({ type: 'capabilities-changed', at: now(), capabilities: [...names] })
  })
  // several processes: every deploy, through whichever process, reaches every process's stream once
  coordinator.onDeployed?.((event, json) => {
    events.append(event, json)
    readiness.learned(event.version)
    drift.check(event.version)
  })
  /** One process: its own deploys are the only ones, announced here. */
  function announceDeployed(info: VersionInfo): void {
    if (coordinator.onDeployed) return
    events.append({ type: 'version-deployed', version: info.version, strategies: info.strategies, at: now() })
  }
  live?.apply(firstAlarms.document, workspace)
  // the store's records of the longest window, now the rules say how long: within a budget, before serve answers
  // (it listens already, answering 503 'starting' meanwhile)
  await live?.seed().catch(abort)
  const replacing = coordinator.status
    ? (await coordinator.versions().catch(() => [])).find((v) => v.status === 'current')
    : undefined
  if (replacing && replacing.version !== workspace.version)
    log('warn', "this process's workspace replaces the version the cluster routes new interactions on", {
      replaced: replacing.version,
      version: workspace.version,
      workspace: workspace.root,
    })
  // with Redis, the lease may move while this process starts: its deploy is sent again meanwhile (start-deploy.ts)
  const deployed = await deployAtStart(coordinator, workspace, {
    log,
    limitMs: options.startRetryMs ?? DEFAULT_START_RETRY_MS,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }).catch((error: unknown) =>
    // a Redis that refuses the version (full: the link says so and what to do)
    abort(new ServeError(`Cannot deploy the workspace: ${(error as Error).message}`)),
  )
  log('info', 'strategy version deployed', { version: deployed.version, strategies: deployed.strategies })
  readiness.learned(deployed.version)
  announceDeployed(deployed)
  // a linked strategy is left out without a trace otherwise: said at start, and again when the set changes
  let linksSaid = ''
  function sayLinks(links: readonly string[]): void {
    const key = links.join('\0')
    if (key === linksSaid) return
    linksSaid = key
    if (links.length > 0) log('warn', skippedNote(links), { skippedLinks: links })
  }
  sayLinks(workspace.skippedLinks)
  // a FIFO or folder named like a strategy is left out too (RW091 from loadWorkspace): same once-per-change rule
  let notFilesSaid = ''
  function sayNotFiles(diagnostics: readonly Diagnostic[]): void {
    const skipped = diagnostics.filter((d) => d.code === NOT_A_FILE_CODE)
    const key = skipped.map((d) => d.file).join('\0')
    if (key === notFilesSaid) return
    notFilesSaid = key
    // caller data has a budget: a folder of thousands of pipes gives 20 lines and a count
    for (const d of skipped.slice(0, SKIPPED_SHOWN))
      log('warn', `${d.file}: ${d.message}`, { code: d.code, file: d.file })
    if (skipped.length > SKIPPED_SHOWN)
      log('warn', `and ${skipped.length - SKIPPED_SHOWN} more entries skipped: not regular files`, {
        code: NOT_A_FILE_CODE,
        more: skipped.length - SKIPPED_SHOWN,
      })
  }
  sayNotFiles(workspace.diagnostics)

  /** The RW091 warnings of a load, all of them (`withSkipped` caps what is sent). */
  function skippedOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.code === NOT_A_FILE_CODE)
  }
  /**
   * `{ skipped, skippedTotal }` for a log line, event or answer: at most SKIPPED_SHOWN entries (a folder of thousands
   * of pipes is a count, not a list) and how many there were; nothing when the load skipped nothing (no empty list).
   */
  function withSkipped<T>(
    skipped: readonly Diagnostic[],
    as: (d: Diagnostic) => T,
  ): { skipped?: T[]; skippedTotal?: number } {
    if (skipped.length === 0) return {}
    return { skipped: skipped.slice(0, SKIPPED_SHOWN).map(as), skippedTotal: skipped.length }
  }
  const asIs = (d: Diagnostic) => d

  /** Whether the cluster's current version is not this workspace's (never on one process; unknown: no). */
  async function replacedElsewhere(): Promise<boolean> {
    if (!coordinator.status) return false
    const current = (await coordinator.versions().catch(() => [])).find((v) => v.status === 'current')
    return current !== undefined && current.version !== workspace.version
  }

  const refusal = createWorkspaceRefusal(now)
  let reloading: Promise<ReloadOutcome> = Promise.resolve({ applied: false, version: workspace.version })
  function reload(): Promise<ReloadOutcome> {
    reloading = reloading.then(async () => {
      const next = await safeLoadWorkspace(workspace.root, { directory: workspace.directoryFile })
      if (!next.success) {
        sayNotFiles(next.diagnostics)
        metrics.reloads.inc({ result: 'refused' })
        const errors = next.diagnostics.filter((d) => d.severity === 'error')
        refusal.refused(errors)
        // beside the errors: a strategy saved as a FIFO is why "not found" elsewhere, so the operator sees both
        const skipped = skippedOf(next.diagnostics)
        log('warn', 'workspace change refused: it does not validate; the running version stays', {
          version: workspace.version,
          errors: errors.length,
          diagnostics: errors.slice(0, 20).map(formatDiagnostic),
          ...withSkipped(skipped, formatDiagnostic),
        })
        events.append({
          type: 'reload-refused',
          at: now(),
          errors: errors.length,
          diagnostics: errors,
          ...withSkipped(skipped, asIs),
        })
        return {
          applied: false,
          version: workspace.version,
          diagnostics: next.diagnostics,
          ...withSkipped(skipped, asIs),
        }
      }
      sayLinks(next.data.skippedLinks)
      sayNotFiles(next.data.diagnostics)
      const notFiles = skippedOf(next.data.diagnostics)
      const skipped = {
        ...(next.data.skippedLinks.length > 0 ? { skippedLinks: next.data.skippedLinks } : {}),
        ...withSkipped(notFiles, asIs),
      }
      const alarms = alarmsForWorkspace(next.data.root, next.data.directory)
      if (!alarms.ok) {
        metrics.reloads.inc({ result: 'refused' })
        refusal.refused(alarms.diagnostics)
        log(
          'warn',
          'workspace change refused: the alarms file does not validate; the running version and rules stay',
          {
            version: workspace.version,
            errors: alarms.diagnostics.length,
            diagnostics: alarms.diagnostics.slice(0, 20).map(formatDiagnostic),
            ...withSkipped(notFiles, formatDiagnostic),
          },
        )
        events.append({
          type: 'reload-refused',
          at: now(),
          errors: alarms.diagnostics.length,
          diagnostics: alarms.diagnostics,
          ...withSkipped(notFiles, asIs),
        })
        return { applied: false, version: workspace.version, diagnostics: alarms.diagnostics, ...skipped }
      }
      refusal.accepted()
      // unchanged here, but with Redis another process may have deployed another workspace since: this one again
      if (next.data.version === workspace.version && !(await replacedElsewhere())) {
        live?.apply(alarms.document, workspace)
        metrics.reloads.inc({ result: 'unchanged' })
        return { applied: false, unchanged: true, version: workspace.version, ...skipped }
      }
      workspace = next.data
      live?.apply(alarms.document, workspace)
      const info = await coordinator.deploy(workspace)
      metrics.reloads.inc({ result: 'applied' })
      log('info', 'strategy version deployed', { version: info.version, strategies: info.strategies })
      readiness.learned(info.version)
      announceDeployed(info)
      // the versions this deploy retired lose their series after the grace, also on a serve nobody scrapes
      void metrics.sweep()
      return { applied: true, version: info.version, ...skipped }
    })
    return reloading
  }

  const limits = withDefaultLimits(options.limits)
  const ctx: ApiContext = {
    coordinator: api,
    reload,
    limits,
    batchMetrics: metrics.batch,
    ...(live
      ? {
          live: {
            async monitor() {
              const snapshot = await live.monitor()
              const differs = drift.state()
              return differs ? { ...snapshot, workspaceDrift: differs } : snapshot
            },
            alarms: live.alarms,
          },
        }
      : {}),
  }
  const currentVersion = async () =>
    (await coordinator.versions()).find((v) => v.status === 'current')?.version
  let closing = false
  /** Known once the server listens (its port); off loopback none: the token guards it. */
  let allowedHosts: AllowedHosts | undefined
  const handler = createHttpHandler({
    allowedHosts: () => allowedHosts,
    ctx,
    events,
    metrics,
    log,
    ...(options.token ? { token: options.token } : {}),
    bodyLimit: options.bodyLimit ?? bodyLimitFor(limits),
    sse: {
      heartbeatMs: options.sse?.heartbeatMs ?? 15_000,
      maxBufferedBytes: options.sse?.maxBufferedBytes ?? 4 * 1024 * 1024,
      maxStreams: options.sse?.maxStreams ?? 256,
    },
    // loaded at the first GET /openapi.json: the start does not build the document
    openapi: async () => (await import('./api/openapi.ts')).openApiDocument((await currentVersion()) ?? ''),
    // with Redis: what this process's last takeover did (how many interactions it could not resume, and why)
    health: () => {
      const takeover = coordinator.status?.().redis?.takeover
      const refused = refusal.view()
      return {
        ...live?.health(),
        ...(takeover ? { takeover } : {}),
        ...(refused ? { workspaceRefused: refused } : {}),
      }
    },
    ...(options.allowOrigins ? { allowOrigins: options.allowOrigins } : {}),
    // with Redis: not ready while it is unreachable, ready again once it is back; ready while routing changes hands
    ready: async () => {
      if (closing) return { ready: false, reason: 'shutting down' }
      const answer = await readiness.answer()
      const refused = refusal.view()
      return refused ? { ...answer, workspaceRefused: refused } : answer
    },
  })
  listener = handler.listener
  server.on('error', (error) => log('error', 'http server error', { error: error.message }))
  const address = server.address() as AddressInfo
  if (isLoopback(host))
    allowedHosts = allowedHostHeaders(address.address, address.port, options.allowedHosts ?? [])
  // bound to every address (0.0.0.0, ::), the URL is one a user can open here; `bound` says what was taken
  const url = `http://${openableHost(address.address)}:${address.port}`
  const bound = isWildcardHost(address.address) ? `${address.address}:${address.port}` : undefined
  const unwatch =
    options.watch === false
      ? () => {}
      : watchWorkspace(workspace.root, workspace.directoryFile, () => void reload(), {
          debounceMs: options.watchDebounceMs ?? 200,
          onError: (error) =>
            log('warn', 'file watch failed; use POST /v1/reload to apply changes', { error: error.message }),
        })
  log('info', 'routewright serve listening', {
    url,
    ...(bound ? { bound } : {}),
    workspace: workspace.root,
    version: workspace.version,
    auth: Boolean(options.token),
    // the limits an operator raised or lowered, so a refused submit can be read against them
    ...(options.limits ? { limits: options.limits } : {}),
  })

  let closed: Promise<void> | undefined
  return {
    url,
    ...(bound ? { bound } : {}),
    host: address.address,
    port: address.port,
    coordinator: api,
    reload,
    close() {
      closed ??= (async () => {
        closing = true
        const grace = options.shutdownGraceMs ?? 5000
        // each step's ms on the stop line: a slow stop says which step it waited in
        const stepsMs: Record<string, number> = {}
        const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
          const at = performance.now()
          try {
            return await work()
          } finally {
            stepsMs[name] = Math.round(performance.now() - at)
          }
        }
        unwatch()
        handler.closeStreams()
        await step('requests', () => connections.close(grace))
        // a count the routing process does not give (gone, or changing hands) is left out: the stop goes on; asked
        // before the hand-over, so a routing process counts its own (after it, nobody may answer yet)
        const open = await step('openCount', () => coordinator.openCount().catch((error: Error) => error))
        // routing goes to another process before the history closes: every event this one made (a forwarded confirm,
        // a timer's) is in the feed by then and recorded here; the next routing process records what comes after
        await step('handOver', () => coordinator.handOver?.())
        await step('history', () => live?.close())
        await step('webhooks', () => webhooks?.drain(grace))
        // the stop line last: the coordinator's own lines (routing handed over, with Redis) come before it
        try {
          await step('coordinator', () => coordinator.stop())
        } finally {
          log('info', 'routewright serve stopped', {
            ...(open instanceof Error ? { openUnknown: open.message } : { open }),
            stepsMs,
          })
        }
      })()
      return closed
    },
  }
}

/** The history spool's place, made and checked; a place that cannot be is the start's refusal in its own words. */
function checkedSpool(history: HistoryOptions, workspaceRoot: string): { file: string; named: string } {
  try {
    const place = spoolFor(history, workspaceRoot)
    prepareSpool(place)
    return place
  } catch (error) {
    if (error instanceof SpoolPlaceError) throw new ServeError(error.message)
    throw error
  }
}
