// pure: typed strategy inputs and variables: defaults, checks against declared types.
import { type Field, initialValue, type StrategyDocument, type ValueType } from '@routewright/strategy-dsl'

/** Why `value` does not have `type`, or undefined when it does. */
export function typeMismatch(value: unknown, type: ValueType): string | undefined {
  const ok = (() => {
    switch (type) {
      case 'string':
        return typeof value === 'string'
      case 'int':
        return typeof value === 'number' && Number.isInteger(value)
      case 'double':
        return typeof value === 'number' && Number.isFinite(value)
      case 'bool':
        return typeof value === 'boolean'
      case 'list<string>':
        return Array.isArray(value) && value.every((v) => typeof v === 'string')
      case 'map<string, string>':
        return (
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string')
        )
    }
  })()
  return ok ? undefined : `expected ${type}, got ${describeValue(value)}`
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `a list ${listStart(value)}`
  if (typeof value === 'object') return 'a map'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 60))}`
  return `${typeof value} ${String(value)}`
}

/** The first items of a list as JSON, at most 60 characters; what JSON cannot print (a bigint, a cycle) by its type. */
function listStart(list: readonly unknown[]): string {
  let text: string
  try {
    text = JSON.stringify(list.slice(0, 8))
  } catch {
    text = `[${list
      .slice(0, 8)
      .map((item) => (Array.isArray(item) ? 'list' : typeof item))
      .join(', ')}]`
  }
  return text.length > 60 || list.length > 8 ? `${text.slice(0, 60)} (${list.length} items)` : text
}

/** The variables a run starts with: declared defaults, else the type's zero value. */
/**
 * The variables or data of a run that has none: one frozen record shared by every such run (a waiting interaction
 * carries no empty objects); `writableValues` gives the run its own record before the first write.
 */
export const NO_VALUES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>

/** `record` itself, or a new empty one in place of the shared NO_VALUES: assign the result before writing. */
export function writableValues(record: Record<string, unknown>): Record<string, unknown> {
  return record === NO_VALUES ? {} : record
}

export function initialVariables(document: StrategyDocument): Record<string, unknown> {
  if (document.variables === undefined || Object.keys(document.variables).length === 0) return NO_VALUES
  const out: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(document.variables ?? {})) out[name] = defaultOf(field)
  return out
}

function defaultOf(field: Field): unknown {
  // cloned: a run must never change the document's default lists and maps
  return structuredClone(initialValue(field))
}

/** Checks data against declared inputs and fills defaults; returns the data or the first problem. */
export function checkInputs(
  document: StrategyDocument,
  data: Readonly<Record<string, unknown>> | undefined,
  /** 'absent': a required input not given stays absent (no strategy runs to need it: a direct call). */
  missing: 'refuse' | 'absent' = 'refuse',
): { data: Record<string, unknown> } | { error: string } {
  if (document.inputs === undefined && (data === undefined || isEmpty(data))) return NO_DATA
  data ??= NO_VALUES
  const out: Record<string, unknown> = { ...data }
  for (const [name, field] of Object.entries(document.inputs ?? {})) {
    const value = out[name]
    if (value === undefined || value === null) {
      if (field.default !== undefined) out[name] = structuredClone(field.default)
      else if (field.required && missing === 'refuse')
        return {
          error: `Input "${name}" (${field.type}) is required by strategy "${document.strategy}" but missing`,
        }
      continue
    }
    const problem = typeMismatch(value, field.type)
    if (problem)
      return { error: `Input "${name}" of strategy "${document.strategy}" has the wrong type: ${problem}` }
  }
  return { data: out }
}

/** The answer for a run without data or declared inputs: one shared record, never written (NO_VALUES is frozen). */
const NO_DATA: { data: Record<string, unknown> } = Object.freeze({ data: NO_VALUES })

function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false
  return true
}

/** Converts an expression result to a variable's declared type where that is lossless (int from 3.0). */
export function coerce(value: unknown, type: ValueType | undefined): { value: unknown } | { error: string } {
  if (type === undefined) return { value }
  if (type === 'double' && typeof value === 'number') return { value }
  const problem = typeMismatch(value, type)
  return problem ? { error: problem } : { value }
}

/** A whole number from an expression's value (priorities), or a clear error. */
export function toInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${what} must be a number, got ${String(value)}`)
  return Math.trunc(value)
}
