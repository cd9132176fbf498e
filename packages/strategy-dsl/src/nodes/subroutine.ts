import { z } from 'zod'
import { expressionSchema, idSchema, nameSchema, nodeRefSchema } from '../schema/primitives.ts'
import { type NodeKind, namedOutputs, nodeBaseShape } from './kind.ts'

/**
 * Runs another strategy as a subroutine: passes `inputs` (expressions keyed by the subroutine's input names),
 * then copies its returned outputs into variables (`into: { local_variable: subroutine_output }`).
 * @example
 * type: subroutine
 * call: identify-caller
 * inputs: { phone: ani }
 * into: { customer_tier: tier }
 * next: { done: classify, error: classify }
 */
export const subroutineNodeSchema = z
  .object({
    type: z.literal('subroutine'),
    ...nodeBaseShape,
    call: idSchema,
    inputs: z.record(nameSchema, expressionSchema).optional(),
    into: z.record(nameSchema, nameSchema).optional(),
    next: z.object({ done: nodeRefSchema.optional(), error: nodeRefSchema.optional() }).strict().optional(),
  })
  .strict()
export type SubroutineNode = z.infer<typeof subroutineNodeSchema>

export const subroutineKind: NodeKind<SubroutineNode> = {
  type: 'subroutine',
  title: 'Subroutine',
  description: 'Run another strategy with inputs and receive its outputs.',
  schema: subroutineNodeSchema,
  waits: true,
  terminal: false,
  outputs: (node) =>
    namedOutputs(node.next, [
      { name: 'done', required: true },
      { name: 'error', required: false },
    ]),
  expressions: (node) =>
    Object.entries(node.inputs ?? {}).map(([name, source]) => ({
      path: ['inputs', name],
      source,
      role: 'value',
    })),
  references: (node) => [
    { kind: 'strategy', name: node.call, path: ['call'], use: 'calls' },
    ...Object.keys(node.into ?? {}).map((name) => ({
      kind: 'variable' as const,
      name,
      path: ['into', name],
      atKey: true,
      use: 'writes output',
    })),
  ],
  summary: (node) => node.call,
}
