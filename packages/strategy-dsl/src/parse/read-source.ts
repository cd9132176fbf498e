// pure: decodes, bounds-checks and parses YAML (or JSON) into a yaml Document, its plain value and a locator.
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
import type { Diagnostic, SourceLocator } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'
import { decodeInput } from './decode.ts'
import { checkDepth } from './depth-scan.ts'
import { createFastLocator } from './fast-locator.ts'
import { fastRead } from './fast-read.ts'
import type { Frame } from './frames.ts'
import { scanJsonKeys } from './json-keys.ts'
import { jsonErrorOffset } from './json-problem.ts'
import { checkControlCharacters, MAX_ALIASES, rangeAt } from './limits.ts'
import { createLineIndex, createLocator } from './locator.ts'
import { plainValue } from './plain-value.ts'
import { unclosedFlowOpener } from './unclosed-flow.ts'

/**
 * A bound checked on a JSON text's plain value before the full read (a strategy's node count): JSON that spans
 * lines takes the slow read with positions, seconds for an oversized file, so it is refused from JSON.parse's value.
 * `locator` answers top-level keys from a scan of the text; anything else reads the text when asked.
 */
export type EarlyCheck = (value: unknown, text: string, locator: SourceLocator) => Diagnostic | undefined

/** The result of reading YAML text, shared by parsing and formatting. */
export type SourceResult =
  | { ok: true; text: string; doc: Document; value: unknown; locator: SourceLocator; warnings: Diagnostic[] }
  | { ok: false; locator?: SourceLocator; diagnostics: Diagnostic[] }

const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: false,
  strict: true,
  keepSourceTokens: false,
} as const

/** A locator and Document built only when first asked for: a clean file never pays for positions. */
function lazySource(
  text: string,
  value: unknown,
  parsed?: Document,
  fastLocator = true,
  frames?: Frame,
): Extract<SourceResult, { ok: true }> {
  let doc: Document | undefined = parsed
  let locator: SourceLocator | undefined
  const document = () => {
    doc ??= parseDocument(text, PARSE_OPTIONS)
    return doc
  }
  const real = () => {
    if (locator === undefined) {
      const index = createLineIndex(text)
      // js-yaml's events give positions at a fraction of the cost; the full tree only when they do not line up
      const full = () => createLocator(document(), text, index)
      let fullLocator: SourceLocator | undefined
      locator = fastLocator
        ? (createFastLocator(text, index, () => (fullLocator ??= full()), frames) ?? full())
        : full()
    }
    return locator
  }
  return {
    ok: true,
    text,
    value,
    warnings: [],
    get doc() {
      return document()
    },
    locator: {
      rangeOf: (path) => real().rangeOf(path),
      keyRangeOf: (path) => real().keyRangeOf(path),
      positionInString: (path, index) => real().positionInString(path, index),
      nodeAt: (offset) => real().nodeAt?.(offset),
    },
  }
}

/**
 * The early check's refusal of valid JSON text. A repeated key does not spare it: JSON.parse's value already holds
 * too much, and repeats only make the text bigger (the full read would report the repeat as RW002 instead).
 */
function earlyRefusal(text: string, value: unknown, early: EarlyCheck): SourceResult | undefined {
  let keys: ReturnType<typeof scanJsonKeys> | undefined
  const scan = () => (keys ??= scanJsonKeys(text))
  const lazy = lazySource(text, value).locator
  const locator: SourceLocator = {
    ...lazy,
    keyRangeOf: (path) => {
      // the last of repeated keys is the one JSON.parse kept
      const key = path.length === 1 ? scan().topLevel.findLast((k) => k.name === path[0]) : undefined
      return key ? rangeAt(text, key.offset, key.length) : lazy.keyRangeOf(path)
    },
  }
  const refusal = early(value, text, locator)
  if (!refusal) return undefined
  return { ok: false, locator, diagnostics: [refusal] }
}

function jsonError(text: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error)
  const offset = jsonErrorOffset(text, error) ?? 0
  // V8 quotes the text around the error ('Unexpected token 'x', "..." is not valid JSON'): keep none of it
  const clean = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (\.\.\.)?".*$/s, '')
    .replace(/^Unexpected token .*$/s, 'Unexpected character')
  return {
    code: 'RW001',
    severity: 'error',
    message: `JSON syntax error: ${clean}. Check for a missing comma, quote or bracket just before this point.`,
    path: [],
    range: rangeAt(text, offset),
  }
}

