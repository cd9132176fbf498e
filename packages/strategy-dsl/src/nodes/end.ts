import { z } from 'zod'
import { expressionSchema, nameSchema } from '../schema/primitives.ts'
import { type NodeKind, nodeBaseShape } from './kind.ts'

/** How a strategy can finish without routing to a target. */
export const END_OUTCOMES = ['default-route', 'abandon', 'reject', 'return'] as const
export type EndOutcome = (typeof END_OUTCOMES)[number]

/**
 * Finishes the strategy: hand the interaction to the default route, drop it (abandon), reject it,
 * or (in a subroutine) return output values to the caller.
 * @example
 * type: end
 * outcome: return
 * values: { tier: '"gold"' }
 */
export const endNodeSchema = z
  .object({
    type: z.literal('end'),
    ...nodeBaseShape,
    outcome: z.enum(END_OUTCOMES),
    /** For `return`: output values keyed by the strategy's output names. */
    values: z.record(nameSchema, expressionSchema).optional(),
    /** Why, for the trace and reports. */
    reason: z.string().max(500).optional(),
  })
  .strict()
export type EndNode = z.infer<typeof endNodeSchema>

export const endKind: NodeKind<EndNode> = {
  type: 'end',
  title: 'End',
  description: 'Finish: default route, abandon, reject, or return values.',
  schema: endNodeSchema,
  waits: false,
  terminal: true,
  outputs: () => [],
  expressions: (node) =>
    Object.entries(node.values ?? {}).map(([name, source]) => ({
      path: ['values', name],
      source,
      role: 'value',
    })),
  summary: (node) => node.outcome,
}
