// pure: zod issues -> diagnostics that say what is wrong, where, and what to write instead.
import type { z } from 'zod'
import type { Diagnostic, NameFix, SourceLocator } from '../diagnostics.ts'
import type { Path, PathSegment } from '../nodes/kind.ts'
import { isDurationTooLong } from '../schema/duration.ts'
import { listOf, nameHint } from '../validate/did-you-mean.ts'
import { quoteShort } from './report.ts'
import {
  defOf,
  describeExpected,
  fieldNamesOf,
  isDurationSchema,
  isObjectLike,
  literalValues,
  schemaAt,
  unwrap,
} from './schema-walk.ts'

/** The subset of zod 4's issue shape read here (issues are plain objects). */
interface Issue {
  code: string
  path: PathSegment[]
  message: string
  keys?: string[]
  errors?: Issue[][]
  issues?: Issue[]
  note?: string
  discriminator?: string
  options?: unknown[]
  values?: unknown[]
  expected?: string
  origin?: string
  minimum?: number | bigint
  maximum?: number | bigint
}

export interface IssueContext {
  schema: z.ZodType
  value: unknown
  locator: SourceLocator
  file?: string
  /** The node a path is about, for strategies (`nodes.<id>...`). */
  nodeOf?: (path: Path) => string | undefined
  /** How a document names its own parts in messages (`rule "sl"`); the generic label otherwise. */
  labelOf?: (path: Path) => string | undefined
}

const DURATION_HINT = 'Write a duration such as "30s", "1m30s", "2h" or "250ms"'

function valueAt(value: unknown, path: Path): unknown {
  let current = value
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PathSegment, unknown>)[segment]
  }
  return current
}

/** How a value reads in a message: `the text "abc"`, `a list`, `the number 5`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'an empty value (null)'
  if (typeof value === 'string') {
    return `the text ${quoteShort(value)}`
  }
  // YAML reads a number too long to hold (1e400) as Infinity: say so instead of "number Infinity"
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value)
      ? 'a value that is not a number (.nan)'
      : 'a number too large to hold (Infinity)'
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  if (Array.isArray(value)) return 'a list'
  if (isObjectLike(value)) return 'a mapping'
  return typeof value
}

function label(path: Path): string {
  const last = path[path.length - 1]
  if (last === undefined) return 'the document'
  if (path.length === 2 && path[0] === 'nodes') return `node ${quoteShort(String(last))}`
  if (typeof last === 'number') {
    const parent = path[path.length - 2]
    return typeof parent === 'string' ? `${parent}[${last}]` : `item ${last}`
  }
  return quoteShort(last)
}

/** The zod type a value of this JS kind would satisfy, to find which union option was meant. */
function kindMatches(schema: z.ZodType, value: unknown): boolean {
  const def = defOf(unwrap(schema))
  switch (def.type) {
    case 'string':
      return typeof value === 'string'
    case 'number':
    case 'int':
      return typeof value === 'number'
    case 'boolean':
      return typeof value === 'boolean'
    case 'object':
    case 'record':
      return isObjectLike(value)
    case 'array':
    case 'tuple':
      return Array.isArray(value)
    case 'literal':
    case 'enum':
      return (literalValues(schema) ?? []).some((v) => typeof v === typeof value)
    case 'union':
      return (def.options ?? []).some((option) => kindMatches(option, value))
    default:
      return true
  }
}

/** Fields an IRD author writes for ours: a hint names ours when the field is allowed there. */
const IRD_FIELDS: Readonly<Record<string, string>> = { selection: 'pick', statistic: 'pick' }

function requiredKeysOf(option: z.ZodType): string[] {
  const shape = defOf(unwrap(option)).shape ?? {}
  return Object.entries(shape)
    .filter(([, field]) => defOf(field).type !== 'optional')
    .map(([key]) => key)
}

/**
 * A length limit in words, with the length found and what to do: zod's own ('Too big: expected string to have
 * <=60 characters') reads as code. Undefined for a limit schemas word themselves (a split's two branches).
 */
function limitMessage(issue: Issue, value: unknown): string | undefined {
  if (!issue.message.startsWith('Too big:') && !issue.message.startsWith('Too small:')) return undefined
  const big = issue.code === 'too_big'
  const limit = big ? issue.maximum : issue.minimum
  if (limit === undefined) return undefined
  if (issue.origin === 'string' && typeof value === 'string') {
    if (!big && value.length === 0) return ' is empty: give it a value'
    return ` has ${value.length} characters; it takes ${big ? 'at most' : 'at least'} ${limit}: ${big ? 'shorten' : 'lengthen'} it`
  }
  if (issue.origin === 'array' && Array.isArray(value))
    return ` has ${value.length} items; it takes ${big ? 'at most' : 'at least'} ${limit}`
  return undefined
}

