// `routewright report`: its name, flags and help, light enough for the dispatch; the work loads on demand.

import {
  REPORT_FORMATS,
  REPORT_INTERVALS,
  REPORT_KINDS,
  SERVICE_LEVEL_BASES,
  SHORT_ABANDON_SECONDS,
  SL_ABANDONS,
} from '@routewright/history/report-options'
import type { Command } from '../command.ts'

export const reportCommand: Command = {
  name: 'report',
  summary: 'Interval report (offered, answered, service level, ASA, AHT ...) from the interaction history',
  usage:
    'routewright report --store sqlite:FILE|postgres://... --from <date|time> [--to <date|time>] [--tz <zone>] [--interval 15m|30m|1h|day] [--by queue|group|agent|strategy|node|reason|disposition] [--format table|csv|json] [--sl <seconds>] [--short-abandon <seconds>] [--sl-abandons against|ignore|for] [--service-level-basis handled|offered] [--exclude-short-abandons] [--media <name>] [--directory <file>]',
  flags: {
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description: 'Where the history is: a SQLite file or a PostgreSQL URL',
    },
    from: { type: 'string', valueName: '<date|time>', description: 'Start of the first interval' },
    to: {
      type: 'string',
      valueName: '<date|time>',
      description: 'End of the report (default: a day after --from)',
    },
    tz: {
      type: 'string',
      valueName: '<zone>',
      description:
        'IANA time zone whose wall clock the intervals, --from/--to and the printed times follow (default UTC); a day is the local day',
    },
    interval: {
      type: 'string',
      choices: Object.keys(REPORT_INTERVALS),
      description: 'Interval width (default 1h)',
    },
    by: {
      type: 'string',
      choices: [...REPORT_KINDS],
      description:
        "One row per ... (default queue); reason: not-ready time by reason; disposition: handlings and AHT by the complete's wrap-up code",
    },
    format: { type: 'string', choices: REPORT_FORMATS, description: 'Output format (default table)' },
    sl: {
      type: 'string',
      valueName: '<seconds>',
      description: 'T of the service level (default 20); not with --by reason, which has no service level',
    },
    'short-abandon': {
      type: 'string',
      valueName: '<seconds>',
      description: `S of the short abandons: abandoned with a wait of at most S (default ${SHORT_ABANDON_SECONDS}s); not with --by reason`,
    },
    'sl-abandons': {
      type: 'string',
      choices: SL_ABANDONS,
      description:
        'How abandons within T count in the service level: against (default), ignore (left out) or for (as met); not with --by reason',
    },
    'service-level-basis': {
      type: 'string',
      choices: SERVICE_LEVEL_BASES,
      description:
        "What the service level is a share of: handled (default) answered + abandoned in a queue, or offered (simulate's default); not with --by reason",
    },
    'exclude-short-abandons': {
      type: 'boolean',
      description:
        'Take short abandons out of offered, abandoned and the service level; not with --by reason',
    },
    media: {
      type: 'string',
      valueName: '<name>',
      description: 'State times (logged-in time and each state, --by reason) for this media only',
    },
    directory: {
      type: 'string',
      valueName: '<file>',
      description:
        "The *.directory.yaml whose agents' capacities say which media each agent has (as serve's wallboard); without it every state set counts",
    },
  },
  details: [
    'Figures (defined once in packages/history/docs/figures.md): offered, answered, abandoned (and by',
    "the host's reason: caller hang-up, queue time-out, host, none; short abandons within --short-abandon),",
    'service level = answered within T / (answered + abandoned in a queue), abandons within T counted',
    'as --sl-abandons says (against by default; ignore leaves them out, for counts them as met); with',
    "--service-level-basis offered, over offered instead (simulate's definition); the note names it. ASA,",
    'AHT, occupancy, transfers, and',
    'ready, not-ready, busy, reserved and wrap-up time, which add up to logged-in time (agent and group',
    'reports). --by reason: per interval and not-ready reason, the agents, their entries into it and',
    'the time, clipped to the interval.',
    'State times follow the router: a row for one media overrides the agent-wide state for it. Without',
    '--media an agent is busy if busy on any media, ready if ready on any, not ready if not ready on all.',
    'With --directory only her own media count (her capacity): a state for a media she does not have',
    'counts nowhere, as on the wallboard.',
    "Intervals start at --from; times are printed in UTC, or with --tz on that zone's wall clock with",
    'its offset: a day is the local day (23 or 25 hours when the clocks change) and an hour the clock',
    'repeats in autumn is a row of its own (01:00+01:00, then 01:00+00:00).',
    '',
    'Example:',
    '  routewright report --store sqlite:history.db --from 2026-03-02 --interval 15m --by queue --format csv',
    '  routewright report --store sqlite:history.db --from 2026-03-29 --tz Europe/London --interval 1h',
  ].join('\n'),
  async run(args, io) {
    const { reportRunner } = await import('../commands/report.ts')
    return reportRunner.run(args, io)
  },
}
