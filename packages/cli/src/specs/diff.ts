// `routewright diff`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Show what changed between two strategies or two directories (not their text: their meaning)',
  usage: 'routewright diff <before> <after> [--format pretty|json]',
  flags: {
    format: { type: 'string', choices: ['pretty', 'json'], description: 'Output format (default pretty)' },
  },
  details: [
    'Lists nodes added, removed, renamed and changed (each field old -> new), rewired edges, inputs, variables',
    'and settings; for directories agents, groups, queues, calendars and the rest. Layout, key order, comments',
    'and formatting are ignored. A node is "renamed" when its content is identical and every reference to it',
    'followed the new id; otherwise it is removed and added. A file named without its kind (old.yaml, stdin)',
    'is known by its first key, `strategy:` or `directory:`.',
    '',
    'Exit codes: 0 no differences, 1 differences, 2 usage error or a file that cannot be read or parsed.',
    '',
    'Examples:',
    '  routewright diff old/vip.strategy.yaml flows/vip.strategy.yaml',
    '  git show HEAD~1:flows/vip.strategy.yaml | routewright diff - flows/vip.strategy.yaml   # - reads stdin',
  ].join('\n'),
  async run(args, io) {
    const { diffRunner } = await import('../commands/diff.ts')
    return diffRunner.run(args, io)
  },
}
