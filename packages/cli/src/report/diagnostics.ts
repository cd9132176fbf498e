import { printable, printableName } from '@routewright/node-support/printable'
import { type Diagnostic, formatPath, lineTextAt, nameFixTitle } from '@routewright/strategy-dsl'
import { wholeCharacterAt } from '@routewright/strategy-dsl/cut-text'
import { displayWidth } from '@routewright/strategy-dsl/display-width'
import { type CheckedFiles, countBySeverity, type FileReport } from '../check.ts'
import { jsonOutput } from '../json-output.ts'
import { fixSpanOf } from '../name-fixes.ts'
import { placeOf } from './place.ts'
import { plural } from './plural.ts'
import type { Style } from './style.ts'

/** Lines of source longer than this are cut around the caret so minified JSON does not flood the terminal. */
const MAX_QUOTE = 160

/** `file:line:col  error  RW101  message`, grouped by file, each followed by the quoted line and a caret. */
export function prettyReport(checked: CheckedFiles, style: Style): string {
  return `${[...prettyFindings(checked.reports, style), summaryLine(checked.reports, style)].join('\n')}\n`
}

/** The lines of each report with findings: its file, each finding with its quoted line, caret and fix, a blank line. */
export function prettyFindings(reports: readonly FileReport[], style: Style): string[] {
  const out: string[] = []
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue
    out.push(style.bold(style.cyan(printableName(report.file))))
    for (const d of report.diagnostics) out.push(...prettyDiagnostic(report, d, style))
    out.push('')
  }
  return out
}

function prettyDiagnostic(report: FileReport, d: Diagnostic, style: Style): string[] {
  const where = placeOf(report.file, d.range)
  const severity = d.severity === 'error' ? style.red('error') : style.yellow(d.severity.padEnd(5))
  const at = d.path.length > 0 ? style.dim(` (at ${formatPath(d.path)})`) : ''
  // a message quotes the document's text (JSON.stringify escapes ESC, not a bidi override)
  const lines = [`${where}  ${severity}  ${style.dim(d.code)}  ${printable(d.message)}${at}`]
  const quote = d.range && report.text !== undefined ? quoteSource(report.text, d, style) : []
  return [...lines, ...quote, ...fixLine(report, d, style)]
}

/** The misspelt name's fix, under the quote, when the text still has the name where the finding points. */
function fixLine(report: FileReport, d: Diagnostic, style: Style): string[] {
  if (!d.fix || report.text === undefined || !fixSpanOf(report.text, d)) return []
  return [`${' '.repeat(6)}${style.dim('=')} ${style.green('fix:')} ${printable(nameFixTitle(d.fix))}`]
}

/** The offending line with a gutter and a caret under the range (one line only). */
export function quoteSource(text: string, d: Diagnostic, style: Style): string[] {
  if (!d.range) return []
  const { start, end } = d.range
  const line = lineTextAt(text, start.line)
  if (line === undefined) return []
  let shown = printable(line.replace(/\t/g, ' '))
  let column = Math.max(1, start.column)
  const length =
    end.line === start.line ? Math.max(1, end.column - start.column) : Math.max(1, shown.length - column + 1)
  if (shown.length > MAX_QUOTE) {
    const from = wholeCharacterAt(shown, Math.max(0, column - 1 - MAX_QUOTE / 2))
    shown = `…${shown.slice(from, wholeCharacterAt(shown, from + MAX_QUOTE))}…`
    column = column - from + 1
  }
  if (shown.trim() === '') return []
  const gutter = String(start.line).padStart(5)
  // the caret is placed in terminal columns: a CJK name before it takes two each (UTF-16 columns left it short)
  const under = shown.slice(column - 1, column - 1 + Math.min(length, Math.max(1, shown.length - column + 1)))
  const indent = displayWidth(shown.slice(0, column - 1)) + Math.max(0, column - 1 - shown.length)
  const caret = ' '.repeat(indent) + '^'.repeat(Math.max(1, displayWidth(under)))
  return [style.dim(`${gutter} | `) + shown, `${style.dim(`${' '.repeat(5)} | `)}${style.red(caret)}`]
}

