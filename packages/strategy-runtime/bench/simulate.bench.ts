// simulate() of a 1,000-agent, 8-hour day (about 300,000 calls) against a minimal discrete-event simulator of the
// same model written here (Poisson arrivals, exponential handle times and patience, one FIFO queue, the longest idle
// agent, the same measures), on that day and on a busy one: CPU seconds (the median of three interleaved runs of
// each; simulate()'s cold first run too), peak RSS, the ratio of the two CPU times, and a check that both agree.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { createSeededRandom, type SimulationResult, simulate } from '@routewright/strategy-runtime'
import { BinaryHeap } from '../src/util/binary-heap.ts'
import { type BenchRow, cpu, gc, round } from './measure.ts'

const AGENTS = 1_000
const HOURS = 8
const WARMUP_HOURS = 0.5
/** The day of the target: 885 Erlangs on 1,000 agents, so almost nobody waits (a large pool at 88 %). */
const AHT_S = 85
/** A busy day: 980 Erlangs, a quarter of the callers wait and some hang up (the queue and hang-up paths). */
const BUSY_AHT_S = 94
const PATIENCE_S = 120
const SL_S = 20
const SEED = 1
const PER_HOUR = 37_500 // 300,000 calls in 8 hours, 885 Erlangs on 1,000 agents

type Figures = Pick<
  SimulationResult,
  'offered' | 'answered' | 'abandoned' | 'serviceLevel' | 'asa' | 'occupancy' | 'averageHandleTime'
>

/**
 * The same model by hand, the simplest fast way: one event heap (the runtime's BinaryHeap), a FIFO of waiting
 * callers, and a FIFO of idle agents (agents become idle in time order, so its head is the longest idle). It draws
 * from the same seeded streams as simulate() in the same order (arrival gaps; a patience per caller at arrival; a
 * handle time per answer) and measures what simulate() measures after the warm-up: offered, answered, abandoned,
 * service level, ASA, AHT and occupancy. What it leaves out is the router: strategies, selection, statistics.
 */
