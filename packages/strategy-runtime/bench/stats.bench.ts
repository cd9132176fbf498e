// Statistics benchmark: how many feed events per second the memory provider ingests (a Stat Server feed reaches
// 70,000 messages/s for 11,000 agents) and how many reads per second the router can make in its hot path.
// Baselines are hand-written loops doing the least work that answers the same question: their ratio is the
// price of computing every statistic over every window.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import {
  createMemoryStatProvider,
  type StatEvent,
  type StatRequest,
  type StatSubject,
} from '@routewright/strategy-runtime'
import { cpuMs } from '../../../bench/result.ts'
import { type BenchRow, gc } from './measure.ts'

/** CPU time of this process in seconds: the machine is shared, so wall time would measure the neighbours. */
function cpuSeconds(): number {
  return cpuMs() / 1000
}

const AGENTS = 11_000
const GROUPS = 110
const EVENTS = 600_000
const FEED_RATE = 70_000 // events per second of simulated time, as the feed the DOMAIN cites

function directoryOf(): DirectoryDocument {
  const dir: DirectoryDocument = { directory: 'bench', format: 1, groups: {}, agents: {}, queues: {} }
  for (let g = 0; g < GROUPS; g++) dir.groups![`g${g}`] = {}
  for (let q = 0; q < GROUPS / 10; q++) {
    dir.queues![`q${q}`] = { groups: Array.from({ length: 10 }, (_, i) => `g${q * 10 + i}`) }
  }
  for (let a = 0; a < AGENTS; a++) dir.agents![`a${a}`] = { groups: [`g${a % GROUPS}`] }
  return dir
}

/** A plausible feed: each call is queued, routed to an agent of its group, completed; agents change state. */
function feedOf(start: number): StatEvent[] {
  const events: StatEvent[] = []
  let seed = 12345
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const queued: Array<{ id: string; agent: string; group: StatSubject }> = []
  const routed: typeof queued = []
  let call = 0
  while (events.length < EVENTS) {
    const at = start + Math.floor((events.length * 1000) / FEED_RATE)
    const r = rnd()
    if (r < 0.3) {
      const agent = `a${Math.floor(rnd() * AGENTS)}`
      const states = ['ready', 'not-ready', 'after-call-work', 'ready'] as const
      events.push({ type: 'agent-state', agent, state: states[Math.floor(rnd() * 4)]!, at })
    } else if (r < 0.55 || queued.length === 0) {
      const g = Math.floor(rnd() * GROUPS)
      const group: StatSubject = { kind: 'group', id: `g${g}` }
      const id = `c${++call}`
      const agent = `a${g + GROUPS * Math.floor(rnd() * (AGENTS / GROUPS))}`
      events.push({ type: 'interaction-queued', interaction: id, targets: [group], media: 'voice', at })
      queued.push({ id, agent, group })
    } else if (r < 0.75 || routed.length === 0) {
      const c = queued.shift()!
      if (rnd() < 0.1) {
        events.push({ type: 'interaction-abandoned', interaction: c.id, targets: [c.group], at })
        continue
      }
      events.push({
        type: 'interaction-routed',
        interaction: c.id,
        agent: c.agent,
        targets: [c.group],
        media: 'voice',
        at,
      })
      routed.push(c)
    } else {
      const c = routed.shift()!
      events.push({ type: 'interaction-completed', interaction: c.id, agent: c.agent, media: 'voice', at })
    }
  }
  return events
}

/** The practical limit of ingestion: one counter per group and agent state in plain maps. */
function baselineIngest(events: StatEvent[]): number {
  const states = new Map<string, string>()
  const waiting = new Map<string, number>()
  const t0 = cpuSeconds()
  for (const e of events) {
    if (e.type === 'agent-state') states.set(e.agent, e.state)
    else if (e.type === 'interaction-queued') {
      const key = e.targets[0]!.id
      waiting.set(key, (waiting.get(key) ?? 0) + 1)
    } else if (e.type === 'interaction-routed' || e.type === 'interaction-abandoned') {
      const key = e.targets[0]!.id
      waiting.set(key, (waiting.get(key) ?? 0) - 1)
    }
  }
  return events.length / (cpuSeconds() - t0)
}

