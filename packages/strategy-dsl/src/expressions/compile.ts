// Compiles a CEL expression once (parse, type-check, literal checks) into a fast evaluate(values, hooks).
import type { ParseResult } from '@marcbachmann/cel-js'
import type { ExpressionRole } from '../nodes/kind.ts'
import { analyse } from './analyse.ts'
import { isBudgetError, Meter, resolveBudget } from './budget.ts'
import { EXPRESSION_LIMITS, type ExpressionEnvironment, environmentFor } from './environment.ts'
import { diagnosticFromCelError } from './errors.ts'
import { instrument } from './instrument.ts'
import { staticCost } from './static-cost.ts'
import {
  type CompiledExpression,
  type EvaluateOptions,
  type ExpressionBudget,
  type ExpressionDiagnostic,
  ExpressionError,
  type ExpressionFailure,
  type ExpressionHooks,
  type ExpressionReads,
  type ExpressionScope,
  type ExpressionValues,
} from './types.ts'
import { fromCel, toCel, toCelInt } from './values.ts'

const MAX_CACHED = 10_000

/** The CEL type an expression of each role must give (`undefined`: any). */
export function requiredTypeOf(role: ExpressionRole): string | undefined {
  return role === 'int' ? 'int' : role === 'value' ? undefined : 'bool'
}

/** Whether a value of CEL type `actual` may be stored where `expected` is declared (ints widen to double). */
export function typeMatches(actual: string, expected: string): boolean {
  if (actual === expected || actual === 'dyn') return true
  if (expected === 'double' && actual === 'int') return true
  if (actual === 'list' || actual === 'list<dyn>') return expected.startsWith('list<')
  if (actual === 'map' || actual === 'map<dyn, dyn>' || actual === 'map<string, dyn>')
    return expected.startsWith('map<')
  return false
}

function describeRole(role: ExpressionRole): string {
  switch (role) {
    case 'condition':
      return 'A condition must give true or false (bool)'
    case 'int':
      return 'A priority must be a whole number (int)'
    case 'skill':
      return 'A skill expression must give true or false (bool), e.g. skills.billing >= 3'
    case 'threshold':
      return 'A threshold must give true or false (bool), e.g. agent.occupancy < 0.85'
    case 'value':
      return 'The value'
  }
}

/** Parses, checks and prepares `source` for `scope`; the result is cached per document environment. */
export function compileExpression(
  source: string,
  scope: ExpressionScope,
): CompiledExpression | ExpressionFailure {
  let bundle: ExpressionEnvironment
  try {
    bundle = environmentFor(scope.document, scope.role, scope.directory)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { diagnostics: [internalFailure(source, detail)] }
  }
  let budget: Readonly<ExpressionBudget>
  try {
    budget = resolveBudget(scope.budget)
  } catch (error) {
    return { diagnostics: [internalFailure(source, (error as Error).message)] }
  }
  const key = `${scope.role}\u0000${source}${scope.budget === undefined ? '' : `\u0000${JSON.stringify(budget)}`}`
  const cached = bundle.cache.get(key) as CompiledExpression | ExpressionFailure | undefined
  if (cached) return cached
  let result: CompiledExpression | ExpressionFailure
  try {
    result = compileUncached(source, scope.role, bundle, budget)
  } catch (error) {
    // the checker must never take the validator down: an internal failure becomes a diagnostic
    result = {
      diagnostics: [internalFailure(source, error instanceof Error ? error.message : String(error))],
    }
  }
  if (bundle.cache.size >= MAX_CACHED) bundle.cache.clear()
  bundle.cache.set(key, result)
  return result
}

function internalFailure(source: string, detail: string): ExpressionDiagnostic {
  return {
    code: 'RW201',
    severity: 'error',
    message: `The expression could not be checked: ${detail}`,
    start: 0,
    end: source.length,
  }
}

interface AstNode {
  op?: string
  args?: unknown
  start?: number
  end?: number
}

/** At most this many operands are checked on their own after a type error: a long chain stays cheap. */
const MAX_OPERANDS = 16

