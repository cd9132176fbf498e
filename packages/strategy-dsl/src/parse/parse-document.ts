// pure: text or bytes -> a typed document with a SourceLocator, or diagnostics; never throws on bad input.
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type YAMLError,
  YAMLParseError,
} from 'yaml'
import type { z } from 'zod'
import type { Diagnostic, SourceLocator } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import { decodeInput } from './decode.ts'
import { checkControlCharacters, checkDepth, MAX_ALIASES, rangeAt } from './limits.ts'
import { createLineIndex, createLocator } from './locator.ts'
import { describeValue, issuesToDiagnostics } from './zod-issues.ts'

export interface ParseOptions {
  /** Shown in diagnostics (`file:line:col`); a `.json` name selects JSON syntax messages. */
  file?: string
}

export type ParseResult<T> =
  | { success: true; data: T; locator: SourceLocator; diagnostics: Diagnostic[] }
  | { success: false; locator?: SourceLocator; diagnostics: Diagnostic[] }

export type DocumentKind = 'strategy' | 'directory' | 'test'

/** What distinguishes one document kind: its schema and the top-level key that names it. */
export interface DocumentSpec<T> {
  kind: DocumentKind
  schema: z.ZodType<T>
  nodeOf?: (path: Path) => string | undefined
}

/** The top-level key that names each document kind. */
export const KIND_KEYS: Record<DocumentKind, string> = {
  strategy: 'strategy',
  directory: 'directory',
  test: 'tests',
}
const SUPPORTED_FORMAT = 1

/** The result of reading YAML text, shared by parsing and formatting. */
export type SourceResult =
  | { ok: true; text: string; doc: Document; value: unknown; locator: SourceLocator; warnings: Diagnostic[] }
  | { ok: false; locator?: SourceLocator; diagnostics: Diagnostic[] }

function withFile(d: Diagnostic, file: string | undefined): Diagnostic {
  return file === undefined ? d : { ...d, file }
}

function jsonError(text: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error)
  const at = /position (\d+)/.exec(message)
  const offset = at ? Number(at[1]) : 0
  const clean = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')
  return {
    code: 'RW001',
    severity: 'error',
    message: `JSON syntax error: ${clean}. Check for a missing comma, quote or bracket just before this point.`,
    path: [],
    range: rangeAt(text, offset),
  }
}

function yamlDiagnostic(
  text: string,
  error: YAMLError,
  position: (offset: number) => Diagnostic['range'],
): Diagnostic {
  const [start, end] = error.pos
  const range = { start: position(start)!.start, end: position(Math.max(end, start + 1))!.start }
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = text.slice(start, end).trim() || 'this key'
      return {
        code: 'RW002',
        severity: 'error',
        message: `Duplicate key ${JSON.stringify(key)}: a key may appear only once in a mapping. Remove or rename one of them.`,
        path: [],
        range,
      }
    }
    case 'MULTIPLE_DOCS':
      return {
        code: 'RW009',
        severity: 'error',
        message: 'The file holds several YAML documents (separated by "---"). Put one document in each file.',
        path: [],
        range,
      }
    default:
      return {
        code: 'RW001',
        severity: 'error',
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        path: [],
        range,
      }
  }
}

interface Visit {
  node: unknown
  parent: Visit | undefined
  segment: string | number
}

function pathOf(visit: Visit): Path {
  const path: (string | number)[] = []
  for (let v: Visit | undefined = visit; v?.parent; v = v.parent) path.unshift(v.segment)
  return path
}

/** Keys that repeat an earlier key of the same mapping, with their paths, in one pass over the document. */
function duplicateKeys(doc: Document): Array<{ pair: Pair; path: Path }> {
  const out: Array<{ pair: Pair; path: Path }> = []
  // paths are built only for the duplicates: parents are linked, not copied
  const stack: Visit[] = [{ node: doc.contents, parent: undefined, segment: '' }]
  while (stack.length > 0) {
    const visit = stack.pop()!
    const node = visit.node
    if (isMap(node)) {
      const seen = new Set<string>()
      for (const item of node.items) {
        if (!isPair(item)) continue
        const key = isScalar(item.key) ? String(item.key.value) : undefined
        if (key === undefined) continue
        const child = { node: item.value, parent: visit, segment: key }
        if (isMap(item.value) || isSeq(item.value)) stack.push(child)
        if (seen.has(key) && (item.key as Node).range) out.push({ pair: item as Pair, path: pathOf(child) })
        seen.add(key)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (isMap(item) || isSeq(item)) stack.push({ node: item, parent: visit, segment: index })
      })
    }
  }
  return out.sort((a, b) => (a.pair.key as Node).range![0] - (b.pair.key as Node).range![0])
}

