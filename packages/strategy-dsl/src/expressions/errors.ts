// pure: turns cel-js parse and type errors into located diagnostics with a hint on how to fix them.

import type { NameFix } from '../diagnostics.ts'
import { nameHint } from '../validate/did-you-mean.ts'
import { AGENT_FIELDS, AGENT_SCHEMA, type ExpressionEnvironment } from './environment.ts'
import { syntaxMessage } from './syntax-message.ts'
import type { ExpressionDiagnostic } from './types.ts'

interface CelErrorLike {
  name?: string
  code?: string
  summary?: string
  message?: string
  range?: { start: number; end: number }
  node?: { op?: string; args?: unknown; start?: number; end?: number }
}

const BINARY_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'in', '&&', '||'])

/** For an operator with bad operand types, points at the operator rather than at the start of the whole expression. */
function operatorRange(source: string, error: CelErrorLike): { start: number; end: number } | undefined {
  const node = error.node
  if (!node?.op || !BINARY_OPS.has(node.op) || !Array.isArray(node.args)) return undefined
  const [left, right] = node.args as [{ end?: number } | undefined, { start?: number } | undefined]
  if (typeof left?.end !== 'number' || typeof right?.start !== 'number') return undefined
  const at = source.indexOf(node.op, left.end)
  return at >= 0 && at < right.start ? { start: at, end: at + node.op.length } : undefined
}

export function diagnosticFromCelError(
  error: unknown,
  source: string,
  bundle: ExpressionEnvironment,
): ExpressionDiagnostic {
  const e = (error ?? {}) as CelErrorLike
  const summary = e.summary ?? e.message ?? String(error)
  const start = e.range?.start ?? 0
  const end = e.range?.end ?? source.length
  const at = (
    code: string,
    message: string,
    range = { start, end },
    fix?: NameFix,
  ): ExpressionDiagnostic => ({
    code,
    severity: 'error',
    message,
    start: Math.min(range.start, source.length),
    end: Math.min(Math.max(range.end, range.start), source.length),
    ...(fix ? { fix } : {}),
  })
  if (e.name === 'ParseError') {
    if (e.code === 'limit_exceeded') {
      return at(
        'RW209',
        `The expression is too complex (${summary}); split it across several nodes or variables.`,
      )
    }
    const syntax = syntaxMessage(summary, source, { start, end })
    return at('RW201', `CEL syntax error: ${syntax.message}`, syntax.range)
  }
  if (e.code === 'unknown_variable') {
    const name = /Unknown variable: (\S+)/.exec(summary)?.[1] ?? String(e.node?.args ?? '')
    if (AGENT_FIELDS.some((f) => f.name === name) && bundle.scope !== 'agent') {
      return at(
        'RW210',
        `"${name}" describes a candidate agent and is only available in skill expressions and thresholds of a target node.`,
      )
    }
    const { hint, fix } = nameHint(name, bundle.declared)
    const declare =
      hint === ''
        ? ` Declare it under variables (or read interaction data as data.${name} after declaring it under inputs).`
        : ''
    return at('RW202', `Unknown name "${name}".${hint}${declare}`, undefined, fix)
  }
  if (e.code === 'no_such_key' && e.node?.op === '.' && Array.isArray(e.node.args)) {
    const [object, key] = e.node.args as [{ op?: string; args?: unknown }, string]
    if (object?.op === 'id' && object.args === 'data') {
      // the declared inputs when none is close (`lang` for data.language): the name the author chose is there
      const { hint, fix } = nameHint(key, bundle.inputs.keys(), 'inputs')
      return at(
        'RW203',
        `Input "${key}" is not declared.${hint} Declare it under inputs to read it as data.${key}.`,
        undefined,
        fix,
      )
    }
    if (object?.op === 'id' && object.args === 'agent') {
      const { hint, fix } = nameHint(key, Object.keys(AGENT_SCHEMA))
      return at(
        'RW203',
        `The agent has no field "${key}".${hint} Fields: ${Object.keys(AGENT_SCHEMA).join(', ')}.`,
        undefined,
        fix,
      )
    }
  }
  const called = /found no matching overload for '(?:([A-Za-z_][\w]*)\.)?([A-Za-z_][\w]*)\(/.exec(summary)
  if (e.code === 'no_matching_overload' && called?.[2] && !functionNamesOf(bundle).has(called[2])) {
    const name = called[2]
    const { hint, fix } = nameHint(name, functionNamesOf(bundle))
    return at(
      'RW202',
      `Unknown function "${name}".${hint} Host functions are called by a function node, not inside expressions.`,
      undefined,
      fix,
    )
  }
  if (e.code === 'no_matching_overload' && /'(stat|inHours|now)\(/.test(summary)) {
    return at(
      'RW204',
      `${summary}: use stat(subject, statistic), stat(subject, statistic, window), inHours(calendar) or now().`,
    )
  }
  const range = operatorRange(source, e) ?? { start, end }
  const hint = /string .* (int|double)|(int|double) .* string/.test(summary)
    ? ' Compare values of the same type: convert with int(...), double(...) or string(...).'
    : /int .* double|double .* int/.test(summary)
      ? ' CEL does not mix int and double: write 1.0 for a double or convert with double(...)/int(...).'
      : ''
  return at('RW204', `Type error: ${summary}.${hint}`, range)
}

const functionNames = new WeakMap<ExpressionEnvironment, Set<string>>()

/** Every function and method name the environment knows (built-ins included), for "unknown function" hints. */
function functionNamesOf(bundle: ExpressionEnvironment): Set<string> {
  let names = functionNames.get(bundle)
  if (!names) {
    names = new Set(bundle.env.getDefinitions().functions.map((f) => f.name))
    for (const macro of ['has', 'all', 'exists', 'exists_one', 'map', 'filter']) names.add(macro)
    functionNames.set(bundle, names)
  }
  return names
}
