// The router's core: interactions and their frames, advanced by the pure lifecycle transitions; events, traces,
// statistics for expressions. What a node does lives in nodes/<kind>.ts, reached through the EnginePort.
import {
  type DirectoryDocument,
  ExpressionBudgetError,
  MAX_ADDRESS_CHARS,
  type NameFix,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import type {
  HostFunction,
  Outcome,
  RouterEvent,
  RouterLimits,
  RouterOptions,
  TraceEntry,
} from '../api/types.ts'
import { behaviourOf } from '../nodes/index.ts'
import { subroutineReturned } from '../nodes/subroutine.ts'
import { releaseReservation, reservationTimedOut } from '../nodes/target-select.ts'
import { VirtualQueue } from '../queue/virtual-queue.ts'
import { AgentIndex } from '../selection/agent-index.ts'
import type { AgentRecord } from '../selection/agents.ts'
import { createMemoryStatProvider } from '../stats/memory-provider.ts'
import type { StatChange, StatEvent, StatFeed, StatProvider } from '../stats/provider.ts'
import { message, readStatistic, type StatResult } from '../stats/stat-reader.ts'
import { scheduleStatus } from '../time/calendar.ts'
import type { Clock, Random } from '../time/clock.ts'
import { createSeededRandom } from '../time/clock-random.ts'
import { append } from '../util/small-array.ts'
import { type CompiledNode, type CompiledStrategy, compileStrategies } from './compile.ts'
import { DelayLane, LaneEntry } from './delay-lanes.ts'
import type { ExpressionHooks, ExpressionValues } from './expressions.ts'
import { initialTransition, type Step, transition } from './lifecycle.ts'
import { LiveIds } from './live-ids.ts'
import type { EnginePort, EventBody, FinishExtra, NodeBehaviour } from './port.ts'
import { prefetchStatistics } from './prefetch.ts'
import { currentNodeId, type Frame, type FrameTimer, type InteractionRun } from './run.ts'
import { createRunRecorder, type RunRecorder } from './run-record.ts'
import { Spares } from './spares.ts'
import { appendTrace, exitRecord, traceLength } from './trace-log.ts'
import { initialVariables } from './values.ts'

/** Finished runs held before reuse when none are kept for trace(). */
const RECYCLE_AFTER = 64

/** The extras of a finish that has none (no object made per finished interaction). */
const NO_EXTRA: FinishExtra = Object.freeze({})

/** The statistics of a node that reads none. */
const NO_STATS: Map<string, StatResult> = new Map()

export const DEFAULT_LIMITS: RouterLimits = {
  maxSteps: 1000,
  maxWaiting: 100_000,
  maxDepth: 8,
  reservationTimeoutMs: 15_000,
  functionTimeoutMs: 5_000,
  statTimeoutMs: 1_000,
  maxDataChars: 65_536,
  maxDataEntries: 10_000,
  maxDataDepth: 8,
  maxIdChars: 256,
  // the DSL's, so a test file, run --interaction and the designer take the addresses the router takes
  maxAddressChars: MAX_ADDRESS_CHARS,
  traceEntries: 500,
  keptFinished: 1_000,
  explainCandidates: 5,
  explainSummary: false,
  reasonText: true,
  reservationIds: true,
}

/** The limits with the defaults under those given; a limit given as undefined keeps its default. */
export function withDefaultLimits(limits: Partial<RouterLimits> | undefined): RouterLimits {
  const all: RouterLimits = { ...DEFAULT_LIMITS }
  for (const [name, value] of Object.entries(limits ?? {}))
    if (value !== undefined) (all as unknown as Record<string, unknown>)[name] = value
  return all
}

export class Engine implements EnginePort {
  readonly clock: Clock
  readonly random: Random
  readonly limits: RouterLimits
  readonly directory: DirectoryDocument
  readonly stats: StatProvider & Partial<StatFeed>
  readonly functions: Record<string, HostFunction>
  readonly agents: AgentIndex
  readonly queue: VirtualQueue
  readonly strategies = new Map<string, CompiledStrategy>()
  /** Every id in progress here; `runs` and `handled` are its two views. */
  readonly live = new LiveIds()
  readonly runs = this.live.runs
  /** Finished interactions kept for trace(), oldest first. */
  readonly finished = new Map<string, InteractionRun>()
  /** The last `keptFinished` finished runs in order of finishing, `finishedAt` the next slot to overwrite. */
  private readonly finishedRing: Array<InteractionRun | undefined> = []
  private finishedAt = 0
  /** Runs, frames and waits of finished interactions that left the ring, for new interactions to reuse. */
  readonly spares = new Spares()
  readonly handled = this.live.handled
  readonly cursors = new Map<string, number>()
  /** Set while the router feeds the provider, so its notifications of our own events are ignored. */
  feeding = false
  /** The provider's last `record` threw: told once, until one goes through again. */
  private feedFailing = false
  /** The router's listener on the provider (provider-sync.ts): fed events name it, so it is not told of them. */
  feedListener: ((change: StatChange) => void) | undefined = undefined
  /** The provider takes the router's events (it has `record`): only then are they built. */
  readonly feeds: boolean
  private reservationSeq = 0
  /** Written into every reservation id, so routers that replace one another (a takeover) never repeat one. */
  private readonly reservationTag: string
  /** Refs on the statistics feed (StatEventRef): the next never given, and those given back. */
  private nextFeedRef = 0
  private readonly freeFeedRefs: number[] = []
  /**
   * Delay lanes by length, shared by every node with a delay of that length (a frame is at one node per token):
   * one lane per node kept a lane, its spare records and ring cold for each of 500 strategies' arrivals.
   */
  private readonly lanes = new Map<number, DelayLane<Frame>>()
  /** The lane armed last and its delay: most routers arm one delay length (the wait) on nearly every arrival. */
  private lastLane: DelayLane<Frame> | undefined = undefined
  private lastLaneDelay = -1
  /** Reservation timeouts: all of one length, so they fall due in the order they were armed. */
  readonly reservationLane: DelayLane<InteractionRun>
  /** The run reserved last, while it is live: the host's confirmation usually follows at once. */
  lastReserved: InteractionRun | undefined = undefined
  private readonly onEvent: (event: RouterEvent) => void
  private readonly onProblem: ((problem: string) => void) | undefined
  /** Writes each run's compact record (RouterOptions.record), when the host asked for it. */
  private readonly recorder: RunRecorder | undefined

  /** `compiled`: the strategies compiled already (by a host that read them first, as simulate() does). */
  constructor(options: RouterOptions, compiled?: ReadonlyMap<string, CompiledStrategy>) {
    this.clock = options.clock
    this.random = options.random ?? createSeededRandom(1)
    this.limits = withDefaultLimits(options.limits)
    this.reservationTag = checkedReservationTag(options.reservationTag)
    this.directory = options.directory
    this.stats =
      options.stats ?? createMemoryStatProvider({ clock: options.clock, directory: options.directory })
    this.feeds = typeof this.stats.record === 'function'
    this.functions = options.functions ?? {}
    this.onEvent = options.onEvent ?? (() => {})
    this.onProblem = options.onProblem
    this.recorder = options.record ? createRunRecorder(options.record, this.report) : undefined
    this.agents = new AgentIndex(options.directory, this.clock.now(), this.agentStat)
    // reservations are mostly confirmed at once: the lane keeps its clock timer between them (released by stop)
    this.reservationLane = new DelayLane(this.clock, (run, seq) => reservationTimedOut(this, run, seq), true)
    this.queue = new VirtualQueue({
      now: () => this.clock.now(),
      feeds: this.feeds,
      feed: (event) => this.feed(event),
      feedRef: (run) => this.feedRef(run),
    })
    const strategies =
      compiled ??
      compileStrategies(
        options.strategies as readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>,
        this.directory,
        this.limits.functionTimeoutMs,
      )
    for (const [name, strategy] of strategies) this.strategies.set(name, strategy)
  }

  nextReservationSeq(): number {
    return ++this.reservationSeq
  }

  reservationId(run: InteractionRun, seq: number): string {
    return `${run.id}#${this.reservationTag}${seq}`
  }

  // --- events, trace -------------------------------------------------------------------------------------

  /**
   * A problem outside any one interaction (a provider's bad status, a run record writer that failed): the host's
   * `onProblem`, else an error event. Bound, so it is handed on as is.
   */
  readonly report = (problem: string, agent?: string): void => {
    const onProblem = this.onProblem
    if (onProblem) {
      try {
        onProblem(problem)
      } catch {
        // a host hook that throws must not stop the router
      }
    } else this.emit('', { type: 'error', reason: problem, ...(agent !== undefined ? { agent } : {}) })
  }

  emit(run: InteractionRun | string, body: EventBody): void {
    // every body is a fresh literal at its call site: completing it in place saves a copy per event
    const event = body as RouterEvent
    event.interaction = typeof run === 'string' ? run : run.id
    event.at = this.clock.now()
    try {
      // the run's record first: whatever the host does on hearing the event comes after it
      if (this.recorder !== undefined && typeof run !== 'string') this.recorder.event(run, event)
      this.onEvent(event)
    } catch {
      // a host listener that throws must not break routing of this or any other interaction
    }
  }

  /** The run keeps one more trace entry (the limit is not reached): build an entry only then. */
  traces(run: InteractionRun): boolean {
    return traceLength(run.trace) < this.limits.traceEntries
  }

  trace(run: InteractionRun, entry: Omit<TraceEntry, 'at'>): void {
    // the caller's fresh literal is kept as is (a copy with `at` would put its fields out of the object); the
    // time goes in a list of numbers beside it, and trace(id) joins them when a host asks
    if (traceLength(run.trace) < this.limits.traceEntries)
      run.trace = appendTrace(run.trace, this.clock.now() - run.startedAt, entry)
    // an exit traced by a node (a route to another strategy) is the run's record too
    if (this.recorder !== undefined && entry.kind === 'exit' && entry.name !== undefined)
      this.recorder.left(run, entry.strategy, entry.node, entry.name)
  }

  feed(event: StatEvent): void {
    const feed = this.stats.record
    if (!feed) return
    this.feeding = true
    try {
      feed.call(this.stats, event, this.feedListener)
      this.feedFailing = false
    } catch (error) {
      // a provider that cannot take an event keeps its own figures stale; routing goes on, and the host hears of
      // it once per run of failures, not once per event
      if (!this.feedFailing) {
        this.feedFailing = true
        this.report(
          `Statistics provider "${this.stats.name ?? 'unnamed'}" failed to record a ${event.type} event, so its figures may be stale (told again only after it records one): ${message(error)}`,
        )
      }
    } finally {
      this.feeding = false
    }
  }

  feedRef(run: InteractionRun): number {
    if (run.feedRef < 0) run.feedRef = this.freeFeedRefs.pop() ?? this.nextFeedRef++
    return run.feedRef
  }

  releaseFeedRef(ref: number): void {
    if (ref >= 0) this.freeFeedRefs.push(ref)
  }

  // --- frames ---------------------------------------------------------------------------------------------

  startFrame(
    run: InteractionRun,
    strategy: CompiledStrategy,
    parent?: Frame,
    caller?: CompiledNode,
    inputs?: Record<string, unknown>,
  ): void {
    const frame = this.newFrame(run, strategy, parent, caller?.id, inputs)
    // the usual run has one frame: its list is the frame's own (lists are never changed in place, see append)
    if (run.frames.length > 0) run.frames = append(run.frames, frame)
    else {
      frame.solo ??= [frame]
      run.frames = frame.solo
    }
    const first =
      run.steps === 0 && this.limits.maxSteps >= 1
        ? strategy.firstStep
        : initialTransition(strategy, run.steps, this.limits.maxSteps)
    this.follow(frame, first)
  }

  newFrame(
    run: InteractionRun,
    strategy: CompiledStrategy,
    parent: Frame | undefined,
    caller: string | undefined,
    inputs: Record<string, unknown> | undefined,
  ): Frame {
    const spare = this.spares.takeFrame()
    if (spare === undefined)
      return {
        strategy: strategy.id,
        node: undefined,
        variables: initialVariables(strategy.document),
        inputs,
        caller,
        waitingFor: undefined,
        enteredAt: this.clock.now(),
        run,
        compiled: strategy,
        current: undefined,
        parent,
        token: 0,
        timers: undefined,
        entering: false,
        next: undefined,
        returned: undefined,
        ended: false,
        solo: undefined,
      }
    // every field written again; the token only grows, so a late answer for its last use stays stale
    const frame = spare
    frame.strategy = strategy.id
    frame.node = undefined
    frame.variables = initialVariables(strategy.document)
    frame.inputs = inputs
    frame.caller = caller
    frame.waitingFor = undefined
    frame.enteredAt = this.clock.now()
    frame.run = run
    frame.compiled = strategy
    frame.current = undefined
    frame.parent = parent
    frame.token++
    frame.timers = undefined
    frame.entering = false
    frame.next = undefined
    frame.returned = undefined
    frame.ended = false
    // frame.solo stays: it lists this record alone, whoever it serves
    return frame
  }

  /** Runs what a lifecycle step says; consecutive instant nodes loop here instead of recursing. */
  private follow(frame: Frame, first: Step): void {
    let step: Step | undefined = first
    while (step !== undefined) {
      const run = frame.run
      if (run.finished || frame.ended) return
      if (step.type === 'unconnected') {
        this.finish(run, step.outcome, { reason: step.reason })
        return
      }
      if (step.type === 'over-limit') {
        this.fail(run, step.reason, step.node)
        return
      }
      run.steps = step.position.steps
      frame.next = undefined
      this.enter(frame, step.position.node!)
      const output = frame.next as string | undefined
      frame.next = undefined
      step =
        output !== undefined && !run.finished && !frame.ended
          ? transition(frame.compiled, { node: frame.node, steps: run.steps }, output, this.limits.maxSteps)
          : undefined
    }
  }

  private enter(frame: Frame, id: string): void {
    const run = frame.run
    const node = frame.compiled.nodes.get(id)!
    this.clearTimers(frame)
    frame.node = id
    frame.current = node
    frame.enteredAt = this.clock.now()
    frame.token++
    frame.waitingFor = undefined
    if (frame.parent === undefined)
      run.path = run.path.length === 0 ? (node.firstPath as string[]) : append(run.path, id)
    // the node is its own record of the entry (its strategy, id and kind): no entry object per node entered
    if (traceLength(run.trace) < this.limits.traceEntries)
      run.trace = appendTrace(run.trace, this.clock.now() - run.startedAt, node)
    if (this.recorder !== undefined) this.recorder.entered(run, node, this.clock.now())
    frame.entering = true
    try {
      const firstError = node.firstError
      if (firstError !== undefined)
        this.nodeError(frame, node, `Expression at ${firstError[0]} does not compile: ${firstError[1]}`)
      else if (node.statRefs.length === 0) this.runNode(frame, node, NO_STATS)
      else prefetchStatistics(this, frame, node, (stats) => this.runNode(frame, node, stats))
    } finally {
      frame.entering = false
    }
    // a node without delays (most targets) arms nothing: no call, and no boxed entry time passed to one
    if (
      node.delays.length > 0 &&
      frame.current === node &&
      frame.next === undefined &&
      !run.finished &&
      !frame.ended
    )
      this.armTimers(frame, node, frame.enteredAt)
  }

  /** Runs the node's behaviour with its statistics read; a throw takes the node's error path. */
  private runNode(frame: Frame, node: CompiledNode, stats: Map<string, StatResult>): void {
    try {
      behaviourOf(node.node).run(this, frame, node as never, stats)
    } catch (error) {
      this.nodeError(frame, node, message(error), budgetDetail(error))
    }
  }

  /** Schedules the node's delays still to come, counted from `from` (its entry, or the original entry when resumed). */
  armTimers(frame: Frame, node: CompiledNode, from: number, after = Number.NEGATIVE_INFINITY): void {
    const behaviour = behaviourOf(node.node)
    if (!behaviour.onTimer) return
    const delays = node.delays
    for (let i = 0; i < delays.length; i++) {
      const delay = delays[i]!
      if (from + delay <= after) continue
      // one lane per delay length: its entries fall due in the order they were armed
      const entry = this.laneOf(delay).add(frame, frame.token, from + delay)
      const timer =
        entry ??
        this.clock.setTimeout(nodeTimer(this, frame, node, behaviour, delay), from + delay - this.clock.now())
      const held = frame.timers
      frame.timers = held === undefined ? timer : Array.isArray(held) ? append(held, timer) : [held, timer]
    }
  }

  private laneOf(delay: number): DelayLane<Frame> {
    if (delay === this.lastLaneDelay) return this.lastLane!
    let lane = this.lanes.get(delay)
    if (!lane) {
      // the clock timer is kept while the lane is empty (released by stop): an interaction routed at once empties
      // the lane it armed its wait on, and set and cleared a clock timer for it (with a real clock a Node timer and
      // a map entry each)
      lane = new DelayLane(
        this.clock,
        (frame, token) => {
          // the token moves on with every node entered: equal, the frame is still at the node that armed it
          const node = frame.current
          if (frame.token !== token || node === undefined || frame.run.finished || frame.ended) return
          behaviourOf(node.node).onTimer?.(this, frame, node as never, delay)
        },
        true,
      )
      this.lanes.set(delay, lane)
    }
    this.lastLane = lane
    this.lastLaneDelay = delay
    return lane
  }

  /** Clears the clock timers the delay lanes keep with nothing to wait for (a stopping router, no run left). */
  releaseLaneTimers(): void {
    this.reservationLane.releaseTimer()
    for (const lane of this.lanes.values()) lane.releaseTimer()
  }

  clearTimers(frame: Frame): void {
    const held = frame.timers
    if (held === undefined) return
    frame.timers = undefined
    if (Array.isArray(held)) for (const timer of held) this.clearTimer(timer)
    else this.clearTimer(held)
  }

  private clearTimer(timer: FrameTimer): void {
    if (timer instanceof LaneEntry) timer.lane.cancel(timer)
    else this.clock.clearTimeout(timer)
  }

  /** Takes a node's output; an unconnected output takes the default route. */
  takeOutput(frame: Frame, node: CompiledNode, output: string): void {
    const run = frame.run
    if (run.finished || frame.ended || frame.current !== node) return
    // trace() writes the record's exit too; with no trace kept, the record alone (no entry built)
    if (this.traces(run)) this.trace(run, exitRecord(frame.strategy, node, output))
    else if (this.recorder !== undefined) this.recorder.left(run, frame.strategy, node.id, output)
    if (frame.entering) {
      frame.next = output
      return
    }
    this.clearTimers(frame)
    this.follow(
      frame,
      transition(frame.compiled, { node: frame.node, steps: run.steps }, output, this.limits.maxSteps),
    )
  }

  /** A node could not do its job: its `error` output, else the default route; the reason goes in the trace. */
  nodeError(frame: Frame, node: CompiledNode, reason: string, detail?: unknown, fix?: NameFix): void {
    const run = frame.run
    if (run.finished) return
    this.trace(run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'error',
      message: reason,
      ...(detail !== undefined ? { value: detail } : {}),
      ...(fix !== undefined ? { fix } : {}),
    })
    if (node.outputs.get('error') !== undefined) {
      this.takeOutput(frame, node, 'error')
      return
    }
    const parent = frame.parent
    if (parent?.current && frame.caller !== undefined && parent.waitingFor === 'subroutine') {
      // a failing subroutine hands the failure to its caller's subroutine node
      this.dropFrame(frame)
      parent.waitingFor = undefined
      this.nodeError(
        parent,
        parent.current,
        `Subroutine "${frame.strategy}" failed at node "${node.id}": ${reason}`,
      )
      return
    }
    this.finish(run, 'default-route', { reason, node: node.id })
  }

  endFrame(frame: Frame): void {
    this.dropFrame(frame)
    subroutineReturned(this, frame)
  }

  private dropFrame(frame: Frame): void {
    frame.ended = true
    this.clearTimers(frame)
    frame.run.frames = frame.run.frames.filter((f) => f !== frame)
  }

  // --- ending ---------------------------------------------------------------------------------------------

  fail(run: InteractionRun, reason: string, node?: string): void {
    if (run.finished) return
    this.trace(run, { strategy: run.strategy, node: node ?? '', kind: 'error', message: reason })
    this.emit(run, node === undefined ? { type: 'failed', reason } : { type: 'failed', reason, node })
    this.finish(run, 'error', { reason })
  }

  finish(run: InteractionRun, outcome: Outcome, extra: FinishExtra = NO_EXTRA): void {
    if (run.finished) return
    run.finished = true
    run.outcome = outcome
    if (this.lastReserved === run) this.lastReserved = undefined
    if (run.wait) {
      this.queue.leave(run, run.wait)
      run.wait.treatmentsActive = false
    }
    if (this.traces(run)) {
      const entry: Omit<TraceEntry, 'at'> = {
        strategy: run.strategy,
        node: extra.node ?? currentNodeId(run),
        kind: 'finish',
        name: outcome,
      }
      if (extra.reason !== undefined) entry.message = extra.reason
      if (extra.destination !== undefined) entry.value = extra.destination
      this.trace(run, entry)
    }
    for (const frame of run.frames) {
      this.clearTimers(frame)
      frame.ended = true
    }
    run.destination = extra.destination
    run.values = extra.values
    if (
      extra.destination === undefined &&
      extra.values === undefined &&
      extra.answeredAt === undefined &&
      extra.abandonReason === undefined
    ) {
      // the usual event whole in one literal, in emit's key order (no property store added to it afterwards)
      const event: RouterEvent = { type: 'finished', outcome, interaction: run.id, at: this.clock.now() }
      this.emit(run, event)
    } else {
      const event: EventBody & { type: 'finished' } = { type: 'finished', outcome }
      if (extra.destination !== undefined) event.destination = extra.destination
      if (extra.values !== undefined) event.values = extra.values
      if (extra.answeredAt !== undefined) event.answeredAt = extra.answeredAt
      if (extra.abandonReason !== undefined) event.abandonReason = extra.abandonReason
      if (extra.note !== undefined) event.note = extra.note
      this.emit(run, event)
    }
    this.runs.finished(run)
    // routed, its ref went to its handling; else the feed hears no more of it from this router
    this.releaseFeedRef(run.feedRef)
    run.feedRef = -1
    this.keepFinished(run)
    // the agent is released after `finished` is out, so the host never sees it routed twice at once
    if (run.reservation) releaseReservation(this, run, 'leaving')
  }

  keepFinished(run: InteractionRun): void {
    const keep = this.limits.keptFinished
    if (keep > 0) this.finished.set(run.id, run)
    // the oldest leave in order through a ring (a Map used as a queue walks its deleted entries on every look-up
    // of its first key); an entry whose id finished again since, or was submitted again, is no longer its own.
    // Keeping none, the ring still delays reuse by RECYCLE_AFTER finishes: a caller up the stack may read the run.
    const size = keep > 0 ? keep : RECYCLE_AFTER
    const at = this.finishedAt
    const old = this.finishedRing[at]
    if (old !== undefined) {
      if (this.finished.get(old.id) === old) this.finished.delete(old.id)
      // nothing refers to it now: its records are reused by the next interactions
      this.spares.recycle(old)
    }
    this.finishedRing[at] = run
    this.finishedAt = at + 1 >= size ? 0 : at + 1
  }

  // --- expressions and statistics -------------------------------------------------------------------------

  valuesOf(frame: Frame): ExpressionValues {
    const run = frame.run
    return {
      data: frame.inputs ? { ...run.data, ...frame.inputs } : run.data,
      variables: frame.variables,
      interaction: {
        ani: run.ani,
        dnis: run.dnis,
        media: run.media,
        priority: run.priority,
        waited: (this.clock.now() - run.startedAt) / 1000,
      },
    }
  }

  evaluate(frame: Frame, node: CompiledNode, key: string, stats?: Map<string, StatResult>): unknown {
    const expr = node.expressions.get(key)
    if (!expr) throw new Error(`No expression at ${key}`)
    try {
      return expr.evaluate(this.valuesOf(frame), this.hooksFor(frame, node, stats))
    } catch (error) {
      // over budget: the DSL's message already names the expression and the limit
      if (error instanceof ExpressionBudgetError) throw error
      throw new Error(`Expression "${expr.source}" failed: ${message(error)}`, { cause: error })
    }
  }

  hooksFor(frame: Frame, node: CompiledNode, prefetched?: Map<string, StatResult>): ExpressionHooks {
    return {
      stat: (subject, statistic, window) => {
        const key = `${subject}|${statistic}|${window}`
        const result = prefetched?.get(key) ?? readStatistic(this.stats, subject, statistic, window)
        if (result.ok === true) {
          this.trace(frame.run, {
            strategy: frame.strategy,
            node: node.id,
            kind: 'stat',
            name: `${statistic} of ${subject} (${window})`,
            value: result.reading.value,
            asOf: result.reading.asOf,
            provider: this.stats.name,
            ...(result.reading.stale ? { stale: true } : {}),
          })
          return result.reading.value
        }
        throw new Error(
          result.ok === false ? result.error : `${statistic} of ${subject} did not answer in time`,
        )
      },
      inHours: (name) => {
        const calendar = this.directory.calendars?.[name]
        if (!calendar) throw new Error(`Calendar "${name}" is not in directory "${this.directory.directory}"`)
        return scheduleStatus(calendar, this.clock.now()) === 'open'
      },
      now: () => this.clock.now(),
    }
  }

  /** Bound once (selection takes it as a callback on every decision). */
  readonly agentStat = (agent: AgentRecord, statistic: string): number | undefined => {
    const r = readStatistic(this.stats, `agent:${agent.id}`, statistic, 'current')
    return r.ok === true ? r.reading.value : undefined
  }
}

