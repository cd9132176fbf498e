// A discrete-event simulation that drives the real router on a simulated clock: Poisson arrivals, exponential
// handle times and patience, agents who finish and take the next call. Same seed, same result.
import { codeUnitOrder, treatmentLengthMs } from '@routewright/strategy-dsl'
import { checkRouterDocuments } from '../api/check-options.ts'
import { buildRouter } from '../api/router.ts'
import { submitAlike } from '../api/submit-alike.ts'
import type {
  AbandonHow,
  InteractionInput,
  RouterEvent,
  RouterLimits,
  TreatmentResult,
} from '../api/types.ts'
import { compileStrategies } from '../engine/compile.ts'
import { DEFAULT_LIMITS } from '../engine/engine.ts'
import { type TraceAccess, visitTrace } from '../engine/trace-log.ts'
import { toStatSubject } from '../stats/memory-names.ts'
import { stubFunctions } from '../testing/function-stubs.ts'
import { createSeededRandom } from '../time/clock-random.ts'
import { createSteppedClock } from '../time/clock-simulated.ts'
import { agentTally } from './agent-figures.ts'
import { type ArrivalProfile, constantArrivals, type NextArrival, profiledArrivals } from './arrival-rate.ts'
import { createIntervalSeries, type SimulationInterval } from './interval-series.ts'
import { ARRIVE, Call, CallPool, HANDLED, HANG_UP, PROGRESS, Tick } from './sim-calls.ts'
import { Timeline } from './sim-events.ts'
import { simulationStats, strategiesReadStatistics } from './sim-stats.ts'
import {
  checkOptions,
  DEFAULT_SIMULATION_START,
  type SimulationOptions,
  type SimulationResult,
} from './simulate-options.ts'
import { checkTraffic } from './traffic-check.ts'

export { DEFAULT_SIMULATION_START, SIMULATION_LIMITS } from './simulate-options.ts'
export type { ArrivalProfile, SimulationInterval, SimulationOptions, SimulationResult }

function exponential(random: { next(): number }, mean: number): number {
  return -mean * Math.log(1 - random.next())
}

/** An emptied slot of the confirmation list (it holds no caller between two events). */
const NO_CALL = new Call()
const CALLER_HUNG_UP: AbandonHow = { reason: 'caller-hangup' }
/** What a simulated caller gives a collect: no key pressed. */
const NO_DIGITS: TreatmentResult = Object.freeze({ digits: '' })
const NO_RESULT: TreatmentResult = Object.freeze({})

/**
 * Runs the strategy under load and measures what callers and agents experience. Statistics are computed only when
 * a strategy or `subject` reads them (see `strategiesReadStatistics`).
 * @example simulate({ strategy: 'pool', strategies, directory, arrivalsPerHour: 160, ahtSeconds: 180, durationHours: 50 })
 */