/** What to do about the usual YAML mistakes, by the yaml package's error code. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  BAD_INDENT:
    ' Check the indentation: the keys of one mapping, and the items of one list, start in the same column.',
  TAB_AS_INDENT: ' Indent with spaces, not tabs.',
  MISSING_CHAR: ' A closing quote or bracket is missing.',
  MULTILINE_IMPLICIT_KEY:
    ' A key must fit on one line; quote a value that contains ": " or starts a new line.',
  BLOCK_AS_IMPLICIT_KEY: ' A key must fit on one line; quote a value that contains ": ".',
  UNEXPECTED_TOKEN: ' Quote a value that contains special characters such as : # [ ] { } , & * !',
  BAD_SCALAR_START: ' Quote a value that starts with @ or a backtick.',
  BAD_DQ_ESCAPE: ' In double quotes, write a backslash as \\\\ or use single quotes.',
  BAD_ALIAS: ' An alias (*name) must name an anchor (&name) defined before it.',
  KEY_OVER_1024_CHARS: ' Keys are at most 1024 characters.',
}

function yamlDiagnostic(
  text: string,
  error: YAMLError,
  position: (offset: number) => Diagnostic['range'],
): Diagnostic {
  const [start, end] = error.pos
  const range = { start: position(start)!.start, end: position(Math.max(end, start + 1))!.start }
  const unclosed = unclosedFlow(text, error)
  if (unclosed) {
    const { opener, closer, at } = unclosed
    const line = position(start)!.start.line
    return {
      code: 'RW001',
      severity: 'error',
      message: `YAML syntax error: this "${opener}" is not closed before line ${line}. Add the "${closer}" that ends it.`,
      path: [],
      range: { start: position(at)!.start, end: position(at + 1)!.start },
    }
  }
  const misaligned = misalignedKey(text, error)
  if (misaligned) {
    const { at, indent, above } = misaligned
    return {
      code: 'RW001',
      severity: 'error',
      message: `YAML syntax error: this key is indented ${spaces(indent)}, the line above ${spaces(above)}. The keys of one mapping start in the same column: indent it like its neighbours.`,
      path: [],
      range: { start: position(at)!.start, end: position(at + 1)!.start },
    }
  }
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
        message: `YAML syntax error: ${(error.message.split('\n')[0] ?? '').replace(/\.?$/, '.')}${SYNTAX_HINTS[error.code] ?? ''}`,
        path: [],
        range,
      }
  }
}

/** A flow collection left open (`- { a: 1` then the next key): its opener's offset, when the text shows it. */
function unclosedFlow(
  text: string,
  error: YAMLError,
): { opener: '{' | '['; closer: '}' | ']'; at: number } | undefined {
  if (error.code !== 'BAD_INDENT') return undefined
  const kind = /^Flow (map|sequence) in block collection/.exec(error.message)?.[1]
  if (kind === undefined) return undefined
  const [opener, closer] = kind === 'map' ? (['{', '}'] as const) : (['[', ']'] as const)
  const at = unclosedFlowOpener(text, error.pos[0], opener)
  return at === undefined ? undefined : { opener, closer, at }
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`
}

/** A key indented unlike the keys around it: where it starts, its indent and the indent of the line above. */
function misalignedKey(
  text: string,
  error: YAMLError,
): { at: number; indent: number; above: number } | undefined {
  if (
    error.code !== 'BAD_INDENT' ||
    !error.message.startsWith('All mapping items must start at the same column')
  )
    return undefined
  // the parser may point at blank lines before the key: the key is the first text after them
  const key = text.slice(error.pos[0], error.pos[0] + 65_536).search(/\S/)
  if (key < 0) return undefined
  const at = error.pos[0] + key
  const lineStart = text.lastIndexOf('\n', at - 1) + 1
  const indentOf = (from: number) => /^ */.exec(text.slice(from, from + 1024))![0].length
  const indent = at - lineStart
  if (indentOf(lineStart) !== indent) return undefined
  // the nearest line above with text (blank lines and comments do not set a column)
  let end = lineStart - 1
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end).trim()
    if (line !== '' && !line.startsWith('#')) return { at, indent, above: indentOf(start) }
    end = start - 1
  }
  return undefined
}

/**
 * Drops what the parser reports later on the line where it found a collection unclosed or a key misaligned: that one
 * fix ends them (a misaligned key also read "Implicit keys need to be on a single line", wrong advice).
 */
function afterUnclosed(text: string, errors: readonly YAMLError[]): YAMLError[] {
  const first = errors.find(
    (e) => unclosedFlow(text, e) !== undefined || misalignedKey(text, e) !== undefined,
  )
  if (!first) return [...errors]
  // the misaligned key's line, which may come after the blank lines the parser pointed at
  const lineEnd = text.indexOf('\n', misalignedKey(text, first)?.at ?? first.pos[0])
  const end = lineEnd === -1 ? text.length : lineEnd
  return errors.filter((e) => e === first || e.pos[0] <= first.pos[0] || e.pos[0] > end)
}

/**
 * One of the yaml package's errors per offset, the widest: a key broken by a stray bracket is reported twice there
 * (BLOCK_AS_IMPLICIT_KEY on its first character, MULTILINE_IMPLICIT_KEY over the key), one mistake fixed once.
 */
function onePerStart(errors: readonly YAMLError[]): YAMLError[] {
  const byStart = new Map<number, YAMLError>()
  for (const error of errors) {
    const kept = byStart.get(error.pos[0])
    if (!kept || error.pos[1] > kept.pos[1]) byStart.set(error.pos[0], error)
  }
  // yaml's order (Map keeps the first insertion's place), so the first finding stays first
  return [...byStart.values()]
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

/**
 * The top level of a Document for the early check, without converting what is below it: a scalar keeps its value,
 * a mapping becomes an object of as many keys as it has entries (repeats counted), a list an empty list. The last
 * of repeated top-level keys wins, as in JSON.parse.
 */
function shallowValue(doc: Document): unknown {
  if (!isMap(doc.contents)) return undefined
  const top: Record<string, unknown> = {}
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue
    const value = pair.value
    top[String(pair.key.value)] = isMap(value)
      ? Object.fromEntries(value.items.map((_, i) => [i, true]))
      : isScalar(value)
        ? value.value
        : isSeq(value)
          ? []
          : null
  }
  return top
}

/**
 * Decodes, bounds-checks and parses YAML (or JSON) into a Document and its plain value. `full` skips the fast
 * path, for callers that will edit the Document (the formatter); `positions` keeps the fast read's positions for
 * the locator (an editor asks for them on each request); `kind` picks the advice for a file over the size limit;
 * `earlyCheck` may refuse valid JSON text before the full read.
 */
export function readSource(
  input: string | Uint8Array,
  file?: string,
  full = false,
  positions = false,
  kind?: string,
  earlyCheck?: EarlyCheck,
): SourceResult {
  const decoded = decodeInput(input, kind)
  if ('diagnostics' in decoded) return { ok: false, diagnostics: decoded.diagnostics }
  const text = decoded.text
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'RW008',
          severity: 'error',
          // the document's reader adds how its kind starts
          message: 'The file is empty.',
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
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      jsonFailure = jsonError(text, error)
      if (jsonFile) return { ok: false, diagnostics: [jsonFailure] }
    }
    const refused = jsonFailure === undefined && earlyCheck ? earlyRefusal(text, json, earlyCheck) : undefined
    if (refused) return refused
  }
  if (jsonFailure === undefined && !full) {
    const fast = fastRead(text, positions)
    if (fast) return lazySource(text, fast.value, undefined, true, fast.frames)
  }
  if (jsonFailure === undefined && full) {
    // the formatter needs the yaml Document anyway: its toJS pass costs a fifth of a js-yaml read, and the
    // duplicate scan is one walk, so a clean file is parsed once and only the locator is left for later
    const doc = parseDocument(text, PARSE_OPTIONS)
    const clean = doc.errors.length === 0 && doc.warnings.length === 0 && doc.contents !== null
    // the usual file: its value and the duplicate check in one walk
    const walked = clean ? plainValue(doc) : undefined
    if (walked) return lazySource(text, walked.value, doc, false)
    if (clean && duplicateKeys(doc).length === 0) {
      try {
        // positions from this Document, as the full path below gives them (only built if something is reported)
        return lazySource(text, doc.toJS({ maxAliasCount: MAX_ALIASES }), doc, false)
      } catch {
        // alias bombs and the like: the full path below reports them with positions
      }
    }
  }
  const index = createLineIndex(text)
  // yaml's own uniqueKeys check is quadratic in the size of a mapping: duplicates are found here instead
  const doc = parseDocument(text, PARSE_OPTIONS)
  const syntaxClean = doc.errors.length === 0
  const errorPaths = new Map<YAMLError, Path>()
  for (const { pair, path } of duplicateKeys(doc)) {
    const range = (pair.key as Node).range!
    const error = new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique')
    errorPaths.set(error, path)
    doc.errors.push(error)
  }
  const locator = createLocator(doc, text, index)
  const toRange = (offset: number) => ({ start: index(offset), end: index(offset) })
  // a repeated key must not carry an oversized file past the limit: it is checked on the mapping sizes first
  const overLimit =
    syntaxClean && errorPaths.size > 0 ? earlyCheck?.(shallowValue(doc), text, locator) : undefined
  if (overLimit) return { ok: false, locator, diagnostics: [overLimit] }
  if (doc.errors.length > 0) {
    if (jsonFailure && /^\s*[{[]\s*"/.test(text)) return { ok: false, locator, diagnostics: [jsonFailure] }
    return {
      ok: false,
      locator,
      diagnostics: afterUnclosed(text, onePerStart(doc.errors))
        .slice(0, 20)
        .map((e) => {
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
          message: 'The file holds only comments.',
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
