// The router's core: interactions, their frames and actors, events and traces. Node logic lives in the
// node-*.ts modules; target selection and virtual queues in target-node.ts and virtual-queue.ts.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { type AnyActorRef, createActor } from 'xstate'
import { AgentIndex } from './agents.ts'
import { scheduleStatus } from './calendar.ts'
import type { Clock, Random } from './clock.ts'
import { createSeededRandom } from './clock-random.ts'
import { type CompiledNode, type CompiledStrategy, compileNode } from './compile.ts'
import type { ExpressionHooks, ExpressionValues } from './expressions.ts'
import { buildMachine, END_OUTPUT } from './machine.ts'
import { onNodeTimer, runNode } from './node-run.ts'
import type { Frame, InteractionRun } from './run.ts'
import { checkReading, message, readStatistic, type StatResult, statKey } from './stat-reader.ts'
import { createMemoryStatProvider } from './stats/memory-provider.ts'
import type { StatEvent, StatFeed, StatProvider } from './stats/provider.ts'
import type { HostFunction, Outcome, RouterEvent, RouterLimits, RouterOptions, TraceEntry } from './types.ts'
import { initialVariables } from './values.ts'

export const DEFAULT_LIMITS: RouterLimits = {
  maxSteps: 1000,
  maxWaiting: 100_000,
  maxDepth: 8,
  reservationTimeoutMs: 15_000,
  functionTimeoutMs: 5_000,
  statTimeoutMs: 1_000,
  traceEntries: 500,
  keptFinished: 1_000,
  explainCandidates: 5,
}

type EventBody = RouterEvent extends infer E
  ? E extends RouterEvent
    ? Omit<E, 'interaction' | 'at'>
    : never
  : never

export class Engine {
  readonly clock: Clock
  readonly random: Random
  readonly limits: RouterLimits
  readonly directory: DirectoryDocument
  readonly stats: StatProvider & Partial<StatFeed>
  readonly functions: Record<string, HostFunction>
  readonly agents: AgentIndex
  readonly strategies = new Map<string, CompiledStrategy>()
  readonly documents = new Map<string, StrategyDocument>()
  readonly runs = new Map<string, InteractionRun>()
  /** Finished interactions kept for trace(), oldest first. */
  readonly finished = new Map<string, InteractionRun>()
  /** Interactions with an agent, until complete(). */
  readonly handled = new Map<string, InteractionRun>()
  readonly cursors = new Map<string, number>()
  waitingCount = 0
  waitSeq = 0
  reservationSeq = 0
  /** Set while the router feeds the provider, so its notifications of our own events are ignored. */
  feeding = false
  stopped = false
  private readonly onEvent: (event: RouterEvent) => void
  private readonly unsubscribe: () => void

  constructor(options: RouterOptions) {
    this.clock = options.clock
    this.random = options.random ?? createSeededRandom(1)
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.directory = options.directory
    this.stats =
      options.stats ?? createMemoryStatProvider({ clock: options.clock, directory: options.directory })
    this.functions = options.functions ?? {}
    this.onEvent = options.onEvent ?? (() => {})
    this.agents = new AgentIndex(options.directory, this.clock.now())
    const docs =
      options.strategies instanceof Map ? [...options.strategies.values()] : [...options.strategies]
    for (const doc of docs as StrategyDocument[]) this.documents.set(doc.strategy, doc)
    for (const doc of this.documents.values()) this.strategies.set(doc.strategy, this.compile(doc))
    this.unsubscribe = this.stats.subscribe((change) => {
      if (!this.feeding && change.kind === 'agent') this.applyProviderStatus(change.agent, change.status)
      if (change.kind === 'statistic') this.onStatisticChange()
    })
  }

  private compile(document: StrategyDocument): CompiledStrategy {
    const nodes = new Map<string, CompiledNode>()
    for (const [id, node] of Object.entries(document.nodes)) {
      nodes.set(id, compileNode(id, node, document, this.directory, this.limits.functionTimeoutMs))
    }
    const machine = buildMachine(document.strategy, document.start, nodes, {
      enter: (frame, node) => this.enter(frame, node),
    })
    return { id: document.strategy, document, nodes, machine }
  }

  // --- events, trace -------------------------------------------------------------------------------------

  emit(run: InteractionRun | string, body: EventBody): void {
    const event = {
      ...body,
      interaction: typeof run === 'string' ? run : run.id,
      at: this.clock.now(),
    } as RouterEvent
    try {
      this.onEvent(event)
    } catch {
      // a host listener that throws must not break routing of this or any other interaction
    }
  }

  trace(run: InteractionRun, entry: Omit<TraceEntry, 'at'>): void {
    if (run.trace.length < this.limits.traceEntries) run.trace.push({ at: this.clock.now(), ...entry })
  }

