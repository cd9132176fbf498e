// pure: reads zod schema definitions structurally, so diagnostics and the formatter know what a path expects.
import type { z } from 'zod'
import type { PathSegment } from '../nodes/kind.ts'
import { durationSchema } from '../schema/primitives.ts'

/** The parts of zod 4's internal definition this module reads. */
interface Def {
  type: string
  innerType?: z.ZodType
  getter?: () => z.ZodType
  in?: z.ZodType
  out?: z.ZodType
  options?: readonly z.ZodType[]
  discriminator?: string
  shape?: Record<string, z.ZodType>
  catchall?: z.ZodType
  valueType?: z.ZodType
  element?: z.ZodType
  items?: readonly z.ZodType[]
  values?: readonly unknown[]
  entries?: Record<string, unknown>
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

/** Strips optional/default/lazy/pipe wrappers down to the schema that says what the value is. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  for (let i = 0; i < 32; i++) {
    const def = defOf(current)
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType
    else if (def.type === 'lazy' && def.getter) current = def.getter()
    // a preprocess is a pipe whose input is the transform: the schema after it says what the value is
    else if (def.type === 'pipe' && def.in && defOf(def.in).type === 'transform' && def.out) current = def.out
    else if (def.type === 'pipe' && def.in) current = def.in
    else return current
  }
  return current
}

export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The literal values a schema accepts (`z.literal`, `z.enum`), if it is one of those. */
export function literalValues(schema: z.ZodType): unknown[] | undefined {
  const def = defOf(unwrap(schema))
  if (def.type === 'literal') return [...(def.values ?? [])]
  if (def.type === 'enum') return Object.values(def.entries ?? {})
  return undefined
}

/** Each discriminated union's first option per tag, built once: formatting and locating ask once per node. */
const tagged = new WeakMap<z.ZodType, Map<unknown, z.ZodType>>()

function optionsByTag(
  schema: z.ZodType,
  discriminator: string,
  options: readonly z.ZodType[],
): Map<unknown, z.ZodType> {
  let byTag = tagged.get(schema)
  if (!byTag) {
    byTag = new Map()
    for (const option of options) {
      const field = defOf(unwrap(option)).shape?.[discriminator]
      if (field === undefined) continue
      // the first option that lists a tag wins, as a search of the options in order would pick it
      for (const tag of literalValues(field) ?? []) if (!byTag.has(tag)) byTag.set(tag, option)
    }
    tagged.set(schema, byTag)
  }
  return byTag
}

/** For a union, the option that fits `value` best: by discriminator, else by the keys the value uses. */
export function pickOption(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const def = defOf(schema)
  const options = def.options ?? []
  if (def.discriminator !== undefined) {
    if (!isObjectLike(value)) return undefined
    return optionsByTag(schema, def.discriminator, options).get(value[def.discriminator])
  }
  if (isObjectLike(value)) {
    const keys = Object.keys(value)
    let best: z.ZodType | undefined
    let bestScore = -1
    for (const option of options) {
      const shape = defOf(unwrap(option)).shape
      if (!shape) continue
      const score = keys.filter((key) => key in shape).length
      if (score > bestScore) {
        best = option
        bestScore = score
      }
    }
    return best
  }
  return options.find((option) => defOf(unwrap(option)).type !== 'object')
}

/** The schema of the child at `segment` of a value of `schema`, or undefined when nothing is declared there. */
export function childSchema(schema: z.ZodType, segment: PathSegment, value: unknown): z.ZodType | undefined {
  const current = resolveSchema(schema, value)
  return current === undefined ? undefined : childOfResolved(current, segment)
}

/** `schema` unwrapped, with a union's option chosen by `value`; undefined when no option fits. */
export function resolveSchema(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const current = unwrap(schema)
  if (defOf(current).type !== 'union') return current
  const option = pickOption(current, value)
  return option ? unwrap(option) : undefined
}

/** Like childSchema, for a schema already resolved by resolveSchema (walks resolve once per collection). */
export function childOfResolved(current: z.ZodType, segment: PathSegment): z.ZodType | undefined {
  const def = defOf(current)
  switch (def.type) {
    case 'object':
      return def.shape?.[String(segment)] ?? def.catchall
    case 'record':
      return def.valueType
    case 'array':
      return def.element
    case 'tuple':
      return typeof segment === 'number' ? def.items?.[segment] : undefined
    default:
      return undefined
  }
}

/** Follows `path` from `root`, reading the document value alongside to choose union options. */
export function schemaAt(
  root: z.ZodType,
  path: readonly PathSegment[],
  value: unknown,
): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root
  let current = value
  for (const segment of path) {
    if (!schema) return undefined
    schema = childSchema(schema, segment, current)
    current = current === null || current === undefined ? undefined : (current as never)[segment]
  }
  return schema
}

/** The field names an object schema (or any object option of a union) declares, in declared order. */
export function fieldNamesOf(schema: z.ZodType, value: unknown): string[] {
  const current = unwrap(schema)
  const def = defOf(current)
  if (def.type === 'object') return Object.keys(def.shape ?? {})
  if (def.type === 'union') {
    const picked = def.discriminator !== undefined ? pickOption(current, value) : undefined
    const options = picked ? [picked] : (def.options ?? [])
    return [...new Set(options.flatMap((option) => fieldNamesOf(option, value)))]
  }
  return []
}

export function isDurationSchema(schema: z.ZodType | undefined): boolean {
  return schema !== undefined && unwrap(schema) === durationSchema
}

/** A short human description of what a schema accepts, for "expected ..." messages. */
export function describeExpected(schema: z.ZodType | undefined): string {
  if (!schema) return 'a value'
  const current = unwrap(schema)
  if (current === durationSchema) return 'a duration such as "30s"'
  const def = defOf(current)
  switch (def.type) {
    case 'object':
    case 'record':
      return 'a mapping (key: value)'
    case 'array':
    case 'tuple':
      return 'a list'
    case 'string':
      return 'text'
    case 'number':
      return 'a number'
    case 'boolean':
      return 'true or false'
    case 'literal':
    case 'enum':
      return (literalValues(current) ?? []).map((v) => JSON.stringify(v)).join(' or ')
    case 'union':
      return [...new Set((def.options ?? []).map((option) => describeExpected(option)))].join(' or ')
    default:
      return 'a value'
  }
}
