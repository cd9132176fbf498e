import {
  type Diagnostic,
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
} from '@routewright/strategy-dsl'
import type { FileReport } from '../check.ts'
import { type Command, EXIT } from '../command.ts'
import { collectFiles, type FileKind } from '../files.ts'
import { quoteSource } from '../report/diagnostics.ts'
import { createStyle } from '../report/style.ts'
import { FILE_CODES, fileDiagnostic, readSources } from '../sources.ts'
import { writeFileAtomic } from '../write.ts'

const ALL_KINDS = new Set<FileKind>(['strategy', 'directory', 'test'])

const FORMATTERS: Record<FileKind, (text: string) => string> = {
  strategy: formatStrategyText,
  directory: formatDirectoryText,
  test: formatTestText,
}

const PARSERS = {
  strategy: safeParseStrategy,
  directory: safeParseDirectory,
  test: safeParseTestDocument,
} as const

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'Rewrite files in canonical form (comments kept); --check lists files that would change',
  usage: 'routewright fmt [--check] [paths or globs]',
  flags: {
    check: {
      type: 'boolean',
      description: 'Change nothing; exit 1 listing the files that are not canonical',
    },
  },
  details: [
    'A file that does not parse is reported and never written. Files are replaced atomically, keeping their mode.',
    '',
    'Examples:',
    '  routewright fmt examples',
    '  routewright fmt --check .',
  ].join('\n'),
  async run({ flags, positionals }, io) {
    const check = flags.check === true
    const style = createStyle(io.color)
    const files = await collectFiles(positionals, io.cwd, ALL_KINDS)
    const sources = await readSources(files, io.cwd)
    const changed: string[] = []
    const failed: FileReport[] = []
    const skipped: string[] = []
    let unchanged = 0
    for (const source of sources) {
      const fail = (diagnostics: Diagnostic[]) =>
        failed.push({
          file: source.display,
          kind: source.kind,
          diagnostics,
          ...(source.text ? { text: source.text } : {}),
        })
      if (source.readError) {
        fail([source.readError])
        continue
      }
      if (source.kind && source.text === undefined && source.input !== undefined) {
        fail(PARSERS[source.kind](source.input, { file: source.display }).diagnostics)
        continue
      }
      if (!source.kind || source.text === undefined) {
        fail([
          fileDiagnostic(
            FILE_CODES.unknownKind,
            'Not a Routewright file; fmt only formats *.strategy|directory|test.yaml files',
            source.display,
          ),
        ])
        continue
      }
      if (/\.json$/i.test(source.path)) {
        // the canonical form is YAML; rewriting a .json file as YAML would break every tool that reads it
        skipped.push(source.display)
        continue
      }
      let formatted: string
      try {
        formatted = FORMATTERS[source.kind](source.text)
      } catch (error) {
        const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics
        fail(
          diagnostics ?? [
            fileDiagnostic(FILE_CODES.formatterBroke, `Could not format: ${String(error)}`, source.display),
          ],
        )
        continue
      }
      // a last guard for the user's file: never write text that no longer parses
      const reparsed = PARSERS[source.kind](formatted, { file: source.display })
      if (!reparsed.success) {
        fail([
          fileDiagnostic(
            FILE_CODES.formatterBroke,
            `The formatter produced text that does not parse (${reparsed.diagnostics[0]?.message ?? 'unknown error'}); the file was left unchanged. Please report this with the file.`,
            source.display,
          ),
        ])
        continue
      }
      if (formatted === source.text) {
        unchanged++
        continue
      }
      changed.push(source.display)
      if (!check) {
        try {
          await writeFileAtomic(source.path, formatted)
        } catch (error) {
          fail([
            fileDiagnostic(
              FILE_CODES.unreadable,
              `Could not write the file: ${String(error)}`,
              source.display,
            ),
          ])
          changed.pop()
        }
      }
    }
    for (const file of changed) io.out(`${check ? 'would reformat' : 'formatted'} ${file}\n`)
    for (const report of failed) {
      for (const d of report.diagnostics) {
        const where = d.range ? `${report.file}:${d.range.start.line}:${d.range.start.column}` : report.file
        io.err(`${where}  ${style.red('error')}  ${d.code}  ${d.message} (not formatted)\n`)
        const quote = report.text !== undefined ? quoteSource(report.text, d, style) : []
        if (quote.length > 0) io.err(`${quote.join('\n')}\n`)
      }
    }
    for (const file of skipped)
      io.err(`note: ${file} left as it is: fmt writes YAML, and this is a JSON file\n`)
    const total = sources.length
    const summary = check
      ? `${changed.length} of ${total} file${total === 1 ? '' : 's'} would be reformatted`
      : `${changed.length} of ${total} file${total === 1 ? '' : 's'} reformatted`
    io.err(
      `${summary}, ${unchanged} already canonical${failed.length > 0 ? `, ${failed.length} not formatted` : ''}\n`,
    )
    if (failed.length > 0) return EXIT.findings
    return check && changed.length > 0 ? EXIT.findings : EXIT.ok
  },
}
