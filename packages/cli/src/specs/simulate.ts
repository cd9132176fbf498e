// `routewright simulate`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import { SERVICE_LEVEL_BASES } from '@routewright/history/report-options'
import type { Command } from '../command.ts'

/** Simulated hours before the measured ones, so queues are warm when figures start. */
export const WARMUP_HOURS = 1

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Run a strategy under load and compare the figures with Erlang C / Erlang A',
  usage:
    'routewright simulate <strategy-file> --arrivals <N/h>|--profile <rates|@file> --aht <seconds> [--profile-interval 15m|30m|1h] [--directory <file>] [--patience <seconds>] [--hours <H>] [--logged-in <N|ids>] [--start <iso time>] [--interaction <json|@file>] [--functions <json|@file>] [--seed <N>] [--service-level-basis offered|handled] [--format table|json] [--html <report.html>] [--store <sqlite:FILE|postgres://...>]',
  flags: {
    directory: {
      type: 'string',
      valueName: '<file>',
      description:
        'Directory file (default: the single one beside the strategy, else in the nearest folder above)',
    },
    arrivals: {
      type: 'string',
      valueName: '<N/h>',
      description: 'Arrival rate: 120/h (also 2/min; a bare 120 is per hour, and a note says so)',
    },
    profile: {
      type: 'string',
      valueName: '<rates|@file>',
      description:
        'Instead of --arrivals, a rate per hour for each interval of the day from --start: 24, 48 or 96 numbers, or @file',
    },
    'profile-interval': {
      type: 'string',
      choices: ['15m', '30m', '1h'],
      description: "The profile's interval (default: from how many rates it has)",
    },
    aht: { type: 'string', valueName: '<seconds>', description: 'Average handle time: 180 or 3m' },
    patience: {
      type: 'string',
      valueName: '<seconds>',
      description: 'Mean patience before callers hang up (default: they never do)',
    },
    hours: {
      type: 'string',
      valueName: '<H>',
      description: `Hours measured, after a ${WARMUP_HOURS} h warm-up (default 8; with --profile the rest of its day)`,
    },
    'logged-in': {
      type: 'string',
      valueName: '<N|ids>',
      description: "Agents logged in: how many (the directory's first N) or which (ann,bob); default all",
    },
    start: {
      type: 'string',
      valueName: '<iso time>',
      description:
        'When the day starts, e.g. 2026-03-02T08:00:00-05:00 (default Monday 2026-01-05 00:00 UTC)',
    },
    interaction: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'Every call\'s fields: {"media":"voice","dnis":"8005550100","data":{...}}',
    },
    functions: {
      type: 'string',
      valueName: '<json|@file>',
      description: 'Host function answers: {"lookupCustomer":{"returns":"gold","after":"1s"}}',
    },
    seed: {
      type: 'string',
      valueName: '<N>',
      description: 'Random seed: same seed, same figures (default 1)',
    },
    'service-level-basis': {
      type: 'string',
      choices: SERVICE_LEVEL_BASES,
      description:
        "The service level over every arrival (offered, default) or over answered + abandoned in a queue (handled, routewright report's default)",
    },
    format: { type: 'string', choices: ['table', 'json'], description: 'Output format (default table)' },
    html: {
      type: 'string',
      valueName: '<file.html>',
      description: 'Also write a self-contained HTML report with charts',
    },
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description:
        'Also record every simulated interaction (warm-up included) and agent into this history store, as serve --store does: read it with routewright report. Ctrl-C exits 130 and SIGTERM 143 with the store whole: one this run created is removed',
    },
  },
  details: [
    'Arrivals are Poisson, handle times and patience exponential, as Erlang C (no abandons) and Erlang A assume;',
    'the agents are those of the directory. Every call has the fields of --interaction, and host functions answer',
    "as --functions says (the shape of a test file's scenario; without an answer a function node takes its error",
    'output). Schedules read the simulated time from --start. A progress bar is drawn on stderr when it is a terminal.',
    "With --profile the rate follows the day (a forecast's column: numbers separated by spaces, commas or lines), and",
    'the Erlang columns follow it interval by interval, weighted by calls, as workforce planning reads a day.',
    'The service level is answered within 20 s over offered (--service-level-basis handled: over answered +',
    'abandoned, as routewright report counts it); the output names the basis and gives the other one too.',
    '',
    'Example:',
    '  routewright simulate examples/main-inbound.strategy.yaml --arrivals 60/h --aht 180 --patience 90 \\',
    '    --start 2026-03-02T09:00:00-05:00 --interaction \'{"dnis":"8005550100"}\' --html load.html',
    '  routewright simulate examples/inbound-call.strategy.yaml --profile @forecast.txt --aht 3m --hours 23',
  ].join('\n'),
  async run(args, io) {
    const { simulateRunner } = await import('../commands/simulate.ts')
    return simulateRunner.run(args, io)
  },
}
