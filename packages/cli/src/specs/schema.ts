// `routewright schema`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of strategy, directory, test or alarms files',
  usage: 'routewright schema [strategy|directory|test|alarms]',
  flags: {},
  details: [
    'Editors validate files with it, e.g. VS Code with the YAML extension:',
    '  # yaml-language-server: $schema=./strategy.schema.json',
    "alarms is serve's alarms.yaml (threshold rules beside the strategies).",
    '',
    'Example:',
    '  routewright schema strategy > strategy.schema.json',
  ].join('\n'),
  async run(args, io) {
    const { schemaRunner } = await import('../commands/schema.ts')
    return schemaRunner.run(args, io)
  },
}
