// pure: a declaration's default value as form text and back, per type, with a reason when the text does not fit.
import type { Field, ValueType } from '@routewright/strategy-dsl'

export type DefaultParse = { ok: true; value: Field['default'] } | { ok: false; reason: string }

export function defaultToText(value: Field['default']): string {
  if (value === undefined) return ''
  if (Array.isArray(value)) return value.join(', ')
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')
  return String(value)
}

/** Empty text means "no default". */
export function parseDefault(text: string, type: ValueType): DefaultParse {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: undefined }
  switch (type) {
    case 'string':
      return { ok: true, value: text }
    case 'int':
      return /^-?\d+$/.test(trimmed)
        ? { ok: true, value: Number(trimmed) }
        : { ok: false, reason: `"${trimmed}" is not a whole number; an int default looks like 0 or 3.` }
    case 'double':
      return Number.isFinite(Number(trimmed))
        ? { ok: true, value: Number(trimmed) }
        : { ok: false, reason: `"${trimmed}" is not a number; a double default looks like 0.5.` }
    case 'bool':
      return trimmed === 'true' || trimmed === 'false'
        ? { ok: true, value: trimmed === 'true' }
        : { ok: false, reason: `A bool default is true or false, not "${trimmed}".` }
    case 'list<string>':
      return {
        ok: true,
        value: trimmed
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      }
    case 'map<string, string>': {
      const entries = trimmed.split(',').map((pair) => pair.split('='))
      if (entries.some((e) => e.length !== 2 || e[0]!.trim() === '')) {
        return { ok: false, reason: 'Write a map default as key=value pairs separated by commas: a=1, b=2.' }
      }
      return { ok: true, value: Object.fromEntries(entries.map(([k, v]) => [k!.trim(), v!.trim()])) }
    }
  }
}
