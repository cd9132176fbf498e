// One page of GET /v1/waiting and /v1/agents at issue #7's scale (50,000 agents, 20,000 waiting, one process): the
// routing thread's CPU for the coordinator's answer and its JSON, the default page (500) and one from a cursor.
import { parseDirectory, parseStrategy } from '@routewright/strategy-dsl'
import { type BenchFigure, cpuMs, median } from '../../../bench/result.ts'
import { readAgentCursor, readWaitingCursor } from '../src/core/list-page.ts'
import { createLocalCoordinator } from '../src/core/local-coordinator.ts'

const AGENTS = 50_000
const WAITING = 20_000

function directoryText(): string {
  const lines = ['directory: paging', 'format: 1', 'groups:', '  support: { title: Support }', 'agents:']
  for (let a = 0; a < AGENTS; a++) lines.push(`  a${a}: { groups: [support], capacity: { voice: 1 } }`)
  lines.push('destinations:', '  voicemail: { type: routing-point, address: "7000" }')
  return `${lines.join('\n')}\n`
}

const STRATEGY = `strategy: support
format: 1
start: pick
nodes:
  pick:
    type: target
    targets: [{ group: support }]
    wait: 1h
    next: { timeout: done, error: done }
  done: { type: route, destination: voicemail }
`

/** Median CPU ms of 7 answers of `answer`, each with its JSON, after 2 to warm up. */
async function answerMs(answer: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let round = 0; round < 9; round++) {
    const before = cpuMs()
    JSON.stringify(await answer())
    if (round >= 2) times.push(cpuMs() - before)
  }
  return median(times)
}

export async function runListPageBench(): Promise<BenchFigure[]> {
  const c = createLocalCoordinator()
  const strategy = parseStrategy(STRATEGY)
  await c.deploy({
    version: 'v1',
    strategies: new Map([[strategy.strategy, strategy]]),
    directory: parseDirectory(directoryText()),
  })
  // nobody is ready: every interaction waits; a few priorities so the line is not arrival order
  for (let i = 0; i < WAITING; i++)
    await c.submit({ id: `w${i}`, strategy: 'support', ...(i % 10 === 0 ? { priority: 5 } : {}) })
  const firstWaiting = await c.waitingPage({ limit: 500 })
  const firstAgents = await c.agentsPage({ limit: 500 })
  const waitingAfter = readWaitingCursor(firstWaiting.next!)!
  const agentsAfter = readAgentCursor(firstAgents.next!)!
  const figures: Array<[string, () => Promise<unknown>]> = [
    ['waiting, first page of 500', () => c.waitingPage({ limit: 500 })],
    ['waiting, page of 500 after a cursor', () => c.waitingPage({ limit: 500, after: waitingAfter })],
    ['agents, first page of 500', () => c.agentsPage({ limit: 500 })],
    ['agents, page of 500 after a cursor', () => c.agentsPage({ limit: 500, after: agentsAfter })],
  ]
  const out: BenchFigure[] = []
  for (const [name, answer] of figures)
    out.push({
      name: `GET /v1/${name} (${AGENTS} agents, ${WAITING} waiting): answer + JSON`,
      value: await answerMs(answer),
      unit: 'ms',
      // a poll every second by a few dashboards should not show in routing latency
      target: 10,
    })
  c.stop()
  return out
}
