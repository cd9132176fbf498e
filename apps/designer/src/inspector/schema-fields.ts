// pure: reads a node kind's zod schema to decide which editor a simple field gets, so new scalar fields of a
// kind show up in the inspector without inspector changes.
import { kindOf, type NodeType, nodeKinds, type StrategyNode } from '@routewright/strategy-dsl'

export type FieldEditor =
  | { kind: 'text' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'enum'; options: string[] }
  | { kind: 'duration' }
  | { kind: 'boolean' }
  | { kind: 'complex' }

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } }
  shape?: Record<string, ZodLike>
}

function unwrap(schema: ZodLike): ZodLike {
  let s = schema
  while (s._zod.def.type === 'optional' || s._zod.def.type === 'default' || s._zod.def.type === 'nullable') {
    s = s._zod.def.innerType as ZodLike
  }
  return s
}

export function editorFor(schema: ZodLike): FieldEditor {
  const s = unwrap(schema)
  const def = s._zod.def
  switch (def.type) {
    case 'string':
      return { kind: 'text' }
    case 'number': {
      const n = s as ZodLike & { minValue?: number | null; maxValue?: number | null; isInt?: boolean }
      const min = n.minValue ?? undefined
      const max = n.maxValue ?? undefined
      return {
        kind: 'number',
        integer: n.isInt === true,
        ...(min !== undefined && Number.isFinite(min) ? { min } : {}),
        ...(max !== undefined && Number.isFinite(max) ? { max } : {}),
      }
    }
    case 'enum':
      return { kind: 'enum', options: Object.values(def.entries as Record<string, string>) }
    case 'boolean':
      return { kind: 'boolean' }
    case 'union': {
      // a string-or-number union is how durations are written ("30s" or seconds)
      const types = (def.options as ZodLike[]).map((o) => unwrap(o)._zod.def.type).sort()
      return types.join(',') === 'number,string' ? { kind: 'duration' } : { kind: 'complex' }
    }
    default:
      return { kind: 'complex' }
  }
}

/** Shape keys every node has or that are edges, which the inspector shows elsewhere. */
const COMMON = new Set(['type', 'title', 'notes', 'next'])

/** The kind's own fields with the editor each gets, in schema order. */
export function fieldsOf(type: NodeType): Array<{ key: string; editor: FieldEditor; optional: boolean }> {
  const shape = (nodeKinds[type].schema as unknown as ZodLike).shape ?? {}
  return Object.entries(shape)
    .filter(([key]) => !COMMON.has(key))
    .map(([key, schema]) => ({
      key,
      editor: editorFor(schema),
      optional: schema._zod.def.type === 'optional',
    }))
}

/**
 * The fields a node's Settings show: its kind's fields less the outputs kept at the node's top level (a switch's
 * `default`, the `error` of a switch, assign, attach or priority), which the Outputs section picks from the nodes.
 */
export function settingsOf(node: StrategyNode): ReturnType<typeof fieldsOf> {
  const outputs = new Set(
    kindOf(node)
      .outputs(node)
      .filter((output) => output.path.length === 1)
      .map((output) => output.path[0]),
  )
  return fieldsOf(node.type).filter(({ key }) => !outputs.has(key))
}
