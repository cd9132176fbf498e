import { z } from 'zod'
import { parseDuration } from './duration.ts'

/** A node, variable, group or strategy id: letters, digits, `_` and `-`, starting with a letter. */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    'Use letters, digits, "_" or "-", starting with a letter (at most 64)',
  )

/** A variable or input name: must also be a valid CEL identifier, so no "-". */
export const nameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
    'Use letters, digits or "_", not starting with a digit (at most 64)',
  )

/**
 * A duration: `"30s"`, `"1m30s"`, `"2h"`, `"250ms"`, or a number of seconds.
 * @example wait: 30s
 */
export const durationSchema = z
  .union([z.string(), z.number()])
  .refine((value) => parseDuration(value) !== undefined, {
    message: 'Write a duration such as "30s", "1m30s", "2h" or "250ms"',
  })
  .describe('A duration: "30s", "1m30s", "2h", "250ms", or a number of seconds.')

/**
 * A CEL expression (Common Expression Language), checked against the strategy's inputs, variables and functions.
 * @example data.customer_tier == "gold" && waited < 60
 */
export const expressionSchema = z
  .string()
  .min(1, 'Write an expression')
  .max(4096)
  .describe('A CEL expression, e.g. data.customer_tier == "gold" && waited < 60')

/** The value types a strategy input, output or variable can have (CEL types). */
export const valueTypeSchema = z.enum([
  'string',
  'int',
  'double',
  'bool',
  'list<string>',
  'map<string, string>',
])
export type ValueType = z.infer<typeof valueTypeSchema>

/** A typed field: a strategy input, output or variable. */
export const fieldSchema = z
  .object({
    type: valueTypeSchema,
    default: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.record(z.string(), z.string())])
      .optional(),
    required: z.boolean().optional(),
    description: z.string().max(2000).optional(),
  })
  .strict()
export type Field = z.infer<typeof fieldSchema>

/** A reference to another node by id; the validator checks that it exists. */
export const nodeRefSchema = idSchema
