// The routing process's statistics windows export (redis-windows.ts writes it to Redis about once a second): CPU per
// write over 3,300 agents after two minutes at 1,000 interactions/s, with the parts of unchanged subjects reused
// (createWindowReuse, their JSON kept) beside a full export of the same provider, interleaved in this process.
import {
  createMemoryStatProvider,
  createSimulatedClock,
  createWindowReuse,
  type MemoryStatProvider,
  type StatSubject,
  type SubjectWindows,
  type WindowReuse,
} from '@routewright/strategy-runtime'
import { type BenchFigure, cpuMs, median } from '../../../bench/result.ts'

const AGENTS = 3300
const RATE = 1000
const support: StatSubject = { kind: 'group', id: 'support' }

/** A provider of AGENTS ready agents in one group, and a function playing one second of traffic on it. */
function traffic() {
  const clock = createSimulatedClock(Date.UTC(2026, 10, 30, 9))
  const agents = Object.fromEntries(
    Array.from({ length: AGENTS }, (_, i) => [`a${i}`, { groups: ['support'] }]),
  )
  const stats = createMemoryStatProvider({
    clock,
    directory: { directory: 'bench', format: 1, groups: { support: {} }, agents },
  })
  for (let i = 0; i < AGENTS; i++)
    stats.record({ type: 'agent-state', agent: `a${i}`, state: 'ready', at: clock.now() })
  let n = 0
  /** One second: RATE interactions, each answered by the next agent, the one before it completed. */
  function second(): void {
    for (let k = 0; k < RATE; k++) {
      clock.advance(1000 / RATE)
      const now = clock.now()
      const agent = `a${n % AGENTS}`
      const id = `i${n++}`
      stats.record({
        type: 'interaction-queued',
        interaction: id,
        targets: [support],
        media: 'voice',
        at: now,
      })
      stats.record({
        type: 'interaction-routed',
        interaction: id,
        agent,
        targets: [support],
        media: 'voice',
        at: now,
      })
      if (n > 1) {
        const before = n - 2
        stats.record({
          type: 'interaction-completed',
          interaction: `i${before}`,
          agent: `a${before % AGENTS}`,
          media: 'voice',
          at: now,
        })
      }
    }
  }
  return { stats, second }
}

/** The windows' JSON as redis-windows.ts builds it; with `reuse`, texts of reused parts come from `texts`. */
function write(
  stats: MemoryStatProvider,
  reuse?: WindowReuse,
  texts?: WeakMap<SubjectWindows, string>,
): number {
  const subjects: string[] = []
  for (const [subject, windows] of stats.windowEntries(reuse ? { reuse } : {})) {
    let text = texts?.get(windows)
    if (text === undefined) {
      text = `${JSON.stringify(subject)}:${JSON.stringify(windows)}`
      texts?.set(windows, text)
    }
    subjects.push(text)
  }
  return subjects.join(',').length
}

export async function runRedisWindowsBench(): Promise<BenchFigure[]> {
  const { stats, second } = traffic()
  for (let s = 0; s < 120; s++) second()
  const reuse = createWindowReuse()
  const texts = new WeakMap<SubjectWindows, string>()
  write(stats, reuse, texts)
  const full: number[] = []
  const reused: number[] = []
  let bytes = 0
  for (let round = 0; round < 10; round++) {
    second()
    // interleaved, each order half the time: the second export of a round finds the heap the first left
    for (const kind of round % 2 === 0 ? ['reused', 'full'] : ['full', 'reused']) {
      const before = cpuMs()
      bytes = kind === 'full' ? write(stats) : write(stats, reuse, texts)
      ;(kind === 'full' ? full : reused).push(cpuMs() - before)
    }
  }
  return [
    {
      // 50 ms a write at one write a second is the writer's own budget: 5 % of the routing thread (redis-windows.ts)
      name: `redis windows: export + JSON per write, ${AGENTS} agents after 2 min at ${RATE}/s, unchanged subjects reused (${Math.round(bytes / 1024)} KB)`,
      value: median(reused),
      unit: 'ms CPU',
      target: 50,
      ratio: median(reused) / median(full),
    },
  ]
}