export function issuesToDiagnostics(issues: readonly Issue[], ctx: IssueContext): Diagnostic[] {
  const out: Diagnostic[] = []
  const seen = new Set<string>()
  const labelFor = (path: Path): string => ctx.labelOf?.(path) ?? label(path)

  function emit(code: string, message: string, path: Path, useKey = false, fix?: NameFix): void {
    const id = `${code}|${path.join('.')}|${message}`
    if (seen.has(id)) return
    seen.add(id)
    const range = useKey ? ctx.locator.keyRangeOf(path) : ctx.locator.rangeOf(path)
    const text = (message.charAt(0).toUpperCase() + message.slice(1)).replace(
      /([.!?"])\.$/,
      (all, end: string) => (end === '"' ? all : end),
    )
    const d: Diagnostic = { code, severity: 'error', message: text, path: [...path] }
    if (ctx.file !== undefined) d.file = ctx.file
    if (range) d.range = range
    const node = ctx.nodeOf?.(path)
    if (node !== undefined) d.node = node
    if (fix) d.fix = fix
    out.push(d)
  }

  function unknownField(path: Path, key: string): void {
    const schema = schemaAt(ctx.schema, path, ctx.value)
    const value = valueAt(ctx.value, path)
    const allowed = schema ? fieldNamesOf(schema, value) : []
    const near = nameHint(key, allowed)
    const meant = IRD_FIELDS[key]
    const ird = meant && allowed.includes(meant) ? ` Agents are chosen by "${meant}:" here.` : ''
    const hint = near.hint || `${ird}${allowed.length > 0 ? ` Allowed fields: ${allowed.join(', ')}.` : ''}`
    emit(
      'RW022',
      `Unknown field ${quoteShort(key)} in ${labelFor(path)}.${hint}`,
      [...path, key],
      true,
      near.fix,
    )
  }

  function missing(path: Path): void {
    const schema = schemaAt(ctx.schema, path, ctx.value)
    const owner = path.slice(0, -1)
    const field = String(path[path.length - 1])
    emit(
      'RW021',
      `${labelFor(owner)} is missing the required field "${field}" (${describeExpected(schema)}).`,
      path,
      true,
    )
  }

  function badUnion(issue: Issue, path: Path): void {
    const schema = schemaAt(ctx.schema, path, ctx.value)
    const value = valueAt(ctx.value, path)
    if (value === undefined) {
      missing(path)
      return
    }
    if (isDurationSchema(schema)) {
      emit('RW024', `${labelFor(path)} is ${describeValue(value)}, not a duration. ${DURATION_HINT}.`, path)
      return
    }
    const options = schema ? (defOf(unwrap(schema)).options ?? []) : []
    const branches = issue.errors ?? []
    // the options of the same kind as the value (a mapping, a text ...) are the ones the author meant
    const matching = options.map((option, i) => ({ option, issues: branches[i] ?? [] }))
    const sameKind = matching.filter(({ option }) => kindMatches(option, value))
    const literals = options.flatMap((option) => literalValues(option) ?? [])
    if (typeof value === 'string' && literals.length > 0 && !literals.includes(value)) {
      const strings = literals.filter((v): v is string => typeof v === 'string')
      const objects = sameKind.filter(({ option }) => literalValues(option) === undefined)
      if (objects.length === 0) {
        const { message, fix } = notAllowed(value, literals, path, strings)
        // an agent's state may also be a mapping ({ state: … }): say so unless a close name is meant
        const mappings = options
          .filter((option) => literalValues(option) === undefined && defOf(unwrap(option)).type === 'object')
          .map(
            (option) =>
              `{ ${requiredKeysOf(option)
                .map((key) => `${key}: …`)
                .join(', ')} }`,
          )
        const more = mappings.length > 0 && !fix ? ` Or write it as ${listOf(mappings)}.` : ''
        emit('RW026', `${message}${more}`, path, false, fix)
        return
      }
    }
    if (isObjectLike(value) && sameKind.length > 1) {
      const known = new Set(options.flatMap((option) => fieldNamesOf(option, value)))
      const unknown = Object.keys(value).filter((key) => !known.has(key))
      if (unknown.length > 0) {
        for (const key of unknown) unknownField(path, key)
        return
      }
      const fits = sameKind.filter(({ issues }) => !issues.some((i) => i.code === 'unrecognized_keys'))
      if (fits.length === 1) {
        for (const inner of fits[0]!.issues) visit(inner, path)
        return
      }
      const forms = sameKind.map(({ option }) => `{ ${requiredKeysOf(option).join(', ')} }`)
      emit('RW029', `Write ${labelFor(path)} as one of ${listOf(forms)}.`, path)
      return
    }
    if (sameKind.length === 1) {
      for (const inner of sameKind[0]!.issues) visit(inner, path)
      return
    }
    emit(
      'RW020',
      `${labelFor(path)} should be ${describeExpected(schema)}, not ${describeValue(value)}.`,
      path,
    )
  }

  function notAllowed(
    value: unknown,
    allowed: unknown[],
    path: Path,
    strings: string[] = [],
  ): { message: string; fix?: NameFix | undefined } {
    const near = typeof value === 'string' ? nameHint(value, strings) : undefined
    const list = allowed.map((v) => JSON.stringify(v))
    return {
      message: `${describeValue(value)} is not allowed for ${labelFor(path)}.${near?.hint || ` Use ${listOf(list)}.`}`,
      fix: near?.fix,
    }
  }

  function visit(issue: Issue, base: Path): void {
    const path = [...base, ...issue.path]
    const value = valueAt(ctx.value, path)
    switch (issue.code) {
      case 'invalid_union': {
        if (issue.note === 'No matching discriminator') {
          const owner = path.slice(0, -1)
          const kinds = (issue.options ?? []).map(String)
          if (value === undefined) {
            emit('RW023', `${labelFor(owner)} has no "type". Give one of: ${kinds.join(', ')}.`, owner, true)
          } else {
            const near = typeof value === 'string' ? nameHint(value, kinds) : undefined
            emit(
              'RW023',
              `Unknown node type ${typeof value === 'string' ? quoteShort(value) : JSON.stringify(value)}.${near?.hint ?? ''} Node types: ${kinds.join(', ')}.`,
              path,
              false,
              near?.fix,
            )
          }
          return
        }
        badUnion(issue, path)
        return
      }
      case 'invalid_type': {
        const schema = schemaAt(ctx.schema, path, ctx.value)
        if (value === undefined) {
          missing(path)
        } else if (isDurationSchema(schema)) {
          emit(
            'RW024',
            `${labelFor(path)} is ${describeValue(value)}, not a duration. ${DURATION_HINT}.`,
            path,
          )
        } else {
          const expected = issue.expected === 'int' ? 'a whole number' : describeExpected(schema)
          emit('RW020', `${labelFor(path)} should be ${expected}, not ${describeValue(value)}.`, path)
        }
        return
      }
      case 'unrecognized_keys':
        for (const key of issue.keys ?? []) unknownField(path, key)
        return
      case 'invalid_key': {
        const key = String(path[path.length - 1])
        const inner = issue.issues?.[0]?.message ?? issue.message
        emit('RW025', `${quoteShort(key)} is not a valid name here. ${inner}.`, path, true)
        return
      }
      case 'invalid_value': {
        // a missing `format: 1` read "Nothing is not allowed for "format""; it is a missing field like any other
        if (value === undefined && path.length > 0) {
          missing(path)
          return
        }
        const { message, fix } = notAllowed(value, issue.values ?? [], path, (issue.values ?? []).map(String))
        emit('RW026', message, path, false, fix)
        return
      }
      case 'invalid_format': {
        // ids and names share their schema's message, whichever field they sit in
        if (issue.message.startsWith('Use letters, digits')) {
          emit('RW025', `${describeValue(value)} is not a valid id. ${issue.message}.`, path)
        } else {
          emit(
            'RW028',
            `${labelFor(path)}: ${describeValue(value)} has the wrong form. ${issue.message}.`,
            path,
          )
        }
        return
      }
      case 'too_small':
      case 'too_big':
        emit('RW027', `${labelFor(path)}${limitMessage(issue, value) ?? `: ${issue.message}`}.`, path)
        return
      case 'custom':
        if (issue.message.startsWith(DURATION_HINT)) {
          const why = isDurationTooLong(value)
            ? 'too long to be a duration (over 285,000 years)'
            : 'not a duration'
          emit('RW024', `${labelFor(path)} is ${describeValue(value)}, ${why}. ${DURATION_HINT}.`, path)
        } else {
          emit('RW029', `${labelFor(path)}: ${issue.message}.`, path)
        }
        return
      default:
        emit('RW029', `${labelFor(path)}: ${issue.message}.`, path)
    }
  }

  for (const issue of issues) visit(issue, [])
  return out
}
