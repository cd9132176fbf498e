// pure: text or bytes -> a typed document with a SourceLocator, or diagnostics; never throws on bad input.
import type { z } from 'zod'
import type { Diagnostic, SourceLocator } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import { type EarlyCheck, readSource, type SourceResult } from './read-source.ts'
import { describeValue, issuesToDiagnostics } from './zod-issues.ts'

export interface ParseOptions {
  /** Shown in diagnostics (`file:line:col`); a `.json` name selects JSON syntax messages. */
  file?: string
  /**
   * Keep positions from the read itself, so `locator` (and its `nodeAt`) never reads the text again: for an editor,
   * which asks for positions on every request. A batch `validate` leaves it off: a clean file never needs them.
   */
  positions?: boolean
}

export type ParseResult<T> =
  | { success: true; data: T; locator: SourceLocator; diagnostics: Diagnostic[] }
  | { success: false; locator?: SourceLocator; diagnostics: Diagnostic[] }

export type DocumentKind = 'strategy' | 'directory' | 'test'

/** What distinguishes one document kind: its schema and the top-level key that names it. */
export interface DocumentSpec<T> {
  /** A DSL kind, or another workspace file read the same way (the server's `alarms`). */
  kind: DocumentKind | (string & {})
  /** The top-level key that names it; defaults to the DSL kind's key. */
  key?: string
  schema: z.ZodType<T>
  nodeOf?: (path: Path) => string | undefined
  /** How messages name a part of the document (`rule "sl"`); undefined for the generic label. */
  labelOf?: (path: Path) => string | undefined
  /**
   * A bound on the read value checked before the schema (a strategy's node count): the schema, the graph and
   * every rule after it cost time per entry, so an oversized document is refused before any of them.
   */
  limit?: (value: Record<string, unknown>, text: string, locator: SourceLocator) => Diagnostic | undefined
}

/** The top-level key that names each document kind. */
export const KIND_KEYS: Record<DocumentKind, string> = {
  strategy: 'strategy',
  directory: 'directory',
  test: 'tests',
}
const SUPPORTED_FORMAT = 1
const EMPTY_FILE = 'RW008'

// an empty file is told how its own kind starts, not a strategy's
function howItStarts(kind: string, key: string): string {
  if (kind === 'strategy') return `A strategy starts with "${key}: <id>" and "format: ${SUPPORTED_FORMAT}".`
  return `A ${kind} document starts with "${key}:".`
}

function withFile(d: Diagnostic, file: string | undefined): Diagnostic {
  return file === undefined ? d : { ...d, file }
}

function topLevelProblem(
  kind: string,
  expectedKey: string,
  value: unknown,
  locator: SourceLocator,
): Diagnostic | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const range = locator.rangeOf([])
    const d: Diagnostic = {
      code: 'RW010',
      severity: 'error',
      message: `The top level must be a mapping that starts with "${expectedKey}: <id>", not ${describeValue(value)}.`,
      path: [],
    }
    return range ? { ...d, range } : d
  }
  const record = value as Record<string, unknown>
  if (!(expectedKey in record)) {
    const actual = (Object.keys(KIND_KEYS) as DocumentKind[]).find((k) => KIND_KEYS[k] in record)
    if (actual) {
      const d: Diagnostic = {
        code: 'RW401',
        severity: 'error',
        message: `This is a ${actual} document (it has "${KIND_KEYS[actual]}:"), but a ${kind} document was expected. Name ${actual} files *.${actual}.yaml.`,
        path: [KIND_KEYS[actual]],
      }
      const keyRange = locator.keyRangeOf([KIND_KEYS[actual]])
      return keyRange ? { ...d, range: keyRange } : d
    }
  }
  const format = record.format
  if (typeof format === 'number' && format !== SUPPORTED_FORMAT) {
    const d: Diagnostic = {
      code: 'RW011',
      severity: 'error',
      message: `This file uses format ${format}; this version of Routewright reads format ${SUPPORTED_FORMAT}. Upgrade Routewright, or write "format: ${SUPPORTED_FORMAT}".`,
      path: ['format'],
    }
    const formatRange = locator.rangeOf(['format'])
    return formatRange ? { ...d, range: formatRange } : d
  }
  return undefined
}

// a top-level problem is asked about, not placed: the full read places it
const NO_POSITIONS: SourceLocator = {
  rangeOf: () => undefined,
  keyRangeOf: () => undefined,
  positionInString: () => undefined,
}

