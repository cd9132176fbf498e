// `routewright history`: what an operator does around the history store (dead letters, schema); light for the
// dispatch, the work loads on demand.
import type { Command } from '../command.ts'

export const historyCommand: Command = {
  name: 'history',
  summary: 'Operate the history store: list and replay records it refused, migrate its schema',
  usage:
    'routewright history refused <spool> [--format table|json] | history replay <spool> --store <store> | history migrate --store <store>',
  flags: {
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description: 'The history store to replay into or to migrate',
    },
    format: {
      type: 'string',
      choices: ['table', 'json'],
      description: 'Output of refused and replay (default table)',
    },
    'batch-size': {
      type: 'string',
      valueName: '<n>',
      description: 'Records per write when replaying (default 500; 1 to 10000)',
    },
  },
  details: [
    'Subcommands:',
    '  refused <spool>   Lists the records the store refused (the dead-letter file <spool>.refused that serve',
    '                    --store-spool writes): when, why, kind and id, and any line that cannot be read.',
    '  replay <spool>    Writes them into --store once the cause is fixed. A record already stored is kept once;',
    '                    what is refused again stays in the file with the new reason, unreadable lines stay too.',
    '                    The file is rewritten atomically after each batch: a crash loses nothing. Safe while',
    '                    serve runs: both take <spool>.refused.lock around a change, and serve counts the lines',
    '                    left (/healthz deadLetters, routewright_history_dead_letters) without a restart.',
    "  migrate           Brings the store to this build's schema (serve --store does it when it starts; report",
    "                    never migrates, so an analyst's read-only role can run it).",
    '<spool> is the spool file or the .refused file itself.',
    '',
    'Exit codes: 0 done (replay: nothing left in the file), 1 records refused again, unreadable lines or a store',
    'out of reach, 2 usage error.',
    '',
    'Examples:',
    "  routewright history refused history.db.spool.jsonl   # serve --store sqlite:history.db's default spool",
    '  routewright history replay history.db.spool.jsonl --store sqlite:history.db',
    '  routewright history migrate --store postgres://routewright@db:5432/history',
  ].join('\n'),
  async run(args, io) {
    const { historyRunner } = await import('../commands/history.ts')
    return historyRunner.run(args, io)
  },
}
