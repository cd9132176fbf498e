// What handing the memory provider's windows to the next routing process costs (serve --redis writes them about once
// a second while they change): export + JSON of 100 agents after 10 minutes at 1,000 interactions/s (the serve
// bench's load), and the size written. The writer yields to routing every 2 ms between subjects.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import { createMemoryStatProvider, type StatSubject } from '@routewright/strategy-runtime'
import { type BenchRow, cpu, round } from './measure.ts'

const AGENTS = 100
const RATE = 1000
const SECONDS = 600

export async function runWindowSnapshotBench(): Promise<BenchRow[]> {
  const directory: DirectoryDocument = {
    directory: 'bench',
    format: 1,
    groups: { g0: {}, g1: {} },
    queues: { q: { groups: ['g0', 'g1'] } },
    agents: {},
  }
  for (let a = 0; a < AGENTS; a++) directory.agents![`a${a}`] = { groups: [`g${a % 2}`] }
  const start = Date.UTC(2026, 10, 25, 10)
  let now = start
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} }
  const stats = createMemoryStatProvider({ clock, directory })
  const queue: StatSubject[] = [{ kind: 'queue', id: 'q' }]
  for (let a = 0; a < AGENTS; a++)
    stats.record({ type: 'agent-state', agent: `a${a}`, state: 'ready', at: start })
  stats.read({ subject: queue[0]!, statistic: 'ServiceLevel(20s)', window: '15m' })
  for (let i = 0; i < SECONDS * RATE; i++) {
    now = start + Math.floor((i * 1000) / RATE)
    const agent = `a${i % AGENTS}`
    stats.record({
      type: 'interaction-queued',
      interaction: `i${i}`,
      targets: queue,
      media: 'voice',
      at: now,
    })
    stats.record({
      type: 'interaction-routed',
      interaction: `i${i}`,
      agent,
      targets: queue,
      media: 'voice',
      at: now,
    })
    if (i >= AGENTS) {
      const done = i - AGENTS
      stats.record({
        type: 'interaction-completed',
        interaction: `i${done}`,
        agent: `a${done % AGENTS}`,
        media: 'voice',
        at: now,
      })
    }
  }
  const runs: number[] = []
  let bytes = 0
  for (let run = 0; run < 5; run++) {
    const before = cpu()
    let size = 0
    // what the writer does, subject by subject (it yields to routing every 2 ms between subjects)
    for (const [key, windows] of stats.windowEntries())
      size += JSON.stringify(key).length + JSON.stringify(windows).length + 2
    runs.push(cpu() - before)
    bytes = size
  }
  runs.sort((a, b) => a - b)
  return [
    {
      name: 'windows snapshot: export + JSON, 100 agents, 10 min at 1,000/s (CPU, median of 5)',
      value: round(runs[2]!, 1),
      unit: 'ms',
      target: 100,
    },
    { name: 'windows snapshot: size written to Redis', value: round(bytes / 1e6, 2), unit: 'MB', target: 2 },
  ]
}
