// A discrete-event simulation that drives the real router on a simulated clock: Poisson arrivals, exponential
// handle times and patience, agents who finish and take the next call. Same seed, same result.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { createRouter } from '../api/router.ts'
import type { RouterEvent, TraceEntry } from '../api/types.ts'
import { toStatSubject } from '../stats/memory-names.ts'
import { createMemoryStatProvider } from '../stats/memory-provider.ts'
import { createSeededRandom } from '../time/clock-random.ts'
import { createSimulatedClock } from '../time/clock-simulated.ts'
import {
  type ArrivalProfile,
  constantArrivals,
  type NextArrival,
  profiledArrivals,
  profileProblem,
} from './arrival-rate.ts'
import { createIntervalSeries, type SimulationInterval } from './interval-series.ts'

export type { ArrivalProfile, SimulationInterval }

export interface SimulationOptions {
  /** The strategy every arrival runs. */
  strategy: string
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
  /** A constant arrival rate; required unless `arrivalProfile` is given. */
  arrivalsPerHour?: number
  /** Arrival rates per interval of the day (repeating every 24 h from `startAt`); replaces `arrivalsPerHour`. */
  arrivalProfile?: ArrivalProfile
  ahtSeconds: number
  durationHours: number
  seed?: number
  /** Mean patience in seconds; without it callers never hang up. */
  patienceSeconds?: number
  /** Hours at the start left out of the measures while the queue fills from empty. Default 1. */
  warmupHours?: number
  /** T of the measured service level, default 20 s. */
  serviceLevelSeconds?: number
  /** Agents logged in ready at the start; default every agent of the directory. */
  agents?: readonly string[]
  media?: string
  data?: Record<string, unknown>
  /** A subject whose figures the memory provider reports at the end, e.g. `group:pool`. */
  subject?: string
  /** Simulated start time (epoch ms); default Monday 2026-01-05 00:00 UTC. */
  startAt?: number
  /** Width of the reported `intervals`, minutes; default 60. */
  intervalMinutes?: number
  /** Called about 100 times with the share of simulated time done (0..1]; a CLI or a worker shows progress. */
  onProgress?: (fraction: number) => void
  /** Count entries per `strategy/node` into `nodeEntries` (reads each finished interaction's trace). */
  countNodes?: boolean
  /** Sees every router event of the run (after the simulation's own handling), e.g. to write history records. */
  onEvent?: (event: RouterEvent, trace: (interaction: string) => readonly TraceEntry[] | undefined) => void
  /** A simulated agent finished an interaction (the host's `complete`, which raises no event), e.g. for history. */
  onComplete?: (interaction: string, at: number) => void
}

export interface SimulationResult {
  /** Arrivals inside the measured period. */
  offered: number
  answered: number
  abandoned: number
  /** Ended any other way (timeout, default route, failure). */
  other: number
  /** Share of answered interactions that waited at all (Erlang C's P_W). */
  probabilityOfWaiting: number
  /** Answered within T over offered. */
  serviceLevel: number
  /** Average wait of answered interactions, seconds. */
  asa: number
  averageHandleTime: number
  /** Agents' handling time over their logged-in time in the measured period. */
  occupancy: number
  abandonRate: number
  /** What the memory provider computed for `subject` over the last min(24 h, duration). */
  provider?: Record<string, number>
  /** The first few router failures and errors, to see why a strategy did not route. */
  problems: string[]
  /** Figures per interval of `intervalMinutes` from the start (warm-up included), for charts over the day. */
  intervals: SimulationInterval[]
  /** Entries per `strategy/node` of every arrival, with `countNodes`. */
  nodeEntries?: Record<string, number>
}

function exponential(random: { next(): number }, mean: number): number {
  return -mean * Math.log(1 - random.next())
}

