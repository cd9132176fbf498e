// `routewright simulate`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

/** Simulated hours before the measured ones, so queues are warm when figures start. */
export const WARMUP_HOURS = 1

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Run a strategy under load and compare the figures with Erlang C / Erlang A',
  usage:
    'routewright simulate <strategy-file> --arrivals <N/h> --aht <seconds> [--directory <file>] [--patience <seconds>] [--hours <H>] [--seed <N>] [--format table|json] [--html <report.html>]',
  flags: {
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file (default: the single one beside the strategy)',
    },
    arrivals: { type: 'string', valueName: '<N/h>', description: 'Arrival rate: 120/h (also 2/min or 120)' },
    aht: { type: 'string', valueName: '<seconds>', description: 'Average handle time: 180 or 3m' },
    patience: {
      type: 'string',
      valueName: '<seconds>',
      description: 'Mean patience before callers hang up (default: they never do)',
    },
    hours: {
      type: 'string',
      valueName: '<H>',
      description: `Hours measured, after a ${WARMUP_HOURS} h warm-up (default 8)`,
    },
    seed: {
      type: 'string',
      valueName: '<N>',
      description: 'Random seed: same seed, same figures (default 1)',
    },
    format: { type: 'string', choices: ['table', 'json'], description: 'Output format (default table)' },
    html: {
      type: 'string',
      valueName: '<file.html>',
      description: 'Also write a self-contained HTML report with charts',
    },
  },
  details: [
    'Arrivals are Poisson, handle times and patience exponential, as Erlang C (no abandons) and Erlang A assume;',
    'the agents are those of the directory. A progress bar is drawn on stderr when it is a terminal.',
    '',
    'Example:',
    '  routewright simulate examples/main-inbound.strategy.yaml --arrivals 120/h --aht 180 --patience 90 --html load.html',
  ].join('\n'),
  async run(args, io) {
    const { simulateRunner } = await import('../commands/simulate.ts')
    return simulateRunner.run(args, io)
  },
}
