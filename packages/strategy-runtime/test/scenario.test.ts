import type { Scenario, StrategyDocument } from '@routewright/strategy-dsl'
import {
  failureLines,
  routeOnce,
  runScenario,
  runTestDocument,
  runTestDocumentUntil,
} from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory } from './fixtures.ts'

const vip: StrategyDocument = {
  strategy: 'vip',
  format: 1,
  inputs: { tier: { type: 'string', default: 'standard' } },
  variables: { choice: { type: 'string' }, segment: { type: 'string' } },
  start: 'menu',
  nodes: {
    menu: {
      type: 'treatment',
      collect: { into: 'choice', max: 1, timeout: '8s' },
      next: { done: 'classify', timeout: 'classify' },
    },
    classify: {
      type: 'switch',
      cases: [{ label: 'gold', when: 'data.tier == "gold"', next: 'lookup' }],
      default: 'general',
    },
    lookup: {
      type: 'function',
      call: 'crm',
      args: ['ani'],
      into: 'segment',
      timeout: '2s',
      next: { done: 'mark', error: 'general', timeout: 'general' },
    },
    mark: { type: 'attach', set: { Segment: 'segment' }, next: 'desk' },
    desk: {
      type: 'target',
      targets: [{ group: 'vip_team' }],
      wait: '30s',
      priority: 10,
      treatments: [{ music: 'music/vip', duration: '20s' }],
      escalate: [{ after: '10s', add: [{ group: 'sales' }] }],
      next: { timeout: 'general' },
    },
    general: { type: 'target', targets: [{ queue: 'general' }], wait: '1m', next: { timeout: 'bye' } },
    bye: { type: 'end', outcome: 'default-route' },
  },
}

const ctx = { strategies: new Map([['vip', vip]]), directory: makeDirectory() }

function scenario(overrides: Partial<Scenario>): Scenario {
  return { name: 't', expect: {}, ...overrides }
}

describe('runScenario', () => {
  it('collects digits, calls a stubbed function, attaches data and routes to a ready agent', () => {
    const result = runScenario(
      scenario({
        interaction: { ani: '555', data: { tier: 'gold' } },
        agents: { a4: 'ready' },
        functions: { crm: { returns: 'platinum', after: '1s' } },
        events: [{ at: '2s', digits: '1' }],
      }),
      'vip',
      ctx,
    )
    expect(result.outcome).toBe('routed')
    expect(result.agent).toBe('a4')
    expect(result.path).toEqual(['menu', 'classify', 'lookup', 'mark', 'desk'])
    expect(result.variables).toMatchObject({ choice: '1', segment: 'platinum' })
    expect(result.data.Segment).toBe('platinum')
    expect(result.at).toBe(3000)
  })

  it('escalates to a wider group after 10s while music plays', () => {
    const result = runScenario(
      scenario({
        interaction: { data: { tier: 'gold' } },
        agents: { a1: { state: 'ready', since: '1m' } },
        functions: { crm: { returns: 'gold' } },
        events: [{ at: '0s', digits: '2' }],
      }),
      'vip',
      ctx,
    )
    expect(result.outcome).toBe('routed')
    expect(result.agent).toBe('a1')
    expect(result.target).toBe('group:sales')
    expect(result.at).toBe(10_000)
    expect(result.treatments).toEqual(['collect → choice', 'music music/vip'])
  })

  it('takes error when the host function throws and timeout when it hangs', () => {
    const thrown = runScenario(
      scenario({
        interaction: { data: { tier: 'gold' } },
        functions: { crm: { throws: 'CRM down' } },
        agents: { a3: 'ready' },
      }),
      'vip',
      ctx,
    )
    expect(thrown.path).toEqual(['menu', 'classify', 'lookup', 'general'])
    expect(thrown.trace.some((t) => t.kind === 'error' && t.message?.includes('CRM down'))).toBe(true)
    const hung = runScenario(
      scenario({
        interaction: { data: { tier: 'gold' } },
        functions: { crm: { hangs: true } },
        agents: { a3: 'ready' },
      }),
      'vip',
      ctx,
    )
    expect(hung.path).toEqual(['menu', 'classify', 'lookup', 'general'])
    expect(hung.at).toBe(8000 + 2000)
  })

  it('plays an announcement for its duration (none: at once), as the simulator does, then goes on', () => {
    const announced = (play: Record<string, string>): StrategyDocument => ({
      strategy: 'closed',
      format: 1,
      start: 'msg',
      nodes: {
        msg: { type: 'treatment', play: 'prompts/closed', ...play, next: { done: 'bye' } },
        bye: { type: 'end', outcome: 'default-route' },
      },
    })
    const at = (doc: StrategyDocument) =>
      runScenario(scenario({}), 'closed', { ...ctx, strategies: new Map([['closed', doc]]) }).at
    expect(at(announced({ duration: '5s' }))).toBe(5000)
    expect(at(announced({}))).toBe(0)
  })

  it('reports abandonment and a rejected reservation puts the interaction back', () => {
    const abandoned = runScenario(scenario({ events: [{ at: '40s', abandon: true }] }), 'vip', ctx)
    expect(abandoned.outcome).toBe('abandoned')
    const rejected = runScenario(
      scenario({
        agents: { a1: 'ready' },
        events: [
          { at: '9s', reject: true },
          { at: '20s', agent: 'a2', state: 'ready' },
        ],
      }),
      'vip',
      ctx,
    )
    expect(rejected.outcome).toBe('routed')
    expect(rejected.agent).toBe('a2')
    expect(rejected.at).toBe(20_000)
    // the explanation names the interaction in words: it read "scenario was first in line" (its id)
    expect(rejected.explanation?.reason).toMatch(
      /^the interaction was first in line when a2 became available/,
    )
  })
})

