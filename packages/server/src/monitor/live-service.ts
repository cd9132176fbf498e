// What serve adds on top of routing for supervisors and analysts: every interaction recorded into a history store
// (optional), the live monitor's figures, and alarms evaluated on the server's clock. Serve feeds it its events and
// host calls; it publishes alarm events through serve's event stream and webhooks.

import type { HistoryRecorder } from '@routewright/history'
import { raceWithin } from '@routewright/node-support/race-within'
import type { Clock, InteractionInput, TimerHandle, TraceEntry } from '@routewright/strategy-runtime'
import { type AlarmEngine, createAlarmEngine } from '../alarms/alarm-engine.ts'
import { unroutedAlarmRules } from '../alarms/alarm-routed.ts'
import type { AlarmsDocument } from '../alarms/alarm-schema.ts'
import type {
  CompleteHow,
  DeployableWorkspace,
  ResumedHere,
  RoutingCoordinator,
} from '../core/coordinator.ts'
import type { Registry } from '../core/metrics.ts'
import { CoordinatorUnavailable } from '../core/redis-link.ts'
import type { AgentStateCall, AlarmView, ControlEvent, ServerEvent } from '../core/types.ts'
import { createEventFeed } from '../history/event-feed.ts'
import type { HistoryKit } from '../history/history-kit.ts'
import { prepareSpool, spoolFor } from '../history/spool-place.ts'
import { staleMark } from '../http/stale.ts'
import { createOutageLog, type Logger } from '../log.ts'
import { createLivePublisher, type LivePublisher } from './live-publisher.ts'
import {
  DEFAULT_MONITOR,
  liveEntered,
  type MonitorSettings,
  type MonitorSnapshot,
  monitorSnapshot,
  waitsOf,
} from './monitor.ts'
import { RecordWindow } from './record-window.ts'
import { seedWindow, slotsBefore } from './window-seed.ts'

export interface HistoryOptions {
  /** `sqlite:FILE` (relative to the current folder) or `postgres://...`. */
  store: string
  /** Where records wait while the store is down; default beside a SQLite file, required with PostgreSQL (spool-place.ts). */
  spoolFile?: string
  /** This router's name in a shared store; default `serve`. */
  router?: string
  /**
   * How long serve's start waits to read the monitor's window back from the store (window-seed.ts); default 5 s.
   * Out of time, the window's figures count since the oldest arrival read.
   */
  windowReadMs?: number
}

export interface LiveServiceOptions {
  kit: HistoryKit
  /** The coordinator, or its start: the store's writer thread opens it while the coordinator connects (to Redis). */
  coordinator: RoutingCoordinator | Promise<RoutingCoordinator>
  clock: Clock
  log: Logger
  registry: Registry
  /** Appends an event to the stream (and its webhooks). */
  publish(event: ControlEvent): void
  /** Appends an event to this process's stream only (not to webhooks); default `publish`. */
  stream?(event: ControlEvent): void
  /** Whether anyone follows this process's stream now (monitor-live events are sent only then); default yes. */
  listened?(): boolean
  /** Whether this process writes records (with several on one Redis, only the routing one does); default yes. */
  recording?: () => boolean
  history?: HistoryOptions
  workspaceRoot: string
  /** The history spool's place, already made and checked (spoolFor + prepareSpool). */
  spool?: { file: string; named: string }
  /** The trace of each finished interaction, as the history feed reads it once for everyone (serve's metrics). */
  onTrace?: (trace: readonly TraceEntry[], event: ServerEvent & { type: 'finished' }) => void
}

const DEFAULT_EVALUATE_MS = 5000

/** Both started or, when either failed, the recorder closed and the first error thrown (serve stops the coordinator). */
async function bothStarted<C>(
  coordinator: C | Promise<C>,
  recorder: Promise<HistoryRecorder>,
): Promise<[C, HistoryRecorder]> {
  const [c, r] = await Promise.allSettled([coordinator, recorder])
  if (c.status === 'fulfilled' && r.status === 'fulfilled') return [c.value, r.value]
  if (r.status === 'fulfilled') await r.value.close()
  throw c.status === 'rejected' ? c.reason : (r as PromiseRejectedResult).reason
}

