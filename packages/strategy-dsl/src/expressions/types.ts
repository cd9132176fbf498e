import type { NameFix, Severity } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import type { ExpressionRole } from '../nodes/kind.ts'

/** Where an expression is compiled: the names it may read depend on the document, its role and the directory. */
export interface ExpressionScope {
  document: StrategyDocument
  role: ExpressionRole
  directory?: DirectoryDocument
  /** The evaluation budget (default `DEFAULT_EXPRESSION_BUDGET`); the validator's cost warnings use it too. */
  budget?: Partial<ExpressionBudget>
}

/** A statistic an expression reads; known before the expression runs because its arguments are literals. */
export interface StatRef {
  /** `group:sales`, `queue:billing`, `agent:a17`, or `agent` for the candidate agent in agent-scoped roles. */
  subject: string
  /** A catalogue name, with its parameter when it has one: `ServiceLevel(20s)`. */
  statistic: string
  /** `current`, `since-midnight` or `<N>m`. */
  window: string
}

/** The candidate agent, for `skill` and `threshold` expressions. */
export interface AgentValues {
  id: string
  /** Skill levels; skills the directory declares and the agent lacks read as 0. */
  skills: Readonly<Record<string, number>>
  groups: readonly string[]
  occupancy: number
  /** Seconds in the ready state. */
  readyFor: number
  /** Interactions the agent is handling now. */
  load: number
  site?: string
}

/** What an expression reads when it runs, as plain JS values (numbers, not BigInt). */
export interface ExpressionValues {
  data: Readonly<Record<string, unknown>>
  variables: Readonly<Record<string, unknown>>
  interaction: { ani: string; dnis: string; media: string; priority: number; waited: number }
  agent?: AgentValues
}

/** The runtime services an expression may call; injected so evaluation stays pure and replayable. */
export interface ExpressionHooks {
  stat(subject: string, statistic: string, window: string): number
  inHours(calendar: string): boolean
  /** Milliseconds since the epoch, from the injected clock. */
  now(): number
}

/** A finding inside an expression; `start`/`end` are character offsets in the expression source. */
export interface ExpressionDiagnostic {
  code: string
  severity: Severity
  message: string
  start: number
  end: number
  /** The close name meant, when the finding is about an unknown name (nameHint). */
  fix?: NameFix | undefined
}

/** Names an expression reads, so the validator can tell which variables and inputs are used. */
export interface ExpressionReads {
  /** Top-level identifiers: variables, `data`, `ani`, `skills` ... */
  identifiers: string[]
  /** Keys read as `data.<key>`; `undefined` when `data` is used as a whole (all keys count as read). */
  dataKeys: string[] | undefined
  /** Skills read as `skills.<name>`; `undefined` when `skills` is used as a whole. */
  skills: string[] | undefined
}

export interface CompiledExpression {
  source: string
  role: ExpressionRole
  /** The CEL type the checker inferred: `bool`, `int`, `string`, `dyn` ... */
  type: string
  statRefs: StatRef[]
  calendarRefs: string[]
  /** Groups an agent-scoped expression tests by name: `"sales" in groups`. */
  groupRefs: string[]
  reads: ExpressionReads
  /** Warnings found while compiling (an unknown skill, say); errors prevent compilation instead. */
  warnings: ExpressionDiagnostic[]
  /** The budget each evaluation gets unless `evaluate` is given another. */
  budget: Readonly<ExpressionBudget>
  /**
   * Runs the expression; returns plain JS values (CEL ints as numbers). Throws `ExpressionError` on failure and
   * `ExpressionBudgetError` (a subclass) when it goes over its budget.
   */
  evaluate(values: ExpressionValues, hooks: ExpressionHooks, options?: EvaluateOptions): unknown
}

export interface ExpressionFailure {
  diagnostics: ExpressionDiagnostic[]
}

/**
 * What one evaluation of an expression may spend. Caller data reaches expressions, so without a budget a strategy
 * that validates clean could loop for minutes or build gigabytes on hostile input.
 */
export interface ExpressionBudget {
  /**
   * Evaluation steps. Each iteration of a comprehension (`all`, `exists`, `exists_one`, `map`, `filter`) costs the
   * number of operations in its body, each function call 1, `x in list` one per 16 items scanned and `matches()`
   * one per 16 characters of input, so nested loops are counted as the work they really do.
   */
  maxSteps: number
  /** The longest string one operation may build (`+`, `join`, `replace` ...), in UTF-16 units. */
  maxStringLength: number
  /** The longest list one operation may build (`+`, `split`, `map`, `filter` ...). */
  maxListLength: number
  /** Characters and list items built by all operations together. */
  maxProduced: number
  /** The longest string `matches()` may scan. */
  maxRegexInput: number
}

/** Names of the limits, as `ExpressionBudgetError.limit` reports them. */
export type ExpressionBudgetLimit = keyof ExpressionBudget

/** What an evaluation spent, filled in as it runs (also when it throws). */
export interface ExpressionUsage {
  steps: number
  produced: number
}

/** Per-evaluation options. */
export interface EvaluateOptions {
  /** Overrides the compiled expression's budget for this evaluation (fields left out keep their value). */
  budget?: Partial<ExpressionBudget>
  /** Filled in with what the evaluation spent, also when it throws. */
  usage?: ExpressionUsage
}

/** An evaluation failure (missing key, division by zero, a statistic hook that failed), with the source. */
export class ExpressionError extends Error {
  override readonly name: string = 'ExpressionError'
  constructor(
    message: string,
    readonly source: string,
    override readonly cause?: unknown,
  ) {
    super(message)
  }
}

/** One entry of the names an expression may use, for completions and hovers in the designer. */
export interface ExpressionName {
  name: string
  type: string
  description: string
  kind: 'variable' | 'function' | 'field'
}
