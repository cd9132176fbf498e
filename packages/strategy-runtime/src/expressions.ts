// The one place the runtime evaluates CEL. It compiles through cel-js with the same names the DSL declares
// (data, variables by name, ani, dnis, media, priority, waited, agent, skills, groups, stat(), inHours(), now()).
// When the DSL's compileExpression lands this module delegates to it so validator and runtime agree.
import { Environment } from '@marcbachmann/cel-js'
import type {
  DirectoryDocument,
  ExpressionRole,
  StrategyDocument,
  ValueType,
} from '@routewright/strategy-dsl'

export interface StatRef {
  /** `group:sales` */
  subject: string
  statistic: string
  window: string
}

export interface ExpressionValues {
  data: Readonly<Record<string, unknown>>
  variables: Readonly<Record<string, unknown>>
  interaction: { ani: string; dnis: string; media: string; priority: number; waited: number }
  agent?: AgentValues
}

export interface AgentValues {
  id: string
  name: string
  skills: Readonly<Record<string, number>>
  groups: readonly string[]
  site: string
  attributes: Readonly<Record<string, string | number | boolean>>
  occupancy: number
}

export interface ExpressionHooks {
  stat(subject: string, statistic: string, window: string): number
  inHours(calendar: string): boolean
  now(): number
}

export interface RuntimeExpression {
  source: string
  role: ExpressionRole
  statRefs: StatRef[]
  calendarRefs: string[]
  evaluate(values: ExpressionValues, hooks: ExpressionHooks): unknown
}

export type CompileOutcome = RuntimeExpression | { error: string }

// hooks of the evaluation in progress; CEL functions are registered once, evaluation is synchronous
let currentHooks: ExpressionHooks | undefined

function hooks(): ExpressionHooks {
  if (!currentHooks) throw new Error('stat(), inHours() and now() are only available while a strategy runs')
  return currentHooks
}

const environment = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
  .registerFunction('stat(string, string): double', (s: string, n: string) => hooks().stat(s, n, 'current'))
  .registerFunction('stat(string, string, string): double', (s: string, n: string, w: string) =>
    hooks().stat(s, n, w),
  )
  .registerFunction('inHours(string): bool', (c: string) => hooks().inHours(c))
  .registerFunction('now(): int', () => BigInt(Math.floor(hooks().now())))

const STAT_RE = /\bstat\(\s*"([^"]*)"\s*,\s*"([^"]*)"\s*(?:,\s*"([^"]*)"\s*)?\)/g
const CALENDAR_RE = /\binHours\(\s*"([^"]*)"\s*\)/g

/** Compiles one expression of a strategy; the error names the problem as CEL reports it. */
export function compileRuntimeExpression(
  source: string,
  role: ExpressionRole,
  scope: { document: StrategyDocument; directory?: DirectoryDocument },
): CompileOutcome {
  let run: (context: Record<string, unknown>) => unknown
  try {
    const parsed = environment.parse(source)
    run = (context) => parsed(context)
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  const types = declaredTypes(scope.document)
  const statRefs = [...source.matchAll(STAT_RE)].map((m) => ({
    subject: m[1] ?? '',
    statistic: m[2] ?? '',
    window: m[3] ?? 'current',
  }))
  const calendarRefs = [...source.matchAll(CALENDAR_RE)].map((m) => m[1] ?? '')
  return {
    source,
    role,
    statRefs,
    calendarRefs,
    evaluate(values, h) {
      const previous = currentHooks
      currentHooks = h
      try {
        return fromCel(run(toContext(values, types)))
      } finally {
        currentHooks = previous
      }
    },
  }
}

function declaredTypes(document: StrategyDocument): Map<string, ValueType> {
  const types = new Map<string, ValueType>()
  for (const [name, field] of Object.entries(document.inputs ?? {})) types.set(`data.${name}`, field.type)
  for (const [name, field] of Object.entries(document.variables ?? {})) types.set(name, field.type)
  return types
}

function toContext(values: ExpressionValues, types: Map<string, ValueType>): Record<string, unknown> {
  const context: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values.variables)) context[name] = toCel(value, types.get(name))
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values.data)) data[key] = toCel(value, types.get(`data.${key}`))
  context.data = data
  const i = values.interaction
  context.ani = i.ani
  context.dnis = i.dnis
  context.media = i.media
  context.priority = BigInt(Math.trunc(i.priority))
  context.waited = BigInt(Math.floor(i.waited))
  const agent = values.agent
  if (agent) {
    const skills: Record<string, bigint> = {}
    for (const [k, v] of Object.entries(agent.skills)) skills[k] = BigInt(v)
    context.skills = skills
    context.groups = [...agent.groups]
    context.agent = {
      id: agent.id,
      name: agent.name,
      site: agent.site,
      skills,
      groups: [...agent.groups],
      occupancy: agent.occupancy,
      attributes: toCel(agent.attributes, undefined),
    }
  }
  return context
}

// integers become CEL ints unless the declaration says double
function toCel(value: unknown, type: ValueType | undefined): unknown {
  if (typeof value === 'number') {
    if (type === 'double') return value
    return Number.isInteger(value) ? BigInt(value) : value
  }
  if (Array.isArray(value)) return value.map((v) => toCel(v, undefined))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v, undefined)
    return out
  }
  return value
}

/** CEL values back to plain JS: BigInt ints to numbers, maps to objects. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value)
  if (Array.isArray(value)) return value.map(fromCel)
  if (value instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of value) out[String(k)] = fromCel(v)
    return out
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = fromCel(v)
    return out
  }
  return value
}
