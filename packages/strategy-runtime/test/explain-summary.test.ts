// Summary explanations (RouterLimits.explainSummary, simulate's `explanations: 'summary'`): the same node, rule,
// winner and reason as a listed explanation, how many candidates it weighed in place of the list, and the same routing.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  createRouter,
  createSimulatedClock,
  type Explanation,
  type SimulationOptions,
  simulate,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

/** A pool of `agents` (over 32: too large to list whole, so the usual longest-idle decision summarises). */
function pool(agents: number): { directory: DirectoryDocument; strategy: StrategyDocument } {
  const directory: DirectoryDocument = {
    directory: 'pool',
    format: 1,
    groups: { pool: {} },
    agents: Object.fromEntries(
      Array.from({ length: agents }, (_, i) => [`p${i}`, { groups: ['pool'], capacity: { voice: 1 } }]),
    ),
  }
  const strategy = {
    strategy: 'pool',
    format: 1,
    start: 'pick',
    nodes: {
      pick: { type: 'target', targets: [{ group: 'pool' }], wait: '2m', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'default-route' },
    },
  } as unknown as StrategyDocument
  return { directory, strategy }
}

/** Each routed interaction's explanation (the last, a reservation refused routes again) and the run's result. */
function routedDay(agents: number, explanations: 'full' | 'summary') {
  const { directory, strategy } = pool(agents)
  const routed = new Map<string, Explanation>()
  const options: SimulationOptions = {
    strategy: 'pool',
    strategies: [strategy],
    directory,
    // about 1.1 agents' worth of load more than the pool: queues build and drain, so agents free up for waiting calls
    arrivalsPerHour: (agents + 1) * 20,
    ahtSeconds: 180,
    durationHours: 4,
    patienceSeconds: 120,
    seed: 7,
    explanations,
    onEvent: (event) => {
      if (event.type === 'routed') routed.set(event.interaction, event.explanation)
    },
  }
  return { result: simulate(options), routed }
}

describe('summary explanations', () => {
  it('give the listed explanation’s node, rule, winner and reason, and its length as `weighed`, routing alike', () => {
    const full = routedDay(40, 'full')
    const summary = routedDay(40, 'summary')
    expect(summary.result).toEqual(full.result)
    expect([...summary.routed.keys()]).toEqual([...full.routed.keys()])
    const weighed = new Set<number>()
    let firstInLine = 0
    for (const [id, listed] of full.routed) {
      const s = summary.routed.get(id) as Explanation
      const { candidates, ...rest } = listed
      expect(s).toEqual({ ...rest, candidates: [], weighed: candidates.length })
      weighed.add(s.weighed as number)
      if (s.reason.includes('was first in line')) firstInLine++
    }
    // decisions among many ready agents and among one, on arrival and when an agent freed up for a waiting call
    expect(weighed.has(5) && weighed.has(1)).toBe(true)
    expect(firstInLine).toBeGreaterThan(0)
  })

  it('list the candidates where the decision is not the usual one (a pool small enough to list whole)', () => {
    const { routed } = routedDay(6, 'summary')
    expect(routed.size).toBeGreaterThan(0)
    for (const e of routed.values()) {
      expect(e.weighed).toBeUndefined()
      expect(e.candidates.length).toBeGreaterThan(0)
    }
  })

  it('are a router limit: the trace keeps the summary, and the default lists the candidates', () => {
    const { directory, strategy } = pool(40)
    const explanationOf = (explainSummary?: boolean) => {
      const clock = createSimulatedClock(Date.UTC(2026, 0, 5, 9))
      const router = createRouter({
        strategies: [strategy],
        directory,
        clock,
        ...(explainSummary === undefined ? {} : { limits: { explainSummary } }),
      })
      for (let i = 0; i < 40; i++) router.agentEvent({ agent: `p${i}`, state: 'ready', media: 'voice' })
      clock.advance(1500)
      router.submit({ id: 'c1', strategy: 'pool', media: 'voice' })
      const entry = router.trace('c1')?.find((e) => e.kind === 'selection')
      return entry?.value as Explanation
    }
    const listed = explanationOf()
    expect(listed.candidates).toHaveLength(5)
    expect(explanationOf(false)).toEqual(listed)
    expect(explanationOf(true)).toEqual({ ...listed, candidates: [], weighed: 5 })
  })

  it('refuses an unknown explanations option', () => {
    const { directory, strategy } = pool(40)
    expect(() =>
      simulate({
        strategy: 'pool',
        strategies: [strategy],
        directory,
        arrivalsPerHour: 100,
        ahtSeconds: 60,
        durationHours: 2,
        explanations: 'short' as 'summary',
      }),
    ).toThrow(/explanations must be 'full' or 'summary', got "short"/)
  })
})
