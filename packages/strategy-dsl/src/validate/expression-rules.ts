// Expression rules (RW2xx, RW130; RW213 in skill-key-rules.ts): compiles every expression of every node once, reporting inside the expression.
import { compileExpression, isCompiled, typeMatches } from '../expressions/compile.ts'
import type { RuleContext } from './context.ts'
import { expressionKey, nodePath } from './context.ts'
import type { StrategyGraph } from './graph.ts'
import { checkSkillKey } from './skill-key-rules.ts'

export function checkExpressions(rc: RuleContext, graph: StrategyGraph): void {
  const scopeBase = rc.directory
    ? { document: rc.document, directory: rc.directory }
    : { document: rc.document }
  graph.ids.forEach((id, i) => {
    const node = graph.nodes[i]
    const kind = graph.kinds[i]
    if (!node || !kind) return
    for (const expression of kind.expressions(node)) {
      const path = nodePath(id, ...expression.path)
      if (expression.role === 'skill') checkSkillKey(rc, id, path, expression.source)
      const result = compileExpression(expression.source, { ...scopeBase, role: expression.role })
      const compiled = isCompiled(result) ? result : undefined
      rc.expressions.set(expressionKey(id, expression.path), {
        node: id,
        path,
        source: expression.source,
        compiled,
      })
      const found = compiled ? compiled.warnings : isCompiled(result) ? [] : result.diagnostics
      for (const d of found) {
        rc.reporter.reportInString(
          { code: d.code, severity: d.severity, message: d.message, path, node: id, fix: d.fix },
          d.start,
          d.end,
        )
      }
      if (compiled && expression.expectedType !== undefined) {
        expectType(rc, id, expression.path, expression.expectedType, 'the value')
      }
    }
    checkStatisticErrorPath(rc, graph, i)
  })
}

/**
 * RW130: a node reads a statistic but its quiet `error` output is not connected, so a provider that cannot answer
 * (or an evaluation over budget) sends the interaction to the default route instead of the strategy's own branch.
 * Unconnected error outputs that are not quiet already get RW107.
 */
function checkStatisticErrorPath(rc: RuleContext, graph: StrategyGraph, i: number): void {
  const id = graph.ids[i] as string
  const node = graph.nodes[i]
  const kind = graph.kinds[i]
  if (!node || !kind) return
  const error = graph.outputs[i]?.find((o) => o.name === 'error' && o.quiet)
  if (!error || error.target !== undefined) return
  for (const expression of kind.expressions(node)) {
    const stat = rc.expressions.get(expressionKey(id, expression.path))?.compiled?.statRefs[0]
    if (!stat) continue
    rc.reporter.report({
      code: 'RW130',
      severity: 'warning',
      message: `Node "${id}" reads statistic ${stat.statistic} of ${stat.subject} but has no error output: when the statistic cannot be read the interaction leaves by the default route. Connect ${error.path.join('.')}: to the node that should handle it.`,
      path: nodePath(id, ...expression.path),
      node: id,
    })
    return
  }
}

/** Reports RW205 when the expression at `path` of node `id` does not give `expected`. */
export function expectType(
  rc: RuleContext,
  id: string,
  path: readonly (string | number)[],
  expected: string,
  what: string,
): void {
  const checked = rc.expressions.get(expressionKey(id, path))
  const compiled = checked?.compiled
  if (!checked || !compiled) return
  if (typeMatches(compiled.type, expected)) return
  rc.reporter.reportInString(
    {
      code: 'RW205',
      severity: 'error',
      message: `This gives ${compiled.type}, but ${what} is ${expected}.${hintFor(compiled.type, expected)}`,
      path: checked.path,
      node: id,
    },
    0,
    checked.source.length,
  )
}

function hintFor(actual: string, expected: string): string {
  if (expected === 'string' && actual !== 'string')
    return ' Convert it with string(...) or write the text in quotes.'
  if (expected === 'int' && actual === 'double') return ' Convert it with int(...).'
  if ((expected === 'int' || expected === 'double') && actual === 'string')
    return ` Convert it with ${expected}(...).`
  return ''
}
