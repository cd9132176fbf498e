// simulate() of a 1,000-agent, 8-hour day (about 300,000 calls) against a minimal discrete-event simulator of the
// same model written here (Poisson arrivals, exponential handle times, one queue, the longest idle agent):
// CPU seconds, peak RSS, and the ratio of the two CPU times.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { createSeededRandom, simulate } from '@routewright/strategy-runtime'
import { BinaryHeap } from '../src/util/binary-heap.ts'
import { type BenchRow, cpu, gc, round } from './measure.ts'

const AGENTS = 1_000
const HOURS = 8
const AHT_S = 85
const PER_HOUR = 37_500 // 300,000 calls in 8 hours, 885 Erlangs on 1,000 agents

function exponential(random: { next(): number }, mean: number): number {
  return -mean * Math.log(1 - random.next())
}

/** The same model by hand: an event heap, a FIFO queue, idle agents ordered by when they became idle. */
function minimalDes(): { calls: number; answered: number } {
  const random = createSeededRandom(1)
  interface Ev {
    at: number
    seq: number
    kind: 0 | 1
    agent: number
  }
  const events = new BinaryHeap<Ev>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq))
  const idle = new BinaryHeap<{ agent: number; since: number }>(
    (a, b) => a.since < b.since || (a.since === b.since && a.agent < b.agent),
  )
  for (let a = 0; a < AGENTS; a++) idle.push({ agent: a, since: 0 })
  const queue: number[] = []
  let head = 0
  let seq = 0
  let calls = 0
  let answered = 0
  const end = HOURS * 3_600_000
  events.push({ at: exponential(random, 3_600_000 / PER_HOUR), seq: seq++, kind: 0, agent: -1 })
  const serve = (agent: number, at: number) => {
    answered++
    events.push({ at: at + exponential(random, AHT_S * 1000), seq: seq++, kind: 1, agent })
  }
  for (;;) {
    const ev = events.pop()
    if (!ev) break
    if (ev.kind === 0) {
      if (ev.at >= end) continue
      calls++
      const free = idle.pop()
      if (free) serve(free.agent, ev.at)
      else queue.push(ev.at)
      events.push({ at: ev.at + exponential(random, 3_600_000 / PER_HOUR), seq: seq++, kind: 0, agent: -1 })
    } else if (head < queue.length) {
      head++
      serve(ev.agent, ev.at)
    } else idle.push({ agent: ev.agent, since: ev.at })
  }
  return { calls, answered }
}

export async function runSimulateBench(): Promise<BenchRow[]> {
  const agents: NonNullable<DirectoryDocument['agents']> = {}
  for (let a = 0; a < AGENTS; a++) agents[`a${a}`] = { groups: ['pool'] }
  const directory: DirectoryDocument = { directory: 'day', format: 1, groups: { pool: {} }, agents }
  const strategy: StrategyDocument = {
    strategy: 'pool',
    format: 1,
    start: 't',
    nodes: { t: { type: 'target', targets: [{ group: 'pool' }], pick: 'longest-idle' } },
  }
  const t0 = cpu()
  const des = minimalDes()
  const desMs = cpu() - t0
  gc()
  let peak = process.memoryUsage().rss
  const t1 = cpu()
  const result = simulate({
    strategy: 'pool',
    strategies: [strategy],
    directory,
    arrivalsPerHour: PER_HOUR,
    ahtSeconds: AHT_S,
    durationHours: HOURS,
    warmupHours: 0.5,
    seed: 1,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss)
    },
  })
  const simMs = cpu() - t1
  peak = Math.max(peak, process.memoryUsage().rss)
  if (result.offered < 250_000 || des.calls < 280_000)
    throw new Error(`too few calls: ${result.offered}, ${des.calls}`)
  const label = `${AGENTS.toLocaleString('en-US')} agents, ${HOURS} h, ${des.calls.toLocaleString('en-US')} calls`
  return [
    {
      name: `minimal discrete-event simulator, ${label}`,
      value: round(desMs / 1000),
      unit: 's CPU',
      target: 8,
    },
    {
      name: `simulate() ${label}`,
      value: round(simMs / 1000),
      unit: 's CPU',
      target: 8,
      ratio: round(simMs / desMs, 1),
    },
    {
      name: 'simulate() / minimal simulator CPU (<= 5x)',
      value: round(simMs / desMs, 1),
      unit: 'x',
      target: 5,
      higherIsBetter: false,
    },
    {
      name: `simulate() peak RSS, ${label}`,
      value: Math.round(peak / 2 ** 20),
      unit: 'MB',
      target: 400,
      ratio: round(peak / 2 ** 20 / 400),
    },
  ]
}