function checkOptions(o: SimulationOptions): void {
  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be a number > 0, got ${value}`)
  }
  if (o.arrivalProfile) {
    const problem = profileProblem(o.arrivalProfile)
    if (problem) throw new RangeError(problem)
  } else positive('arrivalsPerHour', o.arrivalsPerHour ?? Number.NaN)
  positive('ahtSeconds', o.ahtSeconds)
  if (o.intervalMinutes !== undefined) positive('intervalMinutes', o.intervalMinutes)
  positive('durationHours', o.durationHours)
  if (o.patienceSeconds !== undefined) positive('patienceSeconds', o.patienceSeconds)
  if ((o.warmupHours ?? 1) >= o.durationHours)
    throw new RangeError('warmupHours must be shorter than durationHours')
}

/**
 * Runs the strategy under load and measures what callers and agents experience.
 * @example simulate({ strategy: 'pool', strategies, directory, arrivalsPerHour: 160, ahtSeconds: 180, durationHours: 50 })
 */
export function simulate(options: SimulationOptions): SimulationResult {
  checkOptions(options)
  const start = options.startAt ?? Date.UTC(2026, 0, 5)
  const warmupEnd = start + (options.warmupHours ?? 1) * 3_600_000
  const end = start + options.durationHours * 3_600_000
  const slMs = (options.serviceLevelSeconds ?? 20) * 1000
  const seeded = createSeededRandom(options.seed ?? 1)
  const arrivals = seeded.fork(1)
  const handling = seeded.fork(2)
  const patience = seeded.fork(3)
  const clock = createSimulatedClock(start)
  const stats = createMemoryStatProvider({ clock, directory: options.directory })
  const calls = new Map<
    string,
    { arrivedAt: number; measured: boolean; answered: boolean; interval: number }
  >()
  const series = createIntervalSeries(start, end, (options.intervalMinutes ?? 60) * 60_000)
  const nodeEntries = options.countNodes ? new Map<string, number>() : undefined
  const nextArrival: NextArrival = options.arrivalProfile
    ? profiledArrivals(options.arrivalProfile, start)
    : constantArrivals(options.arrivalsPerHour ?? 0)
  const problems: string[] = []
  const m = {
    offered: 0,
    answered: 0,
    abandoned: 0,
    other: 0,
    withinSl: 0,
    waited: 0,
    waitMs: 0,
    handleMs: 0,
    handled: 0,
  }
  let busy = 0
  let busySince = warmupEnd
  let busyArea = 0
  // the measured busy time is the integral of busy agents over [warmupEnd, end]
  const moveBusy = (delta: number) => {
    const now = clock.now()
    const from = Math.max(busySince, warmupEnd)
    const to = Math.min(now, end)
    if (to > from) busyArea += busy * (to - from)
    busySince = Math.max(now, warmupEnd)
    busy += delta
  }

  const traceOf = (interaction: string) => router.trace(interaction)
  const onEvent = (event: RouterEvent) => {
    handle(event)
    options.onEvent?.(event, traceOf)
  }
  const handle = (event: RouterEvent) => {
    const call = calls.get(event.interaction)
    switch (event.type) {
      case 'routed':
        // the host answers at once; done on a 0 ms timer so the router is not re-entered mid-decision
        clock.setTimeout(() => router.confirmReservation(event.interaction), 0)
        return
      case 'finished':
        if (!call) return
        if (nodeEntries) countEntries(event.interaction)
        series.change(event.at, 0, -1)
        if (event.outcome === 'routed') {
          call.answered = true
          const handleMs = exponential(handling, options.ahtSeconds * 1000)
          moveBusy(1)
          series.change(event.at, 1, 0)
          series.answered(call.interval, event.at - call.arrivedAt, event.at - call.arrivedAt <= slMs)
          clock.setTimeout(() => {
            moveBusy(-1)
            series.change(clock.now(), -1, 0)
            if (call.measured) {
              m.handleMs += handleMs
              m.handled++
            }
            router.complete(event.interaction)
            options.onComplete?.(event.interaction, clock.now())
            calls.delete(event.interaction)
          }, handleMs)
          if (!call.measured) return
          const wait = event.at - call.arrivedAt
          m.answered++
          m.waitMs += wait
          if (wait <= slMs) m.withinSl++
          if (wait > 0) m.waited++
          return
        }
        calls.delete(event.interaction)
        if (event.outcome === 'abandoned') series.abandoned(call.interval)
        if (!call.measured) return
        if (event.outcome === 'abandoned') m.abandoned++
        else m.other++
        return
      case 'failed':
      case 'error':
        if (problems.length < 5) problems.push(`${event.interaction}: ${event.reason}`)
        return
      default:
        return
    }
  }

  const countEntries = (interaction: string) => {
    for (const entry of router.trace(interaction) ?? []) {
      if (entry.kind !== 'enter' || !nodeEntries) continue
      const key = `${entry.strategy}/${entry.node}`
      nodeEntries.set(key, (nodeEntries.get(key) ?? 0) + 1)
    }
  }

  const router = createRouter({
    strategies: options.strategies,
    directory: options.directory,
    stats,
    clock,
    random: seeded.fork(4),
    onEvent,
  })
  for (const agent of options.agents ?? Object.keys(options.directory.agents ?? {})) {
    router.agentEvent({ agent, state: 'ready' })
  }

  let seq = 0
  const arrive = () => {
    const now = clock.now()
    if (now >= end) return
    const id = `sim-${++seq}`
    const measured = now >= warmupEnd
    const call = { arrivedAt: now, measured, answered: false, interval: series.indexOf(now) }
    calls.set(id, call)
    series.arrived(call.interval)
    series.change(now, 0, 1)
    if (measured) m.offered++
    if (options.patienceSeconds !== undefined) {
      clock.setTimeout(
        () => {
          // hangs up only while still in the strategy (waiting or being reserved), not once answered
          if (calls.get(id) === call && !call.answered) router.abandon(id)
        },
        exponential(patience, options.patienceSeconds * 1000),
      )
    }
    router.submit({
      id,
      strategy: options.strategy,
      media: options.media ?? 'voice',
      ...(options.data ? { data: options.data } : {}),
    })
    scheduleArrival()
  }
  const scheduleArrival = () => {
    const at = nextArrival(clock.now(), arrivals)
    if (at !== undefined && at < end) clock.setTimeout(arrive, at - clock.now())
  }
  scheduleArrival()
  if (options.onProgress) {
    const report = options.onProgress
    const step = (end - start) / 100
    for (let i = 1; i < 100; i++) clock.setTimeout(() => report(i / 100), i * step)
  }
  clock.runUntil(end)
  moveBusy(0)

  let provider: Record<string, number> | undefined
  if (options.subject !== undefined) {
    const subject = toStatSubject(options.subject)
    const window = `${Math.min(1440, Math.floor(options.durationHours * 60))}m` as const
    provider = {}
    for (const statistic of ['ServiceLevel(20s)', 'AverageSpeedOfAnswer', 'Occupancy', 'AbandonRate']) {
      provider[statistic] = stats.read({ subject, statistic, window: window as `${number}m` }).value
    }
  }
  // let calls still waiting or with an agent finish so every measured arrival has an outcome
  clock.runUntil(end + 24 * 3_600_000)
  router.stop()

  const agentCount = (options.agents ?? Object.keys(options.directory.agents ?? {})).length
  const measuredMs = end - warmupEnd
  const result: SimulationResult = {
    offered: m.offered,
    answered: m.answered,
    abandoned: m.abandoned,
    other: m.other,
    probabilityOfWaiting: m.answered > 0 ? m.waited / m.answered : 0,
    serviceLevel: m.offered > 0 ? m.withinSl / m.offered : 1,
    asa: m.answered > 0 ? m.waitMs / m.answered / 1000 : 0,
    averageHandleTime: m.handled > 0 ? m.handleMs / m.handled / 1000 : 0,
    occupancy: agentCount > 0 ? busyArea / (agentCount * measuredMs) : 0,
    abandonRate: m.offered > 0 ? m.abandoned / m.offered : 0,
    problems,
    intervals: series.finish(end, agentCount),
  }
  if (provider) result.provider = provider
  if (nodeEntries) result.nodeEntries = Object.fromEntries(nodeEntries)
  options.onProgress?.(1)
  return result
}