/** The kind's limit on JSON.parse's value, when the top level is sound: otherwise the full read reports as before. */
function earlyLimit<T>(spec: DocumentSpec<T>): EarlyCheck | undefined {
  const { limit } = spec
  if (!limit) return undefined
  const key = spec.key ?? KIND_KEYS[spec.kind as DocumentKind]
  return (value, text, locator) =>
    topLevelProblem(spec.kind, key, value, NO_POSITIONS)
      ? undefined
      : limit(value as Record<string, unknown>, text, locator)
}

export function safeParseDocument<T>(
  spec: DocumentSpec<T>,
  input: string | Uint8Array,
  options: ParseOptions = {},
): ParseResult<T> {
  return parseWithSource(spec, input, options).result
}

/**
 * The kind's bound on the read value (`spec.limit`), without the schema or anything after it: for a writer that must
 * refuse an oversized document but saves a broken one. Undefined when within it, or when the text does not read.
 */
export function limitProblem<T>(
  spec: DocumentSpec<T>,
  input: string | Uint8Array,
  file?: string,
): Diagnostic | undefined {
  if (!spec.limit) return undefined
  const early = earlyLimit(spec)
  let refused: Diagnostic | undefined
  const source = readSource(input, file, false, false, spec.kind, (...args) => (refused = early?.(...args)))
  if (!source.ok && refused !== undefined && source.diagnostics[0] === refused) return withFile(refused, file)
  const value = source.ok ? source.value : undefined
  if (!source.ok || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const problem = spec.limit(value as Record<string, unknown>, source.text, source.locator)
  return problem && withFile(problem, file)
}

/** Like safeParseDocument, also returning the YAML source so the formatter does not parse twice. */
export function parseWithSource<T>(
  spec: DocumentSpec<T>,
  input: string | Uint8Array,
  options: ParseOptions = {},
  full = false,
): { result: ParseResult<T>; source?: Extract<SourceResult, { ok: true }> } {
  const file = options.file
  try {
    const source = readSource(input, file, full, options.positions === true, spec.kind, earlyLimit(spec))
    if (!source.ok) {
      const key = spec.key ?? KIND_KEYS[spec.kind as DocumentKind]
      const diagnostics = source.diagnostics.map((d) => {
        const node = d.path.length > 0 ? spec.nodeOf?.(d.path) : undefined
        const told =
          d.code === EMPTY_FILE ? { ...d, message: `${d.message} ${howItStarts(spec.kind, key)}` } : d
        return withFile(node === undefined ? told : { ...told, node }, file)
      })
      const result: ParseResult<T> = source.locator
        ? { success: false, locator: source.locator, diagnostics }
        : { success: false, diagnostics }
      return { result }
    }
    const { value, locator } = source
    const warnings = source.warnings.map((d) => withFile(d, file))
    const key = spec.key ?? KIND_KEYS[spec.kind as DocumentKind]
    const problem = topLevelProblem(spec.kind, key, value, locator)
    if (problem)
      return { result: { success: false, locator, diagnostics: [withFile(problem, file), ...warnings] } }
    const overLimit = spec.limit?.(value as Record<string, unknown>, source.text, locator)
    if (overLimit)
      return { result: { success: false, locator, diagnostics: [withFile(overLimit, file), ...warnings] } }
    const parsed = spec.schema.safeParse(value)
    if (!parsed.success) {
      const context = {
        schema: spec.schema as z.ZodType,
        value,
        locator,
        ...(file === undefined ? {} : { file }),
        ...(spec.labelOf ? { labelOf: spec.labelOf } : {}),
      }
      const errors = issuesToDiagnostics(
        parsed.error.issues as never,
        spec.nodeOf ? { ...context, nodeOf: spec.nodeOf } : context,
      )
      return { result: { success: false, locator, diagnostics: [...errors, ...warnings] } }
    }
    return { result: { success: true, data: parsed.data, locator, diagnostics: warnings }, source }
  } catch (error) {
    // a last line of defence: bad input must never crash the caller
    const message = error instanceof Error ? error.message : String(error)
    const diagnostic: Diagnostic = {
      code: 'RW000',
      severity: 'error',
      message: `The file could not be read: ${message}`,
      path: [],
    }
    return { result: { success: false, diagnostics: [withFile(diagnostic, file)] } }
  }
}
