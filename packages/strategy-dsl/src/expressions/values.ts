// pure: JS <-> CEL value conversion at the expression boundary (CEL ints are BigInt, JS callers use numbers).

import { assertNever } from '../nodes/kind.ts'
import type { Field, ValueType } from '../schema/primitives.ts'

/** The value a field has when nothing set it: its default, else the zero value of its type. */
export function initialValue(field: Field): unknown {
  if (field.default !== undefined) return field.default
  return zeroValue(field.type)
}

export function zeroValue(type: ValueType): unknown {
  switch (type) {
    case 'string':
      return ''
    case 'int':
    case 'double':
      return 0
    case 'bool':
      return false
    case 'list<string>':
      return []
    case 'map<string, string>':
      return {}
    default:
      return assertNever(type, 'value type')
  }
}

/** Converts a JS value to the CEL representation of `type`; `undefined`/`null` become the field's initial value. */
export function toCel(value: unknown, field: Field): unknown {
  const v = value ?? initialValue(field)
  switch (field.type) {
    case 'int':
      if (typeof v === 'number') return Number.isFinite(v) ? toCelInt(v) : v
      if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return BigInt(v)
      return v
    case 'double':
      if (typeof v === 'bigint') return Number(v)
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
      return v
    case 'string':
      return typeof v === 'number' || typeof v === 'bigint' ? String(v) : v
    case 'bool':
    case 'list<string>':
    case 'map<string, string>':
      return v
    default:
      return assertNever(field.type, 'value type')
  }
}

// skill levels, loads and priorities are small: a table spares a BigInt allocation per evaluation
const SMALL_INTS: readonly bigint[] = Array.from({ length: 1025 }, (_, i) => BigInt(i))

/** Integer-valued JS number to BigInt, for CEL `int` fields the runtime keeps as numbers. */
export function toCelInt(value: number | bigint | undefined): bigint {
  if (typeof value === 'bigint') return value
  if (value === undefined || !Number.isFinite(value)) return 0n
  const n = Math.trunc(value)
  return n >= 0 && n <= 1024 ? (SMALL_INTS[n] as bigint) : BigInt(n)
}

/** Converts a CEL result to plain JS: BigInt to number, Map to object, recursively. */
export function fromCel(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value
  if (Array.isArray(value)) return value.map(fromCel)
  if (value instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of value) out[String(k)] = fromCel(v)
    return out
  }
  if (value instanceof Date || value instanceof Uint8Array) return value
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = fromCel(v)
    return out
  }
  // a CEL object of a registered type (data, agent): copy its own fields
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = fromCel(v)
  return out
}
