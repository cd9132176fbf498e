// The JSON Schema of alarms.yaml, generated from its zod schema as the DSL's kinds are, so editors (VS Code's YAML
// extension, `# yaml-language-server: $schema=`) complete and check it. The committed copy is schema/alarms.schema.json.
import { documentJsonSchema, type JsonSchema } from '@routewright/strategy-dsl/json-schema'
import { alarmsDocumentSchema } from './alarm-schema.ts'

/** JSON Schema of a workspace's `alarms.yaml`. */
export function alarmsJsonSchema(): JsonSchema {
  return documentJsonSchema(alarmsDocumentSchema, 'alarms', 'Routewright alarms')
}
