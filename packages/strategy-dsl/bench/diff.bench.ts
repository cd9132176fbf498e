// Benchmark: the semantic diff of two versions of a 500-node strategy (a few nodes edited, one renamed with its
// references, one added). Baseline: JSON.stringify of both documents and a string comparison, the cheapest
// "did anything change" a tool could do; the ratio is of CPU times.
import { diffStrategies, parseStrategy, type StrategyDocument, type StrategyNode } from '../src/index.ts'
import { buildParseBenchText, measure, type ParseBenchFigure } from './parse.bench.ts'

function edited(before: StrategyDocument): StrategyDocument {
  const after = structuredClone(before)
  for (const id of ['n2', 'n102', 'n202']) {
    const node = after.nodes[id] as Extract<StrategyNode, { type: 'target' }>
    after.nodes[id] = { ...node, wait: '2m', priority: 20 }
  }
  // n3 (a wait) becomes n3_renamed, and n2's outputs follow it
  const { n3, ...rest } = after.nodes
  after.nodes = { ...rest, n3_renamed: n3! }
  const n2 = after.nodes.n2 as Extract<StrategyNode, { type: 'target' }>
  after.nodes.n2 = { ...n2, next: { timeout: 'n3_renamed', error: 'n3_renamed' } }
  after.nodes.extra = { type: 'end', outcome: 'reject' }
  return after
}

export function runDiffBench(runs = 31): ParseBenchFigure[] {
  const before = parseStrategy(buildParseBenchText(500))
  const after = edited(before)
  const check = diffStrategies(before, after)
  const renamed = check.nodes.filter((n) => n.change === 'renamed').length
  if (check.nodes.length !== 5 || renamed !== 1) {
    throw new Error(
      `the benchmark edit should give 3 changed, 1 renamed, 1 added nodes, got ${check.nodes.length}`,
    )
  }
  let same = false
  const baseline = measure(runs, () => {
    same = JSON.stringify(before) === JSON.stringify(after)
  })
  if (same) throw new Error('baseline saw no change')
  const diff = measure(runs, () => diffStrategies(before, after))
  return [
    {
      name: 'diff (semantic), 500-node strategy, 5 nodes changed',
      value: diff.wall,
      unit: 'ms',
      target: 20,
      ratio: diff.cpu / baseline.cpu,
      cpu: diff.cpu,
    },
  ]
}