export function summaryLine(reports: readonly FileReport[], style: Style): string {
  const { errors, warnings } = countBySeverity(reports)
  // no tick for nothing: "✓ 0 files checked" read as a pass (validate says on stderr why none were found)
  if (reports.length === 0) return 'No files checked: none found'
  const checked = checkedText(reports)
  if (errors === 0 && warnings === 0) return style.green(`✓ ${checked}, no problems`)
  const withProblems = reports.filter((r) => r.diagnostics.length > 0).length
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')].join(', ')
  const mark = errors > 0 ? style.red('✗') : style.yellow('!')
  return `${mark} ${parts} in ${plural(withProblems, 'file')} (${checked})`
}

/** What was checked, said apart from what was listed but not: a skipped FIFO or folder, the directory file from
 * outside the paths given (`--directory`, or the one beside the strategies) (the designer's Problems panel words skipped entries the same way). */
function checkedText(reports: readonly FileReport[]): string {
  const { checked, skipped } = countChecked(reports)
  const read = reports.find((r) => r.uncounted === 'directory')
  const directory = read ? ` and the directory ${printableName(read.file)}` : ''
  const entries = skipped === 1 ? '1 entry' : `${skipped} entries`
  const skips = skipped > 0 ? `, ${entries} skipped as not a regular file` : ''
  return `${plural(checked, 'file')} checked${directory}${skips}`
}

/** Files really checked (read and validated among the paths given), and entries skipped as not regular files. */
function countChecked(reports: readonly FileReport[]): { checked: number; skipped: number } {
  const checked = reports.filter((r) => r.uncounted === undefined).length
  const skipped = reports.filter((r) => r.uncounted === 'skipped').length
  return { checked, skipped }
}

/** Machine-readable report: every file with its diagnostics, and the totals. */
export function jsonReport(checked: CheckedFiles): string {
  const { errors, warnings } = countBySeverity(checked.reports)
  const body = {
    files: checked.reports.map((r) => ({
      file: r.file,
      kind: r.kind ?? null,
      diagnostics: r.diagnostics.map((d) => ({ ...d, file: r.file })),
    })),
    // `files` counts the entries listed; `checked` and `skipped` say which were read and which were not
    summary: { files: checked.reports.length, ...countChecked(checked.reports), errors, warnings },
  }
  return jsonOutput(body)
}

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the file and line. */
export function githubReport(checked: CheckedFiles): string {
  const out: string[] = []
  for (const report of checked.reports) {
    for (const d of report.diagnostics) {
      const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice'
      // control characters shown as in the other formats; line breaks, `%`, `:` and `,` escaped the runner's way
      const props = [`file=${escapeProperty(printable(report.file))}`]
      if (d.range) {
        props.push(`line=${d.range.start.line}`, `col=${d.range.start.column}`)
        if (d.range.end.line >= d.range.start.line) {
          props.push(`endLine=${d.range.end.line}`)
          if (d.range.end.line === d.range.start.line) props.push(`endColumn=${d.range.end.column}`)
        }
      }
      props.push(`title=${escapeProperty(d.code)}`)
      const at = d.path.length > 0 ? ` (at ${formatPath(d.path)})` : ''
      out.push(`::${command} ${props.join(',')}::${escapeData(printable(`${d.code} ${d.message}${at}`))}`)
    }
  }
  out.push(summaryLine(checked.reports, { ...identityStyle }))
  return `${out.join('\n')}\n`
}

const identity = (text: string) => text
const identityStyle: Style = {
  red: identity,
  yellow: identity,
  green: identity,
  cyan: identity,
  dim: identity,
  bold: identity,
}

// the escaping GitHub's runner applies to workflow commands (actions/toolkit command.ts)
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
