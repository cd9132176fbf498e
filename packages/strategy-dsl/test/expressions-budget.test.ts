// Bounded evaluation: hostile caller data against the budget, RE2 for matches(), the static cost warnings.
import {
  type CompiledExpression,
  compileExpression,
  DEFAULT_EXPRESSION_BUDGET,
  type ExpressionBudget,
  ExpressionBudgetError,
  ExpressionError,
  type ExpressionHooks,
  type ExpressionUsage,
  type ExpressionValues,
  isCompiled,
  quoteRegex,
  regexFindAll,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { makeStrategy } from './rules-helpers.ts'

const document = makeStrategy({
  inputs: {
    email: { type: 'string' },
    items: { type: 'list<string>' },
    tier: { type: 'string' },
  },
})

function compile(source: string, budget?: Partial<ExpressionBudget>): CompiledExpression {
  const result = compileExpression(
    source,
    budget ? { document, role: 'condition', budget } : { document, role: 'condition' },
  )
  if (!isCompiled(result)) throw new Error(`did not compile: ${JSON.stringify(result.diagnostics)}`)
  return result
}

const hooks: ExpressionHooks = { stat: () => 1, inHours: () => true, now: () => 0 }
const items = Array.from({ length: 1000 }, (_, i) => `item-${i}`)
const values = (data: Record<string, unknown>): ExpressionValues => ({
  data,
  variables: {},
  interaction: { ani: '', dnis: '', media: 'chat', priority: 0, waited: 0 },
})

/** Runs an evaluation expected to go over budget; returns the error and what it spent. */
function overBudget(
  compiled: CompiledExpression,
  data: Record<string, unknown>,
  budget?: Partial<ExpressionBudget>,
): { error: ExpressionBudgetError; usage: ExpressionUsage } {
  const usage: ExpressionUsage = { steps: 0, produced: 0 }
  try {
    compiled.evaluate(values(data), hooks, budget ? { usage, budget } : { usage })
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionBudgetError)
    return { error: error as ExpressionBudgetError, usage }
  }
  throw new Error(`"${compiled.source}" stayed within its budget`)
}

const doubling = `[data.email]${'.map(x, x + x)'.repeat(26)}.size() > 0`

describe('the three hostile cases of issue 7', () => {
  it('runs a nested-quantifier regex in linear time on RE2 and gives the right answer', () => {
    const compiled = compile('data.email.matches("^([a-z]+)+$")')
    const usage: ExpressionUsage = { steps: 0, produced: 0 }
    expect(compiled.evaluate(values({ email: `${'a'.repeat(30)}!` }), hooks, { usage })).toBe(false)
    expect(compiled.evaluate(values({ email: 'a'.repeat(30) }), hooks)).toBe(true)
    // 1 for the call, 1 + 31/16 for the scan
    expect(usage.steps).toBe(3)
  })

  it('stops three nested exists over 1,000 items at the step limit', () => {
    const compiled = compile(
      'data.items.exists(a, data.items.exists(b, data.items.exists(c, a + b + c == "x")))',
    )
    const { error, usage } = overBudget(compiled, { items })
    expect(error.limit).toBe('maxSteps')
    expect(error.reason).toContain('100,000 steps')
    expect(usage.steps).toBeGreaterThan(DEFAULT_EXPRESSION_BUDGET.maxSteps)
    // it stopped at the first step over the limit, not after the billion the loops describe
    expect(usage.steps).toBeLessThan(DEFAULT_EXPRESSION_BUDGET.maxSteps + 50)
    expect(error).toBeInstanceOf(ExpressionError)
    expect(error.message).toMatch(/^Expression "data\.items\.exists.*" went over its evaluation budget/)
  })

  it('stops a string doubled in a loop at the string length limit', () => {
    const { error, usage } = overBudget(compile(doubling), { email: 'abcdefghij' })
    expect(error.limit).toBe('maxStringLength')
    expect(error.reason).toMatch(/a string of 163,840 characters was built \(at most 100,000\)/)
    expect(usage.produced).toBeLessThan(200_000)
  })
})

