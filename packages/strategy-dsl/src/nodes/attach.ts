import { z } from 'zod'
import { expressionSchema, nodeRefSchema } from '../schema/primitives.ts'
import { errorOutput, errorOutputSchema, type NodeKind, nextOutput, nodeBaseShape } from './kind.ts'

/**
 * Adds, updates or removes key-value data attached to the interaction: what the agent desktop shows (screen pop).
 * Keys are written as given; values are expressions.
 * @example
 * type: attach
 * set: { Segment: '"VIP"', CallbackOffered: "true" }
 * remove: [TempKey]
 * next: vip
 */
export const attachNodeSchema = z
  .object({
    type: z.literal('attach'),
    ...nodeBaseShape,
    set: z.record(z.string().min(1).max(128), expressionSchema).optional(),
    remove: z.array(z.string().min(1).max(128)).optional(),
    next: nodeRefSchema.optional(),
    /** Where to go when a value cannot be computed (a statistic that cannot be read, over budget); else the default route. */
    error: errorOutputSchema,
  })
  .strict()
  .refine(
    (n) => Object.keys(n.set ?? {}).length + (n.remove?.length ?? 0) > 0,
    'Set or remove at least one key',
  )
export type AttachNode = z.infer<typeof attachNodeSchema>

export const attachKind: NodeKind<AttachNode> = {
  type: 'attach',
  title: 'Attach data',
  description: 'Add, update or remove data attached to the interaction (screen pop).',
  schema: attachNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) => [nextOutput(node.next), errorOutput(node.error)],
  expressions: (node) =>
    Object.entries(node.set ?? {}).map(([key, source]) => ({ path: ['set', key], source, role: 'value' })),
  summary: (node) =>
    [...Object.keys(node.set ?? {}).map((k) => `+${k}`), ...(node.remove ?? []).map((k) => `-${k}`)].join(
      ' ',
    ),
}
