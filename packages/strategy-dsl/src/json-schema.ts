// The JSON Schema (draft 2020-12) of the three document kinds, generated from the zod schemas so editors
// (VS Code with the YAML extension, Monaco) validate and complete files. Committed copies live in schema/.
import { z } from 'zod'
import { directoryDocumentSchema } from './directory.ts'
import { strategyDocumentSchema } from './document.ts'
import { nodeKinds } from './nodes/registry.ts'
import { MAX_NODES } from './parse/limits.ts'
import { testDocumentSchema } from './test-file.ts'

// node kinds describe themselves for the palette; the same words make the editor hover of a node
for (const kind of Object.values(nodeKinds)) {
  if (!z.globalRegistry.has(kind.schema)) {
    z.globalRegistry.add(kind.schema, { title: kind.title, description: kind.description })
  }
}

export type JsonSchema = Record<string, unknown>

const BASE_URL = 'https://routewright.dev/schema'

/**
 * Hover text for node fields. zod keeps no TSDoc at runtime and the field schemas are shared constants, so the
 * words are attached to the generated JSON Schema by field name instead.
 */
const NODE_FIELD_DESCRIPTIONS: Record<string, string> = {
  type: 'The node kind.',
  title: 'A short human title shown on the canvas instead of the id.',
  notes: 'Free notes for the next designer; never read by the runtime.',
  next: 'The node (or, per output name, the nodes) to continue with.',
  cases: 'Ordered cases: the first whose `when` holds wins.',
  when: 'A CEL condition, e.g. data.customer_tier == "gold".',
  label: "The name shown on this output's handle.",
  default: 'The node to continue with when no case holds.',
  set: 'Names and the CEL expressions whose values they receive.',
  remove: 'Attached-data keys to remove.',
  calendar: 'A calendar of the directory by name, or an inline calendar.',
  branches: 'Weighted branches; the weights add up to 100.',
  weight: 'Percentage of interactions sent down this branch.',
  targets: 'Targets: { agent }, { group }, { queue } or { skill: <CEL over skills> }.',
  pick: 'How to choose among ready agents: longest-idle (default), least-occupied, random, round-robin, { min: Stat }, { max: Stat }.',
  threshold: 'A CEL condition each candidate agent must meet, e.g. agent.occupancy < 0.85.',
  priority: 'Priority in the virtual queue (higher first): a whole number or a CEL expression.',
  raise: 'Add this to the priority.',
  wait: 'How long to wait for a target before taking the timeout output; no limit without it.',
  treatments: 'Treatments played while the interaction waits.',
  escalate: 'Steps that widen the targets or change the priority after a delay.',
  after: 'Delay from when the interaction started waiting in this node.',
  add: 'Targets added to those already tried.',
  replace: 'Targets that replace all current ones.',
  play: 'Play an announcement once.',
  music: 'Play music (for `duration`, or until interrupted).',
  silence: 'Silence for a duration.',
  ringback: 'Ring-back tone for a duration.',
  busy: 'Busy tone.',
  collect: 'Collect digits into a variable.',
  duration:
    'How long music, an announcement or a busy tone plays (test, run and simulate take an announcement without one as instant).',
  for: 'How long to pause.',
  call: 'The host function, or the strategy, to call.',
  args: 'CEL expressions passed as arguments.',
  into: 'The variable (or, for a subroutine, the output-to-variable map) receiving the result.',
  timeout: 'How long to wait for the call before taking the timeout output.',
  inputs: 'Inputs of the called strategy and the CEL expressions giving them.',
  outcome: 'How the strategy ends: default-route, abandon, reject, or return (from a subroutine).',
  values: 'Outputs returned to the calling strategy, as CEL expressions.',
  reason: 'Why the strategy ends here, for logs and traces.',
  destination: 'A destination of the directory by name.',
  number: 'A CEL expression giving the number to route to.',
  strategy: 'Another strategy to continue in.',
}

/** Adds hover text to every property of the node schemas that has none. */
function describeNodeFields(schema: unknown): void {
  if (Array.isArray(schema)) {
    for (const item of schema) describeNodeFields(item)
    return
  }
  if (!schema || typeof schema !== 'object') return
  const record = schema as Record<string, unknown>
  const properties = record.properties as Record<string, Record<string, unknown>> | undefined
  if (properties?.type && typeof properties.type.const === 'string') {
    for (const [key, property] of Object.entries(properties)) {
      const description = NODE_FIELD_DESCRIPTIONS[key]
      if (description && property && typeof property === 'object' && property.description === undefined) {
        property.description = description
      }
    }
  }
  for (const value of Object.values(record)) describeNodeFields(value)
}

/**
 * The JSON Schema of one workspace file kind from its zod schema, with the options every kind shares (the DSL's
 * three, and serve's alarms.yaml): draft 2020-12, input shapes, `$id` under routewright.dev/schema.
 */
export function documentJsonSchema(schema: z.ZodType, name: string, title: string): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // refinements (exactly one treatment, durations) cannot be expressed: the shape is still checked
    unrepresentable: 'any',
    io: 'input',
    reused: 'inline',
    cycles: 'ref',
  }) as JsonSchema
  const { $schema, ...rest } = generated
  if (name === 'strategy') {
    describeNodeFields(rest.properties)
    // the node-count limit (RW013) is checked before the zod schema, so zod cannot say it: an editor still can
    const nodes = (rest.properties as Record<string, JsonSchema> | undefined)?.nodes
    if (nodes) nodes.maxProperties = MAX_NODES
  }
  return { $schema, $id: `${BASE_URL}/${name}.schema.json`, title, ...rest }
}

/** JSON Schema of `*.strategy.yaml` files. */
export function strategyJsonSchema(): JsonSchema {
  return documentJsonSchema(strategyDocumentSchema, 'strategy', 'Routewright strategy')
}

/** JSON Schema of `*.directory.yaml` files. */
export function directoryJsonSchema(): JsonSchema {
  return documentJsonSchema(directoryDocumentSchema, 'directory', 'Routewright directory')
}

/** JSON Schema of `*.test.yaml` files. */
export function testJsonSchema(): JsonSchema {
  return documentJsonSchema(testDocumentSchema, 'test', 'Routewright strategy tests')
}

/** Every schema with the file name it is committed under (`schema/<name>.schema.json`). */
export function allJsonSchemas(): Array<{ name: string; fileName: string; schema: JsonSchema }> {
  return [
    { name: 'strategy', fileName: 'strategy.schema.json', schema: strategyJsonSchema() },
    { name: 'directory', fileName: 'directory.schema.json', schema: directoryJsonSchema() },
    { name: 'test', fileName: 'test.schema.json', schema: testJsonSchema() },
  ]
}
