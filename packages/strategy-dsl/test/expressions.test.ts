import {
  type CompiledExpression,
  compileExpression,
  ExpressionError,
  type ExpressionFailure,
  type ExpressionHooks,
  type ExpressionRole,
  type ExpressionValues,
  expressionNames,
  isCompiled,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy } from './rules-helpers.ts'

const document = makeStrategy({
  inputs: {
    tier: { type: 'string', default: 'standard' },
    score: { type: 'int' },
    tags: { type: 'list<string>' },
  },
  variables: { attempts: { type: 'int', default: 0 }, ratio: { type: 'double' }, label: { type: 'string' } },
})
const directory = makeDirectory()

function compile(
  source: string,
  role: ExpressionRole = 'condition',
  withDirectory = true,
): CompiledExpression {
  const result = compileExpression(source, withDirectory ? { document, role, directory } : { document, role })
  if (!isCompiled(result)) throw new Error(`did not compile: ${JSON.stringify(result.diagnostics)}`)
  return result
}

function fail(source: string, role: ExpressionRole = 'condition'): ExpressionFailure['diagnostics'] {
  const result = compileExpression(source, { document, role, directory })
  if (isCompiled(result)) throw new Error(`compiled: ${source}`)
  return result.diagnostics
}

const values = (overrides: Partial<ExpressionValues> = {}): ExpressionValues => ({
  data: { tier: 'gold', score: 12, tags: ['vip'] },
  variables: { attempts: 2, ratio: 0.5, label: 'x' },
  interaction: { ani: '+3312345', dnis: '800', media: 'voice', priority: 5, waited: 42.5 },
  ...overrides,
})

const hooks = (stats: Record<string, number> = {}): ExpressionHooks & { calls: string[] } => {
  const calls: string[] = []
  return {
    calls,
    stat: (subject, statistic, window) => {
      calls.push(`${subject}/${statistic}/${window}`)
      return stats[`${subject}/${statistic}`] ?? 0
    },
    inHours: (calendar) => calendar === 'us_east',
    now: () => Date.UTC(2026, 0, 5, 14, 30),
  }
}

describe('compileExpression: evaluation', () => {
  it('reads inputs, variables and interaction fields, converting numbers to CEL ints and back', () => {
    expect(compile('data.tier == "gold" && attempts < 3 && priority == 5').evaluate(values(), hooks())).toBe(
      true,
    )
    expect(compile('attempts + data.score', 'int').evaluate(values(), hooks())).toBe(14)
    expect(compile('waited > 40.0 && ani.startsWith("+33")').evaluate(values(), hooks())).toBe(true)
  })

  it('fills inputs and variables that are missing with their default, else the zero value', () => {
    const v = values({ data: {}, variables: {} })
    expect(compile('data.tier', 'value').evaluate(v, hooks())).toBe('standard')
    expect(compile('data.score + attempts', 'int').evaluate(v, hooks())).toBe(0)
    expect(compile('size(data.tags)', 'int').evaluate(v, hooks())).toBe(0)
  })

  it('asks the hooks for statistics and calendars, with the default window', () => {
    const h = hooks({ 'group:vip_team/ExpectedWaitTime': 120 })
    const expr = compile('stat("group:vip_team", "ExpectedWaitTime") > 60.0 && inHours("us_east")')
    expect(expr.evaluate(values(), h)).toBe(true)
    expect(h.calls).toEqual(['group:vip_team/ExpectedWaitTime/current'])
    expect(expr.statRefs).toEqual([
      { subject: 'group:vip_team', statistic: 'ExpectedWaitTime', window: 'current' },
    ])
    expect(expr.calendarRefs).toEqual(['us_east'])
  })

  it('gives now() from the injected clock', () => {
    expect(compile('now().getHours("UTC")', 'int').evaluate(values(), hooks())).toBe(14)
  })

  it('evaluates skill expressions over the candidate agent, missing skills reading as 0', () => {
    const expr = compile('skills.vip >= 5 && skills.billing == 0 && "vip_team" in groups', 'skill')
    const agent = {
      id: 'a1',
      skills: { vip: 7 },
      groups: ['vip_team'],
      occupancy: 0.2,
      readyFor: 30,
      load: 0,
    }
    expect(expr.evaluate(values({ agent }), hooks())).toBe(true)
    expect(expr.evaluate(values({ agent: { ...agent, skills: { vip: 2 } } }), hooks())).toBe(false)
  })

  it('resolves stat("agent", ...) to the candidate in thresholds', () => {
    const h = hooks({ 'agent:a1/Occupancy': 0.5 })
    const expr = compile('stat("agent", "Occupancy") < 0.85 && agent.load < 2', 'threshold')
    const agent = { id: 'a1', skills: {}, groups: [], occupancy: 0.5, readyFor: 1, load: 1 }
    expect(expr.evaluate(values({ agent }), h)).toBe(true)
    expect(h.calls).toEqual(['agent:a1/Occupancy/current'])
  })

  it('throws an ExpressionError naming the expression when evaluation fails', () => {
    const expr = compile('attempts / (attempts - 2)', 'int')
    expect(() => expr.evaluate(values(), hooks())).toThrow(ExpressionError)
    expect(() => expr.evaluate(values(), hooks())).toThrow(/attempts \/ \(attempts - 2\).*division by zero/)
  })

  it('reports a statistic hook that returns garbage as an evaluation error', () => {
    const expr = compile('stat("queue:sales", "AgentsReady") > 0.0')
    const bad = { ...hooks(), stat: () => Number.NaN }
    expect(() => expr.evaluate(values(), bad)).toThrow(/not a number/)
  })

  it('records what it reads, so unused names can be found', () => {
    expect(compile('data.tier == label || data["score"] > 1').reads).toEqual({
      identifiers: ['data', 'label'],
      dataKeys: ['tier', 'score'],
      skills: [],
    })
  })

  it('compiles once per document and role (cached)', () => {
    expect(compile('attempts > 1')).toBe(compile('attempts > 1'))
  })

  it('shares compiled expressions between documents with the same inputs and variables (edits in the designer)', () => {
    const first = compileExpression('attempts > 7', { document, role: 'condition' })
    const edited = { ...document, title: 'edited', nodes: {} }
    expect(compileExpression('attempts > 7', { document: edited, role: 'condition' })).toBe(first)
    const retyped = { ...document, variables: { attempts: { type: 'string' as const } } }
    expect(isCompiled(compileExpression('attempts > 7', { document: retyped, role: 'condition' }))).toBe(
      false,
    )
  })
})

