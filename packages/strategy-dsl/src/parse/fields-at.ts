// pure: the keys a mapping of a document may hold at a path, from the document's own schema (key completion).

import { directoryDocumentSchema } from '../directory.ts'
import { strategyDocumentSchema } from '../document.ts'
import type { PathSegment } from '../nodes/kind.ts'
import { testDocumentSchema } from '../test-file.ts'
import { fieldNamesOf, schemaAt } from './schema-walk.ts'

const SCHEMAS = {
  strategy: strategyDocumentSchema,
  directory: directoryDocumentSchema,
  test: testDocumentSchema,
} as const

/**
 * The field names the mapping at `path` of a `kind` document declares, in declared order; `value` is what is written
 * so far (a node's `type` picks its kind's fields; without it every kind's). None where the keys are free names.
 * @example fieldsAt('strategy', ['nodes', 'ask'], { nodes: { ask: { type: 'wait' } } }) // ['title', 'notes', 'type', 'for', 'next']
 */
export function fieldsAt(kind: keyof typeof SCHEMAS, path: readonly PathSegment[], value: unknown): string[] {
  const schema = schemaAt(SCHEMAS[kind], path, value)
  return schema ? fieldNamesOf(schema, valueAt(value, path)) : []
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value
  for (const segment of path)
    current = current === null || typeof current !== 'object' ? undefined : (current as never)[segment]
  return current
}