export async function runStatsBench(): Promise<BenchRow[]> {
  const start = Date.UTC(2026, 0, 5, 9)
  let now = start
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} }
  const stats = createMemoryStatProvider({ clock, directory: directoryOf() })
  const events = feedOf(start)

  // warm up the JIT on a copy of the provider so the measured run starts from the same empty state
  const warm = createMemoryStatProvider({ clock, directory: directoryOf() })
  for (let i = 0; i < 50_000; i++) warm.record(events[i]!)

  const t0 = cpuSeconds()
  for (const event of events) {
    now = event.at
    stats.record(event)
  }
  const ingest = events.length / (cpuSeconds() - t0)
  const baseline = baselineIngest(events)

  const requests: StatRequest[] = []
  for (let g = 0; g < GROUPS; g++) {
    const subject: StatSubject = { kind: 'group', id: `g${g}` }
    requests.push({ subject, statistic: 'AgentsReady', window: 'current' })
    requests.push({ subject, statistic: 'ExpectedWaitTime', window: 'current' })
    requests.push({ subject, statistic: 'ServiceLevel(20s)', window: '30m' })
    requests.push({ subject, statistic: 'AverageHandleTime', window: 'since-midnight' })
    requests.push({ subject: { kind: 'agent', id: `a${g * 7}` }, statistic: 'Occupancy', window: 'current' })
    requests.push({
      subject: { kind: 'agent', id: `a${g * 7}` },
      statistic: 'TimeInReadyState',
      window: 'current',
    })
  }
  const READS = 600_000
  let sink = 0
  const r0 = cpuSeconds()
  for (let i = 0; i < READS; i++) sink += stats.read(requests[i % requests.length]!).value
  const reads = READS / (cpuSeconds() - r0)
  // baseline: the same number of lookups of precomputed figures in a map
  const table = new Map(
    requests.map((r, i) => [`${r.subject.kind}:${r.subject.id}|${r.statistic}|${r.window}`, i]),
  )
  const keys = requests.map((r) => `${r.subject.kind}:${r.subject.id}|${r.statistic}|${r.window}`)
  const b0 = cpuSeconds()
  for (let i = 0; i < READS; i++) sink += table.get(keys[i % keys.length]!) ?? 0
  const baselineReads = READS / (cpuSeconds() - b0)
  if (!Number.isFinite(sink)) throw new Error('reads returned a non-finite figure')

  const rows: BenchRow[] = [
    {
      name: 'memory stats: events ingested (11,000 agents)',
      value: ingest,
      unit: 'events/s',
      target: FEED_RATE,
      ratio: ingest / baseline,
    },
    {
      name: 'memory stats: reads (current, 30m, since-midnight)',
      value: reads,
      unit: 'reads/s',
      target: 200_000,
      ratio: reads / baselineReads,
    },
  ]
  for (const row of rows) {
    console.log(
      `${row.name}: ${Math.round(row.value).toLocaleString('en')} ${row.unit} (target ${row.target.toLocaleString('en')}, ${(row.ratio ?? 0).toFixed(2)}x the hand-written baseline)`,
    )
  }
  return rows
}

