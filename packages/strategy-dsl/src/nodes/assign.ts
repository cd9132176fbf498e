import { z } from 'zod'
import { expressionSchema, nameSchema, nodeRefSchema } from '../schema/primitives.ts'
import { errorOutput, errorOutputSchema, type NodeKind, nextOutput, nodeBaseShape } from './kind.ts'

/**
 * Sets strategy variables from expressions, in the order written (IRD Assign / Multi-assign).
 * @example
 * type: assign
 * set: { attempts: attempts + 1 }
 * next: retry
 */
export const assignNodeSchema = z
  .object({
    type: z.literal('assign'),
    ...nodeBaseShape,
    set: z
      .record(nameSchema, expressionSchema)
      .refine((v) => Object.keys(v).length > 0, 'Set at least one variable'),
    next: nodeRefSchema.optional(),
    /** Where to go when a value cannot be computed (a statistic that cannot be read, over budget); else the default route. */
    error: errorOutputSchema,
  })
  .strict()
export type AssignNode = z.infer<typeof assignNodeSchema>

export const assignKind: NodeKind<AssignNode> = {
  type: 'assign',
  title: 'Assign',
  description: 'Set variables from expressions.',
  schema: assignNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) => [nextOutput(node.next), errorOutput(node.error)],
  expressions: (node) =>
    Object.entries(node.set).map(([name, source]) => ({ path: ['set', name], source, role: 'value' })),
  references: (node) =>
    Object.keys(node.set).map((name) => ({
      kind: 'variable',
      name,
      path: ['set', name],
      atKey: true,
      use: 'writes',
    })),
  summary: (node) => Object.keys(node.set).join(', '),
}
