import type { Scenario, StrategyDocument, TargetNode } from '@routewright/strategy-dsl'
import { runScenario } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { UNEXPLAINED } from '../src/selection/select.ts'
import { makeDirectory, makeStrategy, setup } from './fixtures.ts'

const directory = makeDirectory()

function target(node: Partial<TargetNode>, scenario: Partial<Scenario>) {
  const doc: StrategyDocument = {
    strategy: 'pick',
    format: 1,
    start: 't',
    nodes: {
      t: { type: 'target', targets: [{ queue: 'general' }], wait: '10s', next: { timeout: 'out' }, ...node },
      out: { type: 'end', outcome: 'reject' },
    },
  }
  return runScenario({ name: 'p', expect: {}, ...scenario }, 'pick', {
    strategies: new Map([['pick', doc]]),
    directory,
  })
}

const allReady = {
  a1: { state: 'ready', since: '10s' },
  a2: { state: 'ready', since: '30s' },
  a3: { state: 'ready', since: '20s' },
} as const

describe('pick rules', () => {
  it('longest idle picks the earliest ready and ranks the rest', () => {
    const r = target({ pick: 'longest-idle' }, { agents: allReady })
    expect(r.agent).toBe('a2')
    expect(r.explanation?.candidates.filter((c) => c.rank).map((c) => c.agent)).toEqual(['a2', 'a3', 'a1'])
    expect(r.explanation?.candidates.find((c) => c.agent === 'a2')?.values.TimeInReadyState).toBe(30)
  })

  it('least occupied picks the lowest Occupancy', () => {
    const agents = {
      a1: { state: 'ready', occupancy: 0.2 },
      a2: { state: 'ready', occupancy: 0.9 },
      a3: { state: 'ready', occupancy: 0.5 },
    } as const
    const r = target({ pick: 'least-occupied' }, { agents })
    expect(r.agent).toBe('a1')
    expect(r.explanation?.candidates.find((c) => c.agent === 'a2')?.values.Occupancy).toBe(0.9)
    expect(r.explanation?.reason).toContain('lowest Occupancy')
  })

  it.each([
    [{ min: 'InteractionsHandled' }, 'a3'],
    [{ max: 'InteractionsHandled' }, 'a2'],
  ] as const)('%o picks by a named statistic', (pick, winner) => {
    const stats = {
      'agent:a1': { InteractionsHandled: 5 },
      'agent:a2': { InteractionsHandled: 9 },
      'agent:a3': { InteractionsHandled: 1 },
    }
    expect(target({ pick }, { agents: allReady, stats }).agent).toBe(winner)
  })

  it('random is seeded: the same seed gives the same agent, different seeds spread', () => {
    const winners = Array.from(
      { length: 30 },
      (_, seed) => target({ pick: 'random' }, { agents: allReady, seed }).agent,
    )
    expect(new Set(winners).size).toBe(3)
    expect(
      Array.from({ length: 30 }, (_, seed) => target({ pick: 'random' }, { agents: allReady, seed }).agent),
    ).toEqual(winners)
  })

  it('round robin walks the agents in directory order', () => {
    const s = makeStrategy({ t: { type: 'target', targets: [{ queue: 'general' }], pick: 'round-robin' } })
    const { router, of, ready } = setup([s])
    ready('a1', 'a2', 'a3')
    const chosen: string[] = []
    for (let i = 0; i < 4; i++) {
      router.submit({ id: `c${i}`, strategy: 'test' })
      const agent = of('routed', `c${i}`)[0]!.agent
      chosen.push(agent)
      router.confirmReservation(`c${i}`)
      router.complete(`c${i}`)
    }
    expect(chosen).toEqual(['a1', 'a2', 'a3', 'a1'])
  })

  it('a threshold excludes agents and says so', () => {
    const agents = {
      a1: { state: 'ready', since: '30s', occupancy: 0.95 },
      a2: { state: 'ready', occupancy: 0.1 },
    } as const
    const r = target({ threshold: 'agent.occupancy < 0.85' }, { agents })
    expect(r.agent).toBe('a2')
    expect(r.explanation?.candidates.find((c) => c.agent === 'a1')?.excluded).toBe('below-threshold')
  })

  it('skill targets match agents by expression and list who lacks the skill', () => {
    const r = target(
      { targets: [{ skill: 'skills.vip >= 5' }] },
      { agents: { a1: 'ready', a2: 'ready', a4: { state: 'ready', since: '5s' } } },
    )
    expect(r.agent).toBe('a4')
    expect(r.target).toBe('skill:skills.vip >= 5')
    const c = r.explanation?.candidates ?? []
    expect(c.find((x) => x.agent === 'a2')?.excluded).toBe('skill-mismatch')
  })

  it('an agent one skill target lacks can still come in through another', () => {
    const r = target(
      { targets: [{ skill: 'skills.vip >= 8' }, { skill: 'skills.english >= 5' }] },
      { agents: { a1: 'ready', a2: 'ready' } },
    )
    expect(r.agent).toBe('a1')
    expect(r.explanation?.candidates.find((c) => c.agent === 'a2')?.excluded).toBe('skill-mismatch')
  })

  it('lists not-ready and full agents as exclusions', () => {
    const r = target(
      {},
      { agents: { a1: 'ready', a2: 'not-ready', a3: { state: 'ready', load: { voice: 1 } } } },
    )
    const byAgent = Object.fromEntries(
      (r.explanation?.candidates ?? []).map((c) => [c.agent, c.excluded ?? 'eligible']),
    )
    expect(byAgent).toEqual({ a1: 'eligible', a2: 'not-ready', a3: 'no-capacity' })
  })

  it.each([5, 1])(
    'longest idle in a large pool explains the same whether or not a threshold is judged (%i listed)',
    (limit) => {
      // 40 agents in one group: too many to list whole, so a decision without a threshold takes the short path
      const agents: NonNullable<ReturnType<typeof makeDirectory>['agents']> = {}
      for (let i = 0; i < 40; i++) agents[`b${i}`] = { groups: ['big'] }
      const big = makeDirectory({ groups: { big: {} }, queues: {}, agents })
      const explain = (threshold: string | undefined) => {
        const s = makeStrategy({
          t: { type: 'target', targets: [{ group: 'big' }], ...(threshold ? { threshold } : {}) },
        })
        const h = setup([s], { directory: big, limits: { explainCandidates: limit } })
        // ready one after the other, b0 first: b0 has been idle longest, then b1, b2 ...
        for (let i = 0; i < 40; i++) {
          h.ready(`b${i}`)
          h.clock.advance(1000)
        }
        h.router.submit({ id: 'c1', strategy: 'test' })
        return h.of('routed', 'c1')[0]?.explanation
      }
      const plain = explain(undefined)
      expect(plain).toEqual(explain('agent.readyFor >= 0.0'))
      expect(plain?.winner).toBe('b0')
      expect(plain?.candidates.map((c) => [c.agent, c.rank, c.values.TimeInReadyState])).toEqual(
        [
          ['b0', 1, 40],
          ['b1', 2, 39],
          ['b2', 3, 38],
          ['b3', 4, 37],
          ['b4', 5, 36],
        ].slice(0, limit),
      )
      expect(plain?.reason).toBe(
        limit === 1
          ? 'b0 has been idle longest (40s) as the only eligible candidate'
          : 'b0 has been idle longest (40s) ahead of 4 other eligible candidates',
      )
    },
  )
  it('explainCandidates 0 names the winner but lists and reasons nothing, on the short and the general path', () => {
    // a host that reads no explanation (a simulation without listeners): the same winner, no per-call text
    const agents: NonNullable<ReturnType<typeof makeDirectory>['agents']> = {}
    for (let i = 0; i < 40; i++) agents[`b${i}`] = { groups: ['big'] }
    const big = makeDirectory({ groups: { big: {} }, queues: {}, agents })
    const routed = (limit: number, threshold: string | undefined) => {
      const s = makeStrategy({
        t: { type: 'target', targets: [{ group: 'big' }], ...(threshold ? { threshold } : {}) },
      })
      const h = setup([s], { directory: big, limits: { explainCandidates: limit } })
      for (let i = 0; i < 40; i++) {
        h.ready(`b${i}`)
        h.clock.advance(1000)
      }
      h.router.submit({ id: 'c1', strategy: 'test' })
      return h.of('routed', 'c1')[0]
    }
    for (const threshold of [undefined, 'agent.readyFor >= 0.0']) {
      const quiet = routed(0, threshold)
      expect(quiet?.agent).toBe(routed(1, threshold)?.agent)
      expect(quiet?.explanation).toEqual({
        node: 't',
        rule: 'longest idle',
        candidates: [],
        reason: UNEXPLAINED,
        winner: 'b0',
      })
    }
  })
})
