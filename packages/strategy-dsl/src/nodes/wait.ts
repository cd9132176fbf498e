import { z } from 'zod'
import { durationSchema, nodeRefSchema } from '../schema/primitives.ts'
import { type NodeKind, nextOutput, nodeBaseShape } from './kind.ts'

/**
 * Pauses the strategy for a duration (the caller hears whatever treatment is current).
 * @example
 * type: wait
 * for: 5s
 * next: retry
 */
export const waitNodeSchema = z
  .object({
    type: z.literal('wait'),
    ...nodeBaseShape,
    for: durationSchema,
    next: nodeRefSchema.optional(),
  })
  .strict()
export type WaitNode = z.infer<typeof waitNodeSchema>

export const waitKind: NodeKind<WaitNode> = {
  type: 'wait',
  title: 'Wait',
  description: 'Pause for a duration.',
  schema: waitNodeSchema,
  waits: true,
  terminal: false,
  outputs: (node) => [nextOutput(node.next)],
  expressions: () => [],
  summary: (node) => String(node.for),
}
