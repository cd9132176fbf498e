// `routewright validate`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import { PASS_WITH_NO_FILES_FLAG, STDIN_FLAG } from '../args.ts'
import type { Command } from '../command.ts'

export const REPORT_FORMATS = ['pretty', 'json', 'github', 'sarif'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check strategy, directory and test files; exit 1 on errors',
  usage:
    'routewright validate [paths, globs or -] [--format pretty|json|github|sarif] [--strict] [--fix] [--directory <file>] [--stdin-filename <path>] [--pass-with-no-files]',
  flags: {
    format: { type: 'string', choices: REPORT_FORMATS, description: 'Output format (default pretty)' },
    strict: { type: 'boolean', description: 'Fail on warnings too' },
    fix: {
      type: 'boolean',
      description: 'Write the fix of each misspelt name into its file (only those), then report what is left',
    },
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file that resolves groups, skills and calendars (default: the one found)',
    },
    'stdin-filename': STDIN_FLAG,
    'pass-with-no-files': PASS_WITH_NO_FILES_FLAG,
  },
  details: [
    'Folders are walked for *.strategy.yaml|yml|json, *.directory.yaml, *.test.yaml and, beside a strategy or a',
    "directory, serve's alarms.yaml (symbolic links are skipped and listed). Subroutine calls resolve across the",
    'files given, then in the folder tree of the calling file (the files found there are read for their ids, inputs',
    'and outputs, not reported). `-` reads one file from standard input; --stdin-filename names it (an editor',
    'passes the buffer of a file not yet saved) and its folder is where calls are looked for.',
    '',
    'Examples:',
    '  routewright validate examples',
    '  routewright validate flows --fix',
    '  routewright validate "flows/**/*.strategy.yaml" --directory env/prod.directory.yaml --format github',
    '  routewright validate flows --format sarif > routewright.sarif',
    '  cat vip.strategy.yaml | routewright validate - flows --stdin-filename flows/vip.strategy.yaml',
  ].join('\n'),
  async run(args, io) {
    const { validateRunner } = await import('../commands/validate.ts')
    return validateRunner.run(args, io)
  },
}
