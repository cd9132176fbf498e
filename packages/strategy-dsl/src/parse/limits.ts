// pure: bounds that keep hostile input from exhausting time, memory or the stack, checked on raw text first.
import type { Diagnostic, Range } from '../diagnostics.ts'
import { createLineIndex } from './line-index.ts'

/** Largest file read, in bytes (UTF-16 code units for strings). A 500-node strategy is about 100 kB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
/** Deepest nesting of mappings and lists; the yaml parser recurses per level. */
export const MAX_DEPTH = 100
/** Aliases expanded when building the value: bounds "billion laughs" documents. */
export const MAX_ALIASES = 100
/**
 * Most nodes in one strategy: real ones have dozens to hundreds; at 0.2 ms a node of validation, 100,000 held an
 * editor for 20 s at each pause in typing. Checked on the read value, before the schema and the graph.
 */
export const MAX_NODES = 10_000

export function rangeAt(text: string, offset: number, length = 1): Range {
  const index = createLineIndex(text)
  const start = index(offset)
  const end = index(Math.min(text.length, offset + length))
  return { start, end }
}

export function diag(code: string, message: string, range?: Range): Diagnostic {
  return range
    ? { code, severity: 'error', message, path: [], range }
    : { code, severity: 'error', message, path: [] }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
}

/** What to do about a file over the size limit, by what it is: only a strategy splits into subroutines. */
const TOO_LARGE_ADVICE: ReadonlyMap<string, string> = new Map([
  ['strategy', 'Split it into several strategies joined by subroutine calls.'],
  ['test', 'Split its scenarios into several test files beside the strategy.'],
  ['directory', 'Check that it is the directory file you meant.'],
  ['alarms', 'Check that it is the alarms file you meant.'],
])

/**
 * The advice after "The file is ... over the limit" for a document of `kind` (a DSL kind, or another workspace
 * file read the same way: `alarms`); any other file is told to check it is the one meant.
 * @example tooLargeAdvice('test') // 'Split its scenarios into several test files beside the strategy.'
 */
export function tooLargeAdvice(kind: string | undefined): string {
  return (
    (kind === undefined ? undefined : TOO_LARGE_ADVICE.get(kind)) ?? 'Check that it is the file you meant.'
  )
}

/** RW003 for a file over the limit, with the advice for its kind (undefined: told to check it is the one meant). */
export function checkSize(size: number, kind?: string): Diagnostic | undefined {
  if (size <= MAX_DOCUMENT_BYTES) return undefined
  return diag(
    'RW003',
    `The file is ${megabytes(size)}, over the ${megabytes(MAX_DOCUMENT_BYTES)} limit. ${tooLargeAdvice(kind)}`,
  )
}

/**
 * RW013 for a strategy whose `nodes` mapping holds more than MAX_NODES entries; `keyRange` places it on the
 * `nodes:` key. Anything but a mapping is left to the schema.
 */
export function checkNodeCount(nodes: unknown, keyRange: () => Range | undefined): Diagnostic | undefined {
  if (typeof nodes !== 'object' || nodes === null || Array.isArray(nodes)) return undefined
  const count = Object.keys(nodes).length
  if (count <= MAX_NODES) return undefined
  const fmt = (n: number) => n.toLocaleString('en-US')
  return {
    ...diag(
      'RW013',
      `The strategy has ${fmt(count)} nodes, over the limit of ${fmt(MAX_NODES)}. Split the strategy into subroutines: move parts of it into strategies of their own and call them with subroutine nodes.`,
      keyRange(),
    ),
    path: ['nodes'],
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/**
 * The first C0 control character of `text` but tab, line feed and carriage return (white space in YAML), or DEL:
 * where it is and its code point in hex (`001F`); undefined when there is none.
 */
export function findControlCharacter(text: string): { index: number; code: string } | undefined {
  const match = CONTROL_CHARACTER.exec(text)
  if (!match) return undefined
  return { index: match.index, code: match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') }
}

/** NUL and other C0 control characters: the file is binary or corrupted, not YAML. */
export function checkControlCharacters(text: string): Diagnostic | undefined {
  const match = findControlCharacter(text)
  if (!match) return undefined
  const { code } = match
  const what = code === '0000' ? 'a NUL byte' : `the control character U+${code}`
  return diag(
    'RW007',
    `The file contains ${what}: it looks binary, not YAML or JSON text. Check that you opened the right file.`,
    rangeAt(text, match.index),
  )
}