/**
 * The callback of one node delay: a function of its own so the closure holds one small context (every waiting
 * interaction keeps one alive) and not the scopes of armTimers and its loop. Stale once the frame left the node.
 */
function nodeTimer(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  behaviour: NodeBehaviour<never>,
  delay: number,
): () => void {
  const token = frame.token
  return () => {
    if (frame.token !== token || frame.run.finished || frame.ended) return
    behaviour.onTimer!(engine, frame, node as never, delay)
  }
}

/** What an evaluation over its budget spent (the budget's own counters), for the trace. */
function budgetDetail(
  error: unknown,
): { limit: string; usage: { steps: number; produced: number } } | undefined {
  if (!(error instanceof ExpressionBudgetError)) return undefined
  return { limit: error.limit, usage: { steps: error.usage.steps, produced: error.usage.produced } }
}

/** The `reservationTag` option: short printable text without `#` (ids stay `<interaction>#<tag><seq>`). */
function checkedReservationTag(tag: unknown): string {
  if (tag === undefined) return ''
  if (typeof tag !== 'string' || tag.length > 64 || !/^[\x21-\x7e]*$/.test(tag) || tag.includes('#'))
    throw new TypeError(
      `createRouter: reservationTag must be at most 64 printable characters without "#" or spaces (got ${JSON.stringify(String(tag).slice(0, 80))})`,
    )
  return tag
}
