// `routewright run`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const runCommand: Command = {
  name: 'run',
  summary: 'Route one interaction through a strategy and explain the decision',
  usage:
    'routewright run <strategy-file> (--interaction <json|@file> [--agents <json|@file>] [--stats <json|@file>] [--functions <json|@file>] [--at <iso time>] | --replay <file|-> [--check] [--interaction <json|@file>]) [--directory <file>] [--format pretty|json]',
  flags: {
    interaction: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'The interaction: {"media":"voice","ani":"...","data":{...}}',
    },
    replay: {
      type: 'string',
      valueName: '<file|->',
      description:
        "Replay a routed interaction: serve's answer to GET /v1/interactions/{id} (- for standard input) gives the interaction, time, candidate agents, statistics and function answers; prints the recorded and the replayed decision",
    },
    check: {
      type: 'boolean',
      description:
        'With --replay: exit 1 when the replayed decision differs from the recorded one (for CI, as fmt --check)',
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
    '',
    'Replay a routed interaction against a newer version of its strategy (what the record lacks is listed):',
    '  curl -s http://127.0.0.1:8380/v1/interactions/c1 > c1.json',
    '  routewright run examples/vip-routing.strategy.yaml --replay c1.json',
    'In CI, --check makes a changed decision fail (exit 1): run each saved record against the edited strategy.',
  ].join('\n'),
  async run(args, io) {
    const { runRunner } = await import('../commands/run.ts')
    return runRunner.run(args, io)
  },
}
