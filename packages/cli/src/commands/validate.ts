import path from 'node:path'
import { assertNever } from '@routewright/strategy-dsl'
import { UsageError } from '../args.ts'
import { checkSources, countBySeverity } from '../check.ts'
import { type Command, EXIT } from '../command.ts'
import { collectFiles, fileKindOf } from '../files.ts'
import {
  githubReport,
  jsonReport,
  prettyReport,
  REPORT_FORMATS,
  type ReportFormat,
} from '../report/diagnostics.ts'
import { createStyle } from '../report/style.ts'
import { readSources } from '../sources.ts'

const ALL_KINDS = new Set(['strategy', 'directory', 'test'] as const)

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check strategy, directory and test files; exit 1 on errors',
  usage:
    'routewright validate [paths or globs] [--format pretty|json|github] [--strict] [--directory <file>]',
  flags: {
    format: { type: 'string', choices: REPORT_FORMATS, description: 'Output format (default pretty)' },
    strict: { type: 'boolean', description: 'Fail on warnings too' },
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file that resolves groups, skills and calendars (default: the one found)',
    },
  },
  details: [
    'Folders are walked for *.strategy.yaml|yml|json, *.directory.yaml and *.test.yaml.',
    'Subroutine calls resolve across all the files given.',
    '',
    'Examples:',
    '  routewright validate examples',
    '  routewright validate "flows/**/*.strategy.yaml" --directory env/prod.directory.yaml --format github',
  ].join('\n'),
  async run({ flags, positionals }, io) {
    const format = (flags.format as ReportFormat | undefined) ?? 'pretty'
    const files = await collectFiles(positionals, io.cwd, ALL_KINDS)
    let directoryPath: string | undefined
    if (typeof flags.directory === 'string') {
      directoryPath = path.resolve(io.cwd, flags.directory)
      if (fileKindOf(directoryPath) !== 'directory') {
        throw new UsageError(
          `--directory expects a *.directory.yaml file, got ${flags.directory}`,
          'Name directory files <env>.directory.yaml',
        )
      }
    }
    const toRead = directoryPath && !files.includes(directoryPath) ? [...files, directoryPath] : files
    const sources = await readSources(toRead, io.cwd)
    const directory = directoryPath ? sources.find((s) => s.path === directoryPath) : undefined
    if (directory?.readError?.code === 'RW090') {
      throw new UsageError(`Cannot read the directory file ${flags.directory}`, 'Check the --directory path')
    }
    const checked = await checkSources(sources, {
      cwd: io.cwd,
      ...(directory ? { directory } : {}),
      ...(io.workerScript ? { workerScript: io.workerScript } : {}),
    })
    for (const note of checked.notes) io.err(`note: ${note}\n`)
    if (checked.reports.length === 0) io.err('note: no strategy, directory or test files found\n')
    switch (format) {
      case 'json':
        io.out(jsonReport(checked))
        break
      case 'github':
        io.out(githubReport(checked))
        break
      case 'pretty':
        io.out(prettyReport(checked, createStyle(io.color)))
        break
      default:
        assertNever(format, 'report format')
    }
    const { errors, warnings } = countBySeverity(checked.reports)
    return errors > 0 || (flags.strict === true && warnings > 0) ? EXIT.findings : EXIT.ok
  },
}
