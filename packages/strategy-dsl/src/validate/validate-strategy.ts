// validateStrategy: every semantic rule over a parsed strategy, as diagnostics with stable codes.
import type { Diagnostic } from '../diagnostics.ts'
import type { StrategyDocument } from '../document.ts'
import { Reporter, type RuleContext, type ValidationContext } from './context.ts'
import { checkExpressions } from './expression-rules.ts'
import { buildGraph } from './graph.ts'
import { checkGraph } from './graph-rules.ts'
import { checkReferences } from './reference-rules.ts'
import { checkSettings } from './setting-rules.ts'
import { checkVariables } from './variable-rules.ts'

/**
 * Checks a strategy the schema already accepted: the graph, expressions, variables, settings and references.
 * Diagnostics come in rule order; `checkStrategyText` sorts them by position.
 */
export function validateStrategy(document: StrategyDocument, ctx: ValidationContext = {}): Diagnostic[] {
  const reporter = new Reporter(ctx)
  const rc: RuleContext = { ...ctx, document, reporter, expressions: new Map() }
  const graph = buildGraph(document)
  checkGraph(rc, graph)
  checkExpressions(rc, graph) // before the rules that compare expression types
  checkVariables(rc, graph)
  checkSettings(rc, graph)
  checkReferences(rc, graph)
  return reporter.diagnostics
}
