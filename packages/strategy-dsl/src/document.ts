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
    strategy: idSchema,
    format: z.literal(FORMAT_VERSION),
    title: z.string().max(200).optional(),
    description: z.string().max(10_000).optional(),
    /** Interaction data the strategy reads as `data.<name>`, typed. */
    inputs: z.record(nameSchema, fieldSchema).optional(),
    /** Values a subroutine returns to its caller through `end: { outcome: return }`. */
    outputs: z.record(nameSchema, fieldSchema).optional(),
    /** Strategy variables, read and written by name. */
    variables: z.record(nameSchema, fieldSchema).optional(),
    /** The node each interaction enters first. */
    start: nodeRefSchema,
    nodes: z.record(idSchema, nodeSchema),
    layout: layoutSchema.optional(),
  })
  .strict()
export type StrategyDocument = z.infer<typeof strategyDocumentSchema>
