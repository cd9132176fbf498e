import {
  directoryJsonSchema,
  strategyJsonSchema,
  testJsonSchema,
} from '@routewright/strategy-dsl/json-schema'
import { UsageError } from '../args.ts'
import { type Command, EXIT } from '../command.ts'

const SCHEMAS = {
  strategy: strategyJsonSchema,
  directory: directoryJsonSchema,
  test: testJsonSchema,
} as const

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of strategy, directory or test files',
  usage: 'routewright schema [strategy|directory|test]',
  flags: {},
  details: [
    'Editors validate files with it, e.g. VS Code with the YAML extension:',
    '  # yaml-language-server: $schema=./strategy.schema.json',
    '',
    'Example:',
    '  routewright schema strategy > strategy.schema.json',
  ].join('\n'),
  async run({ positionals }, io) {
    if (positionals.length > 1) {
      throw new UsageError('schema takes at most one document kind', 'Try: routewright schema strategy')
    }
    const kind = positionals[0] ?? 'strategy'
    if (!(kind in SCHEMAS)) {
      throw new UsageError(`Unknown document kind "${kind}"`, 'Choose one of: strategy, directory, test')
    }
    io.out(`${JSON.stringify(SCHEMAS[kind as keyof typeof SCHEMAS](), null, 2)}\n`)
    return EXIT.ok
  },
}