/** Bytes of heap and of array buffers (the answer logs' rings) in use after a full collection. */
function heapAndBuffers(): number {
  gc()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

const DAY_AGENTS = 2_000
const DAY_GROUPS = 20
const CYCLE_S = 240 // an agent's call cycle: 10 s waiting, 180 s talking, 30 s after-call work, 20 s ready
const DAY_HOURS = 27 // past the 26 h the windows may reach back, so the oldest rows have gone too

/**
 * A busy day: every agent takes a call every 4 minutes for 27 simulated hours (1.6 million calls), then the figure
 * is what the provider keeps for its windows per agent (retained(): numbers x 8 bytes) and its heap per agent: what a
 * Stat Server running for weeks holds, bounded by subjects x quarter hours rather than by calls.
 */
export async function runStatsBusyDayBench(): Promise<BenchRow[]> {
  const start = Date.UTC(2026, 0, 5, 0)
  let now = start
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} }
  const dir: DirectoryDocument = { directory: 'busy-day', format: 1, groups: {}, agents: {}, queues: {} }
  for (let g = 0; g < DAY_GROUPS; g++) dir.groups![`g${g}`] = {}
  dir.queues!.q0 = { groups: Array.from({ length: DAY_GROUPS }, (_, g) => `g${g}`) }
  const byPhase: string[][] = Array.from({ length: CYCLE_S }, () => [])
  for (let a = 0; a < DAY_AGENTS; a++) {
    dir.agents![`a${a}`] = { groups: [`g${a % DAY_GROUPS}`] }
    byPhase[(a * 7) % CYCLE_S]!.push(`a${a}`)
  }
  const heapBefore = heapAndBuffers()
  const stats = createMemoryStatProvider({ clock, directory: dir })
  for (let a = 0; a < DAY_AGENTS; a++)
    stats.record({ type: 'agent-state', agent: `a${a}`, state: 'ready', at: now })
  const targetsOf = (agent: string): StatSubject[] => [
    { kind: 'queue', id: 'q0' },
    { kind: 'group', id: `g${Number(agent.slice(1)) % DAY_GROUPS}` },
  ]
  const phase = (s: number, back: number) => byPhase[(((s - back) % CYCLE_S) + CYCLE_S) % CYCLE_S]!
  let calls = 0
  const t0 = cpuSeconds()
  for (let s = 0; s < DAY_HOURS * 3600; s++) {
    now = start + s * 1000
    const cycle = Math.floor(s / CYCLE_S)
    for (const agent of phase(s, 0)) {
      const id = `${agent}.${cycle}`
      stats.record({
        type: 'interaction-queued',
        interaction: id,
        targets: targetsOf(agent),
        media: 'voice',
        at: now,
      })
      calls++
    }
    if (s >= 10)
      for (const agent of phase(s, 10)) {
        const id = `${agent}.${Math.floor((s - 10) / CYCLE_S)}`
        stats.record({
          type: 'interaction-routed',
          interaction: id,
          agent,
          targets: targetsOf(agent),
          media: 'voice',
          at: now,
        })
      }
    if (s >= 190)
      for (const agent of phase(s, 190)) {
        const id = `${agent}.${Math.floor((s - 190) / CYCLE_S)}`
        stats.record({ type: 'interaction-completed', interaction: id, agent, media: 'voice', at: now })
        stats.record({ type: 'agent-state', agent, state: 'after-call-work', at: now })
      }
    if (s >= 220)
      for (const agent of phase(s, 220)) stats.record({ type: 'agent-state', agent, state: 'ready', at: now })
  }
  const cpu = cpuSeconds() - t0
  const kept = stats.retained()
  const heapPerAgent = (heapAndBuffers() - heapBefore) / DAY_AGENTS
  const bytesPerAgent = (kept.numbers * 8) / DAY_AGENTS
  console.log(
    `memory stats busy day: ${calls.toLocaleString('en')} calls in ${cpu.toFixed(1)} s CPU; kept ${kept.timelineRows.toLocaleString('en')} timeline rows (${kept.agentRows.toLocaleString('en')} of agents), ${kept.seriesRows.toLocaleString('en')} series rows, ${kept.loggedAnswers.toLocaleString('en')} logged answers: ${Math.round(bytesPerAgent).toLocaleString('en')} B of numbers and ${Math.round(heapPerAgent).toLocaleString('en')} B of heap per agent`,
  )
  return [
    {
      name: 'memory stats: window numbers kept per agent after a busy 27 h (2,000 agents, a call / 4 min)',
      value: bytesPerAgent,
      unit: 'B',
      target: 16_000,
      higherIsBetter: false,
    },
    {
      name: "memory stats: rows of an agent's own timeline after a busy 27 h",
      value: kept.agentRows / DAY_AGENTS,
      unit: 'rows',
      target: 250,
      higherIsBetter: false,
    },
    {
      name: 'memory stats: heap and array buffers per agent after a busy 27 h (provider, after a full collection)',
      value: heapPerAgent,
      unit: 'B',
      target: 50_000,
      higherIsBetter: false,
    },
  ]
}