/**
 * The type errors of the operands of a top-level `&&`/`||` chain, each checked alone, other than the one already
 * found: cel-js stops at its first error, so an unknown name behind a type error showed only once that was fixed.
 * An operand's type does not depend on its siblings (a macro's variables stay inside it), so none is made up.
 */
function operandErrors(
  root: AstNode,
  source: string,
  bundle: ExpressionEnvironment,
  first: ExpressionDiagnostic,
): ExpressionDiagnostic[] {
  const operands: AstNode[] = []
  const pending = [root]
  for (let node = pending.pop(); node; node = pending.pop()) {
    if ((node.op === '&&' || node.op === '||') && Array.isArray(node.args))
      pending.push(...[...node.args].reverse())
    else operands.push(node)
  }
  if (operands.length < 2) return []
  const found: ExpressionDiagnostic[] = []
  for (const operand of operands.slice(0, MAX_OPERANDS)) {
    const { start, end } = operand
    if (typeof start !== 'number' || typeof end !== 'number') continue
    // the first error's operand is not checked again: its error is reported already
    if (first.start < end && first.end > start) continue
    const text = source.slice(start, end)
    try {
      const checked = bundle.env.parse(text).check()
      if (checked.valid) continue
      const d = diagnosticFromCelError(checked.error, text, bundle)
      found.push({ ...d, start: d.start + start, end: d.end + start })
    } catch {
      // an operand that does not parse alone says nothing more than the whole
    }
  }
  return found
}

function compileUncached(
  source: string,
  role: ExpressionRole,
  bundle: ExpressionEnvironment,
  budget: Readonly<ExpressionBudget>,
): CompiledExpression | ExpressionFailure {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    return {
      diagnostics: [
        {
          code: 'RW209',
          severity: 'error',
          message: `The expression is ${source.length} characters long (at most ${EXPRESSION_LIMITS.maxLength}); split it across variables.`,
          start: 0,
          end: 0,
        },
      ],
    }
  }
  let parsed: ParseResult
  try {
    parsed = bundle.env.parse(source)
  } catch (error) {
    return { diagnostics: [diagnosticFromCelError(error, source, bundle)] }
  }
  const checked = parsed.check()
  if (!checked.valid) {
    const first = diagnosticFromCelError(checked.error, source, bundle)
    return { diagnostics: [first, ...operandErrors(parsed.ast as AstNode, source, bundle, first)] }
  }
  const type = checked.type ?? 'dyn'
  const analysis = analyse(parsed.ast, bundle.scope, bundle.directory)
  analysis.diagnostics.push(...staticCost(parsed.ast, budget))
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error')
  const required = requiredTypeOf(role)
  if (required !== undefined && !typeMatches(type, required)) {
    errors.push({
      code: 'RW205',
      severity: 'error',
      message: `${describeRole(role)}, but this gives ${type}.${role === 'condition' ? ' Compare it with something, e.g. x == "gold" or n > 0.' : ''}`,
      start: 0,
      end: source.length,
    })
  }
  if (errors.length > 0)
    return { diagnostics: [...errors, ...analysis.diagnostics.filter((d) => d.severity !== 'error')] }
  const buildContext = contextBuilder(analysis.reads, bundle)
  const slot = bundle.slot
  instrument(parsed.ast, slot)
  return {
    source,
    role,
    type,
    statRefs: analysis.statRefs,
    calendarRefs: analysis.calendarRefs,
    groupRefs: analysis.groupRefs,
    reads: analysis.reads,
    warnings: analysis.diagnostics,
    budget,
    evaluate(values: ExpressionValues, hooks: ExpressionHooks, options?: EvaluateOptions): unknown {
      const meter = new Meter(options?.budget ? resolveBudget(options.budget, budget) : budget, source)
      const previousHooks = slot.hooks
      const previousAgent = slot.agentId
      const previousMeter = slot.meter
      slot.hooks = hooks
      slot.agentId = values.agent?.id
      slot.meter = meter
      try {
        const result = parsed(buildContext(values))
        // a CEL `||` may have absorbed the budget error and still given a value: the evaluation is over budget
        if (meter.exceeded) throw meter.exceeded
        return fromCel(result)
      } catch (error) {
        if (isBudgetError(error)) throw error
        if (meter.exceeded) throw meter.exceeded
        const summary = (error as { summary?: string }).summary ?? (error as Error).message ?? String(error)
        throw new ExpressionError(`Expression "${source}" failed: ${summary}`, source, error)
      } finally {
        slot.hooks = previousHooks
        slot.agentId = previousAgent
        slot.meter = previousMeter
        const usage = options?.usage
        if (usage) {
          usage.steps = meter.steps
          usage.produced = meter.produced
        }
      }
    },
  }
}

