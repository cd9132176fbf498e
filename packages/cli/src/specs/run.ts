// `routewright run`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const runCommand: Command = {
  name: 'run',
  summary: 'Route one interaction through a strategy and explain the decision',
  usage:
    'routewright run <strategy-file> --interaction <json|@file> [--directory <file>] [--agents <json|@file>] [--stats <json|@file>] [--functions <json|@file>] [--at <iso time>] [--format pretty|json]',
  flags: {
    interaction: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'The interaction: {"media":"voice","ani":"...","data":{...}}',
    },
    directory: {
      type: 'string',
      valueName: '<file>',
      description:
        'Directory file (default: the single *.directory.yaml beside the strategy, else in the nearest folder above)',
    },
    agents: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'Agent states: {"a1":"ready","a2":{"state":"ready","since":"2m"}}',
    },
    stats: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'Statistics: {"queue:sales":{"ExpectedWaitTime":240}}',
    },
    functions: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'Host function answers: {"lookupCustomer":{"returns":"gold"}}',
    },
    at: {
      type: 'string',
      valueName: '<iso time>',
      description: 'Wall-clock time, e.g. 2026-03-02T10:00:00+01:00',
    },
    format: { type: 'string', choices: ['pretty', 'json'], description: 'Output format (default pretty)' },
  },
  details: [
    'Other strategies in the same folder tree are loaded so subroutine calls work.',
    '',
    'Example:',
    '  routewright run examples/vip-routing.strategy.yaml --interaction \'{"data":{"customer_tier":"gold"}}\' \\',
    '    --agents \'{"ann":"ready"}\' --at 2026-03-02T10:00:00Z',
  ].join('\n'),
  async run(args, io) {
    const { runRunner } = await import('../commands/run.ts')
    return runRunner.run(args, io)
  },
}
