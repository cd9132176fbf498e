// pure: diagnostics and paths as text, and the error `parse*` throws.
import type { Diagnostic } from '../diagnostics.ts'
import type { Path } from '../nodes/kind.ts'

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/

/** The caller's text as a message quotes it: cut at `max` characters, so a pasted blob cannot flood a report. */
export function quoteShort(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text)
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

/** `examples/vip.strategy.yaml:12:7: error RW101 <message> (at nodes.vip.next.timeout)` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? `${d.range.start.line}:${d.range.start.column}` : ''
  const location = [d.file, where].filter((part) => part !== undefined && part !== '').join(':')
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
