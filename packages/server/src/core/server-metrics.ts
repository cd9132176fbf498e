// The server's metrics: what a contact centre's dashboards and alerts read at /metrics.

import type { TraceEntry } from '@routewright/strategy-runtime'
import type { RoutingCoordinator } from './coordinator.ts'
import { Registry } from './metrics.ts'
import type { ServerEvent, VersionInfo } from './types.ts'

/** The figures of POST /v1/commands: its commands one by one, as the single endpoints' requests are counted. */
export interface BatchMetrics {
  /** A command of a batch answered `status` by the route `route` (its operationId; `unknown` for a bad op or id). */
  command(route: string, status: number): void
  /** A batch of `commands` commands was run. */
  size(commands: number): void
}

/** Commands per POST /v1/commands, up to its limit of 1,000. */
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]

/**
 * A retired version's series stay this long after a scrape or a deploy first found it gone (so scrapes see their
 * final values), then go at the next one.
 */
export const RETIRED_SERIES_GRACE_MS = 5 * 60_000

export interface ServerMetricsOptions {
  /** Milliseconds now (the retired versions' grace). Default Date.now. */
  now?: () => number
  /** Default RETIRED_SERIES_GRACE_MS. */
  retiredGraceMs?: number
}

export function createServerMetrics(
  coordinator: () => RoutingCoordinator,
  options: ServerMetricsOptions = {},
) {
  const now = options.now ?? (() => Date.now())
  const graceMs = options.retiredGraceMs ?? RETIRED_SERIES_GRACE_MS
  const registry = new Registry()
  const submitted = registry.counter(
    'routewright_submitted_total',
    'Interactions accepted, by strategy and version',
  )
  const routed = registry.counter(
    'routewright_routed_total',
    'Interactions routed to an agent, by strategy and version',
  )
  const finished = registry.counter(
    'routewright_finished_total',
    'Interactions finished, by outcome and version',
  )
  const decisions = registry.histogram(
    'routewright_decision_seconds',
    'Time inside the host call that made a routing decision (submit, agent ready ...)',
    LATENCY_BUCKETS,
  )
  const nodeEntries = registry.counter(
    'routewright_node_entries_total',
    'Strategy nodes entered, counted from each interaction trace when it closes',
  )
  const reservationTimeouts = registry.counter(
    'routewright_reservation_timeouts_total',
    'Reservations the host neither confirmed nor rejected in time',
  )
  const reservationsWithdrawn = registry.counter(
    'routewright_reservations_withdrawn_total',
    'Reservations the host withdrew (not the agent declining: the agent kept its state)',
  )
  const connectedByHost = registry.counter(
    'routewright_connected_by_host_total',
    'Interactions the host said an agent has already, whatever was offered (connect: an answer heard late)',
  )
  const arrivedConnected = registry.counter(
    'routewright_arrived_connected_total',
    "Interactions that arrived already connected to an agent (submit's connectedTo: a call dialled to the agent): no routing decision",
  )
  const staleReads = registry.counter(
    'routewright_stale_statistic_reads_total',
    'Statistics read while their provider marked them stale, by provider',
  )
  const events = registry.counter('routewright_events_total', 'Router events, by type')
  const http = registry.counter('routewright_http_requests_total', 'HTTP requests, by route and status')
  const batchCommands = registry.counter(
    'routewright_batch_commands_total',
    "Commands run inside POST /v1/commands, by their single endpoint's route and their status (the batch request itself is one runCommands in routewright_http_requests_total)",
  )
  const batchSizes = registry.histogram(
    'routewright_batch_commands',
    'Commands per POST /v1/commands request',
    BATCH_SIZE_BUCKETS,
  )
  const reloads = registry.counter(
    'routewright_reloads_total',
    'Workspace reloads, by result (applied, unchanged, refused)',
  )
  const webhooks = registry.counter('routewright_webhook_deliveries_total', 'Webhook deliveries, by result')
  registry.gauge(
    'routewright_waiting',
    'Interactions waiting, per target (group:, queue:, skill:, agent:)',
    async () => {
      const counts = new Map<string, number>()
      for (const w of await coordinator().waiting())
        for (const target of w.targets) counts.set(target, (counts.get(target) ?? 0) + 1)
      return [...counts].map(([target, value]) => ({ labels: { target }, value }))
    },
  )
  /** The versions deployed, read once per scrape (the open gauge shows them, the sweep keeps their series). */
  let deployed: Promise<VersionInfo[]> = Promise.resolve([])
  registry.beforeRender(async () => {
    deployed = coordinator().versions()
    await sweep(deployed)
  })
  registry.gauge(
    'routewright_open_interactions',
    'Interactions not yet closed, per strategy version',
    async () =>
      (await deployed).map((v) => ({
        labels: { version: v.version, status: v.status },
        value: v.open,
      })),
  )
  /** A 0/1 gauge of one flag of the shared Redis's status; no sample without --redis. */
  const redisFlag = (flag: 'connected' | 'primary') => () => {
    const redis = coordinator().status?.().redis
    return redis ? [{ value: redis[flag] ? 1 : 0 }] : []
  }
  registry.gauge(
    'routewright_redis_connected',
    'With --redis: 1 while every connection to the shared Redis is up, 0 while it is unreachable',
    redisFlag('connected'),
  )
  registry.gauge(
    'routewright_routing_primary',
    'With --redis: 1 when this process routes now (holds the lease), else 0',
    redisFlag('primary'),
  )
  registry.gauge(
    'process_cpu_seconds_total',
    'CPU time of this process (user + system)',
    () => {
      const usage = process.cpuUsage()
      return [{ value: (usage.user + usage.system) / 1e6 }]
    },
    'counter',
  )
  registry.gauge('process_resident_memory_bytes', 'Resident memory of this process', () => [
    { value: process.memoryUsage.rss() },
  ])
  const byVersion = [submitted, routed, finished, nodeEntries]
  /** Versions retired (no longer deployed) whose series are still shown: when they were first found gone. */
  const gone = new Map<string, number>()
  /**
   * A version the coordinator no longer lists (retired: nothing open on it) keeps its series for the grace, then
   * they go: one pass over the series, at a scrape (which renders them all anyway) or a deploy, never per count.
   */
  async function sweep(listed: Promise<VersionInfo[]>): Promise<void> {
    let current: Set<string>
    try {
      current = new Set((await listed).map((v) => v.version))
    } catch {
      return // not readable now (Redis away): nothing is judged gone
    }
    const at = now()
    const expired = new Set<string>()
    const counted = new Set<string>()
    for (const counter of byVersion)
      for (const version of counter.labelValues('version')) counted.add(version)
    for (const version of counted) {
      if (current.has(version)) continue
      const since = gone.get(version)
      if (since === undefined) gone.set(version, at)
      else if (at - since >= graceMs) expired.add(version)
    }
    // deployed again, or its series went: forgotten
    for (const version of gone.keys()) if (current.has(version) || !counted.has(version)) gone.delete(version)
    if (expired.size === 0) return
    for (const counter of byVersion) counter.remove('version', expired)
    for (const version of expired) gone.delete(version)
  }
  const countEvent = events.by('type')
  const countRouted = routed.by('strategy', 'version')
  const countFinished = finished.by('outcome', 'version')
  const countBatchCommand = batchCommands.by('route', 'status')
  return {
    registry,
    submitted,
    /** Counts an accepted submit of `strategy` on `version`. */
    countSubmitted: submitted.by('strategy', 'version'),
    finished,
    routed,
    http,
    reloads,
    webhooks,
    /** What the batch route counts: each command under its own route and status, and each batch's size. */
    batch: {
      command(route: string, status: number): void {
        countBatchCommand(route, String(status))
      },
      size(commands: number): void {
        batchSizes.observe(commands)
      },
    } satisfies BatchMetrics,
    decision(seconds: number): void {
      decisions.observe(seconds)
    },
    /** Counts a router event. */
    event(event: ServerEvent): void {
      countEvent(event.type)
      if (event.type === 'routed') {
        // no decision was made for one that arrived connected: not a routed decision
        if (event.direct) arrivedConnected.inc()
        else countRouted(event.strategy ?? '', event.version)
        if (event.connected && !event.direct) connectedByHost.inc()
      } else if (event.type === 'finished') countFinished(event.outcome, event.version)
      else if (event.type === 'reservation-rejected') {
        if (event.timedOut) reservationTimeouts.inc()
        else if (event.withdrawn) reservationsWithdrawn.inc()
      }
    },
    /** A deploy changed the versions: retired ones' series are judged as at a scrape. */
    sweep: () => sweep(coordinator().versions()),
    /** An interaction of `version` finished: its trace counts node entries and stale reads. */
    closed(trace: readonly TraceEntry[], version: string): void {
      for (const entry of trace) {
        if (entry.kind === 'enter') nodeEntries.inc({ strategy: entry.strategy, node: entry.node, version })
        else if (entry.kind === 'stat' && entry.stale) staleReads.inc({ provider: entry.provider ?? '' })
      }
    },
  }
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>
