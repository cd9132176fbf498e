// Seeded call traffic for the demo (Poisson arrivals, exponential hold and patience), its figures as measured on
// the real call path, and simulate's figures for the same traffic to compare them with.
import { createSeededRandom, simulate } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import type { BridgeFigures } from './bridge.ts'
import type { CallerCall } from './sipp.ts'

export interface TrafficSpec {
  calls: number
  /** Arrivals per second (Poisson). */
  rate: number
  holdSeconds: number
  patienceSeconds: number
  seed: number
  /** Routing points dialled, in turn. */
  dnis?: readonly string[]
}

const exponential = (random: { next(): number }, mean: number) => -mean * Math.log(1 - random.next())

/** The callers' lines: same spec and seed, same calls. */
export function makeTraffic(spec: TrafficSpec): CallerCall[] {
  const random = createSeededRandom(spec.seed)
  const dnis = spec.dnis ?? ['5000']
  const calls: CallerCall[] = []
  let at = 0
  for (let i = 0; i < spec.calls; i++) {
    at += exponential(random, 1000 / spec.rate)
    calls.push({
      dnis: dnis[i % dnis.length]!,
      startMs: at,
      holdMs: exponential(random, spec.holdSeconds * 1000),
      patienceMs: exponential(random, spec.patienceSeconds * 1000),
      ani: `+1212555${String(i % 10_000).padStart(4, '0')}`,
    })
  }
  return calls
}

export interface RunFigures {
  offered: number
  answered: number
  abandoned: number
  /** Answered within T over offered (simulate's definition). */
  serviceLevel: number
  /** Average wait of answered calls until their agent was reserved, seconds. */
  asa: number
  abandonRate: number
  /** Abandoned while queued, over offered: simulate's callers hang up only there (its answer is instant). */
  queueAbandonRate: number
}

export function figuresOf(bridge: BridgeFigures, slSeconds: number): RunFigures {
  // `waits` holds the last answered calls only: over more, the share within T of those stands for all of them
  const kept = bridge.waits.length
  const within = kept > 0 ? (bridge.waits.filter((w) => w <= slSeconds).length / kept) * bridge.waitCount : 0
  const offered = bridge.offered
  return {
    offered,
    answered: bridge.answered,
    abandoned: bridge.abandoned,
    serviceLevel: offered > 0 ? within / offered : 1,
    asa: bridge.waitCount > 0 ? bridge.waitSeconds / bridge.waitCount : 0,
    abandonRate: offered > 0 ? bridge.abandoned / offered : 0,
    queueAbandonRate: offered > 0 ? (bridge.abandoned - bridge.abandonedRinging) / offered : 0,
  }
}

export interface Spread {
  mean: number
  sd: number
}

export interface SimulatedFigures {
  runs: number
  serviceLevel: Spread
  asa: Spread
  abandonRate: Spread
}

const spread = (values: number[]): Spread => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length - 1)
  return { mean, sd: Math.sqrt(variance) }
}

/**
 * simulate on the same traffic, `runs` times with seeds 1..runs, each as long as the real run's arrivals (from
 * empty, no warm-up, as the real run starts): the spread over runs is the sampling error of one run of that size.
 * `ringSeconds` joins the handle time, as the agent's phone rings before the talk starts.
 */
export async function simulateSameTraffic(
  spec: TrafficSpec & {
    agents: readonly string[]
    ringSeconds: number
    slSeconds: number
    workspace: string
    strategy: string
  },
  runs = 30,
): Promise<SimulatedFigures> {
  const { strategies, directory } = await loadWorkspace(spec.workspace)
  const hours = spec.calls / spec.rate / 3600
  const results = Array.from({ length: runs }, (_, i) =>
    simulate({
      strategy: spec.strategy,
      strategies,
      directory,
      arrivalsPerHour: spec.rate * 3600,
      ahtSeconds: spec.holdSeconds + spec.ringSeconds,
      patienceSeconds: spec.patienceSeconds,
      durationHours: hours,
      warmupHours: 0,
      serviceLevelSeconds: spec.slSeconds,
      agents: spec.agents,
      seed: i + 1,
    }),
  )
  return {
    runs,
    serviceLevel: spread(results.map((r) => r.serviceLevel)),
    asa: spread(results.map((r) => r.asa)),
    abandonRate: spread(results.map((r) => r.abandonRate)),
  }
}

/** Within `k` standard deviations of the simulated runs (with a floor for figures that barely vary). */
export function agrees(value: number, s: Spread, k = 3, floor = 0.02): boolean {
  return Math.abs(value - s.mean) <= k * s.sd + floor
}
