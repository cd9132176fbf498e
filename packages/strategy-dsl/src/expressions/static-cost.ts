// pure: what an expression may cost before it runs: RE2-incompatible patterns (RW211) and work that may go over the
// evaluation budget (RW212), estimated the way the meter counts it, with lists of unknown size assumed long.
import { bodySize } from './instrument.ts'
import { regexProblem } from './regex.ts'
import type { ExpressionBudget, ExpressionDiagnostic } from './types.ts'

/** Items assumed in a list whose size is unknown before it runs (caller data, variables, split results). */
export const ASSUMED_LIST_SIZE = 1_000

interface Node {
  op: string
  args: unknown
  start: number
  end: number
  meta: { alternate?: Node; macro?: Record<string, unknown> }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'op' in value && 'meta' in value
}

interface Comprehension {
  iterable: Node
  init: Node
  step: Node
  iterVarName: string
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'unbounded')

export function staticCost(root: unknown, budget: Readonly<ExpressionBudget>): ExpressionDiagnostic[] {
  const out: ExpressionDiagnostic[] = []
  const at = (code: string, severity: 'error' | 'warning', message: string, node: Node) =>
    out.push({ code, severity, message, start: node.start, end: node.end })

  /** Estimated steps of one evaluation of `value`; `loopVars` are the iteration variables in scope. */
  const estimate = (value: unknown, loopVars: readonly string[]): number => {
    if (Array.isArray(value)) return value.reduce((n: number, item) => n + estimate(item, loopVars), 0)
    if (!isNode(value)) return 0
    const node = value
    if (node.meta.alternate) return estimate(node.meta.alternate, loopVars)
    if (node.meta.macro)
      return estimate(node.meta.macro.val, loopVars) + estimate(node.meta.macro.exp, loopVars)
    switch (node.op) {
      case 'comprehension': {
        const c = node.args as Comprehension
        const items = sizeOf(c.iterable)
        const inner = [...loopVars, c.iterVarName]
        return (
          estimate(c.iterable, loopVars) +
          estimate(c.init, loopVars) +
          items * (1 + bodySize(c.step) + estimate(c.step, inner))
        )
      }
      case 'rcall': {
        const [name, receiver, args] = node.args as [string, Node, Node[]]
        let cost = 1 + estimate(receiver, loopVars) + estimate(args, loopVars)
        if (name === 'matches' && args.length === 1) {
          const pattern = args[0] as Node
          if (pattern.op === 'value' && typeof pattern.args === 'string') {
            const problem = regexProblem(pattern.args)
            if (problem) at('RW211', 'error', problem, pattern)
          }
          const input =
            receiver.op === 'value' && typeof receiver.args === 'string'
              ? receiver.args.length
              : budget.maxRegexInput
          cost += 1 + (input >> 4)
        }
        return cost
      }
      case 'call':
        return 1 + estimate((node.args as [string, Node[]])[1], loopVars)
      case 'in': {
        const [, list] = node.args as [Node, Node]
        return 1 + (sizeOf(list) >> 4) + estimate(node.args, loopVars)
      }
      case '+': {
        const [left, right] = node.args as [Node, Node]
        if (loopVars.length > 0 && readsAny(left, loopVars) && readsAny(right, loopVars)) {
          at(
            'RW212',
            'warning',
            'This joins two values that both come from the loop, so what it builds can grow with every iteration (a string or list doubled in a loop); over the budget of ' +
              `${fmt(budget.maxStringLength)} characters or ${fmt(budget.maxListLength)} items the node takes its error output. Build the value once outside the loop, or test the parts without joining them.`,
            node,
          )
        }
        return estimate(node.args, loopVars)
      }
      default:
        return estimate(node.args, loopVars)
    }
  }

  const steps = estimate(root, [])
  if (steps > budget.maxSteps) {
    const loop = outermostLoop(root)
    if (loop) {
      at(
        'RW212',
        'warning',
        `This may take about ${fmt(steps)} steps (lists of unknown size counted as ${fmt(ASSUMED_LIST_SIZE)} items), over the evaluation budget of ${fmt(budget.maxSteps)}; then the node takes its error output. Avoid nesting comprehensions over caller data: test membership with "in", or narrow the list first.`,
        loop,
      )
    }
  }
  return dedupe(out)
}

/** The first comprehension met from the root (the source range of the macro call that wrote it). */
function outermostLoop(value: unknown): Node | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = outermostLoop(item)
      if (found) return found
    }
    return undefined
  }
  if (!isNode(value)) return undefined
  const node = value.meta.alternate ?? value
  if (node.op === 'comprehension') return value
  if (node.meta.macro) return outermostLoop([node.meta.macro.val, node.meta.macro.exp])
  return outermostLoop(node.args)
}

function sizeOf(node: Node): number {
  const target = node.meta.alternate ?? node
  if (target.op === 'list' && Array.isArray(target.args)) return target.args.length
  if (target.op === 'map' && Array.isArray(target.args)) return target.args.length
  if (target.op === 'comprehension') return sizeOf((target.args as Comprehension).iterable)
  return ASSUMED_LIST_SIZE
}

function readsAny(value: unknown, names: readonly string[]): boolean {
  if (Array.isArray(value)) return value.some((item) => readsAny(item, names))
  if (!isNode(value)) return false
  if (value.op === 'id') return names.includes(value.args as string)
  if (value.meta.alternate) return readsAny(value.meta.alternate, names)
  if (value.op === 'comprehension') {
    const c = value.args as Comprehension
    return readsAny(c.iterable, names) || readsAny(c.init, names) || readsAny(c.step, names)
  }
  return readsAny(value.args, names)
}

function dedupe(list: ExpressionDiagnostic[]): ExpressionDiagnostic[] {
  const seen = new Set<string>()
  return list.filter((d) => {
    const key = `${d.code}:${d.start}:${d.end}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
