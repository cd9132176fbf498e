import type { Severity } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import type { ExpressionRole } from '../nodes/kind.ts'

/** Where an expression is compiled: the names it may read depend on the document, its role and the directory. */
export interface ExpressionScope {
  document: StrategyDocument
  role: ExpressionRole
  directory?: DirectoryDocument
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
  reads: ExpressionReads
  /** Warnings found while compiling (an unknown skill, say); errors prevent compilation instead. */
  warnings: ExpressionDiagnostic[]
  /** Runs the expression; returns plain JS values (CEL ints as numbers). Throws `ExpressionError` on failure. */
  evaluate(values: ExpressionValues, hooks: ExpressionHooks): unknown
}

export interface ExpressionFailure {
  diagnostics: ExpressionDiagnostic[]
}

/** An evaluation failure (missing key, division by zero, a statistic hook that failed), with the source. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError'
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
