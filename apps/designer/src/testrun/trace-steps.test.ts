import type { ScenarioResult, TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { formatValue, highlightOf, stepsOf } from './trace-steps.ts'

const T0 = 1_700_000_000_000

function entry(node: string, kind: TraceEntry['kind'], extra: Partial<TraceEntry> = {}): TraceEntry {
  return { at: T0, strategy: 'vip', node, kind, ...extra }
}

const explanation = {
  node: 'desk',
  rule: 'longest idle',
  candidates: [
    { agent: 'ann', target: 'group:vip_team', values: { TimeInReady: 60 }, rank: 2 },
    { agent: 'erin', target: 'group:vip_team', values: { TimeInReady: 300 }, rank: 1 },
    { agent: 'bob', target: 'group:vip_team', values: {}, excluded: 'not-ready' as const },
  ],
  winner: 'erin',
  reason: 'erin has been ready longest (300 s)',
}

function make(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    outcome: 'routed',
    agent: 'erin',
    target: 'group:vip_team',
    path: ['tier', 'who', 'desk'],
    treatments: [],
    data: {},
    variables: {},
    events: [
      {
        type: 'routed',
        interaction: 'i1',
        at: T0 + 2000,
        node: 'desk',
        target: 'group:vip_team',
        agent: 'erin',
        reservation: 'r1',
        priority: 50,
        explanation,
      },
    ],
    trace: [
      entry('tier', 'enter', { name: 'switch' }),
      entry('tier', 'value', { name: 'case', value: 'gold' }),
      entry('tier', 'exit', { name: 'gold' }),
      entry('who', 'enter', { name: 'subroutine' }),
      entry('lookup', 'enter', { strategy: 'identify', name: 'function' }),
      entry('lookup', 'exit', { strategy: 'identify', name: 'done' }),
      entry('who', 'value', { name: 'tier', value: 'gold' }),
      entry('who', 'exit', { name: 'done' }),
      entry('desk', 'enter', { at: T0 + 1000, name: 'target' }),
      entry('desk', 'stat', { at: T0 + 1000, name: 'TimeInReady of agent:erin (current)', value: 300 }),
      entry('desk', 'finish', { at: T0 + 2000 }),
    ],
    ...overrides,
  }
}

describe('stepsOf', () => {
  it('makes one step per node entered, subroutine nodes included', () => {
    const steps = stepsOf(make())
    expect(steps.map((s) => `${s.strategy}/${s.node}`)).toEqual([
      'vip/tier',
      'vip/who',
      'identify/lookup',
      'vip/who',
      'vip/desk',
    ])
  })

  it('keeps the output taken and the values computed at each node', () => {
    const [tier] = stepsOf(make())
    expect(tier).toMatchObject({ exit: 'gold', values: { case: 'gold' } })
  })

  it('gives the target node its explanation from the routed event', () => {
    const desk = stepsOf(make()).at(-1)
    expect(desk?.explanation?.winner).toBe('erin')
    expect(desk?.values).toEqual({ 'TimeInReady of agent:erin (current)': 300 })
    expect(desk?.at).toBe(1000)
  })

  it('records an error a node met', () => {
    const steps = stepsOf(
      make({ trace: [entry('crm', 'enter'), entry('crm', 'error', { message: 'CRM timed out' })] }),
    )
    expect(steps[0]?.error).toBe('CRM timed out')
  })
})

describe('highlightOf', () => {
  it('lights the path up to the current step, without nodes of other strategies', () => {
    const steps = stepsOf(make())
    expect(highlightOf(steps, 2, 'vip')).toEqual({
      path: ['tier', 'who'],
      current: 'who',
      values: { tier: { case: 'gold', exit: 'gold' }, who: {} },
    })
  })

  it('marks the last step current at the end of the run', () => {
    const steps = stepsOf(make())
    const h = highlightOf(steps, steps.length - 1, 'vip')
    expect(h.path).toEqual(['tier', 'who', 'desk'])
    expect(h.current).toBe('desk')
    expect(h.values?.who).toEqual({ tier: 'gold', exit: 'done' })
  })
})

describe('formatValue', () => {
  it.each([
    ['gold', 'gold'],
    [3, '3'],
    [{ a: 1 }, '{"a":1}'],
    [undefined, '—'],
  ])('prints %j as %s', (value, text) => {
    expect(formatValue(value)).toBe(text)
  })
})