  feed(event: StatEvent): void {
    const feed = this.stats.record
    if (!feed) return
    this.feeding = true
    try {
      feed.call(this.stats, event)
    } catch {
      // a provider that cannot take an event keeps its own figures stale; routing goes on
    } finally {
      this.feeding = false
    }
  }

  // --- frames ---------------------------------------------------------------------------------------------

  startFrame(
    run: InteractionRun,
    strategy: CompiledStrategy,
    parent: Frame | undefined,
    caller?: CompiledNode,
    inputs?: Record<string, unknown>,
  ): Frame {
    const frame: Frame = {
      run,
      strategy,
      variables: initialVariables(strategy.document),
      out: undefined,
      node: undefined,
      token: 0,
      actor: undefined,
      parent,
      caller,
      returned: undefined,
      inputs,
      timers: [],
    }
    run.frames.push(frame)
    const actor = createActor(strategy.machine, { input: { frame }, clock: this.clock }) as AnyActorRef
    frame.actor = actor
    actor.subscribe({
      error: (error: unknown) =>
        this.fail(run, `The strategy machine stopped: ${message(error)}`, frame.node?.id),
    })
    // xstate resolves the initial state (and its eventless transitions) before start() runs the entry actions,
    // so an output the first node chose on entry is taken on an explicit OUT
    actor.start()
    if (frame.out !== undefined) actor.send({ type: 'OUT' })
    return frame
  }

  private enter(frame: Frame, node: CompiledNode): void {
    const run = frame.run
    this.clearTimers(frame)
    frame.out = undefined
    frame.node = node
    frame.token++
    frame.waitingFor = undefined
    if (run.finished) {
      frame.out = END_OUTPUT
      return
    }
    run.steps++
    if (frame.parent === undefined) run.path.push(node.id)
    this.trace(run, { strategy: frame.strategy.id, node: node.id, kind: 'enter', name: node.node.type })
    if (run.steps > this.limits.maxSteps) {
      this.fail(
        run,
        `Interaction exceeded the limit of ${this.limits.maxSteps} steps at node "${node.id}": the strategy loops without end; add a wait or an exit`,
        node.id,
      )
      return
    }
    frame.entering = true
    try {
      runNode(this, frame, node)
    } catch (error) {
      this.nodeError(frame, node, `Node failed: ${message(error)}`)
    } finally {
      frame.entering = false
    }
    if (node.delays.length > 0 && frame.node === node && frame.out === undefined && !run.finished) {
      const token = frame.token
      for (const delay of node.delays) {
        frame.timers.push(
          this.clock.setTimeout(() => {
            if (frame.token === token && !run.finished) onNodeTimer(this, frame, node, delay)
          }, delay),
        )
      }
    }
  }

  clearTimers(frame: Frame): void {
    for (const timer of frame.timers) this.clock.clearTimeout(timer)
    frame.timers.length = 0
  }

  /** Takes a node's output; an unconnected output takes the default route. */
  takeOutput(frame: Frame, node: CompiledNode, output: string): void {
    const run = frame.run
    if (run.finished || frame.node !== node) return
    const target = node.outputs.get(output)
    this.trace(run, { strategy: frame.strategy.id, node: node.id, kind: 'exit', name: output })
    if (target === undefined || !frame.strategy.nodes.has(target)) {
      const outcome: Outcome = output === 'timeout' ? 'timeout' : 'default-route'
      this.finish(run, outcome, {
        reason: `Output "${output}" of node "${node.id}" is not connected: ${outcome === 'timeout' ? 'the wait timed out' : 'default route'}`,
      })
      return
    }
    frame.out = output
    if (!frame.entering) frame.actor?.send({ type: 'OUT' })
  }

  /** A node could not do its job: its `error` output, else the default route; the reason goes in the trace. */
  nodeError(frame: Frame, node: CompiledNode, reason: string): void {
    const run = frame.run
    if (run.finished) return
    this.trace(run, { strategy: frame.strategy.id, node: node.id, kind: 'error', message: reason })
    if (node.outputs.has('error') && node.outputs.get('error') !== undefined) {
      this.takeOutput(frame, node, 'error')
      return
    }
    const parent = frame.parent
    if (parent && frame.caller && parent.waitingFor === 'subroutine') {
      // a failing subroutine hands the failure to its caller's subroutine node
      frame.out = END_OUTPUT
      if (!frame.entering) frame.actor?.send({ type: 'OUT' })
      run.frames = run.frames.filter((f) => f !== frame)
      parent.waitingFor = undefined
      this.nodeError(
        parent,
        frame.caller,
        `Subroutine "${frame.strategy.id}" failed at node "${node.id}": ${reason}`,
      )
      return
    }
    this.finish(run, 'default-route', { reason, node: node.id })
  }

  // --- ending ---------------------------------------------------------------------------------------------

