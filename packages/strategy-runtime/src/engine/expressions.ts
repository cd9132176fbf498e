// The one place the runtime evaluates CEL: it delegates to the DSL's compileExpression, so the validator and
// the runtime agree on names, types and semantics.
import {
  type AgentValues,
  compileExpression,
  type DirectoryDocument,
  type ExpressionHooks,
  type ExpressionRole,
  type ExpressionValues,
  isCompiled,
  type StrategyDocument,
} from '@routewright/strategy-dsl'

export type { AgentValues, ExpressionHooks, ExpressionValues }

export interface StatRef {
  /** `group:sales`, or `agent` for the candidate agent of a threshold. */
  subject: string
  statistic: string
  window: string
}

export interface RuntimeExpression {
  source: string
  role: ExpressionRole
  statRefs: StatRef[]
  calendarRefs: string[]
  evaluate(values: ExpressionValues, hooks: ExpressionHooks): unknown
}

export type CompileOutcome = RuntimeExpression | { error: string }

/** Compiles one expression of a strategy; the error carries the DSL's diagnostic messages. */
export function compileRuntimeExpression(
  source: string,
  role: ExpressionRole,
  scope: { document: StrategyDocument; directory?: DirectoryDocument },
): CompileOutcome {
  let result: ReturnType<typeof compileExpression>
  try {
    result = compileExpression(source, {
      document: scope.document,
      role,
      ...(scope.directory ? { directory: scope.directory } : {}),
    })
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  if (isCompiled(result)) return result
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  return {
    error: (errors.length > 0 ? errors : result.diagnostics).map((d) => `${d.code} ${d.message}`).join('; '),
  }
}