/** Decodes, bounds-checks and parses YAML (or JSON) into a Document and its plain value. */
export function readSource(input: string | Uint8Array, file?: string): SourceResult {
  const decoded = decodeInput(input)
  if ('diagnostic' in decoded) return { ok: false, diagnostics: [decoded.diagnostic] }
  const text = decoded.text
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'RW008',
          severity: 'error',
          message: 'The file is empty. A strategy starts with "strategy: <id>" and "format: 1".',
          path: [],
          range: rangeAt(text, 0, 0),
        },
      ],
    }
  }
  const early = checkControlCharacters(text) ?? checkDepth(text)
  if (early) return { ok: false, diagnostics: [early] }
  // a .json file gets JSON's own messages; text that merely starts with "{" may be YAML flow style
  const jsonFile = file?.toLowerCase().endsWith('.json') === true
  let jsonFailure: Diagnostic | undefined
  if (jsonFile || /^\s*[{[]/.test(text)) {
    try {
      JSON.parse(text)
    } catch (error) {
      jsonFailure = jsonError(text, error)
      if (jsonFile) return { ok: false, diagnostics: [jsonFailure] }
    }
  }
  const index = createLineIndex(text)
  // yaml's own uniqueKeys check is quadratic in the size of a mapping: duplicates are found here instead
  const doc = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: false,
    strict: true,
    keepSourceTokens: false,
  })
  const errorPaths = new Map<YAMLError, Path>()
  for (const { pair, path } of duplicateKeys(doc)) {
    const range = (pair.key as Node).range!
    const error = new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique')
    errorPaths.set(error, path)
    doc.errors.push(error)
  }
  const locator = createLocator(doc, text, index)
  const toRange = (offset: number) => ({ start: index(offset), end: index(offset) })
  if (doc.errors.length > 0) {
    if (jsonFailure && /^\s*[{[]\s*"/.test(text)) return { ok: false, locator, diagnostics: [jsonFailure] }
    return {
      ok: false,
      locator,
      diagnostics: doc.errors.slice(0, 20).map((e) => {
        const d = yamlDiagnostic(text, e, toRange)
        return { ...d, path: errorPaths.get(e) ?? [] }
      }),
    }
  }
  const warnings = doc.warnings.slice(0, 20).map<Diagnostic>((w) => ({
    code: 'RW012',
    severity: 'warning',
    message: `YAML: ${w.message.split('\n')[0]}`,
    path: [],
    range: { start: index(w.pos[0]), end: index(w.pos[1]) },
  }))
  if (doc.contents === null) {
    return {
      ok: false,
      locator,
      diagnostics: [
        {
          code: 'RW008',
          severity: 'error',
          message: 'The file holds only comments. A strategy starts with "strategy: <id>" and "format: 1".',
          path: [],
          range: rangeAt(text, 0, 0),
        },
      ],
    }
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const bomb = /alias/i.test(message)
    return {
      ok: false,
      locator,
      diagnostics: [
        {
          code: bomb ? 'RW005' : 'RW000',
          severity: 'error',
          message: bomb
            ? `The aliases (*name) in this file expand to too much data (over ${MAX_ALIASES} expansions). Write the values out, or use fewer aliases.`
            : `The file could not be read: ${message}`,
          path: [],
          range: locator.rangeOf([]) ?? rangeAt(text, 0, 0),
        },
      ],
    }
  }
  return { ok: true, text, doc, value, locator, warnings }
}

function topLevelProblem(kind: DocumentKind, value: unknown, locator: SourceLocator): Diagnostic | undefined {
  const range = locator.rangeOf([])
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const d: Diagnostic = {
      code: 'RW010',
      severity: 'error',
      message: `The top level must be a mapping that starts with "${KIND_KEYS[kind]}: <id>", not ${describeValue(value)}.`,
      path: [],
    }
    return range ? { ...d, range } : d
  }
  const record = value as Record<string, unknown>
  const expectedKey = KIND_KEYS[kind]
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

export function safeParseDocument<T>(
  spec: DocumentSpec<T>,
  input: string | Uint8Array,
  options: ParseOptions = {},
): ParseResult<T> {
  return parseWithSource(spec, input, options).result
}

/** Like safeParseDocument, also returning the YAML source so the formatter does not parse twice. */
export function parseWithSource<T>(
  spec: DocumentSpec<T>,
  input: string | Uint8Array,
  options: ParseOptions = {},
): { result: ParseResult<T>; source?: Extract<SourceResult, { ok: true }> } {
  const file = options.file
  try {
    const source = readSource(input, file)
    if (!source.ok) {
      const diagnostics = source.diagnostics.map((d) => {
        const node = d.path.length > 0 ? spec.nodeOf?.(d.path) : undefined
        return withFile(node === undefined ? d : { ...d, node }, file)
      })
      const result: ParseResult<T> = source.locator
        ? { success: false, locator: source.locator, diagnostics }
        : { success: false, diagnostics }
      return { result }
    }
    const { value, locator } = source
    const warnings = source.warnings.map((d) => withFile(d, file))
    const problem = topLevelProblem(spec.kind, value, locator)
    if (problem)
      return { result: { success: false, locator, diagnostics: [withFile(problem, file), ...warnings] } }
    const parsed = spec.schema.safeParse(value)
    if (!parsed.success) {
      const context = {
        schema: spec.schema as z.ZodType,
        value,
        locator,
        ...(file === undefined ? {} : { file }),
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