describe('the budget', () => {
  it('is not absorbed by a CEL || that would otherwise give true', () => {
    const compiled = compile('data.items.exists(a, data.items.exists(b, a + b == "x")) || true')
    const { error } = overBudget(compiled, { items })
    expect(error.limit).toBe('maxSteps')
  })

  it('counts work, so a cheap loop stays within it', () => {
    const compiled = compile('data.items.exists(a, a == "item-999")')
    const usage: ExpressionUsage = { steps: 0, produced: 0 }
    expect(compiled.evaluate(values({ items }), hooks, { usage })).toBe(true)
    // each iteration costs 1 + the 6 operations of its body (exists() wraps the predicate in a ternary), and the
    // comparison 1 more (1 per 16 characters compared)
    expect(usage.steps).toBe(8000)
  })

  it('is configurable per compile and per evaluation', () => {
    const tight = compile('data.items.exists(a, a == "item-999")', { maxSteps: 100 })
    expect(tight.budget.maxSteps).toBe(100)
    expect(overBudget(tight, { items }).usage.steps).toBe(103)
    const loose = compile('data.items.exists(a, a == "item-999")')
    expect(overBudget(loose, { items }, { maxSteps: 40 }).error.reason).toContain('more than 40 steps')
  })

  it('charges `in` over a long list', () => {
    const compiled = compile('data.items.all(a, a in data.items)')
    const { error, usage } = overBudget(compiled, { items: Array.from({ length: 5000 }, (_, i) => `${i}`) })
    expect(error.limit).toBe('maxSteps')
    expect(usage.steps).toBeLessThan(DEFAULT_EXPRESSION_BUDGET.maxSteps + 400)
  })

  it('charges string functions by the length they scan', () => {
    const compiled = compile('data.items.exists(a, data.email.contains(a))')
    const { error, usage } = overBudget(compiled, { items, email: 'y'.repeat(1_000_000) })
    expect(error.limit).toBe('maxSteps')
    // each iteration costs 8 (1 + its 7 operations) plus 1 + 1,000,006 / 16 for the scan: the second one is over
    // the limit, so the megabyte was scanned twice, not a thousand times
    expect(usage.steps).toBe(2 * (8 + 1 + Math.floor(1_000_006 / 16)))
  })

  it('refuses to scan an over-long input with matches()', () => {
    const { error } = overBudget(compile('data.email.matches("@example[.]com$")'), {
      email: 'x'.repeat(20_000),
    })
    expect(error.limit).toBe('maxRegexInput')
    expect(error.reason).toContain('20,000 characters')
  })

  it('limits the total built across iterations', () => {
    const compiled = compile('data.items.map(a, data.email + a).size() > 0')
    const { error } = overBudget(compiled, { items, email: 'y'.repeat(2000) })
    expect(error.limit).toBe('maxProduced')
  })

  it('rejects a budget that is not positive whole numbers', () => {
    const result = compileExpression('true', { document, role: 'condition', budget: { maxSteps: -1 } })
    expect(isCompiled(result) ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      'The expression could not be checked: Expression budget field "maxSteps" must be a positive whole number, not -1.',
    ])
  })
})

describe('matches() on RE2', () => {
  it.each([
    ['(a)\\\\1', /backreference \(\\1\)/],
    ['^(?=.*@)', /lookaround \("\(\?="\)/],
    ['a(?<!b)', /lookaround \("\(\?<!"\)/],
    ['a++', /possessive quantifier/],
    ['[z-a]', /not valid RE2 syntax/],
  ])('[RW211] refuses the pattern %s at validation', (pattern, message) => {
    const result = compileExpression(`data.email.matches("${pattern}")`, { document, role: 'condition' })
    expect(isCompiled(result)).toBe(false)
    const [diagnostic] = isCompiled(result) ? [] : result.diagnostics
    expect(diagnostic?.code).toBe('RW211')
    expect(diagnostic?.message).toMatch(message)
    expect(diagnostic?.start).toBe('data.email.matches('.length)
  })

  it('accepts RE2 syntax JavaScript lacks, and matches unanchored as CEL says', () => {
    const compiled = compile('data.email.matches("(?i)EXAMPLE")')
    expect(compiled.evaluate(values({ email: 'ann@example.com' }), hooks)).toBe(true)
  })

  it('fails a pattern from data that RE2 cannot run with an ExpressionError, not a budget error', () => {
    const compiled = compile('data.email.matches(data.tier)')
    expect(() => compiled.evaluate(values({ email: 'aa', tier: '(a)\\1' }), hooks)).toThrow(
      /failed: The pattern uses a backreference/,
    )
  })
})