describe('compileExpression: diagnostics located inside the expression', () => {
  it.each([
    ['RW201', 'a syntax error', 'attempts >', 10],
    ['RW202', 'an undeclared name with a suggestion', 'atempts > 1', 0],
    ['RW203', 'an undeclared input with a suggestion', 'data.teir == "x"', 5],
    ['RW202', 'an unknown function', 'inHour("us_east")', 0],
    ['RW204', 'comparing a string to a number (at the operator)', 'data.tier == 5', 10],
    ['RW204', 'a function with wrong arguments', 'stat("group:vip_team") > 1.0', 0],
    ['RW205', 'a condition that is not bool', 'attempts + 1', 0],
    ['RW206', 'an unknown statistic', 'stat("group:vip_team", "ExpectedWait") > 1.0', 23],
    ['RW206', 'a statistic not kept for the subject', 'stat("queue:sales", "Occupancy") > 1.0', 20],
    ['RW207', 'a statistic named by a non-literal', 'stat("group:vip_team", label) > 1.0', 23],
    ['RW208', 'a malformed subject', 'stat("vip_team", "AgentsReady") > 1.0', 5],
    ['RW208', 'a bad window', 'stat("group:vip_team", "AgentsReady", "2h") > 1.0', 38],
    ['RW208', 'the candidate agent outside agent roles', 'stat("agent", "Occupancy") > 1.0', 5],
    ['RW209', 'an expression nested too deep', `${'('.repeat(60)}1${')'.repeat(60)} > 0`, 48],
    ['RW210', 'agent names in strategy scope', 'skills.vip > 3', 0],
    ['RW313', 'an unknown calendar', 'inHours("us_est")', 8],
    ['RW318', 'a statistic of an unknown group', 'stat("group:vip_tem", "AgentsReady") > 1.0', 5],
  ] as const)('[%s] reports %s', (code, _what, source, start) => {
    const [first] = fail(source)
    expect(first).toMatchObject({ code, severity: 'error', start })
  })

  // before, the parser's own words: "Unexpected token: EOF", "Expected RPAREN, got EOF", "Unexpected character: 'd'"
  it.each([
    ['attempts > 1 &&', 15, 'the expression ends after "&&": add what follows it.'],
    ['(attempts > 1', 0, 'this "(" is not closed: add the ")" that ends it.'],
    ['data.tier in ["gold", "vip"', 13, 'this "[" is not closed: add the "]" that ends it.'],
    ['data.', 5, 'the expression ends after "." where a name is expected: add it.'],
    [
      'attempts = 1',
      9,
      'a single "=" is not a comparison: write "==" to compare (an assign node sets variables).',
    ],
    ['attempts === 1', 9, '"===" is not CEL: write "==".'],
    [
      'attempts > 1 and attempts < 3',
      13,
      '"and" is not a CEL operator: write "&&" (and: &&, or: ||, not: !).',
    ],
    ['attempts > 1)', 12, 'this ")" closes nothing: remove it, or add the opening bracket it belongs to.'],
    ['&& attempts > 1', 0, 'the expression cannot start with "&&": write what comes before it.'],
    ['data.tier == "gold', 13, 'this string is never closed: end it with ".'],
    // a long string and trailing blanks: the token is still found from the end of what was written
    [
      `data.tier == "${'!'.repeat(3900)}" &&${' '.repeat(100)}`,
      4018,
      'the expression ends after "&&": add what follows it.',
    ],
  ] as const)('[RW201] %j says what to fix, at column %i', (source, start, message) => {
    const [first] = fail(source)
    expect(first).toMatchObject({ code: 'RW201', start, message: `CEL syntax error: ${message}` })
  })

  it('[RW313] [RW318] say which names the directory has when none is close, and how to fix it', () => {
    expect(fail('inHours("paris")')[0]?.message).toBe(
      'The directory has no calendar "paris". Its calendars: us_east. Add it to the directory or fix the name.',
    )
    expect(fail('stat("queue:billing", "AgentsReady") > 1.0')[0]?.message).toBe(
      'The directory has no queue "billing". Its queues: sales. Add it to the directory or fix the name.',
    )
  })

  it('[RW202] suggests the closest declared name', () => {
    expect(fail('atempts > 1')[0]?.message).toBe('Unknown name "atempts". Did you mean "attempts"?')
  })

  it('[RW202] suggests the closest function and says where host functions go', () => {
    expect(fail('ani.startWith("+33")')[0]?.message).toBe(
      'Unknown function "startWith". Did you mean "startsWith"? Host functions are called by a function node, not inside expressions.',
    )
  })

  it('[RW203] suggests the closest input', () => {
    expect(fail('data.teir == "x"')[0]?.message).toContain('Did you mean "tier"?')
  })

  it('[RW205] requires an int priority', () => {
    expect(fail('1.5', 'int')[0]).toMatchObject({
      code: 'RW205',
      message: expect.stringContaining('whole number'),
    })
  })

  it('[RW209] caps the expression length', () => {
    expect(fail(`${'1 + '.repeat(1100)}1`, 'int')[0]?.code).toBe('RW209')
  })

  it('[RW316] warns about a skill the directory does not declare', () => {
    const expr = compile('skills.vipp >= 1', 'skill')
    expect(expr.warnings).toMatchObject([{ code: 'RW316', severity: 'warning', start: 0 }])
    expect(expr.warnings[0]?.message).toContain('Did you mean "vip"?')
  })

  it('[RW320] warns about a group literal the directory does not have', () => {
    const expr = compile('"vip_tem" in groups', 'skill')
    expect(expr.warnings).toMatchObject([{ code: 'RW320', severity: 'warning', start: 0, end: 9 }])
    expect(expr.warnings[0]?.message).toContain('Did you mean "vip_team"?')
  })

  it('checks directory names only when a directory is given', () => {
    expect(isCompiled(compileExpression('inHours("anything")', { document, role: 'condition' }))).toBe(true)
  })
})

describe('expressionNames', () => {
  it('lists inputs, variables, interaction fields and functions; agent names only in agent roles', () => {
    const strategy = expressionNames({ document, role: 'condition', directory }).map((n) => n.name)
    expect(strategy).toEqual(
      expect.arrayContaining(['data.tier', 'attempts', 'ani', 'waited', 'stat', 'inHours']),
    )
    expect(strategy).not.toContain('skills')
    const agent = expressionNames({ document, role: 'skill', directory }).map((n) => n.name)
    expect(agent).toEqual(expect.arrayContaining(['skills', 'skills.vip', 'agent.occupancy', 'groups']))
  })
})

describe('every error of an && / || chain', () => {
  it('[RW204] [RW202] reports an unknown name behind a type error, each at its own place', () => {
    const source = 'data.score >= "7" && atempts > 1 || label == "x"'
    const found = fail(source).map((d) => `${d.code} ${source.slice(d.start, d.end)}`)
    expect(found).toEqual([`RW204 >=`, 'RW202 atempts'])
    // one error only: said once
    expect(fail('data.score >= "7" && attempts > 1').map((d) => d.code)).toEqual(['RW204'])
  })
})
