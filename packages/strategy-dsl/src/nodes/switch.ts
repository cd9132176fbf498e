import { z } from 'zod'
import { expressionSchema, nodeRefSchema } from '../schema/primitives.ts'
import { errorOutput, errorOutputSchema, type NodeKind, nodeBaseShape } from './kind.ts'

/**
 * Branches on interaction data, variables, time or statistics: the first case whose `when` holds wins,
 * otherwise `default`; a condition that fails takes `error`. Covers IRD's If and Segmentation blocks.
 * @example
 * type: switch
 * cases:
 *   - { label: gold, when: 'data.customer_tier == "gold"', next: vip }
 * default: general
 * error: general
 */
export const switchNodeSchema = z
  .object({
    type: z.literal('switch'),
    ...nodeBaseShape,
    cases: z
      .array(
        z
          .object({
            /** Name shown on the case's handle; defaults to `case 1`, `case 2` ... */
            label: z.string().max(60).optional(),
            when: expressionSchema,
            next: nodeRefSchema.optional(),
          })
          .strict(),
      )
      .min(1, 'Add at least one case')
      .max(200),
    default: nodeRefSchema.optional(),
    /** Where to go when a condition fails (a statistic that cannot be read, over budget); else the default route. */
    error: errorOutputSchema,
  })
  .strict()
export type SwitchNode = z.infer<typeof switchNodeSchema>

export const switchKind: NodeKind<SwitchNode> = {
  type: 'switch',
  title: 'Switch',
  description: 'Branch on a condition: the first case that holds wins, otherwise the default.',
  schema: switchNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) => [
    ...node.cases.map((c, i) => ({
      name: c.label ?? `case ${i + 1}`,
      target: c.next,
      path: ['cases', i, 'next'],
      required: true,
    })),
    { name: 'default', target: node.default, path: ['default'], required: true },
    errorOutput(node.error),
  ],
  expressions: (node) =>
    node.cases.map((c, i) => ({ path: ['cases', i, 'when'], source: c.when, role: 'condition' })),
  summary: (node) => `${node.cases.length} case${node.cases.length === 1 ? '' : 's'} + default`,
}
