import { z } from 'zod'
import { durationSchema, expressionSchema, nameSchema, nodeRefSchema } from '../schema/primitives.ts'
import { type NodeKind, namedOutputs, nodeBaseShape } from './kind.ts'

/**
 * Calls a function the host registered (a CRM lookup, a web service, a database query) with arguments,
 * storing the result in a variable. A throw takes `error`; no answer within `timeout` takes `timeout`.
 * @example
 * type: function
 * call: lookupCustomer
 * args: [ani]
 * into: customer_segment
 * timeout: 2s
 * next: { done: classify, error: classify, timeout: classify }
 */
export const functionNodeSchema = z
  .object({
    type: z.literal('function'),
    ...nodeBaseShape,
    call: nameSchema,
    args: z.array(expressionSchema).max(32).optional(),
    into: nameSchema.optional(),
    timeout: durationSchema.optional(),
    next: z
      .object({
        done: nodeRefSchema.optional(),
        error: nodeRefSchema.optional(),
        timeout: nodeRefSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
export type FunctionNode = z.infer<typeof functionNodeSchema>

export const functionKind: NodeKind<FunctionNode> = {
  type: 'function',
  title: 'Function',
  description: 'Call a host function (lookup, web service, database) and store the result.',
  schema: functionNodeSchema,
  waits: true,
  terminal: false,
  outputs: (node) =>
    namedOutputs(node.next, [
      { name: 'done', required: true },
      { name: 'error', required: false },
      { name: 'timeout', required: false },
    ]),
  references: (node) => [
    { kind: 'function', name: node.call, path: ['call'], use: 'calls' },
    ...(node.into === undefined
      ? []
      : [{ kind: 'variable' as const, name: node.into, path: ['into'], use: 'writes result' }]),
  ],
  expressions: (node) => (node.args ?? []).map((source, i) => ({ path: ['args', i], source, role: 'value' })),
  summary: (node) => `${node.call}(${(node.args ?? []).join(', ')})${node.into ? ` → ${node.into}` : ''}`,
}