/** How long a stop waits for an alarm evaluation in flight (its read may wait on a routing process that is gone). */
const EVALUATION_STOP_MS = 1000
/** Routing changing hands for longer than this (no process takes the lease) is logged as an evaluation failure. */
const MOVING_QUIET_MS = 30_000

export async function createLiveService(options: LiveServiceOptions) {
  const { clock, log, kit } = options
  let settings: MonitorSettings = DEFAULT_MONITOR
  let evaluateMs = DEFAULT_EVALUATE_MS
  let ruleWindowMs = 0
  let workspace: DeployableWorkspace | undefined
  const longestWindowMs = () => Math.max(settings.windowMs, ruleWindowMs)
  /** The windows read (the monitor's, each rule's): a restart's read-back takes slots only past the shorter ones. */
  let readWindowsMs: number[] = [DEFAULT_MONITOR.windowMs]
  const window = new RecordWindow(kit, longestWindowMs, () => settings)
  // the sums start empty now: until the store's records of the window are read back (`seed`), or for good without a
  // store, a window reaching before now is partial (windowFrom), as after a reload changing T or S
  const startedAt = clock.now()
  window.countFrom(startedAt, 'started')
  // a memory store starts empty: nothing before the start to read back
  const readsBack = options.history !== undefined && options.history.store !== 'sqlite::memory:'
  // records finished before the start come from the store's read (seed), those after it live: none twice
  if (readsBack) window.readBackBefore(startedAt)
  let seeded = false
  /** Set once created below; records coming back before then have nobody to tell. */
  let live: LivePublisher | undefined
  /** Records back from the writer thread: in the window, and a monitor-live event to carry their entered figures. */
  const recordsIn = (records: Iterable<Parameters<RecordWindow['addLive']>[0]>) => {
    for (const record of records) window.addLive(record)
    live?.moved()
  }
  const groupsOf = (agent: string) => workspace?.directory.agents?.[agent]?.groups ?? []
  const startStore = async (history: HistoryOptions): Promise<HistoryRecorder> => {
    // serve checks the place before its coordinator starts; made here only for a caller that did not
    const place = options.spool ?? spoolFor(history, options.workspaceRoot)
    if (!options.spool) prepareSpool(place)
    const spoolFile = place.file
    // a dead-letter file that cannot be written is retried with every write: said once per outage, not per try
    const deadLetterOutage = createOutageLog(
      log,
      'the history dead-letter file cannot be written: refused records wait in memory and are tried again',
      'the history dead-letter file is written again',
    )
    // the writer tells each change of the store's answering once; the start's own line opens an outage found at start
    const storeOutage = createOutageLog(
      log,
      'the history store does not answer: records wait on disk until it does',
      'the history store answers again: the records that waited on disk are being written',
      { level: 'warn' },
    )
    // the redacted store the recorder describes (a URL may carry a password): set once it started
    let describe: string | undefined
    // records are built, serialised and written in the recorder's writer thread; the routing thread packs events
    const recorder = await kit.createHistoryRecorder({
      store: history.store,
      spoolFile,
      router: history.router ?? 'serve',
      groupsOf,
      onInteractions: recordsIn,
      onError: (error) => log('error', 'history writer thread failed', { error: error.message }),
      // a URL option the store's own replaces: a line of serve's log, not raw console output
      onWarning: (message) => log('warn', message),
      onDeadLetterFile: (state) =>
        state.failed
          ? deadLetterOutage.failed({ file: state.file, error: state.error })
          : deadLetterOutage.recovered({ file: state.file }),
      onStoreState: (state) =>
        state.up
          ? storeOutage.recovered({
              store: describe,
              downSeconds: Math.round(state.downMs / 100) / 10,
              waited: state.waited,
            })
          : storeOutage.failed({ store: describe, error: state.error, spool: state.spoolFile }),
      onRefused: (refusal) =>
        log(
          'warn',
          'the history store refused a record: set aside in the dead-letter file, the others written',
          {
            ...refusal,
            file: `${spoolFile}.refused`,
          },
        ),
    })
    const r = recorder
    options.registry.gauge(
      'routewright_history_pending',
      'History records not in the store yet (memory + disk)',
      () => [
        { labels: { where: 'memory' }, value: r.counters().queued },
        { labels: { where: 'disk' }, value: r.counters().spooled },
      ],
    )
    options.registry.gauge(
      'routewright_history_store_up',
      'Whether the history store answers: 0 before it first does and after a write it did not take (records wait on disk)',
      () => [{ value: r.counters().storeUp ? 1 : 0 }],
    )
    options.registry.gauge(
      'routewright_history_written_total',
      'History records written to the store',
      () => [{ value: r.counters().written }],
      'counter',
    )
    options.registry.gauge(
      'routewright_history_failures_total',
      'Writes that failed with the history store down (their records went to disk)',
      () => [{ value: r.counters().failures }],
      'counter',
    )
    options.registry.gauge(
      'routewright_history_refused_total',
      'History records the store refused while it answered (set aside in the dead-letter file, not retried)',
      () => [{ value: r.counters().refused }],
      'counter',
    )
    options.registry.gauge(
      'routewright_history_dead_letters',
      'Records in the history dead-letter file now, waiting for routewright history replay (down after a replay)',
      () => [{ value: r.counters().deadLetters }],
    )
    options.registry.gauge(
      'routewright_history_dropped_total',
      'History records lost because the disk spool was full',
      () => [{ value: r.counters().dropped }],
      'counter',
    )
    log('info', 'recording interaction history', { store: recorder.describe, spool: spoolFile })
    describe = recorder.describe
    const first = recorder.counters()
    if (!first.storeUp) storeOutage.failed({ store: describe, error: first.lastError, spool: spoolFile })
    return recorder
  }
  // without a store the records are still built, for the monitor's window only: in a writer thread, as with a
  // store, so the routing thread's heap and event loop carry none of the builder's state and work. Serve listens
  // without waiting for that thread's boot (~0.4 s, more under load): it opens nothing outside this process, and
  // what the feed sends first waits in its queue. A store's thread opens the store while the coordinator starts
  // (a Redis connect, the lease): neither waits for the other.
  const [coordinator, started] = await bothStarted(
    options.coordinator,
    options.history
      ? startStore(options.history)
      : kit.createHistoryRecorder({
          router: 'serve',
          groupsOf,
          onInteractions: recordsIn,
          onError: (error) => log('error', 'monitor records thread failed', { error: error.message }),
          awaitThread: false,
        }),
  )
  const recorder = options.history ? started : undefined
  const echo = options.history ? undefined : started
  const feed = createEventFeed({
    kit,
    coordinator,
    now: () => clock.now(),
    ...(options.history?.router ? { router: options.history.router } : {}),
    emit: (item) => window.add(item),
    ...(recorder ? { recorder } : {}),
    ...(recorder && options.recording ? { recording: options.recording } : {}),
    // every process keeps its own window: nothing is written, so the echo serves whether it routes or not
    ...(echo ? { recorder: echo } : {}),
    onTrace: (trace, event) => {
      window.trace(trace)
      options.onTrace?.(trace, event)
    },
    // read when the live figures are asked for (a monitor snapshot, a monitor-live event): the event moved them
    onProgress: (interaction, trace, ended) => window.progress(interaction, trace, ended),
    onError: (error) =>
      log('error', 'history record failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
  })

  /** Everything fed so far is in the window (the echo's figures come back from its thread before its flush ends). */
  const settled = async () => {
    await feed.idle()
    await echo?.flush()
  }

  // a rule on a target no strategy routes to is logged once, and again if a later reload brings it back
  let unrouted = new Set<string>()
  const sayUnrouted = (document: AlarmsDocument | undefined, next: DeployableWorkspace) => {
    const now = unroutedAlarmRules(document, next.strategies, next.directory)
    for (const { rule, queue, hint } of now)
      if (!unrouted.has(`${rule}/${queue}`))
        log('warn', 'alarm rule watches a target no strategy routes to: it cannot fire', {
          rule,
          queue,
          // validate's RW483 says the same (one implementation: alarm-routed.ts)
          fix: `name a group or queue that a strategy targets (the monitor counts a target as a strategy names it).${hint}`,
        })
    unrouted = new Set(now.map((r) => `${r.rule}/${r.queue}`))
  }

  const alarmLog = (level: 'warn' | 'error' | 'info', msg: string, alarm: AlarmView) =>
    log(level, msg, {
      alarm: alarm.id,
      severity: alarm.severity,
      value: alarm.value,
      threshold: alarm.threshold,
      message: alarm.message,
      // absent on a raise: the log key says why a clear happened (a recovery pages nobody, a gone queue may)
      ...(alarm.clearReason && { clearReason: alarm.clearReason }),
    })
  const engine: AlarmEngine = createAlarmEngine(kit, {
    raised(alarm) {
      alarmLog(alarm.severity === 'critical' ? 'error' : 'warn', 'alarm raised', alarm)
      options.publish({ type: 'alarm-raised', at: alarm.raisedAt, ...alarm })
    },
    cleared(alarm) {
      alarmLog('info', 'alarm cleared', alarm)
      options.publish({ type: 'alarm-cleared', at: alarm.clearedAt ?? clock.now(), ...alarm })
    },
  })

  const waitingByQueue = async () => waitsOf(await coordinator.waiting())

  live = createLivePublisher({
    clock,
    window,
    catchUp: () => feed.readProgress(),
    waits: waitingByQueue,
    entered: (now, waits) =>
      workspace
        ? liveEntered(
            window,
            settings,
            new Set(Object.keys(workspace.directory.groups ?? {})),
            now,
            waits.waiting,
          )
        : undefined,
    // monitor-live is this process's own picture for the Monitor view, several a second: not for webhooks
    publish: (event) => (options.stream ?? options.publish)(event),
    listened: () => options.listened?.() ?? true,
    stale: () => staleMark(coordinator),
    log,
  })
  // no event moves while Redis is away: its loss and return send one each, so a view marks its figures and unmarks them
  const stopReachability = coordinator.onReachability?.(() => live.moved())

  let timer: TimerHandle | undefined
  /**
   * Evaluations in the order their timers fired, each at the time it fired: one still waiting for the window (the
   * records come back from the recorder's thread) delays the next instead of swallowing it.
   */
  let evaluating: Promise<void> = Promise.resolve()
  let stopped = false
  // a Redis outage fails every evaluation until it is back: said once when it starts, once when it ends
  const evaluationOutage = createOutageLog(log, 'alarm evaluation failed', 'alarm evaluation recovered')
  /** Since when evaluations met routing changing hands, without one that succeeded since. */
  let movingSince: number | undefined
  const evaluate = (): Promise<void> => {
    const now = clock.now()
    evaluating = evaluating.then(async () => {
      try {
        await settled()
        const waiting = (await waitingByQueue()).byTarget
        // a read answered after the close (below) raises and clears nothing: the stop has gone on
        if (stopped) return
        engine.evaluate({
          now,
          window,
          waiting,
          monitorWindowMs: settings.windowMs,
          serviceLevelSeconds: settings.serviceLevelSeconds,
          shortAbandonSeconds: settings.shortAbandonSeconds,
        })
        evaluationOutage.recovered()
        movingSince = undefined
      } catch (error) {
        // routing changing hands (a takeover) is skipped quietly: the next evaluations read the new routing process
        if (error instanceof CoordinatorUnavailable && error.moving) {
          movingSince ??= now
          if (now - movingSince < MOVING_QUIET_MS) return
        }
        evaluationOutage.failed({ error: error instanceof Error ? error.message : String(error) })
      }
    })
    return evaluating
  }
  const schedule = () => {
    if (stopped) return
    timer = clock.setTimeout(() => {
      timer = undefined
      void evaluate()
      schedule()
    }, evaluateMs)
  }

  return {
    feed,
    /** Applies a checked alarms document (undefined: no file, no rules) with the workspace it goes with. */
    apply(document: AlarmsDocument | undefined, next: DeployableWorkspace): void {
      workspace = next
      feed.deployed(next)
      settings = {
        windowMs: document?.monitor?.window ?? DEFAULT_MONITOR.windowMs,
        serviceLevelSeconds:
          (document?.monitor?.serviceLevelThreshold ?? DEFAULT_MONITOR.serviceLevelSeconds * 1000) / 1000,
        shortAbandonSeconds:
          (document?.monitor?.shortAbandon ?? DEFAULT_MONITOR.shortAbandonSeconds * 1000) / 1000,
      }
      const rules = document?.rules ?? {}
      sayUnrouted(document, next)
      ruleWindowMs = Math.max(0, ...Object.values(rules).map((r) => r.window ?? 0))
      readWindowsMs = [settings.windowMs, ...Object.values(rules).map((r) => r.window ?? settings.windowMs)]
      window.expectWindows(readWindowsMs, clock.now())
      engine.setRules(rules, clock.now())
      const every = document?.evaluateEvery ?? DEFAULT_EVALUATE_MS
      if (every !== evaluateMs || timer === undefined) {
        evaluateMs = Math.max(100, every)
        if (timer !== undefined) clock.clearTimeout(timer)
        timer = undefined
        schedule()
      }
    },
    onEvent: (event: ServerEvent) => {
      window.note(event)
      feed.onEvent(event)
      live.moved()
    },
    submitting: (input: InteractionInput) => feed.submitting(input),
    submitDone: (id: string, view?: Parameters<typeof feed.submitDone>[1]) => feed.submitDone(id, view),
    agentEvent: (event: AgentStateCall) => feed.agentEvent(event),
    completed: (id: string, how?: CompleteHow) => feed.completed(id, how),
    resumed: (interactions: readonly ResumedHere[]) => feed.resumed(interactions),
    /**
     * Reads the longest window's records back from the store into the sums (once, after the first `apply`: the rules
     * say how long it is), within the store's `windowReadMs`; without a store the figures count since the start.
     */
    async seed(): Promise<void> {
      if (seeded || !readsBack || !options.history) return
      seeded = true
      const thresholds = window.fedThresholds()
      const result = await seedWindow({
        kit,
        store: options.history.store,
        router: options.history.router ?? 'serve',
        from: startedAt - longestWindowMs(),
        finishedBefore: startedAt,
        add: (record) => window.addLive(record),
        totals: {
          before: slotsBefore(startedAt, [...readWindowsMs, longestWindowMs()]),
          thresholds,
          add: (by, at, key, sums) => window.addTotals(by, at, key, thresholds, sums),
          ...window.summedBuckets(longestWindowMs()),
        },
        ...(options.history.windowReadMs === undefined ? {} : { budgetMs: options.history.windowReadMs }),
        log,
      })
      // nothing read (a store that failed or did not answer) is a start without the window, as without a store
      window.countFrom(result.countsFrom, result.countsFrom < startedAt ? 'read-cut' : 'started')
      // a read-back from slots alone moved the figures too
      if (result.records > 0 || (result.slots ?? 0) > 0) live.moved()
    },
    /** Evaluates the rules now (tests; the timer does it every `evaluateEvery`). */
    evaluate,
    async monitor(): Promise<MonitorSnapshot & { alarms: AlarmView[] }> {
      await evaluating
      await settled()
      await feed.readProgress()
      if (!workspace) throw new Error('no workspace deployed yet')
      const snapshot = await monitorSnapshot(
        kit,
        coordinator,
        window,
        workspace,
        settings,
        clock.now(),
        live.seq,
      )
      return { ...snapshot, alarms: engine.active() }
    },
    /** The alarms as of the evaluations whose time has come (one in progress is awaited). */
    async alarms() {
      await evaluating
      return { active: engine.active(), recent: engine.recent() }
    },
    /** For /healthz: the history writer's counters. */
    health(): Record<string, unknown> {
      return recorder ? { history: { store: recorder.describe, ...recorder.counters() } } : {}
    },
    /** Writes what is pending (tests, shutdown). */
    async flush(): Promise<void> {
      await settled()
      await recorder?.flush()
    },
    async close(): Promise<void> {
      stopped = true
      if (timer !== undefined) clock.clearTimeout(timer)
      stopReachability?.()
      await live.close()
      // an evaluation's read of the waiting callers can wait on a routing process that is gone (this one handed
      // routing over just before, and none took it): the stop does not wait on it past a second
      await raceWithin(evaluating, EVALUATION_STOP_MS)
      await feed.idle()
      await recorder?.close()
      // the echo's records fed this process's window only: a close waited for its thread's boot (0.4 s, seconds
      // under load) and a flush nobody reads
      if (echo?.discard) await echo.discard()
      else await echo?.close()
    },
  }
}

export type LiveService = Awaited<ReturnType<typeof createLiveService>>
