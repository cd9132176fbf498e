// simulate()'s per-agent figures: who answered the measured calls, so a strategy that routes to a few of the agents
// shows it (Erlang pools them all) and the spread of the work can be read from one run.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { agentSpread, simulate } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const agents = Object.fromEntries(
  Array.from({ length: 14 }, (_, i) => [`a${i + 1}`, { groups: i < 5 ? ['sales', 'all'] : ['all'] }]),
)
const directory: DirectoryDocument = { directory: 'floor', format: 1, groups: { sales: {}, all: {} }, agents }
const strategyTo = (group: string) =>
  ({
    strategy: 'inbound',
    format: 1,
    start: 'pick',
    nodes: { pick: { type: 'target', targets: [{ group }], pick: 'longest-idle' } },
  }) as unknown as StrategyDocument

const day = (group: string, countAgents = true) =>
  simulate({
    countAgents,
    strategy: 'inbound',
    strategies: [strategyTo(group)],
    directory,
    arrivalsPerHour: 120,
    ahtSeconds: 120,
    durationHours: 8,
    seed: 3,
  })

describe('simulate: each agent answered calls', () => {
  it('lists every agent, and their calls and handling add up to the run', () => {
    const result = day('all')
    expect(Object.keys(result.byAgent!)).toEqual(Object.keys(agents))
    const figures = Object.values(result.byAgent!)
    expect(figures.reduce((sum, a) => sum + a.answered, 0)).toBe(result.answered)
    const handled = figures.reduce((sum, a) => sum + a.handleSeconds, 0)
    // the run's AHT averages the calls handled in the period; these are the calls answered in it: the same calls
    expect(handled / result.answered).toBeCloseTo(result.averageHandleTime, 6)
    const spread = agentSpread(result.byAgent!)
    expect(spread).toMatchObject({ agents: 14, tookCalls: 14 })
    // counted only when asked (a few % of a run's time), and counting changes no figure
    const { byAgent, ...figuresOfTheRun } = result
    expect(byAgent).toBeDefined()
    const uncounted = day('all', false)
    expect(uncounted.byAgent).toBeUndefined()
    expect(uncounted).toEqual(figuresOfTheRun)
    expect(spread.most).toBeGreaterThanOrEqual(spread.fewest)
    expect(spread.ratio).toBe(spread.most / spread.fewest)
  })

  it('shows a strategy that routes to a group using only its agents', () => {
    const result = day('sales')
    const spread = agentSpread(result.byAgent!)
    expect(spread).toMatchObject({ agents: 14, tookCalls: 5 })
    expect(result.byAgent!.a6).toEqual({ answered: 0, handleSeconds: 0 })
    expect(result.byAgent!.a1!.answered).toBeGreaterThan(0)
  })

  it('says nobody took calls when nothing was answered', () => {
    expect(agentSpread({ a: { answered: 0, handleSeconds: 0 } })).toEqual({
      agents: 1,
      tookCalls: 0,
      fewest: 0,
      most: 0,
      ratio: 1,
    })
  })

  it('gives every arrival the fields and host function answers asked for, as a test file states them', () => {
    const byNumber = {
      strategy: 'inbound',
      format: 1,
      variables: { tier: { type: 'string', default: 'unknown' } },
      start: 'lookup',
      nodes: {
        lookup: {
          type: 'function',
          call: 'lookupTier',
          args: [],
          into: 'tier',
          timeout: '2s',
          next: { done: 'number', error: 'everyone', timeout: 'everyone' },
        },
        number: {
          type: 'switch',
          cases: [{ when: 'dnis == "100" && tier == "gold"', next: 'sales' }],
          default: 'everyone',
        },
        sales: { type: 'target', targets: [{ group: 'sales' }] },
        everyone: { type: 'target', targets: [{ group: 'all' }] },
      },
    } as unknown as StrategyDocument
    const run = (extra: Partial<Parameters<typeof simulate>[0]>) =>
      agentSpread(
        simulate({
          strategy: 'inbound',
          strategies: [byNumber],
          directory: { ...directory, functions: { lookupTier: { args: [], returns: 'string' } } },
          arrivalsPerHour: 60,
          ahtSeconds: 120,
          durationHours: 3,
          countAgents: true,
          ...extra,
        }).byAgent!,
      ).tookCalls
    // the number and the CRM's answer (after 1 s of simulated time) both send every call to the 5 sales agents
    expect(run({ dnis: '100', functions: { lookupTier: { returns: 'gold', after: '1s' } } })).toBe(5)
    expect(run({ dnis: '200', functions: { lookupTier: { returns: 'gold' } } })).toBeGreaterThan(5)
    // a CRM that fails or never answers takes the function's error or timeout output
    expect(run({ dnis: '100', functions: { lookupTier: { throws: 'CRM down' } } })).toBeGreaterThan(5)
    expect(run({ dnis: '100', functions: { lookupTier: { hangs: true } } })).toBeGreaterThan(5)
  })
})
