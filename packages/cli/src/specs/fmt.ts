// `routewright fmt`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import { PASS_WITH_NO_FILES_FLAG, STDIN_FLAG } from '../args.ts'
import type { Command } from '../command.ts'

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'Rewrite files in canonical form (comments kept); --check lists files that would change',
  usage:
    'routewright fmt [--check] [--diff] [paths, globs or -] [--stdin-filename <path>] [--pass-with-no-files]',
  flags: {
    check: {
      type: 'boolean',
      description: 'Change nothing; exit 1 listing the files that are not canonical',
    },
    diff: {
      type: 'boolean',
      description: 'Change nothing; print a unified diff of what would change (exit 1 when there is any)',
    },
    'stdin-filename': STDIN_FLAG,
    'pass-with-no-files': PASS_WITH_NO_FILES_FLAG,
  },
  details: [
    'A file that does not parse is reported and never written. Files are replaced atomically (temporary file,',
    'fsync, rename), keeping their mode; a symbolic link named on the command line stays a link and its target',
    'is formatted. `-` formats standard input to standard output (named by --stdin-filename).',
    '',
    'Examples:',
    '  routewright fmt examples',
    '  routewright fmt --check .',
    '  routewright fmt --diff flows | less',
    '  routewright fmt - --stdin-filename vip.strategy.yaml < vip.strategy.yaml',
  ].join('\n'),
  async run(args, io) {
    const { fmtRunner } = await import('../commands/fmt.ts')
    return fmtRunner.run(args, io)
  },
}
