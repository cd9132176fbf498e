// `routewright where-used`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import { PASS_WITH_NO_FILES_FLAG } from '../args.ts'
import type { Command } from '../command.ts'

/** The kinds of object `--kind` narrows to (the DSL's ReferenceKind). */
export const WHERE_USED_KINDS = [
  'group',
  'queue',
  'skill',
  'agent',
  'strategy',
  'variable',
  'prompt',
  'calendar',
  'destination',
  'function',
  'node',
] as const

export const whereUsedCommand: Command = {
  name: 'where-used',
  summary: 'List every place a group, queue, skill, agent, strategy, node, variable or prompt is used',
  usage: `routewright where-used <name|strategy#node> [--kind ${WHERE_USED_KINDS.join('|')}] [--workspace <dir>] [--format table|json] [--pass-with-no-files]`,
  flags: {
    'pass-with-no-files': PASS_WITH_NO_FILES_FLAG,
    kind: {
      type: 'string',
      choices: WHERE_USED_KINDS,
      description: 'Only this kind of object (a name may be both a skill and a queue)',
    },
    workspace: {
      type: 'string',
      valueName: '<dir>',
      description:
        'The folder of strategies, directories, tests and alarms.yaml (default: the current folder)',
    },
    format: { type: 'string', choices: ['table', 'json'], description: 'Output format (default table)' },
  },
  details: [
    'Reads every *.strategy.yaml, *.directory.yaml (all of them: one per environment) and *.test.yaml under the',
    'workspace folder, and the alarms.yaml serve reads, and lists each use of the name: file:line:col of the name',
    'itself, strategy, node, field and how it is used (target, calls, reads, writes, plays, alarm, test expects ...).',
    'Names read inside CEL expressions count: skills.<name>, data.<key>, variables, stat("queue:<name>", ...).',
    'A data key can be given as data.<key> or <key>. A node is <strategy>#<node> (its edges, start and the tests',
    'that expect it on their path), or a node id with --kind node (that id in every strategy).',
    '',
    'Exit codes: 0 the name is used or declared, 1 nothing is named so (with the closest name), 2 usage error.',
    '',
    'Examples:',
    '  routewright where-used vip_team --kind group',
    '  routewright where-used identify-caller --workspace flows --format json',
    '  routewright where-used vip-routing#vip_desk',
  ].join('\n'),
  async run(args, io) {
    const { whereUsedRunner } = await import('../commands/where-used.ts')
    return whereUsedRunner.run(args, io)
  },
}
