import {
  type DirectoryDocument,
  type TestDocument,
  type TestValidationContext,
  validateDirectory,
  validateTestDocument,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { codesAt, echoLocator, makeDirectory, makeStrategy } from './rules-helpers.ts'

const directoryCases: Array<[string, string, Partial<DirectoryDocument>, string]> = [
  [
    'RW450',
    'an agent in an undeclared group',
    { agents: { a1: { groups: ['vip_tem', 'vip_team'] }, a2: { groups: ['general_support'] } } },
    'agents.a1.groups.0',
  ],
  [
    'RW451',
    'a queue served by an undeclared group',
    { queues: { sales: { groups: ['general'] } } },
    'queues.sales.groups.0',
  ],
  [
    'RW452',
    'an invalid time zone',
    { calendars: { eu: { timezone: 'Mars/Olympus', hours: { mon: '08:00-18:00' } } } },
    'calendars.eu.timezone',
  ],
  [
    'RW453',
    'inverted opening hours',
    { calendars: { eu: { timezone: 'UTC', hours: { 'mon-fri': ['08:00-12:00', '17:00-13:00'] } } } },
    'calendars.eu.hours.mon-fri.1',
  ],
  [
    'RW454',
    'a holiday that is not a date',
    { calendars: { eu: { timezone: 'UTC', hours: {}, holidays: [{ date: '2026-13-01' }] } } },
    'calendars.eu.holidays.0.date',
  ],
  [
    'RW455',
    'an undeclared agent skill',
    { agents: { a1: { groups: ['vip_team'], skills: { spanish: 3 } }, a2: { groups: ['general_support'] } } },
    'agents.a1.skills.spanish',
  ],
  [
    'RW456',
    'a group with no agents',
    { groups: { vip_team: {}, general_support: {}, empty: {} } },
    'groups.empty',
  ],
  [
    'RW457',
    'an agent with no capacity',
    { agents: { a1: { groups: ['vip_team'], capacity: { voice: 0 } }, a2: { groups: ['general_support'] } } },
    'agents.a1.capacity',
  ],
]

describe('validateDirectory', () => {
  it('accepts the sample directory', () => {
    expect(validateDirectory(makeDirectory())).toEqual([])
  })

  it.each(directoryCases)('[%s] flags %s', (code, _what, overrides, path) => {
    const found = validateDirectory(makeDirectory(overrides), {
      locator: echoLocator,
      file: 'd.directory.yaml',
    })
    expect(codesAt(found)).toEqual([`${code}@${path}`])
    expect(found[0]?.range).toBeDefined()
    expect(found[0]?.file).toBe('d.directory.yaml')
  })

  it('[RW450] suggests the closest group', () => {
    const found = validateDirectory(makeDirectory(directoryCases[0]?.[2]))
    expect(found[0]?.message).toContain('Did you mean "vip_team"?')
  })
})

const strategy = makeStrategy()
const directory = makeDirectory()

function makeTests(scenario: Partial<TestDocument['scenarios'][number]> = {}): TestDocument {
  return {
    tests: 'sample',
    format: 1,
    scenarios: [
      {
        name: 'gold caller',
        interaction: { data: { tier: 'gold' } },
        agents: { a1: 'ready' },
        events: [{ at: '5s', agent: 'a2', state: 'ready' }],
        expect: { outcome: 'routed', agent: 'a1', path: ['classify', 'vip'] },
        ...scenario,
      },
    ],
  }
}

const testCases: Array<[string, string, TestDocument, TestValidationContext, string]> = [
  [
    'RW470',
    'a stub for a function the directory lacks',
    makeTests({ functions: { lookupCustomr: { returns: 'gold' } } }),
    { directory },
    'scenarios.0.functions.lookupCustomr',
  ],
  [
    'RW460',
    'a scenario agent not in the directory',
    makeTests({ agents: { a9: 'ready' } }),
    { directory },
    'scenarios.0.agents.a9',
  ],
  [
    'RW461',
    'an expected node the strategy lacks',
    makeTests({ expect: { path: ['classify', 'vipp'] } }),
    { strategy },
    'scenarios.0.expect.path.1',
  ],
  [
    'RW462',
    'an event for an unknown agent',
    makeTests({ events: [{ at: '1s', agent: 'a7', state: 'ready' }] }),
    { directory },
    'scenarios.0.events.0.agent',
  ],
  [
    'RW463',
    'an expected agent not in the directory',
    makeTests({ expect: { agent: 'a5' } }),
    { directory },
    'scenarios.0.expect.agent',
  ],
  [
    'RW464',
    'tests of a strategy that is not given',
    { ...makeTests(), tests: 'sampel' },
    { strategies: new Map([['sample', strategy]]) },
    'tests',
  ],
  [
    'RW465',
    'interaction data the strategy does not declare',
    makeTests({ interaction: { data: { tierr: 'gold' } } }),
    { strategy },
    'scenarios.0.interaction.data.tierr',
  ],
  [
    'RW466',
    'a malformed statistic subject',
    makeTests({ stats: { sales: { AgentsReady: 1 } } }),
    {},
    'scenarios.0.stats.sales',
  ],
  [
    'RW466',
    'a statistic subject not in the directory',
    makeTests({ stats: { 'group:sale': { AgentsReady: 1 } } }),
    { directory },
    'scenarios.0.stats.group:sale',
  ],
  [
    'RW467',
    'an unknown statistic',
    makeTests({ stats: { 'group:vip_team': { AgentReady: 1 } } }),
    {},
    'scenarios.0.stats.group:vip_team.AgentReady',
  ],
  [
    'RW468',
    'events out of time order',
    makeTests({
      events: [
        { at: '10s', abandon: true },
        { at: '5s', agent: 'a1', state: 'ready' },
      ],
    }),
    {},
    'scenarios.0.events.1.at',
  ],
  [
    'RW471',
    'a scenario named like one above it',
    { ...makeTests(), scenarios: [...makeTests().scenarios, ...makeTests().scenarios] },
    {},
    'scenarios.1.name',
  ],
  [
    'RW469',
    'expected variables the strategy lacks',
    makeTests({ expect: { variables: { atempts: 1 } } }),
    { strategy },
    'scenarios.0.expect.variables.atempts',
  ],
]

describe('validateTestDocument', () => {
  it('accepts the sample tests against the sample strategy and directory', () => {
    expect(validateTestDocument(makeTests(), { strategy, directory })).toEqual([])
  })

  it.each(testCases)('[%s] flags %s', (code, _what, tests, ctx, path) => {
    const found = validateTestDocument(tests, { ...ctx, locator: echoLocator })
    expect(codesAt(found)).toEqual([`${code}@${path}`])
  })

  it('[RW471] refuses a scenario named like one above it, at its name, suggesting a name no scenario has', () => {
    const tests = makeTests()
    const [first] = tests.scenarios
    tests.scenarios.push({ ...first!, name: 'gold caller (2)' }, { ...first! }, { ...first!, name: 'other' })
    const found = validateTestDocument(tests, { strategy, directory, locator: echoLocator })
    expect(codesAt(found)).toEqual(['RW471@scenarios.2.name'])
    expect(found[0]?.message).toBe(
      'Scenario 3 has the name "gold caller" of scenario 1: --filter, JUnit reports and the designer\'s test results cannot tell them apart. Give it a name of its own, e.g. "gold caller (3)".',
    )
  })

  it('[RW471] suggests a long name cut before its suffix, so the " (2)" that makes it new is shown', () => {
    const tests = makeTests()
    const long = `gold caller who waited ${'very '.repeat(10)}long`
    tests.scenarios = [
      { ...tests.scenarios[0]!, name: long },
      { ...tests.scenarios[0]!, name: long },
    ]
    const found = validateTestDocument(tests, { strategy, directory, locator: echoLocator })
    expect(found[0]?.message).toMatch(/e\.g\. "gold caller who waited very very .*\.\.\. \(2\)"\.$/)
  })

  it('finds the strategy under test by its id among the strategies given', () => {
    const found = validateTestDocument(makeTests({ expect: { path: ['clasify'] } }), {
      strategies: new Map([['sample', strategy]]),
    })
    expect(found[0]?.message).toContain('Did you mean "classify"?')
  })
})

describe('validateTestDocument quotes the names it is given', () => {
  // a zero-width space and a right-to-left override: raw, "a\u200B9" reads as "a9" and the override turns the line
  const hidden = 'a\u200b9\u202e'
  const shown = '"a\\u200B9\\u202E"'

  it.each([
    ['RW460', makeTests({ agents: { [hidden]: 'ready' } }), { directory }],
    ['RW461', makeTests({ expect: { path: ['classify', hidden] } }), { strategy }],
    [
      'RW468',
      {
        ...makeTests({
          events: [
            { at: '10s', abandon: true },
            { at: '5s', agent: 'a1', state: 'ready' },
          ],
        }),
        scenarios: makeTests({
          events: [
            { at: '10s', abandon: true },
            { at: '5s', agent: 'a1', state: 'ready' },
          ],
        }).scenarios.map((scenario) => ({ ...scenario, name: hidden })),
      },
      {},
    ],
    ['RW470', makeTests({ functions: { [hidden]: { returns: 'gold' } } }), { directory }],
  ] as Array<[string, TestDocument, TestValidationContext]>)(
    '[%s] shows an invisible or bidi character of a name escaped',
    (code, tests, ctx) => {
      const found = validateTestDocument(tests, ctx)
      expect(found.map((d) => d.code)).toEqual([code])
      expect(found[0]?.message).toContain(shown)
      expect(found[0]?.message).not.toMatch(/[\u200b\u202e]/)
    },
  )

  it('[RW461] quotes the strategy under test the same way', () => {
    const tests = { ...makeTests({ expect: { path: ['vipp'] } }), tests: hidden }
    const found = validateTestDocument(tests, { strategy })
    expect(found[0]?.message).toContain(`which strategy ${shown} does not have`)
  })
})
