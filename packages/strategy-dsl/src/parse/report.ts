// pure: diagnostics and paths as text, and the error `parse*` throws.
import { escapeInvisible } from '../control-characters.ts'
import { shortened } from '../cut-text.ts'
import type { Diagnostic, Position, Range } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/

/**
 * The caller's text as a message quotes it: cut at `max` characters, so a pasted blob cannot flood a report, and its
 * invisible characters as escapes (`"e\u200B"`), so a name that reads as another says why it is refused.
 */
export function quoteShort(text: string, max = 40): string {
  return escapeInvisible(JSON.stringify(shortened(text, max, '...')))
}

/**
 * `nodes.vip.targets[0]`; keys that are not simple names are quoted: `data["customer tier"]`, and cut when longer
 * than an id may be (the full path stays in the diagnostic's data).
 */
export function formatPath(path: Path): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (SIMPLE_KEY.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${quoteShort(segment, 64)}]`
  }
  return out
}

/** A place in a file: a position or a range (its start), or a line alone when the column is not known. */
export type PlaceAt = Pick<Position, 'line'> & { column?: number }

/**
 * Where a finding is, the one way every report and message says it: `flows/vip.strategy.yaml:12:7` (1-based, as
 * the DSL's positions are; a range by its start), `file:12` without a column, the file alone without a place,
 * `12:7` without a file. The file is written as given, spaces and colons kept: editors and CI problem matchers read
 * the place from the right, and a quoted path is no longer one they open (make it printable before, not here).
 */
export function formatPlace(file: string | undefined, at?: Range | PlaceAt): string {
  const start = at === undefined ? undefined : 'start' in at ? at.start : at
  const place =
    start === undefined ? '' : start.column === undefined ? `${start.line}` : `${start.line}:${start.column}`
  return [file, place].filter((part) => part !== undefined && part !== '').join(':')
}

/** `examples/vip.strategy.yaml:12:7: error RW101 <message> (at nodes.vip.next.timeout)` */
export function formatDiagnostic(d: Diagnostic): string {
  const location = formatPlace(d.file, d.range)
  const at = d.path.length > 0 ? ` (at ${formatPath(d.path)})` : ''
  return `${location ? `${location}: ` : ''}${d.severity} ${d.code} ${d.message}${at}`
}

/** Thrown by `parseStrategy` and friends; carries every diagnostic, not only the first. */
export class DocumentParseError extends Error {
  readonly diagnostics: Diagnostic[]

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    const shown = (errors.length > 0 ? errors : diagnostics).slice(0, 5).map(formatDiagnostic)
    const more =
      diagnostics.length > shown.length ? `\n... and ${diagnostics.length - shown.length} more` : ''
    super(`The document is not valid:\n${shown.join('\n')}${more}`)
    this.name = 'DocumentParseError'
    this.diagnostics = diagnostics
  }
}

const DOCUMENT_SUFFIX = /[^/\\](\.(strategy|directory|test)\.(ya?ml|json))$/i

/**
 * Which document a file holds, by its name's suffix: the one rule the CLI, the language server and the designer
 * share. A bare `.strategy.yaml` has no name, so it is not a document.
 * @example documentKindOf('sales/vip.strategy.yaml') // 'strategy'
 */
export function documentKindOf(fileName: string): 'strategy' | 'directory' | 'test' | undefined {
  const match = DOCUMENT_SUFFIX.exec(fileName)
  return match ? (match[2]!.toLowerCase() as 'strategy' | 'directory' | 'test') : undefined
}

/**
 * The document suffix of a file name by the same rule, so a rename or a sibling file keeps the kind; '' for
 * any other file.
 * @example documentSuffixOf('sales/vip.strategy.yaml') // '.strategy.yaml'
 */
export function documentSuffixOf(fileName: string): string {
  return DOCUMENT_SUFFIX.exec(fileName)?.[1] ?? ''
}