describe('regexFindAll: every match on RE2, for find in files', () => {
  it('gives UTF-16 offsets and groups, skips empty matches and stops at the limit', () => {
    expect(regexFindAll('é-ab-b', '(a)?b', 5)).toEqual([
      { start: 2, end: 4, groups: ['a'] },
      { start: 5, end: 6, groups: [undefined] },
    ])
    expect(regexFindAll('bab', 'a*', 5)).toEqual([{ start: 1, end: 2, groups: [] }])
    expect(regexFindAll('xxxx', 'x', 3)).toHaveLength(3)
  })

  it('runs (a+)+$ on a long line in linear time and refuses what RE2 cannot run', () => {
    expect(regexFindAll(`${'a'.repeat(100_000)}!`, '(a+)+$', 10)).toEqual([])
    expect(() => regexFindAll('aa', '(a)\\1', 10)).toThrow(/backreference/)
    expect(regexFindAll('a.b axb', quoteRegex('a.b'), 10)).toEqual([{ start: 0, end: 3, groups: [] }])
  })
})

describe('[RW212] static cost', () => {
  const warnings = (source: string) => compile(source).warnings.map((w) => `${w.code} ${w.start}-${w.end}`)

  it('warns about nested comprehensions over lists of unknown size', () => {
    const source = 'data.items.exists(a, data.items.exists(b, a == b))'
    expect(warnings(source)).toEqual([`RW212 0-${source.length}`])
    expect(compile(source).warnings[0]?.message).toMatch(/about 7,00\d,\d{3} steps .* budget of 100,000/)
  })

  it('stays quiet about one loop over caller data and nested loops over literals', () => {
    expect(warnings('data.items.exists(a, a == "x")')).toEqual([])
    expect(warnings('[1, 2, 3].all(a, [4, 5].exists(b, a < b))')).toEqual([])
  })

  it('warns about a value doubled in a loop', () => {
    expect(warnings(doubling).filter((w) => w.startsWith('RW212'))).toHaveLength(26)
  })

  it('follows the budget given at compile time', () => {
    const source = 'data.items.exists(a, a == "x")'
    const result = compileExpression(source, { document, role: 'condition', budget: { maxSteps: 1000 } })
    expect(isCompiled(result) && result.warnings.map((w) => w.code)).toEqual(['RW212'])
  })
})

describe('fuzzed expressions over hostile data', () => {
  /** Builds a condition from choices: loops nest over caller lists, bodies call stat(), regexes and joins. */
  function build(choices: number[], depth = 0, variable = 'data.email'): string {
    const choice = choices.shift() ?? 0
    const v = `v${depth}`
    const body = () => build(choices, depth + 1, v)
    switch (choice % 9) {
      case 0:
        return `${variable} == "item-7"`
      case 1:
        return `stat("group:vip_team", "AgentsReady") > double(size(${variable}))`
      case 2:
        return `${variable}.matches("^(item|x)-[0-9]+(-[a-z]+)*$")`
      case 3:
        return `${variable} in data.items`
      case 4:
        return `data.items.exists(${v}, ${body()})`
      case 5:
        return `data.items.all(${v}, ${body()})`
      case 6:
        return `data.items.filter(${v}, ${body()}).size() > 1`
      case 7:
        return `data.items.map(${v}, ${v} + ${variable}).exists_one(${v}, ${body()})`
      default:
        return `(${build(choices, depth, variable)}) || (${build(choices, depth, variable)})`
    }
  }

  it('never spend more than the step budget (the stat hook counts the real calls)', async () => {
    const fc = (await import('fast-check')).default
    const budget = { maxSteps: 20_000 }
    let overBudgetRuns = 0
    fc.assert(
      fc.property(
        fc.array(fc.nat(40), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        (choices, length, width) => {
          const source = build([...choices])
          const compiled = compile(source, budget)
          let calls = 0
          const counting: ExpressionHooks = { ...hooks, stat: () => ++calls }
          const data = {
            email: 'x'.repeat(width),
            items: Array.from({ length }, (_, i) => `item-${i}-${'z'.repeat(i % width)}`),
          }
          const usage: ExpressionUsage = { steps: 0, produced: 0 }
          try {
            compiled.evaluate(values(data), counting, { usage })
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionError)
            if (error instanceof ExpressionBudgetError) overBudgetRuns++
          }
          // the last charge may pass the limit by one iteration's cost, never more
          expect(usage.steps).toBeLessThanOrEqual(budget.maxSteps + 200)
          expect(calls).toBeLessThanOrEqual(usage.steps)
        },
      ),
      { numRuns: 150, seed: 7 },
    )
    // the generator does reach the limit, or the property above would say nothing
    expect(overBudgetRuns).toBeGreaterThan(10)
  })
})