type Setter = (ctx: Record<string, unknown>, values: ExpressionValues) => void

/** Builds, once per expression, the function that turns JS values into the CEL context it reads. */
function contextBuilder(reads: ExpressionReads, bundle: ExpressionEnvironment) {
  const setters: Setter[] = []
  for (const name of reads.identifiers) {
    const setter = setterFor(name, reads, bundle)
    if (setter) setters.push(setter)
  }
  return (values: ExpressionValues): Record<string, unknown> => {
    const ctx: Record<string, unknown> = {}
    for (const set of setters) set(ctx, values)
    return ctx
  }
}

function setterFor(name: string, reads: ExpressionReads, bundle: ExpressionEnvironment): Setter | undefined {
  switch (name) {
    case 'data': {
      const fields = [...bundle.inputs].filter(
        ([key]) => reads.dataKeys === undefined || reads.dataKeys.includes(key),
      )
      return (ctx, values) => {
        const data: Record<string, unknown> = {}
        for (const [key, field] of fields) data[key] = toCel(values.data[key], field)
        ctx.data = data
      }
    }
    case 'ani':
    case 'dnis':
    case 'media':
      return (ctx, values) => {
        ctx[name] = values.interaction[name] ?? ''
      }
    case 'priority':
      return (ctx, values) => {
        ctx.priority = toCelInt(values.interaction.priority)
      }
    case 'waited':
      return (ctx, values) => {
        ctx.waited = Number(values.interaction.waited ?? 0)
      }
    case 'skills':
      return skillsSetter(reads, bundle)
    case 'groups':
      return (ctx, values) => {
        ctx.groups = values.agent?.groups ?? []
      }
    case 'agent':
      return (ctx, values) => {
        const agent = values.agent
        ctx.agent = {
          id: agent?.id ?? '',
          occupancy: Number(agent?.occupancy ?? 0),
          readyFor: Number(agent?.readyFor ?? 0),
          load: toCelInt(agent?.load),
          site: agent?.site ?? '',
        }
      }
    default: {
      const field = bundle.variables.get(name)
      if (!field) return undefined // a comprehension variable, bound by CEL itself
      return (ctx, values) => {
        ctx[name] = toCel(values.variables[name], field)
      }
    }
  }
}

function skillsSetter(reads: ExpressionReads, bundle: ExpressionEnvironment): Setter {
  if (reads.skills !== undefined) {
    const names = reads.skills
    return (ctx, values) => {
      const skills: Record<string, bigint> = {}
      const own = values.agent?.skills ?? {}
      for (const skill of names) skills[skill] = toCelInt(own[skill] ?? 0)
      ctx.skills = skills
    }
  }
  const declared = Object.keys(bundle.directory?.skills ?? {})
  return (ctx, values) => {
    const skills: Record<string, bigint> = {}
    for (const skill of declared) skills[skill] = 0n
    for (const [skill, level] of Object.entries(values.agent?.skills ?? {})) skills[skill] = toCelInt(level)
    ctx.skills = skills
  }
}

/** Narrows a compile result. */
export function isCompiled(result: CompiledExpression | ExpressionFailure): result is CompiledExpression {
  return 'evaluate' in result
}