describe('runTestDocument', () => {
  it('compares expectations field by field with readable messages', () => {
    const report = runTestDocument(
      {
        tests: 'vip',
        format: 1,
        scenarios: [
          {
            name: 'passes',
            agents: { a3: 'ready' },
            expect: { outcome: 'routed', agent: 'a3', target: 'queue:general', path: ['menu', 'classify'] },
          },
          { name: 'fails', agents: { a3: 'ready' }, expect: { outcome: 'timeout', agent: 'a1' } },
        ],
      },
      ctx,
    )
    expect(report.scenarios.map((s) => s.passed)).toEqual([true, false])
    expect(report.passed).toBe(false)
    expect(report.scenarios[1]?.failures.map((f) => f.message)).toEqual([
      'outcome: expected "timeout", got "routed"',
      'agent: expected "a1", got "a3"',
    ])
  })

  it('fails a scenario whose media no agent of the directory takes, naming the media there are', () => {
    const report = runTestDocument(
      {
        tests: 'vip',
        format: 1,
        scenarios: [
          { name: 'fax', interaction: { media: 'fax' }, agents: { a3: 'ready' }, expect: {} },
          { name: 'typo', interaction: { media: 'chta' }, agents: { a3: 'ready' }, expect: {} },
          { name: 'chat', interaction: { media: 'chat' }, agents: { a4: 'ready' }, expect: {} },
        ],
      },
      ctx,
    )
    expect(report.scenarios.map((s) => s.passed)).toEqual([false, false, true])
    expect(report.scenarios[0]?.failures).toEqual([
      {
        field: 'interaction.media',
        expected: 'valid setup',
        actual: expect.any(String),
        message:
          'No agent of directory "test" takes media "fax", so the interaction could never be answered: write a media they take, or give an agent capacity for it. Its media: chat, voice.',
      },
    ])
    expect(report.scenarios[1]?.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/takes media "chta", .* Did you mean "chat"\?$/),
    ])
  })
})

describe('runTestDocumentUntil', () => {
  const tests = {
    tests: 'vip',
    format: 1 as const,
    scenarios: [
      { name: 'waits', expect: { outcome: 'routed' as const } },
      { name: 'after', agents: { a3: 'ready' as const }, expect: { outcome: 'routed' as const } },
    ],
  }

  it('reports what runTestDocument reports when nothing stops it', async () => {
    const control = { signal: new AbortController().signal, pause: async () => {}, firingsPerPause: 1 }
    expect(await runTestDocumentUntil(tests, ctx, control)).toEqual(runTestDocument(tests, ctx))
  })

  it('stops the scenario running at its next clock firing and starts no other', async () => {
    const stop = new AbortController()
    let pauses = 0
    // the host's turn after the first firing: that is when its stop request comes in
    const pause = async () => {
      pauses++
      stop.abort()
    }
    const report = await runTestDocumentUntil(tests, ctx, { signal: stop.signal, pause, firingsPerPause: 1 })
    expect(pauses).toBe(1)
    expect(report).toMatchObject({ stopped: true, passed: false })
    expect(report.scenarios).toHaveLength(1)
    const [stopped] = report.scenarios
    expect(stopped).toMatchObject({ name: 'waits', passed: false, stopped: true })
    expect(failureLines(stopped!)).toEqual([
      'stopped before it finished: the run was stopped',
      'outcome "waiting"; path menu → classify → general',
    ])
  })
})

describe('failureLines', () => {
  it('writes a list expectation expected vs actual, item by item, under its message', () => {
    const [report] = runTestDocument(
      {
        tests: 'vip',
        format: 1,
        scenarios: [{ name: 'p', agents: { a3: 'ready' }, expect: { path: ['menu', 'lookup'] } }],
      },
      ctx,
    ).scenarios
    expect(failureLines(report!)).toMatchInlineSnapshot(`
      [
        "path: expected menu → lookup, got menu → classify → general (differs at step 2)",
        "  - expected + actual",
        "    menu",
        "  - lookup",
        "  + classify",
        "  + general",
        "outcome "routed", agent a3, target queue:general; path menu → classify → general",
      ]
    `)
  })
})

describe('routeOnce', () => {
  it('routes one interaction with the given agents and explains the choice', () => {
    const result = routeOnce(
      'vip',
      { data: { tier: 'silver' } },
      { ...ctx, agents: { a2: { state: 'ready', since: '30s' }, a3: { state: 'ready', since: '10s' } } },
    )
    expect(result.outcome).toBe('routed')
    expect(result.agent).toBe('a2')
    expect(result.explanation?.winner).toBe('a2')
    expect(result.explanation?.candidates.find((c) => c.agent === 'a3')?.rank).toBe(2)
  })
})
