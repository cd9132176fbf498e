import { z } from 'zod'
import { expressionSchema, idSchema } from '../schema/primitives.ts'
import { type NodeKind, nodeBaseShape } from './kind.ts'

/**
 * Forces the interaction to a destination without target selection: a routing point or number from the
 * directory, a number computed from data, or another strategy (which takes over).
 * @example
 * type: route
 * destination: overflow_site_b
 */
export const routeNodeSchema = z
  .object({
    type: z.literal('route'),
    ...nodeBaseShape,
    /** A destination of the directory (routing point, external number) by name. */
    destination: idSchema.optional(),
    /** A CEL expression giving a number to dial. */
    number: expressionSchema.optional(),
    /** Another strategy that takes the interaction over. */
    strategy: idSchema.optional(),
  })
  .strict()
  .refine(
    (n) => [n.destination, n.number, n.strategy].filter((v) => v !== undefined).length === 1,
    'Give exactly one of destination, number or strategy',
  )
export type RouteNode = z.infer<typeof routeNodeSchema>

export const routeKind: NodeKind<RouteNode> = {
  type: 'route',
  title: 'Route',
  description: 'Send the interaction to a routing point, number or another strategy.',
  schema: routeNodeSchema,
  waits: false,
  terminal: true,
  outputs: () => [],
  references: (node) => [
    ...(node.destination === undefined
      ? []
      : [{ kind: 'destination' as const, name: node.destination, path: ['destination'], use: 'routes to' }]),
    ...(node.strategy === undefined
      ? []
      : [{ kind: 'strategy' as const, name: node.strategy, path: ['strategy'], use: 'hands over to' }]),
  ],
  expressions: (node) => (node.number ? [{ path: ['number'], source: node.number, role: 'value' }] : []),
  summary: (node) =>
    node.destination
      ? `→ ${node.destination}`
      : node.strategy
        ? `→ strategy ${node.strategy}`
        : `→ ${node.number}`,
}
