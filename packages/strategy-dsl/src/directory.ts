import { z } from 'zod'
import { capacityRuleSchema, mediaCountsSchema } from './capacity.ts'
import { calendarSchema } from './schema/calendar.ts'
import { durationSchema, idSchema, nameSchema, valueTypeSchema } from './schema/primitives.ts'

/**
 * An agent: groups, skill levels (0-100), capacity per media (or a named capacity rule) and free attributes.
 * @example { name: Ann Lee, groups: [vip_team], skills: { english: 5, vip: 7 }, capacity: { voice: 1, chat: 3 } }
 */
export const agentSchema = z
  .object({
    name: z.string().max(200).optional(),
    groups: z.array(idSchema).max(500).optional(),
    skills: z.record(nameSchema, z.number().int().min(0).max(100)).optional(),
    /** Interactions the agent can handle at once per media; default `{ voice: 1 }`. */
    capacity: mediaCountsSchema.optional(),
    /**
     * A rule of `capacityRules` for the mixes of media the agent may handle at once ("1 voice, or up to 3 chats");
     * with `capacity` too, both apply.
     */
    capacityRule: idSchema.optional(),
    site: idSchema.optional(),
    attributes: z.record(nameSchema, z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict()
export type Agent = z.infer<typeof agentSchema>

/**
 * A host function strategies may call, with its signature so calls are type-checked offline.
 * @example { args: [string], returns: string, timeout: 2s }
 */
export const functionDeclarationSchema = z
  .object({
    description: z.string().max(2000).optional(),
    args: z.array(valueTypeSchema).max(32).optional(),
    returns: valueTypeSchema,
    /** Default timeout when a node gives none. */
    timeout: durationSchema.optional(),
  })
  .strict()
export type FunctionDeclaration = z.infer<typeof functionDeclarationSchema>

/**
 * The directory of one environment (`*.directory.yaml`), the Config Server's role: agents, groups, queues,
 * skills, calendars, destinations and host functions. Strategies name these logically.
 */
export const directoryDocumentSchema = z
  .object({
    directory: idSchema,
    format: z.literal(1),
    title: z.string().max(200).optional(),
    skills: z.record(nameSchema, z.object({ title: z.string().max(200).optional() }).strict()).optional(),
    groups: z
      .record(
        idSchema,
        z.object({ title: z.string().max(200).optional(), site: idSchema.optional() }).strict(),
      )
      .optional(),
    queues: z
      .record(
        idSchema,
        z
          .object({
            title: z.string().max(200).optional(),
            /** Groups whose agents serve the queue. */
            groups: z.array(idSchema).min(1).max(500),
          })
          .strict(),
      )
      .optional(),
    /** Capacity rules by name: per-media limits and allowed combinations, referenced by agents' `capacityRule`. */
    capacityRules: z.record(idSchema, capacityRuleSchema).optional(),
    agents: z.record(idSchema, agentSchema).optional(),
    calendars: z.record(idSchema, calendarSchema).optional(),
    destinations: z
      .record(
        idSchema,
        z
          .object({
            type: z.enum(['routing-point', 'number', 'queue', 'external']),
            address: z.string().min(1).max(256),
            title: z.string().max(200).optional(),
          })
          .strict(),
      )
      .optional(),
    functions: z.record(nameSchema, functionDeclarationSchema).optional(),
  })
  .strict()
export type DirectoryDocument = z.infer<typeof directoryDocumentSchema>
