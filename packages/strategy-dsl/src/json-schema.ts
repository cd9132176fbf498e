// The JSON Schema (draft 2020-12) of the three document kinds, generated from the zod schemas so editors
// (VS Code with the YAML extension, Monaco) validate and complete files. Committed copies live in schema/.
import { z } from 'zod'
import { directoryDocumentSchema } from './directory.ts'
import { strategyDocumentSchema } from './document.ts'
import { nodeKinds } from './nodes/registry.ts'
import { testDocumentSchema } from './test-file.ts'

// node kinds describe themselves for the palette; the same words make the editor hover of a node
for (const kind of Object.values(nodeKinds)) {
  if (!z.globalRegistry.has(kind.schema)) {
    z.globalRegistry.add(kind.schema, { title: kind.title, description: kind.description })
  }
}

export type JsonSchema = Record<string, unknown>

const BASE_URL = 'https://routewright.dev/schema'

function generate(schema: z.ZodType, name: string, title: string): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // refinements (exactly one treatment, durations) cannot be expressed: the shape is still checked
    unrepresentable: 'any',
    io: 'input',
    reused: 'inline',
    cycles: 'ref',
  }) as JsonSchema
  const { $schema, ...rest } = generated
  return { $schema, $id: `${BASE_URL}/${name}.schema.json`, title, ...rest }
}

/** JSON Schema of `*.strategy.yaml` files. */
export function strategyJsonSchema(): JsonSchema {
  return generate(strategyDocumentSchema, 'strategy', 'Routewright strategy')
}

/** JSON Schema of `*.directory.yaml` files. */
export function directoryJsonSchema(): JsonSchema {
  return generate(directoryDocumentSchema, 'directory', 'Routewright directory')
}

/** JSON Schema of `*.test.yaml` files. */
export function testJsonSchema(): JsonSchema {
  return generate(testDocumentSchema, 'test', 'Routewright strategy tests')
}

/** Every schema with the file name it is committed under (`schema/<name>.schema.json`). */
export function allJsonSchemas(): Array<{ name: string; fileName: string; schema: JsonSchema }> {
  return [
    { name: 'strategy', fileName: 'strategy.schema.json', schema: strategyJsonSchema() },
    { name: 'directory', fileName: 'directory.schema.json', schema: directoryJsonSchema() },
    { name: 'test', fileName: 'test.schema.json', schema: testJsonSchema() },
  ]
}