  fail(run: InteractionRun, reason: string, node?: string): void {
    if (run.finished) return
    this.trace(run, { strategy: run.strategy, node: node ?? '', kind: 'error', message: reason })
    this.emit(run, node === undefined ? { type: 'failed', reason } : { type: 'failed', reason, node })
    this.finish(run, 'error', { reason })
  }

  finish(
    run: InteractionRun,
    outcome: Outcome,
    extra: { reason?: string; node?: string; destination?: string; values?: Record<string, unknown> } = {},
  ): void {
    if (run.finished) return
    run.finished = true
    run.outcome = outcome
    this.leaveQueue(run)
    run.treatmentFrame = undefined
    this.trace(run, {
      strategy: run.strategy,
      node: extra.node ?? currentNode(run),
      kind: 'finish',
      name: outcome,
      ...(extra.reason !== undefined ? { message: extra.reason } : {}),
      ...(extra.destination !== undefined ? { value: extra.destination } : {}),
    })
    for (const frame of run.frames) {
      this.clearTimers(frame)
      frame.out = END_OUTPUT
      // an actor busy with this node's entry ends through its END transition; an idle one is simply stopped
      if (!frame.entering) frame.actor?.stop()
    }
    run.destination = extra.destination
    run.values = extra.values
    this.emit(run, {
      type: 'finished',
      outcome,
      ...(extra.destination !== undefined ? { destination: extra.destination } : {}),
      ...(extra.values !== undefined ? { values: extra.values } : {}),
    })
    this.runs.delete(run.id)
    this.finished.set(run.id, run)
    // the agent is released after `finished` is out, so the host never sees it routed twice at once
    if (run.reservation) this.releaseReservation(run, false)
    if (this.finished.size > this.limits.keptFinished) {
      const oldest = this.finished.keys().next().value as string
      this.finished.delete(oldest)
    }
  }

  // virtual-queue hooks, installed by virtual-queue.ts so the engine does not import it (no cycle at load)
  leaveQueue: (run: InteractionRun) => void = () => {}
  releaseReservation: (run: InteractionRun, requeue: boolean) => void = () => {}
  applyProviderStatus: (agent: string, status: import('./stats/provider.ts').AgentStatus) => void = () => {}
  onStatisticChange: () => void = () => {}

  // --- expressions ----------------------------------------------------------------------------------------

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

  hooksFor(frame: Frame, node: CompiledNode, prefetched?: Map<string, StatResult>): ExpressionHooks {
    return {
      stat: (subject, statistic, window) => {
        const key = statKey(subject, statistic, window)
        const result = prefetched?.get(key) ?? readStatistic(this.stats, subject, statistic, window)
        if (result.ok === true) {
          this.trace(frame.run, {
            strategy: frame.strategy.id,
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

  /** Reads every statistic a node needs before it runs; calls back at once when all answered synchronously. */
  prefetch(frame: Frame, node: CompiledNode, done: (results: Map<string, StatResult>) => void): void {
    const results = new Map<string, StatResult>()
    const pending: Array<{ key: string; promise: PromiseLike<unknown> }> = []
    for (const ref of node.statRefs) {
      const key = statKey(ref.subject, ref.statistic, ref.window)
      if (results.has(key)) continue
      const result = readStatistic(this.stats, ref.subject, ref.statistic, ref.window)
      results.set(key, result)
      if (result.ok === 'pending') pending.push({ key, promise: result.promise })
    }
    if (pending.length === 0) {
      done(results)
      return
    }
    const token = frame.token
    frame.waitingFor = 'statistics'
    let left = pending.length
    let settled = false
    const finishOnce = () => {
      if (settled || frame.token !== token || frame.run.finished) return
      settled = true
      this.clock.clearTimeout(timer)
      frame.waitingFor = undefined
      for (const [key, r] of results) {
        if (r.ok === 'pending')
          results.set(key, {
            ok: false,
            error: `${key.split('|').join(' ')}: no answer within ${this.limits.statTimeoutMs} ms`,
          })
      }
      done(results)
    }
    const timer = this.clock.setTimeout(finishOnce, this.limits.statTimeoutMs)
    for (const { key, promise } of pending) {
      promise.then(
        (value) => {
          results.set(key, checkReading(value, `Statistic ${key.split('|').join(' ')}`))
          if (--left === 0) finishOnce()
        },
        (error: unknown) => {
          results.set(key, {
            ok: false,
            error: `Statistic ${key.split('|').join(' ')} failed: ${message(error)}`,
          })
          if (--left === 0) finishOnce()
        },
      )
    }
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe()
    for (const run of [...this.runs.values()]) this.finish(run, 'error', { reason: 'The router stopped' })
  }
}

function currentNode(run: InteractionRun): string {
  return run.frames[run.frames.length - 1]?.node?.id ?? ''
}
