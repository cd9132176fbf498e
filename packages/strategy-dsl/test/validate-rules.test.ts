import {
  type StrategyDocument,
  type StrategyNode,
  type ValidationContext,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { codesAt, echoLocator, makeDirectory, makeStrategy, withNodes } from './rules-helpers.ts'

const directory = makeDirectory()
const callee = makeStrategy({
  strategy: 'identify',
  inputs: { phone: { type: 'string', required: true }, region: { type: 'string' } },
  outputs: { tier: { type: 'string' }, score: { type: 'int' } },
})
const strategies = new Map([['identify', callee]])

/** A strategy whose `classify` switch leads to `n` (the node under test) and `n` continues to `done`. */
function around(node: StrategyNode, overrides: Partial<StrategyDocument> = {}): StrategyDocument {
  return withNodes(
    {
      classify: {
        type: 'switch',
        cases: [{ when: 'data.tier == "gold" && attempts < 3', next: 'n' }],
        default: 'vip',
      },
      n: node,
    },
    overrides,
  )
}

const cases: Array<[string, string, StrategyDocument, ValidationContext, string]> = [
  [
    'RW108',
    'two outputs with the same label',
    around({
      type: 'switch',
      cases: [
        { label: 'x', when: 'true', next: 'done' },
        { label: 'x', when: 'false', next: 'vip' },
      ],
      default: 'done',
    }),
    {},
    'nodes.n.cases.1',
  ],
  [
    'RW127',
    'collecting more digits at least than at most',
    withNodes(
      {
        n: {
          type: 'treatment',
          collect: { into: 'choice', min: 4, max: 2 },
          next: { done: 'done', timeout: 'done', error: 'done' },
        },
        classify: {
          type: 'switch',
          cases: [{ when: 'choice == "1" && data.tier == "x" && attempts > 1', next: 'n' }],
          default: 'vip',
        },
      },
      { variables: { attempts: { type: 'int' }, choice: { type: 'string' } } },
    ),
    {},
    'nodes.n.collect.min',
  ],
  [
    'RW308',
    'a subroutine that calls back into its caller',
    around(
      { type: 'subroutine', call: 'loop-b', next: { done: 'done', error: 'done' } },
      { strategy: 'loop-a' },
    ),
    {
      strategies: new Map([
        [
          'loop-b',
          makeStrategy({
            strategy: 'loop-b',
            nodes: {
              c: { type: 'subroutine', call: 'loop-a', next: { done: 'e' } },
              e: { type: 'end', outcome: 'return' },
            },
            start: 'c',
          }),
        ],
      ]),
    },
    'nodes.n.call',
  ],
  [
    'RW110',
    'an unused variable',
    makeStrategy({ variables: { attempts: { type: 'int' }, spare: { type: 'string' } } }),
    {},
    'variables.spare',
  ],
  [
    'RW111',
    'an unused input',
    makeStrategy({ inputs: { tier: { type: 'string' }, lang: { type: 'string' } } }),
    {},
    'inputs.lang',
  ],
  [
    'RW112',
    'an assignment to an undeclared variable',
    around({ type: 'assign', set: { atempts: '1' }, next: 'done' }),
    {},
    'nodes.n.set.atempts',
  ],
  [
    'RW112',
    'collecting into an undeclared variable',
    around({
      type: 'treatment',
      collect: { into: 'choice' },
      next: { done: 'done', timeout: 'done', error: 'done' },
    }),
    {},
    'nodes.n.collect.into',
  ],
  [
    'RW113',
    'a variable named like a built-in',
    makeStrategy({ variables: { attempts: { type: 'int' }, ani: { type: 'string' } } }),
    {},
    'variables.ani',
  ],
  [
    'RW114',
    'collected digits stored in an int',
    around({
      type: 'treatment',
      collect: { into: 'attempts' },
      next: { done: 'done', timeout: 'done', error: 'done' },
    }),
    {},
    'nodes.n.collect.into',
  ],
  [
    'RW114',
    'a host function result of the wrong type',
    around({
      type: 'function',
      call: 'lookupCustomer',
      args: ['ani'],
      into: 'attempts',
      next: { done: 'done', error: 'done', timeout: 'done' },
    }),
    { directory },
    'nodes.n.into',
  ],
  [
    'RW115',
    'a default of the wrong type',
    makeStrategy({ variables: { attempts: { type: 'int', default: 'zero' } } }),
    {},
    'variables.attempts.default',
  ],
  [
    'RW120',
    'split weights that do not add up to 100',
    around({
      type: 'split',
      branches: [
        { weight: 70, next: 'done' },
        { weight: 20, next: 'vip' },
      ],
    }),
    {},
    'nodes.n.branches',
  ],
  [
    'RW121',
    'an invalid time zone',
    around({
      type: 'schedule',
      calendar: { timezone: 'Europe/Pariss', hours: { mon: '08:00-18:00' } },
      next: { open: 'done', closed: 'done' },
    }),
    {},
    'nodes.n.calendar.timezone',
  ],
  [
    'RW122',
    'opening hours that end before they start',
    around({
      type: 'schedule',
      calendar: { timezone: 'Europe/Paris', hours: { mon: '18:00-08:00' } },
      next: { open: 'done', closed: 'done' },
    }),
    {},
    'nodes.n.calendar.hours.mon',
  ],
  ['RW123', 'a duration over a day', around({ type: 'wait', for: '25h', next: 'done' }), {}, 'nodes.n.for'],
  [
    'RW123',
    'a zero wait',
    around({
      type: 'target',
      targets: [{ group: 'vip_team' }],
      wait: '0s',
      next: { timeout: 'done', error: 'done' },
    }),
    {},
    'nodes.n.wait',
  ],
  [
    'RW124',
    'escalation steps out of order',
    around({
      type: 'target',
      targets: [{ group: 'vip_team' }],
      wait: '60s',
      escalate: [
        { after: '20s', raise: 1 },
        { after: '10s', raise: 1 },
      ],
      next: { timeout: 'done', error: 'done' },
    }),
    {},
    'nodes.n.escalate.1.after',
  ],
  [
    'RW125',
    'an escalation step after the wait ends',
    around({
      type: 'target',
      targets: [{ group: 'vip_team' }],
      wait: '30s',
      escalate: [{ after: '45s', raise: 1 }],
      next: { timeout: 'done', error: 'done' },
    }),
    {},
    'nodes.n.escalate.0.after',
  ],
  [
    'RW126',
    'a holiday that is not a real date',
    around({
      type: 'schedule',
      calendar: { timezone: 'UTC', hours: { mon: '08:00-18:00' }, holidays: ['2026-02-30'] },
      next: { open: 'done', closed: 'done' },
    }),
    {},
    'nodes.n.calendar.holidays.0',
  ],
  [
    'RW205',
    'an assignment of the wrong type to a typed variable',
    around({ type: 'assign', set: { attempts: '"three"' }, next: 'done' }),
    {},
    'nodes.n.set.attempts',
  ],
  [
    'RW206',
    'a pick rule on a statistic agents do not have',
    around({
      type: 'target',
      targets: [{ group: 'vip_team' }],
      pick: { min: 'ExpectedWaitTime' },
      next: { error: 'done' },
    }),
    {},
    'nodes.n.pick.min',
  ],
  [
    'RW301',
    'a subroutine that does not exist',
    around({ type: 'subroutine', call: 'identfy', next: { done: 'done', error: 'done' } }),
    { strategies },
    'nodes.n.call',
  ],
  [
    'RW302',
    'a subroutine call missing a required input',
    around({
      type: 'subroutine',
      call: 'identify',
      inputs: { region: '"eu"' },
      next: { done: 'done', error: 'done' },
    }),
    { strategies },
    'nodes.n.inputs',
  ],
  [
    'RW303',
    'a subroutine input the callee does not have',
    around({
      type: 'subroutine',
      call: 'identify',
      inputs: { phone: 'ani', phon: 'ani' },
      next: { done: 'done', error: 'done' },
    }),
    { strategies },
    'nodes.n.inputs.phon',
  ],
  [
    'RW205',
    'a subroutine input of the wrong type',
    around({
      type: 'subroutine',
      call: 'identify',
      inputs: { phone: 'priority' },
      next: { done: 'done', error: 'done' },
    }),
    { strategies },
    'nodes.n.inputs.phone',
  ],
  [
    'RW304',
    'a declared output no end returns',
    around(
      { type: 'end', outcome: 'return', values: { tier: '"gold"' } },
      { outputs: { tier: { type: 'string' }, score: { type: 'int' } } },
    ),
    {},
    'outputs.score',
  ],
  [
    'RW305',
    'a subroutine output that does not exist',
    around({
      type: 'subroutine',
      call: 'identify',
      inputs: { phone: 'ani' },
      into: { attempts: 'scroe' },
      next: { done: 'done', error: 'done' },
    }),
    { strategies },
    'nodes.n.into.attempts',
  ],
  [
    'RW306',
    'a returned value that is not a declared output',
    around({ type: 'end', outcome: 'return', values: { tier: '"gold"' } }),
    {},
    'nodes.n.values.tier',
  ],
  [
    'RW307',
    'a return missing a required output',
    around({ type: 'end', outcome: 'return' }, { outputs: { tier: { type: 'string', required: true } } }),
    {},
    'nodes.n.outcome',
  ],
  [
    'RW309',
    'values on an end that returns nothing',
    around({ type: 'end', outcome: 'reject', values: { tier: '"gold"' } }),
    {},
    'nodes.n.values',
  ],
  [
    'RW310',
    'an unknown group',
    around({ type: 'target', targets: [{ group: 'vip_tem' }], next: { error: 'done' } }),
    { directory },
    'nodes.n.targets.0.group',
  ],
  [
    'RW311',
    'an unknown agent',
    around({ type: 'target', targets: [{ agent: 'a3' }], next: { error: 'done' } }),
    { directory },
    'nodes.n.targets.0.agent',
  ],
  [
    'RW312',
    'an unknown queue in an escalation step',
    around({
      type: 'target',
      targets: [{ group: 'vip_team' }],
      escalate: [{ after: '5s', add: [{ queue: 'sale' }] }],
      next: { error: 'done' },
    }),
    { directory },
    'nodes.n.escalate.0.add.0.queue',
  ],
  [
    'RW313',
    'an unknown calendar',
    around({ type: 'schedule', calendar: 'us_west', next: { open: 'done', closed: 'done' } }),
    { directory },
    'nodes.n.calendar',
  ],
  [
    'RW314',
    'an unknown destination',
    around({ type: 'route', destination: 'overflow_site_c' }),
    { directory },
    'nodes.n.destination',
  ],
  [
    'RW315',
    'an unknown host function',
    around({
      type: 'function',
      call: 'lookupCustomr',
      next: { done: 'done', error: 'done', timeout: 'done' },
    }),
    { directory },
    'nodes.n.call',
  ],
  [
    'RW317',
    'a host function called with the wrong number of arguments',
    around({
      type: 'function',
      call: 'lookupCustomer',
      args: ['ani', 'dnis'],
      next: { done: 'done', error: 'done', timeout: 'done' },
    }),
    { directory },
    'nodes.n.args',
  ],
  [
    'RW205',
    'a host function argument of the wrong type',
    around({
      type: 'function',
      call: 'lookupCustomer',
      args: ['priority'],
      next: { done: 'done', error: 'done', timeout: 'done' },
    }),
    { directory },
    'nodes.n.args.0',
  ],
  [
    'RW319',
    'a route to a strategy that does not exist',
    around({ type: 'route', strategy: 'identifyy' }),
    { strategies },
    'nodes.n.strategy',
  ],
]

describe('strategy rules', () => {
  it.each(cases)('[%s] flags %s', (code, _what, doc, ctx, path) => {
    const found = validateStrategy(doc, { ...ctx, locator: echoLocator }).filter((d) => d.code === code)
    expect(codesAt(found)).toContain(`${code}@${path}`)
    expect(found.every((d) => d.range !== undefined)).toBe(true)
  })

  it.each(cases)('[%s] %s: the valid sample has no such finding', (code, _what, _doc, ctx) => {
    expect(validateStrategy(makeStrategy(), ctx).filter((d) => d.code === code)).toEqual([])
  })

  it.each(['in', 'int', '__proto__', 'constructor'])(
    '[RW113] rejects the name %s without breaking the checker',
    (name) => {
      const doc = makeStrategy({
        inputs: { tier: { type: 'string' }, [name]: { type: 'string' } },
        variables: { attempts: { type: 'int' }, [name]: { type: 'int' } },
      })
      const found = validateStrategy(doc).filter((d) => d.code === 'RW113')
      expect(codesAt(found)).toEqual([`RW113@variables.${name}`, `RW113@inputs.${name}`])
      expect(validateStrategy(doc).filter((d) => d.code.startsWith('RW2'))).toEqual([])
    },
  )

  it('[RW110] says when a variable is set but never read', () => {
    const doc = around(
      { type: 'assign', set: { note: '"x"' }, next: 'done' },
      { variables: { attempts: { type: 'int' }, note: { type: 'string' } } },
    )
    expect(validateStrategy(doc).find((d) => d.code === 'RW110')?.message).toBe(
      'Variable "note" is set but never read: read it in an expression or delete it.',
    )
  })

  it('[RW112] suggests the declared variable', () => {
    const doc = around({ type: 'assign', set: { atempts: '1' }, next: 'done' })
    expect(validateStrategy(doc).find((d) => d.code === 'RW112')?.message).toContain(
      'Did you mean "attempts"?',
    )
  })

  it('[RW308] names the chain of calls', () => {
    const [, , doc, ctx] = cases.find(([code]) => code === 'RW308') ?? []
    expect(validateStrategy(doc as StrategyDocument, ctx).find((d) => d.code === 'RW308')?.message).toContain(
      'loop-a → loop-b → loop-a',
    )
  })

  it('[RW301] suggests the closest strategy', () => {
    const doc = around({ type: 'subroutine', call: 'identfy', next: { done: 'done', error: 'done' } })
    expect(validateStrategy(doc, { strategies }).find((d) => d.code === 'RW301')?.message).toContain(
      'Did you mean "identify"?',
    )
  })

  it('leaves subroutines and directory names unresolved when no context is given', () => {
    const doc = around({ type: 'subroutine', call: 'nowhere', next: { done: 'done', error: 'done' } })
    expect(validateStrategy(doc).filter((d) => d.code.startsWith('RW3'))).toEqual([])
  })

  it('gives every diagnostic the node id it is about', () => {
    const doc = around({ type: 'wait', for: '25h', next: 'missing' })
    for (const d of validateStrategy(doc).filter((x) => x.path[0] === 'nodes')) expect(d.node).toBe(d.path[1])
  })
})