function minimalDes(ahtS: number): Figures & { calls: number } {
  const seeded = createSeededRandom(SEED)
  const arrivals = seeded.fork(1)
  const handling = seeded.fork(2)
  const patience = seeded.fork(3)
  const exponential = (random: { next(): number }, mean: number) => -mean * Math.log(1 - random.next())
  interface Caller {
    arrivedAt: number
    measured: boolean
    waiting: boolean
  }
  // kind 0: the next arrival; 1: agent `agent` finishes; 2: `caller` hangs up if still waiting
  interface Ev {
    at: number
    seq: number
    kind: 0 | 1 | 2
    agent: number
    caller: Caller | undefined
  }
  const events = new BinaryHeap<Ev>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq))
  const idle = new Int32Array(AGENTS) // a ring: at most every agent is idle at once
  let idleHead = 0
  let idleCount = AGENTS
  for (let a = 0; a < AGENTS; a++) idle[a] = a
  const queue: Caller[] = []
  let head = 0
  let seq = 0
  const warmupEnd = WARMUP_HOURS * 3_600_000
  const end = HOURS * 3_600_000
  const slMs = SL_S * 1000
  let calls = 0
  const m = { offered: 0, answered: 0, abandoned: 0, withinSl: 0, waitMs: 0, handled: 0, handleMs: 0 }
  let busy = 0
  let busySince = warmupEnd
  let busyArea = 0
  const moveBusy = (now: number, delta: number) => {
    const from = Math.max(busySince, warmupEnd)
    const to = Math.min(now, end)
    if (to > from) busyArea += busy * (to - from)
    busySince = Math.max(now, warmupEnd)
    busy += delta
  }
  const serve = (agent: number, caller: Caller, at: number) => {
    const handleMs = exponential(handling, ahtS * 1000)
    moveBusy(at, 1)
    if (caller.measured) {
      const wait = at - caller.arrivedAt
      m.answered++
      m.waitMs += wait
      if (wait <= slMs) m.withinSl++
      m.handled++
      m.handleMs += handleMs
    }
    events.push({ at: at + handleMs, seq: seq++, kind: 1, agent, caller: undefined })
  }
  const arrivalGapMs = 3_600_000 / PER_HOUR
  const firstAt = exponential(arrivals, arrivalGapMs)
  if (firstAt < end) events.push({ at: firstAt, seq: seq++, kind: 0, agent: -1, caller: undefined })
  for (;;) {
    const ev = events.pop()
    if (!ev) break
    const now = ev.at
    if (ev.kind === 0) {
      calls++
      const caller: Caller = { arrivedAt: now, measured: now >= warmupEnd, waiting: false }
      if (caller.measured) m.offered++
      const hangUpAt = now + exponential(patience, PATIENCE_S * 1000)
      if (idleCount > 0) {
        const agent = idle[idleHead]!
        idleHead = (idleHead + 1) % AGENTS
        idleCount--
        serve(agent, caller, now)
      } else {
        caller.waiting = true
        queue.push(caller)
        events.push({ at: hangUpAt, seq: seq++, kind: 2, agent: -1, caller })
      }
      const next = now + exponential(arrivals, arrivalGapMs)
      if (next < end) events.push({ at: next, seq: seq++, kind: 0, agent: -1, caller: undefined })
    } else if (ev.kind === 2) {
      const caller = ev.caller!
      if (!caller.waiting) continue
      caller.waiting = false
      if (caller.measured) m.abandoned++
    } else {
      moveBusy(now, -1)
      while (head < queue.length && !queue[head]!.waiting) head++
      if (head < queue.length) {
        const caller = queue[head++]!
        caller.waiting = false
        serve(ev.agent, caller, now)
      } else {
        idle[(idleHead + idleCount) % AGENTS] = ev.agent
        idleCount++
      }
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head)
        head = 0
      }
    }
  }
  moveBusy(end, 0)
  return {
    calls,
    offered: m.offered,
    answered: m.answered,
    abandoned: m.abandoned,
    serviceLevel: m.offered > 0 ? m.withinSl / m.offered : 1,
    asa: m.answered > 0 ? m.waitMs / m.answered / 1000 : 0,
    averageHandleTime: m.handled > 0 ? m.handleMs / m.handled / 1000 : 0,
    occupancy: busyArea / (AGENTS * (end - warmupEnd)),
  }
}

/** Both simulators ran the same model when their figures agree (they share random streams; only ties differ). */
function disagreement(des: Figures, sim: Figures): string | undefined {
  const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance
  if (
    near(des.offered, sim.offered, des.offered * 0.001) &&
    near(des.answered, sim.answered, des.offered * 0.005) &&
    near(des.abandoned, sim.abandoned, des.offered * 0.005 + 5) &&
    near(des.serviceLevel, sim.serviceLevel, 0.01) &&
    near(des.occupancy, sim.occupancy, 0.005) &&
    near(des.averageHandleTime, sim.averageHandleTime, 0.5)
  )
    return undefined
  return `the minimal simulator and simulate() disagree: ${JSON.stringify(des)} vs ${JSON.stringify(sim)}`
}

