// `routewright where-used`: its name, flags and help, light enough for the dispatch; the work loads on demand.
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
] as const

export const whereUsedCommand: Command = {
  name: 'where-used',
  summary: 'List every place a group, queue, skill, agent, strategy, variable or prompt is used',
  usage: `routewright where-used <name> [--kind ${WHERE_USED_KINDS.slice(0, 7).join('|')}|...] [--workspace DIR] [--format table|json]`,
  flags: {
    kind: {
      type: 'string',
      choices: WHERE_USED_KINDS,
      description: 'Only this kind of object (a name may be both a skill and a queue)',
    },
    workspace: {
      type: 'string',
      description: 'The folder of strategies and the directory (default: the current folder)',
    },
    format: { type: 'string', choices: ['table', 'json'], description: 'Output format (default table)' },
  },
  details: [
    'Reads every *.strategy.yaml and the *.directory.yaml under the workspace folder and lists each use of the',
    'name: file:line:col, strategy, node, field and how it is used (target, calls, reads, writes, plays ...).',
    'Names read inside CEL expressions count: skills.<name>, data.<key>, variables, stat("queue:<name>", ...).',
    'A data key can be given as data.<key> or <key>.',
    '',
    'Exit codes: 0 the name is used or declared, 1 nothing is named so (with the closest name), 2 usage error.',
    '',
    'Examples:',
    '  routewright where-used vip_team --kind group',
    '  routewright where-used identify-caller --workspace flows --format json',
  ].join('\n'),
  async run(args, io) {
    const { whereUsedRunner } = await import('../commands/where-used.ts')
    return whereUsedRunner.run(args, io)
  },
}
