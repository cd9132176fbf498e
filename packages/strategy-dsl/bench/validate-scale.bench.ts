// Benchmark: parse + validate of one 1,000-node and one 10,000-node strategy (the node limit, MAX_NODES; CPU time, as
// `routewright validate` runs them: no positions kept by the read), and the ratio between them: linear is 10x.
// Targets: 10,000 nodes in under 800 ms of CPU on the 2-core machine, and a ratio under 12 (a per-node scan of all
// nodes would show as ~100x). Then the refusal (RW013) of a 100,000-node file, with and without positions (the
// editor keeps them): the read before the count is all it costs.

import { cpuMs, median } from '../../../bench/result.ts'
import { checkStrategyText, MAX_NODES, safeParseStrategy } from '../src/index.ts'

export interface ScaleFigure {
  name: string
  value: number
  unit: 'ms' | 'x'
  target: number
}

/**
 * A strategy of about `nodeCount` nodes in flow style (76 bytes a node, so 100,000 stay under the 10 MB limit, to be refused for their count):
 * switch, assign, target, wait. Each target leaves its error output open, so a quarter of the nodes are reported
 * (RW107) and the findings' positions are part of the cost. `run` makes the declarations new (no cached CEL
 * environment from an earlier run).
 */
export function buildScaleStrategyText(nodeCount: number, run = 0): string {
  const lines = [
    'strategy: big',
    'format: 1',
    'variables:',
    `  attempts: { type: int, default: 0, description: run ${run} }`,
    'start: n0',
    'nodes:',
  ]
  const blocks = Math.floor((nodeCount - 1) / 4)
  for (let b = 0; b < blocks; b++) {
    const id = (k: number) => `n${b * 4 + k}`
    const next = b + 1 < blocks ? `n${(b + 1) * 4}` : 'finish'
    lines.push(
      `  ${id(0)}: { type: switch, cases: [{ when: attempts < ${b % 7}, next: ${id(1)} }], default: ${id(2)} }`,
      `  ${id(1)}: { type: assign, set: { attempts: attempts + 1 }, next: ${id(2)} }`,
      `  ${id(2)}: { type: target, targets: [{ group: g${b % 20} }], wait: 30s, next: { timeout: ${id(3)} } }`,
      `  ${id(3)}: { type: wait, for: 5s, next: ${next} }`,
    )
  }
  lines.push('  finish: { type: end, outcome: default-route }')
  return `${lines.join('\n')}\n`
}

/** Median CPU milliseconds of `runs` parse + validate passes over fresh documents of `nodeCount` nodes. */
function validateCpu(nodeCount: number, runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const text = buildScaleStrategyText(nodeCount, nodeCount + i)
    const at = cpuMs()
    const result = checkStrategyText(text)
    times.push(cpuMs() - at)
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    if (!result.document || errors.length > 0) {
      throw new Error(`scale strategy does not validate: ${JSON.stringify(errors.slice(0, 3))}`)
    }
  }
  return median(times)
}

/** Median CPU milliseconds of `runs` refusals (RW013) of a fresh `nodeCount`-node document. */
function refusalCpu(nodeCount: number, runs: number, positions: boolean): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const text = buildScaleStrategyText(nodeCount, nodeCount + i)
    const at = cpuMs()
    const result = safeParseStrategy(text, { positions })
    times.push(cpuMs() - at)
    if (result.diagnostics[0]?.code !== 'RW013') {
      throw new Error(`scale strategy is not refused: ${JSON.stringify(result.diagnostics.slice(0, 3))}`)
    }
  }
  return median(times)
}

export function runValidateScaleBench(): ScaleFigure[] {
  validateCpu(2_000, 3) // warm the code paths before either size is timed
  const small = validateCpu(1_000, 9)
  const large = validateCpu(MAX_NODES, 5)
  return [
    { name: 'parse + validate, 1,000 nodes (CPU)', value: small, unit: 'ms', target: 80 },
    { name: 'parse + validate, 10,000 nodes (CPU)', value: large, unit: 'ms', target: 800 },
    {
      name: 'validate 10,000 nodes / 1,000 nodes (linear = 10x)',
      value: large / small,
      unit: 'x',
      target: 12,
    },
    {
      name: 'refuse 100,000 nodes, RW013 (CPU)',
      value: refusalCpu(100_000, 3, false),
      unit: 'ms',
      target: 1_500,
    },
    {
      name: 'refuse 100,000 nodes with positions, as an editor (CPU)',
      value: refusalCpu(100_000, 3, true),
      unit: 'ms',
      target: 2_000,
    },
  ]
}
