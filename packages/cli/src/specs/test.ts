// `routewright test`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import { PASS_WITH_NO_FILES_FLAG } from '../args.ts'
import type { Command } from '../command.ts'

export const TEST_FORMATS = ['pretty', 'json', 'junit'] as const

export const testCommand: Command = {
  name: 'test',
  summary: 'Run strategy tests (*.test.yaml) with a simulated clock; exit 1 on failure',
  usage:
    'routewright test [paths or globs] [--directory <file>] [--filter <text>] [--format pretty|json|junit] [--pass-with-no-files]',
  flags: {
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file for test files that do not name one',
    },
    filter: {
      type: 'string',
      valueName: '<text>',
      description: 'Run only scenarios whose name contains the text',
    },
    format: {
      type: 'string',
      choices: TEST_FORMATS,
      description: 'Output format (default pretty); junit is JUnit XML for CI test reports',
    },
    'pass-with-no-files': PASS_WITH_NO_FILES_FLAG,
  },
  details: [
    'A test file names its strategy by id (tests: vip-routing); the strategy is looked up among the paths given',
    "and the test file's own folder tree. Its directory is the `directory:` field, relative to the test file and",
    'inside the workspace (the current folder).',
    '',
    'Examples:',
    '  routewright test examples',
    '  routewright test examples/vip-routing.test.yaml --filter gold',
    '  routewright test flows --format junit > test-results/routewright.xml',
  ].join('\n'),
  async run(args, io) {
    const { testRunner } = await import('../commands/test.ts')
    return testRunner.run(args, io)
  },
}
