import { z } from 'zod'
import { nodeRefSchema } from '../schema/primitives.ts'
import {
  describeTreatment,
  hasExactlyOneTreatment,
  treatmentMessage,
  treatmentReferences,
  treatmentShape,
} from '../schema/treatment.ts'
import { type NodeKind, namedOutputs, nodeBaseShape } from './kind.ts'

/**
 * Gives the caller a treatment and waits for it to finish: an announcement, music, silence, ring-back, busy,
 * or collecting digits into a variable.
 * @example
 * type: treatment
 * collect: { into: choice, prompt: prompts/language-menu, max: 1, timeout: 8s }
 * next: { done: by_language, timeout: default_language, error: default_language }
 */
export const treatmentNodeSchema = z
  .object({
    type: z.literal('treatment'),
    ...nodeBaseShape,
    ...treatmentShape,
    next: z
      .object({
        done: nodeRefSchema.optional(),
        timeout: nodeRefSchema.optional(),
        error: nodeRefSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(hasExactlyOneTreatment, treatmentMessage)
export type TreatmentNode = z.infer<typeof treatmentNodeSchema>

export const treatmentKind: NodeKind<TreatmentNode> = {
  type: 'treatment',
  title: 'Treatment',
  description: 'Play an announcement, music, silence, ring-back or busy tone, or collect digits.',
  schema: treatmentNodeSchema,
  waits: true,
  terminal: false,
  outputs: (node) =>
    namedOutputs(node.next, [
      { name: 'done', required: true },
      ...(node.collect ? [{ name: 'timeout', required: false }] : []),
      { name: 'error', required: false },
    ]),
  expressions: () => [],
  references: (node) => treatmentReferences(node, []),
  summary: (node) => describeTreatment(node),
}
