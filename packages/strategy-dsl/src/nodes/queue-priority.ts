import { z } from 'zod'
import { nodeRefSchema } from '../schema/primitives.ts'
import { errorOutput, errorOutputSchema, type NodeKind, nextOutput, nodeBaseShape } from './kind.ts'
import { prioritySchema } from './target.ts'

/**
 * Sets or raises the interaction's priority for the target selections that follow.
 * @example
 * type: queue-priority
 * raise: 5
 * next: retry
 */
export const queuePriorityNodeSchema = z
  .object({
    type: z.literal('queue-priority'),
    ...nodeBaseShape,
    set: prioritySchema.optional(),
    raise: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    next: nodeRefSchema.optional(),
    /** Where to go when the priority cannot be computed (a statistic that cannot be read, over budget); else the default route. */
    error: errorOutputSchema,
  })
  .strict()
  .refine((n) => (n.set === undefined) !== (n.raise === undefined), 'Give either set or raise')
export type QueuePriorityNode = z.infer<typeof queuePriorityNodeSchema>

export const queuePriorityKind: NodeKind<QueuePriorityNode> = {
  type: 'queue-priority',
  title: 'Priority',
  description: 'Set or raise the interaction priority.',
  schema: queuePriorityNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) => [nextOutput(node.next), errorOutput(node.error)],
  expressions: (node) =>
    typeof node.set === 'string' ? [{ path: ['set'], source: node.set, role: 'int' }] : [],
  summary: (node) => (node.raise !== undefined ? `raise by ${node.raise}` : `set to ${node.set}`),
}
