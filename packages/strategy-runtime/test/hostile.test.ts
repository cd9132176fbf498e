// Hostile caller data must not stop the router (issue 7, section 2): every evaluation has a budget; over it, or on
// a failed statistic read, the node takes its `error` output with the reason and the budget's counters in the
// trace. Assertions use the budget's deterministic counters, never the wall clock.
import { DEFAULT_EXPRESSION_BUDGET, type StrategyDocument } from '@routewright/strategy-dsl'
import type { StatProvider, TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

function guarded(when: string): StrategyDocument {
  return makeStrategy(
    {
      check: { type: 'switch', cases: [{ when, next: 'yes' }], default: 'no', error: 'fallback' },
      yes: { type: 'end', outcome: 'reject', reason: 'matched' },
      no: { type: 'end', outcome: 'reject', reason: 'not matched' },
      fallback: { type: 'end', outcome: 'abandon', reason: 'error output' },
    },
    { inputs: { email: { type: 'string' }, items: { type: 'list<string>' } } },
  )
}

function run(when: string, data: Record<string, unknown>) {
  const h = setup([guarded(when)])
  h.router.submit({ id: 'x', strategy: 'test', data })
  const trace = h.router.trace('x') ?? []
  const error = trace.find((t) => t.kind === 'error')
  return {
    path: trace.filter((t) => t.kind === 'enter').map((t) => t.node),
    error,
    finished: h.of('finished', 'x'),
  }
}

type BudgetTrace = TraceEntry & { value: { limit: string; usage: { steps: number; produced: number } } }

const items = Array.from({ length: 1000 }, (_, i) => `item-${i}`)

describe('the three hostile cases', () => {
  it('a nested-quantifier regex on a 30-character field runs on RE2 and answers right', () => {
    const when = 'data.email.matches("^([a-z]+)+$")'
    expect(run(when, { email: `${'a'.repeat(30)}!` }).path).toEqual(['check', 'no'])
    expect(run(when, { email: 'a'.repeat(30) }).path).toEqual(['check', 'yes'])
  })

  it('a regex input over the budget takes the error output with the limit in the trace', () => {
    const r = run('data.email.matches("^([a-z]+)+$")', {
      email: 'a'.repeat(DEFAULT_EXPRESSION_BUDGET.maxRegexInput + 1),
    })
    expect(r.path).toEqual(['check', 'fallback'])
    expect((r.error as BudgetTrace).value.limit).toBe('maxRegexInput')
  })

  it('three nested exists over 1,000 items stop at the step limit and take the error output', () => {
    const r = run('data.items.exists(a, data.items.exists(b, data.items.exists(c, a + b + c == "x")))', {
      items,
    })
    expect(r.path).toEqual(['check', 'fallback'])
    const error = r.error as BudgetTrace
    expect(error.value.limit).toBe('maxSteps')
    expect(error.message).toContain('went over its evaluation budget')
    // stopped at the first step over the limit, not after the billion steps the loops describe
    expect(error.value.usage.steps).toBeLessThan(DEFAULT_EXPRESSION_BUDGET.maxSteps + 50)
    expect(r.finished.map((e) => e.outcome)).toEqual(['abandon'])
  })

  it('a string doubled in a loop stops at the size limit and takes the error output', () => {
    const r = run(`[data.email]${'.map(x, x + x)'.repeat(26)}.size() > 0`, { email: 'abcdefgh' })
    expect(r.path).toEqual(['check', 'fallback'])
    const error = r.error as BudgetTrace
    expect(['maxStringLength', 'maxProduced']).toContain(error.value.limit)
    expect(error.value.usage.produced).toBeLessThanOrEqual(
      DEFAULT_EXPRESSION_BUDGET.maxProduced + 2 * DEFAULT_EXPRESSION_BUDGET.maxStringLength,
    )
  })
})

describe('a failed statistic read', () => {
  const provider: StatProvider = {
    name: 'flaky',
    read: () => {
      throw new Error('Stat Server is down')
    },
    agentStatus: () => undefined,
    subscribe: () => () => {},
  }

  it('takes the error output, never the strategy’s own branches', () => {
    const h = setup([guarded('stat("group:sales", "ExpectedWaitTime") > 60.0')], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test', data: {} })
    const trace = h.router.trace('x') ?? []
    expect(trace.filter((t) => t.kind === 'enter').map((t) => t.node)).toEqual(['check', 'fallback'])
    expect(trace.find((t) => t.kind === 'error')?.message).toContain('Stat Server is down')
  })

  it('without an error output, takes the default route with the reason', () => {
    const strategy = makeStrategy({
      check: {
        type: 'switch',
        cases: [{ when: 'stat("group:sales", "ExpectedWaitTime") > 60.0', next: 'yes' }],
        default: 'yes',
      },
      yes: { type: 'end', outcome: 'reject' },
    })
    const h = setup([strategy], { stats: provider })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.of('finished', 'x')[0]?.outcome).toBe('default-route')
    expect(h.router.trace('x')?.at(-1)?.message).toContain('Stat Server is down')
  })
})