function runDay(ahtS: number): BenchRow[] {
  const agents: NonNullable<DirectoryDocument['agents']> = {}
  for (let a = 0; a < AGENTS; a++) agents[`a${a}`] = { groups: ['pool'] }
  const directory: DirectoryDocument = { directory: 'day', format: 1, groups: { pool: {} }, agents }
  const strategy: StrategyDocument = {
    strategy: 'pool',
    format: 1,
    start: 't',
    nodes: { t: { type: 'target', targets: [{ group: 'pool' }], pick: 'longest-idle' } },
  }
  const options = {
    strategy: 'pool',
    strategies: [strategy],
    directory,
    arrivalsPerHour: PER_HOUR,
    ahtSeconds: ahtS,
    patienceSeconds: PATIENCE_S,
    serviceLevelSeconds: SL_S,
    durationHours: HOURS,
    warmupHours: WARMUP_HOURS,
    seed: SEED,
  }
  // both measured alike: three runs each, interleaved so a slice of a busy machine hits both, and the median of each
  // (JIT-warm after the first run, for the baseline as for simulate(); the runs replay the same day exactly)
  const desRuns: Array<{ ms: number; des: ReturnType<typeof minimalDes> }> = []
  const simRuns: Array<{ ms: number; result: ReturnType<typeof simulate> }> = []
  for (let i = 0; i < 3; i++) {
    const t0 = cpu()
    const des = minimalDes(ahtS)
    desRuns.push({ ms: cpu() - t0, des })
    gc()
    const t1 = cpu()
    const result = simulate(options)
    simRuns.push({ ms: cpu() - t1, result })
    gc()
  }
  const coldMs = simRuns[0]!.ms
  desRuns.sort((a, b) => a.ms - b.ms)
  simRuns.sort((a, b) => a.ms - b.ms)
  const { ms: desMs, des } = desRuns[1]!
  const { ms: simMs, result } = simRuns[1]!
  if (simRuns.some((run) => run.result.answered !== result.answered || run.result.asa !== result.asa))
    throw new Error('simulate() did not replay the same day on the same seed')
  if (result.offered < 250_000 || des.calls < 280_000)
    throw new Error(`too few calls: ${result.offered}, ${des.calls}`)
  if (result.problems.length > 0) throw new Error(`simulate() had problems: ${result.problems.join('; ')}`)
  const problem = disagreement(des, result)
  if (problem) throw new Error(problem)
  const day =
    ahtS === AHT_S
      ? `${AGENTS.toLocaleString('en-US')} agents, ${HOURS} h, ${des.calls.toLocaleString('en-US')} calls`
      : `busy day (AHT ${ahtS} s, occupancy ${Math.round(result.occupancy * 100)} %, ${Math.round(result.probabilityOfWaiting * 100)} % wait)`
  const rows: BenchRow[] = [
    {
      name: `minimal discrete-event simulator, ${day}`,
      value: round(desMs / 1000),
      unit: 's CPU',
      target: 8,
    },
    {
      name: `simulate() ${day}`,
      value: round(simMs / 1000),
      unit: 's CPU',
      target: 8,
      ratio: round(simMs / desMs, 1),
    },
    {
      name: `simulate() first run in the process (JIT cold), ${day}`,
      value: round(coldMs / 1000),
      unit: 's CPU',
      target: 8,
    },
    {
      name: `simulate() / minimal simulator CPU, ${ahtS === AHT_S ? 'the day' : 'busy day'} (<= 5x)`,
      value: round(simMs / desMs, 1),
      unit: 'x',
      target: 5,
      higherIsBetter: false,
    },
  ]
  if (ahtS === AHT_S) {
    const peakMb = peakRssMb(options, result.offered)
    rows.push({
      name: `simulate() peak RSS (a process of its own, built runtime), ${day}`,
      value: peakMb,
      unit: 'MB',
      target: 400,
      ratio: round(peakMb / 400),
    })
  }
  return rows
}

/** Peak RSS of a process that only runs this simulate(): the same day, checked by its offered count. */
function peakRssMb(options: object, offered: number): number {
  const script = path.join(import.meta.dirname, 'simulate-rss.mjs')
  const out = execFileSync(process.execPath, [script, JSON.stringify(options)], { encoding: 'utf8' })
  const measured = JSON.parse(out) as { offered: number; maxRssKb: number }
  if (measured.offered !== offered)
    throw new Error(`the RSS run simulated another day: ${measured.offered} offered, not ${offered}`)
  return Math.round(measured.maxRssKb / 1024)
}

export async function runSimulateBench(): Promise<BenchRow[]> {
  return [...runDay(AHT_S), ...runDay(BUSY_AHT_S)]
}
