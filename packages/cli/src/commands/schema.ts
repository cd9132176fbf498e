import { alarmsJsonSchema } from '@routewright/server/alarms-json-schema'
import {
  directoryJsonSchema,
  strategyJsonSchema,
  testJsonSchema,
} from '@routewright/strategy-dsl/json-schema'
import { UsageError } from '../args.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'

const SCHEMAS = {
  strategy: strategyJsonSchema,
  directory: directoryJsonSchema,
  test: testJsonSchema,
  alarms: alarmsJsonSchema,
} as const

/** What `routewright schema` does, loaded only when it runs; its flags and help are in specs/schema.ts. */
export const schemaRunner: CommandRunner = {
  async run({ positionals }, io) {
    if (positionals.length > 1) {
      throw new UsageError('schema takes at most one document kind', 'Try: routewright schema strategy')
    }
    const kind = positionals[0] ?? 'strategy'
    if (!(kind in SCHEMAS)) {
      throw new UsageError(
        `Unknown document kind "${kind}"`,
        `Choose one of: ${Object.keys(SCHEMAS).join(', ')}`,
      )
    }
    io.out(jsonOutput(SCHEMAS[kind as keyof typeof SCHEMAS]()))
    return EXIT.ok
  },
}
