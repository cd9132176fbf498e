// Every pick rule at scale: 25,000 ready agents in one group, decisions per CPU-second for each rule (a decision
// here is the whole turn: arrival, selection, reservation, confirm, complete, the agent ready again).
// Statistics come from a table provider (a remote provider's cache: reads are lookups), so the figure measures
// the selection's indexes, not the computing of figures.
import type { DirectoryDocument, PickRule, StrategyDocument } from '@routewright/strategy-dsl'
import {
  createRouter,
  createSeededRandom,
  createSimulatedClock,
  type RouterEvent,
  type StatEvent,
  type StatProvider,
} from '@routewright/strategy-runtime'
import { type BenchRow, perCpuSecond } from './measure.ts'

const AGENTS = 25_000

function tableProvider(): StatProvider & { record(event: StatEvent): void } {
  const handled = new Map<string, number>()
  const occupancy = new Map<string, number>()
  const random = createSeededRandom(3)
  return {
    name: 'table',
    read(request) {
      const id = request.subject.id
      if (request.statistic === 'Occupancy') {
        let v = occupancy.get(id)
        if (v === undefined) {
          v = random.next()
          occupancy.set(id, v)
        }
        return { value: v, asOf: 0 }
      }
      return { value: handled.get(id) ?? 0, asOf: 0 }
    },
    agentStatus: () => undefined,
    subscribe: () => () => {},
    record(event) {
      if (event.type === 'interaction-completed') {
        handled.set(event.agent, (handled.get(event.agent) ?? 0) + 1)
        occupancy.set(event.agent, random.next())
      }
    },
  }
}

function decisions(pick: PickRule, budgetMs: number): number {
  const agents: NonNullable<DirectoryDocument['agents']> = {}
  for (let a = 0; a < AGENTS; a++) agents[`a${a}`] = { groups: ['all'] }
  const directory: DirectoryDocument = { directory: 'pick', format: 1, groups: { all: {} }, agents }
  const strategy: StrategyDocument = {
    strategy: 'pick',
    format: 1,
    start: 't',
    nodes: { t: { type: 'target', targets: [{ group: 'all' }], pick } },
  }
  const clock = createSimulatedClock(0)
  let routed: Extract<RouterEvent, { type: 'routed' }> | undefined
  const router = createRouter({
    strategies: [strategy],
    directory,
    stats: tableProvider(),
    clock,
    random: createSeededRandom(1),
    onEvent: (e) => {
      if (e.type === 'routed') routed = e
    },
    limits: { keptFinished: 100 },
  })
  for (let a = 0; a < AGENTS; a++) {
    clock.advance(1)
    router.agentEvent({ agent: `a${a}`, state: 'ready' })
  }
  let n = 0
  const rate = perCpuSecond(budgetMs, () => {
    clock.advance(1)
    const id = `x${n++}`
    routed = undefined
    router.submit({ id, strategy: 'pick' })
    if (!routed) throw new Error(`${JSON.stringify(pick)}: no agent chosen among ${AGENTS} ready`)
    router.confirmReservation(id)
    router.complete(id)
  })
  router.stop()
  return rate
}

const RULES: Array<[string, PickRule]> = [
  ['longest-idle', 'longest-idle'],
  ['least-occupied', 'least-occupied'],
  ['random', 'random'],
  ['round-robin', 'round-robin'],
  ['min InteractionsHandled', { min: 'InteractionsHandled' }],
  ['max InteractionsHandled', { max: 'InteractionsHandled' }],
]

export async function runPickRulesBench(options: { budgetMs?: number } = {}): Promise<BenchRow[]> {
  const budget = options.budgetMs ?? 1500
  decisions('longest-idle', 200) // warm the JIT
  return RULES.map(([name, rule]) => {
    const value = decisions(rule, budget)
    return {
      name: `pick rule ${name}, ${AGENTS.toLocaleString('en-US')} ready agents in one group`,
      value: Math.round(value),
      unit: 'decisions/s',
      target: 10_000,
      ratio: Math.round((value / 10_000) * 100) / 100,
    }
  })
}
