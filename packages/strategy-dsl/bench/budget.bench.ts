// Benchmark: what the evaluation budget costs. The same expressions evaluated by compileExpression (budget meter,
// RE2) and by plain cel-js on the same context (no meter, JavaScript RegExp); the ratio is budgeted / plain.
import { Environment } from '@marcbachmann/cel-js'
import { microsPerCall } from '../../../bench/result.ts'
import { compileExpression, isCompiled, safeParseStrategy } from '../src/index.ts'

export interface BudgetBenchFigure {
  name: string
  value: number
  unit: 'µs'
  target: number
  ratio: number
}

const STRATEGY = `strategy: budget-bench
format: 1
inputs:
  tier: { type: string }
  score: { type: int }
  email: { type: string }
  items: { type: list<string> }
start: done
nodes:
  done: { type: end, outcome: reject }
`

export function runBudgetBench(batches = 15, perBatch = 5_000): BudgetBenchFigure[] {
  const parsed = safeParseStrategy(STRATEGY)
  if (!parsed.success) throw new Error('benchmark strategy does not parse')
  const items = Array.from({ length: 100 }, (_, i) => `item-${i}`)
  const data = { tier: 'gold', score: 12, email: 'ann.lee@example.com', items }
  const values = {
    data,
    variables: {},
    interaction: { ani: '', dnis: '', media: 'chat', priority: 0, waited: 0 },
  }
  const hooks = { stat: () => 0, inHours: () => true, now: () => 0 }
  const plainEnv = new Environment().registerVariable({
    name: 'data',
    schema: { tier: 'string', score: 'int', email: 'string', items: 'list<string>' },
  })
  const context = { data: { ...data, score: 12n } }
  const timePerCall = (fn: () => unknown): number => microsPerCall(fn, batches, perBatch)
  const cases: Array<[string, number]> = [
    ['data.tier == "gold" && data.score > 3', 1],
    ['data.items.exists(x, x == "item-99")', 40],
    ['data.items.map(x, x + "@example.com").filter(y, y.startsWith("item-9")).size() > 5', 100],
    ['data.email.matches("^[a-z.]+@example[.]com$")', 20],
  ]
  return cases.map(([source, target]) => {
    const compiled = compileExpression(source, { document: parsed.data, role: 'condition' })
    if (!isCompiled(compiled)) throw new Error(`does not compile: ${source}`)
    const plain = plainEnv.parse(source)
    if (!plain.check().valid) throw new Error(`plain cel-js rejects: ${source}`)
    if (compiled.evaluate(values, hooks) !== plain(context)) throw new Error(`results differ: ${source}`)
    const value = timePerCall(() => compiled.evaluate(values, hooks))
    const baseline = timePerCall(() => plain(context))
    return {
      name: `budgeted evaluate vs plain cel-js: ${source}`,
      value,
      unit: 'µs',
      target,
      ratio: value / baseline,
    }
  })
}