export function simulate(options: SimulationOptions): SimulationResult {
  const steps = simulationSteps(options)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Events and router timers run between two steps of `simulationSteps`: a tenth of a second or so of a day's run. */
export const SIMULATION_STEP_EVENTS = 10_000

/**
 * `simulate` in steps: yields the simulated time reached after every `stepEvents` events and timers, and returns the
 * result once the day is run. A host that waits between steps (for its event loop: a Ctrl-C, a request) may stop
 * there; the steps cut the same run at other places, so the figures are `simulate`'s to the last digit.
 * @example for (let s = steps.next(); !s.done; s = steps.next()) await new Promise(setImmediate)
 */
export function* simulationSteps(
  options: SimulationOptions,
  stepEvents = SIMULATION_STEP_EVENTS,
): Generator<number, SimulationResult, void> {
  checkOptions(options)
  const warnings = checkTraffic(options)
  const start = options.startAt ?? DEFAULT_SIMULATION_START
  const warmupEnd = start + (options.warmupHours ?? 1) * 3_600_000
  const end = start + options.durationHours * 3_600_000
  const slMs = (options.serviceLevelSeconds ?? 20) * 1000
  const ahtMs = options.ahtSeconds * 1000
  const patienceMs = options.patienceSeconds === undefined ? undefined : options.patienceSeconds * 1000
  const seeded = createSeededRandom(options.seed ?? 1)
  const arrivals = seeded.fork(1)
  const handling = seeded.fork(2)
  const patience = seeded.fork(3)
  const clock = createSteppedClock(start)
  /**
   * Callers the router still routes after their arrival returned (waiting, in a treatment, ...), by id: the
   * router's later events about them name them by id. Most callers are reserved during their own arrival and
   * never enter it; the call being submitted or confirmed is `current` (no look-up by id).
   */
  const waiting = new Map<string, Call>()
  let current: Call | undefined
  const find = (id: string): Call | undefined =>
    current !== undefined && current.id === id ? current : waiting.get(id)
  const series = createIntervalSeries(start, end, (options.intervalMinutes ?? 60) * 60_000)
  const nodeEntries = options.countNodes ? new Map<string, number>() : undefined
  const nextArrival: NextArrival = options.arrivalProfile
    ? profiledArrivals(options.arrivalProfile, start)
    : constantArrivals(options.arrivalsPerHour ?? 0)
  const problems: string[] = []
  // createRouter's checks, then each strategy compiled once: read here for statistics, then given to the router
  const strategies = checkRouterDocuments(options.strategies, options.directory)
  const compiled = compileStrategies(strategies, options.directory, DEFAULT_LIMITS.functionTimeoutMs)
  // statistics are computed only for someone who reads them: a quarter of a plain day's time otherwise
  const stats = simulationStats(
    clock,
    options.directory,
    options.subject !== undefined || strategiesReadStatistics(compiled.values()),
    (what) => {
      if (problems.length < 5) problems.push(what)
    },
  )
  const m = {
    offered: 0,
    answered: 0,
    abandoned: 0,
    /** Of the abandoned, those that had waited in a queue: the report's service level counts no other. */
    abandonedQueued: 0,
    other: 0,
    withinSl: 0,
    waited: 0,
    waitMs: 0,
    handleMs: 0,
    handled: 0,
  }
  /** Of `other`, how each ended: `route <destination>`, or the outcome (`default-route`, `reject`, ...). */
  const otherBy = new Map<string, number>()
  // the measured busy time is the integral of busy agents over [warmupEnd, end]; its figures are fields of one
  // object (a double in a closure's variable is a new heap number on every write, twice per call)
  const agentIds = options.agents ?? Object.keys(options.directory.agents ?? {})
  const byAgent = options.countAgents ? agentTally(agentIds) : undefined
  const busyTime = { busy: 0, since: warmupEnd, area: 0 }
  const moveBusy = (delta: number) => {
    const now = clock.now()
    const from = Math.max(busyTime.since, warmupEnd)
    const to = Math.min(now, end)
    if (to > from) busyTime.area += busyTime.busy * (to - from)
    busyTime.since = Math.max(now, warmupEnd)
    busyTime.busy += delta
  }

  /** Reservations the host confirms once the router call that made them has returned (same instant). */
  const toConfirm: Call[] = []
  let confirming = 0
  const confirmAll = () => {
    // a confirmation may lead to further reservations: the loop reads the count each time; the array keeps its
    // slots (emptying it would give its storage back, and the next reservation would allocate it again)
    for (let i = 0; i < confirming; i++) {
      const call = toConfirm[i]!
      toConfirm[i] = NO_CALL
      current = call
      router.confirmReservation(call.id)
      current = undefined
    }
    confirming = 0
  }

  const traceOf: TraceAccess = (interaction: string) => router.trace(interaction)
  // a recorder reads every finished interaction's trace: field by field, no entry objects (see TraceAccess)
  traceOf.visit = (interaction, visitor) => {
    const run = engine.runs.get(interaction) ?? engine.finished.get(interaction)
    if (run) visitTrace(run.trace, run.startedAt, visitor)
    return run !== undefined
  }
  const listener = options.onEvent
  // the router calls `handle` itself when nobody else listens
  const onEvent = listener
    ? (event: RouterEvent) => {
        handle(event)
        listener(event, traceOf)
      }
    : (event: RouterEvent) => handle(event)
  const handle = (event: RouterEvent) => {
    switch (event.type) {
      case 'routed': {
        const call = find(event.interaction)
        if (!call) return
        call.reserved = true
        if (byAgent) call.agent = event.agent
        toConfirm[confirming++] = call
        return
      }
      case 'queued': {
        const call = find(event.interaction)
        if (call === undefined || call.queuedAt >= 0) return
        // waiting from the first queueing, as its wait: a greeting or IVR before the queue is no wait
        call.queuedAt = event.at
        series.change(event.at, 0, 1)
        return
      }
      case 'finished': {
        const call = find(event.interaction)
        if (!call) return
        if (call.listed) {
          waiting.delete(call.id)
          call.listed = false
        }
        if (nodeEntries) countEntries(event.interaction)
        if (event.outcome === 'routed') answered(call, event.at)
        else {
          if (call.queuedAt >= 0) series.change(event.at, 0, -1)
          call.done = true
          if (event.outcome === 'abandoned') series.abandoned(call.interval, call.queuedAt >= 0)
          if (!call.measured) return
          if (event.outcome === 'abandoned') {
            m.abandoned++
            if (call.queuedAt >= 0) m.abandonedQueued++
          } else {
            m.other++
            const way =
              event.outcome === 'route' ? `route ${event.destination ?? ''}`.trimEnd() : event.outcome
            otherBy.set(way, (otherBy.get(way) ?? 0) + 1)
          }
        }
        return
      }
      case 'treatment':
        endTreatment(event.interaction, event.treatment)
        return
      case 'failed':
      case 'error':
        if (problems.length < 5) problems.push(problemOf(event.interaction, event.reason))
        return
      default:
        return
    }
  }

  // nobody outside reads an id: a caller takes the id its record had last (CallPool.spareId); a problem still names
  // the caller as `sim-<arrival>`, the id it has when ids are not reused (each id string's first record, by id)
  const reuseIds = !options.onEvent && !options.onComplete && !options.record
  const owners = new Map<string, Call>()
  const problemOf = (id: string, reason: string): string => {
    const call = reuseIds ? owners.get(id) : undefined
    if (call === undefined) return `${id}: ${reason}`
    const name = `sim-${call.arrival}`
    return `${name}: ${reason.split(`"${id}"`).join(`"${name}"`)}`
  }

  /**
   * A treatment node's treatment ends on the simulated clock as in `test` and `run` (treatmentLengthMs): a play after
   * its duration (none: at once), music without one never (until the caller hangs up). A simulated caller presses no
   * key: a collect ends at its `timeout` (the router's own timer) or, without one, at once with no digits; both take
   * the node's `timeout` output. A target's waiting treatments change no figure: left to play.
   */
  const endTreatment = (id: string, treatment: Record<string, unknown>) => {
    const call = find(id)
    const run = call === undefined ? undefined : engine.runs.get(id)
    const frame = run?.frames[run.frames.length - 1]
    if (call === undefined || frame === undefined || frame.waitingFor !== 'treatment') return
    const collects = treatment.collect !== undefined
    if (collects && (treatment.collect as { timeout?: unknown }).timeout !== undefined) return
    const ms = collects ? 0 : treatmentLengthMs(treatment)
    if (ms === undefined) return
    // the same caller still at the same node entry (the frame's token moves on with every node entered) when due
    const arrivalNo = call.arrival
    const token = frame.token
    clock.setTimeout(() => {
      if (call.arrival !== arrivalNo || call.done || call.answered || frame.token !== token) return
      if (engine.runs.get(id) !== run || frame.waitingFor !== 'treatment') return
      router.treatmentDone(id, collects ? NO_DIGITS : NO_RESULT)
    }, ms)
  }

  const answered = (call: Call, at: number) => {
    call.answered = true
    call.handleMs = exponential(handling, ahtMs)
    moveBusy(1)
    // from the first queueing, as the report's wait (an IVR before the queue is no wait); routed at once: none
    const wait = call.queuedAt >= 0 ? at - call.queuedAt : 0
    // out of line (if it ever queued) and busy at once: one change of the series for both
    series.change(at, 1, call.queuedAt >= 0 ? -1 : 0)
    series.answered(call.interval, wait, wait <= slMs)
    timeline.schedule(call, at + call.handleMs)
    if (!call.measured) return
    m.answered++
    m.waitMs += wait
    if (wait <= slMs) m.withinSl++
    if (wait > 0) m.waited++
    const figures = byAgent?.get(call.agent)
    if (figures) {
      figures.answered++
      figures.handleSeconds += call.handleMs / 1000
    }
  }

  const handled = (call: Call) => {
    moveBusy(-1)
    const now = clock.now()
    series.change(now, -1, 0)
    if (call.measured) {
      m.handleMs += call.handleMs
      m.handled++
    }
    router.complete(call.id)
    options.onComplete?.(call.id, now)
    call.handled = true
    pool.release(call)
  }

  const countEntries = (interaction: string) => {
    for (const entry of router.trace(interaction) ?? []) {
      if (entry.kind !== 'enter' || !nodeEntries) continue
      const key = `${entry.strategy}/${entry.node}`
      nodeEntries.set(key, (nodeEntries.get(key) ?? 0) + 1)
    }
  }

  // nobody reads an explanation either then: decisions are not explained (no candidate or reason text per call)
  // traces are kept only for someone who reads them, and read during the interaction's own events (its `finished`
  // included), so no finished interaction stays in the router: a day of 300,000 calls keeps none of their traces
  const readsTraces = nodeEntries !== undefined || options.onEvent !== undefined
  // run records (`record`) hold what a recorder reads: explained as asked, with no trace kept for them; a summary's
  // reason is then written by the record's reader from its figures (nobody else reads it)
  const summary = options.explanations === 'summary'
  // no listener: nobody answers a reservation by its id (the host here confirms by interaction), so none is built
  const limits: Partial<RouterLimits> = readsTraces
    ? { keptFinished: 0, explainSummary: summary }
    : options.record
      ? {
          traceEntries: 0,
          keptFinished: 0,
          explainSummary: summary,
          reasonText: !summary,
          reservationIds: false,
        }
      : { traceEntries: 0, keptFinished: 0, explainCandidates: 0, reservationIds: false }
  // the router with the engine beside it (for traceOf.visit)
  const { router, engine } = buildRouter(
    {
      strategies,
      directory: options.directory,
      stats: stats.provider,
      clock,
      random: seeded.fork(4),
      onEvent,
      limits,
      ...(options.functions ? { functions: stubFunctions(options.functions, clock) } : {}),
      ...(options.record ? { record: options.record } : {}),
    },
    compiled,
  )

  // one input for every arrival, its id set each time: the router copies what it keeps
  const input: InteractionInput = { id: '', strategy: options.strategy, media: options.media ?? 'voice' }
  if (options.ani !== undefined) input.ani = options.ani
  if (options.dnis !== undefined) input.dnis = options.dnis
  if (options.priority !== undefined) input.priority = options.priority
  if (options.data) input.data = options.data
  // the callers' fields are the same every time: checked once here; ids are the pool's own, unique while live
  const submitSame = submitAlike(engine, input)
  let seq = 0
  const pool = new CallPool()
  const arrival = new Tick(ARRIVE, undefined, 0)
  const arrive = () => {
    const now = clock.now()
    const arrival = ++seq
    const spare = reuseIds ? pool.spareId() : undefined
    const id = spare ?? `sim-${arrival}`
    const call = pool.take(id, now, now >= warmupEnd, series.indexOf(now))
    call.arrival = arrival
    if (reuseIds && spare === undefined) owners.set(id, call)
    series.arrived(call.interval)
    if (call.measured) m.offered++
    // drawn for every caller, so the draws stay in step whoever waits
    const hangUpAt = patienceMs === undefined ? undefined : now + exponential(patience, patienceMs)
    current = call
    if (submitSame !== undefined) submitSame(id)
    else {
      input.id = id
      router.submit(input)
    }
    current = undefined
    // a caller reserved at once is answered at this instant (confirmed right after this event): only one left in
    // the strategy is looked up by id later, and only one left waiting can hang up
    if (call.reserved || call.done) {
      // finished at once without an agent (an error, a default route): nothing holds it any more
      if (!call.reserved) pool.release(call)
      scheduleArrival()
      return
    }
    waiting.set(id, call)
    call.listed = true
    if (hangUpAt !== undefined) timeline.schedule(pool.hangUp(call), hangUpAt)
    scheduleArrival()
  }
  const scheduleArrival = () => {
    const at = nextArrival(clock.now(), arrivals)
    if (at !== undefined && at < end) timeline.scheduleNext(arrival, at)
  }
  const report = options.onProgress
  const fire = (event: Call | Tick) => {
    switch (event.kind) {
      case ARRIVE:
        arrive()
        return
      case HANDLED:
        handled(event)
        return
      case HANG_UP: {
        // hangs up only while still in the strategy (waiting or being reserved), not once answered; the report's
        // abandons by reason then count a simulated day's as the caller's, as a switch's CANCEL would say
        const call = event.call!
        if (!call.answered && !call.done) router.abandon(call.id, CALLER_HUNG_UP)
        pool.hungUp(event)
        return
      }
      case PROGRESS:
        report?.(event.fraction)
        return
    }
  }
  const timeline = new Timeline<Call | Tick>(clock, fire, confirmAll)

  for (const agent of agentIds) {
    router.agentEvent({ agent, state: 'ready' })
  }
  confirmAll()
  scheduleArrival()
  if (report) {
    const step = (end - start) / 100
    for (let i = 1; i < 100; i++) timeline.schedule(new Tick(PROGRESS, undefined, i / 100), start + i * step)
  }
  while (!timeline.runUntil(end, stepEvents)) yield clock.now()
  moveBusy(0)

  let provider: Record<string, number> | undefined
  // a subject makes the provider fed (above)
  if (options.subject !== undefined && stats.memory) {
    const subject = toStatSubject(options.subject)
    const window = `${Math.min(1440, Math.floor(options.durationHours * 60))}m` as const
    provider = {}
    for (const statistic of ['ServiceLevel(20s)', 'AverageSpeedOfAnswer', 'Occupancy', 'AbandonRate']) {
      provider[statistic] = stats.memory.read({ subject, statistic, window: window as `${number}m` }).value
    }
  }
  // let calls still waiting or with an agent finish so every measured arrival has an outcome
  while (!timeline.runUntil(end + 24 * 3_600_000, stepEvents)) yield clock.now()
  router.stop()

  const agentCount = agentIds.length
  const measuredMs = end - warmupEnd
  const result: SimulationResult = {
    offered: m.offered,
    answered: m.answered,
    abandoned: m.abandoned,
    other: m.other,
    probabilityOfWaiting: m.answered > 0 ? m.waited / m.answered : 0,
    serviceLevel: m.offered > 0 ? m.withinSl / m.offered : 1,
    serviceLevelHandled:
      m.answered + m.abandonedQueued > 0 ? m.withinSl / (m.answered + m.abandonedQueued) : 1,
    asa: m.answered > 0 ? m.waitMs / m.answered / 1000 : 0,
    averageHandleTime: m.handled > 0 ? m.handleMs / m.handled / 1000 : 0,
    occupancy: agentCount > 0 ? busyTime.area / (agentCount * measuredMs) : 0,
    abandonRate: m.offered > 0 ? m.abandoned / m.offered : 0,
    // the most first (ties by name): the summary names where most went
    otherBy: Object.fromEntries([...otherBy].sort((a, b) => b[1] - a[1] || codeUnitOrder(a[0], b[0]))),
    problems,
    warnings,
    intervals: series.finish(end, agentCount),
  }
  if (provider) result.provider = provider
  if (nodeEntries) result.nodeEntries = Object.fromEntries(nodeEntries)
  if (byAgent) result.byAgent = Object.fromEntries(byAgent)
  options.onProgress?.(1)
  return result
}
