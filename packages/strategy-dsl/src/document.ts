import { z } from 'zod'
import { nodeSchema } from './nodes/registry.ts'
import { fieldSchema, idSchema, nameSchema, nodeRefSchema } from './schema/primitives.ts'

/** The only format version so far; a document names it so later versions can migrate. */
export const FORMAT_VERSION = 1

/** Designer positions keyed by node id, kept apart from the logic so moving a node is a one-line diff. */
export const layoutSchema = z.record(z.string(), z.tuple([z.number(), z.number()]))

/**
 * A routing strategy (`*.strategy.yaml`): typed inputs and variables, and nodes keyed by id whose outputs
 * name the next node. Environment-specific ids never appear: groups, queues and calendars are logical names
 * resolved by a directory file.
 * @example
 * strategy: vip-support
 * format: 1
 * title: VIP support routing
 * inputs:
 *   customer_tier: { type: string, default: standard }
 * start: classify
 * nodes:
 *   classify: { type: switch, cases: [{ when: 'data.customer_tier == "gold"', next: vip }], default: general }
 */
export const strategyDocumentSchema = z
  .object({
    /** The strategy's id, used by subroutine calls and by the router. */
    strategy: idSchema.describe('The strategy id, used by subroutine calls and by the router.'),
    format: z.literal(FORMAT_VERSION).describe('Format version of this file: 1.'),
    title: z.string().max(200).describe('A short human title.').optional(),
    description: z.string().max(10_000).describe('What the strategy is for.').optional(),
    /** Interaction data the strategy reads as `data.<name>`, typed. */
    inputs: z
      .record(nameSchema, fieldSchema)
      .describe('Interaction data the strategy reads as data.<name>, typed.')
      .optional(),
    /** Values a subroutine returns to its caller through `end: { outcome: return }`. */
    outputs: z
      .record(nameSchema, fieldSchema)
      .describe('Values a subroutine returns to its caller (end: { outcome: return }).')
      .optional(),
    /** Strategy variables, read and written by name. */
    variables: z
      .record(nameSchema, fieldSchema)
      .describe('Strategy variables, read and written by name.')
      .optional(),
    /** The node each interaction enters first. */
    start: nodeRefSchema.describe('The node each interaction enters first.'),
    nodes: z
      .record(idSchema, nodeSchema)
      .describe('The nodes keyed by id; each names the next node in its outputs.'),
    layout: layoutSchema.describe('Designer positions [x, y] keyed by node id.').optional(),
  })
  .strict()
export type StrategyDocument = z.infer<typeof strategyDocumentSchema>
