import {
  checkDirectoryText,
  checkStrategyText,
  checkTestText,
  formatDiagnostic,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy } from './rules-helpers.ts'

const file = 'examples/vip.strategy.yaml'

const text = `strategy: vip
format: 1
inputs:
  tier: { type: string }
variables:
  attempts: { type: int, default: 0 }
start: classify
nodes:
  classify:
    type: switch
    cases:
      - when: data.tier == 5
        next: vip
    default: overflw
  vip:
    type: target
    targets: [{ group: vip_team }]
    threshold: "agent.occupancy < 0.8 && atempts < 3"
    wait: 30s
    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
  overflow: { type: end, outcome: reject }
`

describe('checkStrategyText', () => {
  it('reports file:line:col for graph and expression findings, sorted by position', () => {
    const { document, diagnostics } = checkStrategyText(text, { file })
    expect(document?.strategy).toBe('vip')
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:6:3: warning RW110 Variable "attempts" is never used: delete it. (at variables.attempts)`,
      `${file}:12:25: error RW204 Type error: no such overload: string == int. Compare values of the same type: convert with int(...), double(...) or string(...). (at nodes.classify.cases[0].when)`,
      `${file}:14:14: error RW102 Node "classify" routes to "overflw", which does not exist. Did you mean "overflow"? (at nodes.classify.default)`,
      `${file}:18:42: error RW202 Unknown name "atempts". Did you mean "attempts"? (at nodes.vip.threshold)`,
      `${file}:22:3: warning RW103 Node "overflow" cannot be reached from start "classify": connect an output to it or delete it. (at nodes.overflow)`,
    ])
  })

  it('returns the parse diagnostics and no document when the text does not parse', () => {
    const result = checkStrategyText('strategy: [', { file })
    expect(result.document).toBeUndefined()
    expect(result.diagnostics[0]?.severity).toBe('error')
    expect(result.diagnostics[0]?.file).toBe(file)
  })

  it('resolves subroutines and the directory through the context', () => {
    const callee = makeStrategy({
      strategy: 'identify',
      inputs: { phone: { type: 'string', required: true } },
    })
    const caller = `strategy: main
format: 1
start: ask
nodes:
  ask:
    type: subroutine
    call: identify
    inputs: { phne: ani }
    next: { done: go, error: go }
  go: { type: target, targets: [{ group: vip_tem }] }
`
    const { diagnostics } = checkStrategyText(caller, {
      file: 'main.strategy.yaml',
      strategies: new Map([['identify', callee]]),
      directory: makeDirectory(),
    })
    expect(diagnostics.map((d) => `${d.code} ${d.range?.start.line}:${d.range?.start.column}`)).toEqual([
      'RW302 8:13',
      'RW303 8:15',
      'RW107 10:7',
      'RW107 10:7',
      'RW310 10:42',
    ])
  })
})

describe('checkDirectoryText', () => {
  it('[RW450] locates an agent group the directory does not declare', () => {
    const dir = `directory: prod
format: 1
groups: { sales: {} }
agents:
  a1: { groups: [sale] }
`
    const { diagnostics } = checkDirectoryText(dir, { file: 'prod.directory.yaml' })
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'prod.directory.yaml:3:11: info RW456 Group "sales" has no agents; targets naming it will never find a candidate. (at groups.sales)',
      'prod.directory.yaml:5:18: error RW450 Agent "a1" is in group "sale", which the directory does not declare. Did you mean "sales"? Add it under groups. (at agents.a1.groups[0])',
    ])
  })
})

describe('checkTestText', () => {
  it('[RW026] lists the agent states (and the mapping form) for an unknown state, [RW028] shows the form of "at"', () => {
    const text =
      'tests: x\nformat: 1\nscenarios:\n  - name: a\n    at: 2026-03-02 10:00\n    agents: { alice: available }\n    expect: { outcome: routed }\n'
    const messages = checkTestText(text).diagnostics.map((d) => `${d.code} ${d.message}`)
    expect(messages).toEqual([
      'RW028 "at": the text "2026-03-02 10:00" has the wrong form. Write a date and time with its offset, such as 2026-03-02T10:00:00+01:00 or 2026-03-02T09:00:00Z.',
      'RW026 The text "available" is not allowed for "alice". Use "logged-out", "not-ready", "ready", "reserved", "busy" or "after-call-work". Or write it as { state: … }.',
    ])
  })

  it('[RW461] locates an expected path node the strategy does not have', () => {
    const tests = `tests: sample
format: 1
scenarios:
  - name: gold caller
    agents: { a9: ready }
    expect: { path: [classify, vipp] }
`
    const { diagnostics } = checkTestText(tests, {
      file: 'sample.test.yaml',
      strategy: makeStrategy(),
      directory: makeDirectory(),
    })
    expect(diagnostics.map((d) => `${d.code} ${d.range?.start.line}:${d.range?.start.column}`)).toEqual([
      'RW460 5:15',
      'RW461 6:32',
    ])
  })

  it('[RW460] lists the agents of the directory when none is close to the name written', () => {
    const tests =
      'tests: sample\nformat: 1\nscenarios:\n  - name: a\n    agents: { bernhard: ready }\n    expect: { outcome: routed }\n'
    const directory = makeDirectory()
    const agents = Object.keys(directory.agents ?? {}).sort()
    const { diagnostics } = checkTestText(tests, { strategy: makeStrategy(), directory })
    expect(diagnostics.find((d) => d.code === 'RW460')?.message).toBe(
      `The directory has no agent "bernhard". Its agents: ${agents.slice(0, 8).join(', ')}${agents.length > 8 ? ` and ${agents.length - 8} more` : ''}. Use an agent of the directory the scenarios run against.`,
    )
  })
})

describe('messages for a newcomer', () => {
  it('[RW203] lists the declared inputs when none is close, [RW022] names "pick" for an IRD "selection"', () => {
    const strategy = `strategy: x
format: 1
inputs:
  lang: { type: string }
start: lang_switch
nodes:
  lang_switch:
    type: switch
    cases:
      - when: 'data.language == "de"'
        next: german
    default: german
  german:
    type: target
    selection: longest-idle
    targets: [{ group: de }]
`
    const broken = checkStrategyText(strategy).diagnostics.map((d) => `${d.code} ${d.message}`)
    expect(broken).toEqual([
      'RW022 Unknown field "selection" in node "german". Agents are chosen by "pick:" here. Allowed fields: type, title, notes, targets, pick, threshold, priority, wait, treatments, escalate, next.',
    ])
    const parsed = checkStrategyText(strategy.replace('    selection: longest-idle\n', ''))
    expect(parsed.diagnostics.find((d) => d.code === 'RW203')?.message).toBe(
      'Input "language" is not declared. Its inputs: lang. Declare it under inputs to read it as data.language.',
    )
  })
})
