// What simulate() takes and returns, and the check of its options (each bad option refused with what it must be).
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { RouterEvent, RunRecordWriter } from '../api/types.ts'
import type { TraceAccess } from '../engine/trace-log.ts'
import type { FunctionStub } from '../testing/function-stubs.ts'
import type { SimulationAgent } from './agent-figures.ts'
import { type ArrivalProfile, profileProblem } from './arrival-rate.ts'
import type { SimulationInterval } from './interval-series.ts'
import type { TrafficFinding } from './traffic-check.ts'

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
  /** Every arrival's fields (default voice, no ANI, DNIS or data, priority 0): a strategy switching on them. */
  media?: string
  ani?: string
  dnis?: string
  priority?: number
  data?: Record<string, unknown>
  /** Host functions answered as a test file's `functions` say (`returns` after a delay, `throws`, `hangs`). */
  functions?: Readonly<Record<string, FunctionStub>>
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
  /** Count each agent's answered calls and their handling into `byAgent` (a few % of a run's time: off by default). */
  countAgents?: boolean
  /**
   * Sees every router event of the run (after the simulation's own handling), e.g. to write history records. `trace`
   * answers for an interaction still in the router: read it during the interaction's events (a finished one's during
   * its `finished` event); afterwards it is gone, as no finished interaction is kept. `trace.visit` reads it with no
   * entry objects built.
   */
  onEvent?: (event: RouterEvent, trace: TraceAccess) => void
  /**
   * What `onEvent` reads of the router's explanations: `full` (default) their candidates listed, as the designer's
   * simulation panel shows them; `summary` only a selection's summary (node, rule, winner, reason, and how many
   * candidates were weighed: `Explanation.weighed` where the router lists none), so routing builds no candidate
   * objects for it (a history recorder, whose records keep that summary and the trace's path).
   */
  explanations?: 'full' | 'summary'
  /**
   * Where the router writes each run's compact record as it routes (RouterOptions.record, RUN_RECORD's entries): a
   * history recorder's packer. Without `onEvent` or `countNodes` the router then keeps no trace at all, and with
   * `explanations: 'summary'` writes a summary's reason as the figures its text is written from (the record's
   * reader writes the same text: RouterLimits.reasonText).
   */
  record?: RunRecordWriter
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
  /**
   * Of `other`, how many ended each way, the most first: `route <destination>` for a route node, else the outcome
   * (`default-route`, `reject`, `timeout`, ...). Absent from results made before it (a saved run's).
   */
  otherBy?: Record<string, number>
  /** Share of answered interactions that waited at all (Erlang C's P_W). */
  probabilityOfWaiting: number
  /** Answered within T over offered (basis `offered`: every arrival counts, other outcomes included). */
  serviceLevel: number
  /**
   * Answered within T over answered + abandoned after waiting in a queue (basis `handled`: `routewright report`'s
   * default definition, abandons within T counted against; an abandon before any queueing and calls ending any
   * other way left out).
   */
  serviceLevelHandled: number
  /** Average wait of answered interactions, seconds, from their first queueing (as the report's ASA). */
  asa: number
  averageHandleTime: number
  /** Agents' handling time over their logged-in time in the measured period. */
  occupancy: number
  abandonRate: number
  /** What the memory provider computed for `subject` over the last min(24 h, duration). */
  provider?: Record<string, number>
  /** The first few router failures and errors, to see why a strategy did not route. */
  problems: string[]
  /**
   * What the traffic asks that the strategies and directory cannot give (`checkTraffic`: RW490-RW493), found before
   * the run; an `error` means the figures measure nothing (the CLI refuses such a run).
   */
  warnings: TrafficFinding[]
  /** Figures per interval of `intervalMinutes` from the start (warm-up included), for charts over the day. */
  intervals: SimulationInterval[]
  /** Entries per `strategy/node` of every arrival, with `countNodes`. */
  nodeEntries?: Record<string, number>
  /** Each agent's answered calls and handling in the measured period, every agent listed, with `countAgents`. */
  byAgent?: Record<string, SimulationAgent>
}

/** Budgets of one run: a simulation's series and its callers live in memory, so a typo's 1e9 hours must not. */
/** When a simulation starts without `startAt`: Monday 2026-01-05 00:00 UTC (outside most opening hours). */
export const DEFAULT_SIMULATION_START = Date.UTC(2026, 0, 5)

export const SIMULATION_LIMITS = {
  intervals: 100_000,
  arrivals: 10_000_000,
  // the longest handle time read (a day), so a typo is refused rather than run: 1e300 s printed a load of
  // 1.6666666666666668e+298 Erlangs
  handleSeconds: 86_400,
} as const

/** Arrivals a run should see on average (its busiest rate over a profile), for the budget. */
function expectedArrivals(o: SimulationOptions): number {
  const rate = o.arrivalProfile ? Math.max(...o.arrivalProfile.arrivalsPerHour) : (o.arrivalsPerHour ?? 0)
  return rate * o.durationHours
}

/** Throws a RangeError naming the first option that cannot run. */
export function checkOptions(o: SimulationOptions): void {
  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be a number > 0, got ${value}`)
  }
  if (o.arrivalProfile) {
    const problem = profileProblem(o.arrivalProfile)
    if (problem) throw new RangeError(problem)
  } else positive('arrivalsPerHour', o.arrivalsPerHour ?? Number.NaN)
  positive('ahtSeconds', o.ahtSeconds)
  if (o.ahtSeconds > SIMULATION_LIMITS.handleSeconds)
    throw new RangeError(
      `ahtSeconds ${o.ahtSeconds} is over a day (${SIMULATION_LIMITS.handleSeconds.toLocaleString('en')} s), the longest handle time a simulation takes: give the average handle time in seconds (180) or as a duration (3m)`,
    )
  if (o.intervalMinutes !== undefined) positive('intervalMinutes', o.intervalMinutes)
  positive('durationHours', o.durationHours)
  if (o.patienceSeconds !== undefined) positive('patienceSeconds', o.patienceSeconds)
  const intervals = (o.durationHours * 60) / (o.intervalMinutes ?? 60)
  if (intervals > SIMULATION_LIMITS.intervals)
    throw new RangeError(
      `${o.durationHours} hours in intervals of ${o.intervalMinutes ?? 60} minutes is over the ${SIMULATION_LIMITS.intervals.toLocaleString('en')} intervals a simulation keeps: simulate fewer hours or wider intervals`,
    )
  const arrivals = expectedArrivals(o)
  if (arrivals > SIMULATION_LIMITS.arrivals)
    throw new RangeError(
      `About ${Math.round(arrivals).toLocaleString('en')} arrivals (rate × ${o.durationHours} hours) is over the ${SIMULATION_LIMITS.arrivals.toLocaleString('en')} a simulation takes: simulate fewer hours or a lower rate`,
    )
  if ((o.warmupHours ?? 1) >= o.durationHours)
    throw new RangeError('warmupHours must be shorter than durationHours')
  if (o.explanations !== undefined && o.explanations !== 'full' && o.explanations !== 'summary')
    throw new RangeError(`explanations must be 'full' or 'summary', got ${JSON.stringify(o.explanations)}`)
}
