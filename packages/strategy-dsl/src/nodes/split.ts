import { z } from 'zod'
import { nodeRefSchema } from '../schema/primitives.ts'
import { type NodeKind, nodeBaseShape } from './kind.ts'

/**
 * Weighted percentage allocation (A/B tests, load sharing between sites); weights must add up to 100.
 * The draw uses the runtime's seeded random source, so tests replay.
 * @example
 * type: split
 * branches:
 *   - { label: A, weight: 80, next: current_flow }
 *   - { label: B, weight: 20, next: new_flow }
 */
export const splitNodeSchema = z
  .object({
    type: z.literal('split'),
    ...nodeBaseShape,
    branches: z
      .array(
        z
          .object({
            label: z.string().max(60).optional(),
            weight: z.number().min(0).max(100),
            next: nodeRefSchema.optional(),
          })
          .strict(),
      )
      .min(2, 'A split needs at least two branches')
      .max(100),
  })
  .strict()
export type SplitNode = z.infer<typeof splitNodeSchema>

export const splitKind: NodeKind<SplitNode> = {
  type: 'split',
  title: 'Split',
  description: 'Send a percentage of interactions down each branch.',
  schema: splitNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) =>
    node.branches.map((b, i) => ({
      name: b.label ?? `${b.weight}%`,
      target: b.next,
      path: ['branches', i, 'next'],
      required: true,
    })),
  expressions: () => [],
  summary: (node) => node.branches.map((b) => `${b.weight}%`).join(' / '),
}
