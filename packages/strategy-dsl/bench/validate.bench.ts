// Benchmark: parse + validate of a 500-node strategy (target: under 50 ms, median of repeated runs).

import { cpuMs, median, microsPerCall } from '../../../bench/result.ts'
import {
  checkStrategyText,
  compileExpression,
  type ExpressionRole,
  isCompiled,
  safeParseStrategy,
  validateStrategy,
} from '../src/index.ts'

export interface BenchResult {
  name: string
  value: number
  unit: 'ms'
  target: number
  /** Medians of process CPU time, less sensitive than wall time to other work on a shared machine. */
  cpu: { parse: number; validate: number }
}

/** A realistic 500-node strategy as YAML: blocks of switch, assign, target (skills, threshold, escalation), wait. */
export function buildLargeStrategyText(nodeCount = 500, run = 0): string {
  const lines = [
    'strategy: large',
    'format: 1',
    'inputs:',
    '  tier: { type: string, default: standard }',
    '  language: { type: string, default: en }',
    'variables:',
    '  attempts: { type: int, default: 0 }',
    // the run number makes each document's declarations new, so no cached CEL environment is reused (a cold file)
    `  segment: { type: string, description: run ${run} }`,
    'start: n0',
    'nodes:',
  ]
  const blocks = Math.floor((nodeCount - 1) / 5)
  for (let b = 0; b < blocks; b++) {
    const id = (k: number) => `n${b * 5 + k}`
    const next = b + 1 < blocks ? `n${(b + 1) * 5}` : 'finish'
    lines.push(
      `  ${id(0)}:`,
      '    type: switch',
      '    cases:',
      `      - when: data.tier == "gold" && attempts < ${b + 3} && segment != "s${b}"`,
      `        next: ${id(1)}`,
      `      - when: stat("group:g${b % 20}", "ExpectedWaitTime") > ${b + 30}.0 || data.language == "fr"`,
      `        next: ${id(2)}`,
      `    default: ${id(3)}`,
      `  ${id(1)}:`,
      '    type: assign',
      `    set: { attempts: attempts + ${(b % 3) + 1}, segment: '"s${b}"' }`,
      `    next: ${id(2)}`,
      `  ${id(2)}:`,
      '    type: target',
      `    targets: [{ skill: "skills.s${b % 10} >= 3 && skills.english >= 2" }, { group: g${b % 20} }]`,
      '    threshold: agent.occupancy < 0.85',
      '    pick: longest-idle',
      `    priority: attempts + ${b % 5}`,
      '    wait: 30s',
      `    escalate: [{ after: 10s, add: [{ group: g${(b + 1) % 20} }] }, { after: 20s, raise: 5 }]`,
      `    next: { timeout: ${id(4)}, error: ${id(4)} }`,
      `  ${id(3)}:`,
      '    type: wait',
      '    for: 5s',
      `    next: ${id(4)}`,
      `  ${id(4)}:`,
      '    type: treatment',
      '    music: music/hold',
      `    next: { done: ${next}, error: ${next} }`,
    )
  }
  lines.push('  finish:', '    type: end', '    outcome: default-route', '    reason: segment == done')
  return `${lines.join('\n')}\n`
}

export function runValidateBench(runs = 21): BenchResult {
  const first = checkStrategyText(buildLargeStrategyText(500))
  const errors = first.diagnostics.filter((d) => d.severity === 'error')
  if (!first.document || errors.length > 0) {
    throw new Error(`benchmark strategy does not validate: ${JSON.stringify(errors.slice(0, 3))}`)
  }
  for (let i = 1; i <= 3; i++) checkStrategyText(buildLargeStrategyText(500, -i))
  const times: number[] = []
  const parseCpu: number[] = []
  const validateCpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const text = buildLargeStrategyText(500, 2 * i + 1)
    const start = performance.now()
    checkStrategyText(text)
    times.push(performance.now() - start)
    const coldText = buildLargeStrategyText(500, 2 * i + 2)
    let at = cpuMs()
    const parsed = safeParseStrategy(coldText)
    parseCpu.push(cpuMs() - at)
    if (!parsed.success) continue
    at = cpuMs()
    validateStrategy(parsed.data, { locator: parsed.locator })
    validateCpu.push(cpuMs() - at)
  }
  return {
    name: 'parse + validate, 500-node strategy',
    value: median(times),
    unit: 'ms',
    target: 50,
    cpu: { parse: median(parseCpu), validate: median(validateCpu) },
  }
}

/** Evaluation cost per call of compiled expressions as the runtime calls them (µs), with the ratio to hand-written JS. */
export function runExpressionBench(batches = 15, perBatch = 20_000): ExpressionBenchResult[] {
  const parsed = safeParseStrategy(buildLargeStrategyText(10))
  if (!parsed.success) throw new Error('benchmark strategy does not parse')
  const document = parsed.data
  const hooks = { stat: (_s: string, _n: string, _w: string) => 0.42, inHours: () => true, now: () => 0 }
  const values = {
    data: { tier: 'gold', language: 'en' },
    variables: { attempts: 1, segment: 's' },
    interaction: { ani: '+3312345678', dnis: '8005550100', media: 'voice', priority: 3, waited: 12.5 },
    agent: { id: 'a1', skills: { s1: 4, english: 3 }, groups: ['g1'], occupancy: 0.4, readyFor: 30, load: 0 },
  }
  type V = typeof values
  const cases: Array<[ExpressionRole, string, (v: V) => boolean]> = [
    [
      'condition',
      'data.tier == "gold" && attempts < 3',
      (v) => v.data.tier === 'gold' && v.variables.attempts < 3,
    ],
    [
      'skill',
      'skills.s1 >= 3 && skills.english >= 2',
      (v) => (v.agent.skills.s1 ?? 0) >= 3 && (v.agent.skills.english ?? 0) >= 2,
    ],
    [
      'threshold',
      'agent.occupancy < 0.85 && stat("agent", "Occupancy") < 0.9',
      (v) => v.agent.occupancy < 0.85 && hooks.stat(`agent:${v.agent.id}`, 'Occupancy', 'current') < 0.9,
    ],
  ]
  const timePerCall = (fn: () => unknown): number => microsPerCall(fn, batches, perBatch)
  return cases.map(([role, source, handWritten]) => {
    const compiled = compileExpression(source, { document, role })
    if (!isCompiled(compiled)) throw new Error(`does not compile: ${source}`)
    const value = timePerCall(() => compiled.evaluate(values, hooks))
    const baseline = timePerCall(() => handWritten(values))
    return { name: `evaluate ${role}: ${source}`, value, unit: 'µs', target: 2, ratio: value / baseline }
  })
}

export interface ExpressionBenchResult {
  name: string
  value: number
  unit: 'µs'
  target: number
  ratio: number
}
