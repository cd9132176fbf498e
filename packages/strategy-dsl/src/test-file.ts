import { z } from 'zod'
import { mediaSchema } from './capacity.ts'
import { addressSchema, startPrioritySchema } from './interaction-fields.ts'
import { durationSchema, idSchema } from './schema/primitives.ts'

export const AGENT_STATES = [
  'logged-out',
  'not-ready',
  'ready',
  'reserved',
  'busy',
  'after-call-work',
] as const
export type AgentState = (typeof AGENT_STATES)[number]

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
)

/**
 * `schema` with an own `__proto__` key anywhere in its value refused by name and place: zod's records drop one
 * without a word, at any depth (an agent left out, an expectation silently weakened).
 */
function refusingProtoKeys<T extends z.ZodType>(schema: T, message: (at: Array<string | number>) => string) {
  return z.preprocess((value, ctx) => {
    const at = protoKeyPath(value)
    if (at !== undefined) ctx.addIssue({ code: 'custom', path: at, message: message(at) })
    return value
  }, schema)
}

/** A key `__proto__` in a record of what a scenario expects (`variables`, `values`), at any depth. */
function expectedRecord(what: string) {
  return refusingProtoKeys(
    z.record(z.string(), jsonValue),
    () =>
      `a ${what} key "__proto__" would be lost when the file is read, weakening the expectation: rename it`,
  )
}

/**
 * An interaction's attached data (given, or expected attached): serve's submit refuses a top-level `__proto__`, 422
 * `reserved-key`, and keeps nested ones (its values are not copied by a record).
 */
const attachedData = refusingProtoKeys(z.record(z.string(), jsonValue), (at) =>
  at.length === 1
    ? 'a top-level data key "__proto__" names no strategy input and would be lost: rename it'
    : 'a data key "__proto__" would be lost when the file is read: rename it',
)

/** Where the first own `__proto__` key of a JSON value is (its path, the key last), or undefined. */
function protoKeyPath(value: unknown): Array<string | number> | undefined {
  // a stack, not recursion: the value is the caller's, its depth unbounded until the schema looks
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]]
  while (stack.length > 0) {
    const [item, path] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (!Array.isArray(item) && Object.hasOwn(item, '__proto__')) return [...path, '__proto__']
    for (const [key, child] of Object.entries(item))
      stack.push([child, [...path, Array.isArray(item) ? Number(key) : key]])
  }
  return undefined
}

/** An agent's state at the start of a scenario. */
export const agentSetupSchema = z.union([
  z.enum(AGENT_STATES),
  z
    .object({
      state: z.enum(AGENT_STATES),
      /** How long the agent has been in this state when the scenario starts (time in ready for longest idle). */
      since: durationSchema.optional(),
      /** Interactions in progress per media. */
      load: z.record(mediaSchema, z.number().int().min(0)).optional(),
      occupancy: z.number().min(0).max(1).optional(),
    })
    .strict(),
])

/** How a host function behaves in a scenario. */
export const functionStubSchema = z.union([
  z.object({ returns: jsonValue, after: durationSchema.optional() }).strict(),
  z.object({ throws: z.string() }).strict(),
  z.object({ hangs: z.literal(true) }).strict(),
])

/** Something that happens during a scenario, at a time counted from its start. */
export const scenarioEventSchema = z
  .object({
    at: durationSchema,
    /** An agent changes state. */
    agent: idSchema.optional(),
    state: z.enum(AGENT_STATES).optional(),
    /** The caller hangs up. */
    abandon: z.literal(true).optional(),
    /** The caller keys digits (answers a collect treatment). */
    digits: z
      .string()
      .regex(/^[0-9*#]*$/)
      .optional(),
    /** The reserved agent does not take the interaction. */
    reject: z.literal(true).optional(),
    /** A statistic changes: `{ "group:sales": { ExpectedWaitTime: 300 } }`. */
    stats: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  })
  .strict()

/** What a scenario must produce; only the keys given are checked. */
export const scenarioExpectSchema = z
  .object({
    outcome: z
      .enum([
        'routed',
        'timeout',
        'default-route',
        'abandon',
        'abandoned',
        'reject',
        'return',
        'route',
        'error',
      ])
      .optional(),
    agent: idSchema.optional(),
    /** The target that won: `group:vip_team`, `skill`, `queue:sales` ... */
    target: z.string().optional(),
    /** For route outcomes: the destination, number or strategy. */
    destination: z.string().optional(),
    /** Node ids visited, in order (a prefix match unless `pathExact`). */
    path: z.array(idSchema).optional(),
    /** Treatments requested, described as `play prompts/x`, `music music/hold` ... */
    treatments: z.array(z.string()).optional(),
    data: attachedData.optional(),
    variables: expectedRecord('variables').optional(),
    /** A start priority may be fractional, and so the priority it becomes. */
    priority: z.number().optional(),
    /** When the routing decision happened, from the scenario start. */
    at: durationSchema.optional(),
    /** Values returned by a subroutine. */
    values: expectedRecord('values').optional(),
  })
  .strict()

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    /** Wall-clock time the scenario starts at (ISO 8601 with offset); drives schedules and time-of-day. */
    at: z
      .string()
      .datetime({
        offset: true,
        message:
          'Write a date and time with its offset, such as 2026-03-02T10:00:00+01:00 or 2026-03-02T09:00:00Z',
      })
      .optional(),
    seed: z.number().int().optional(),
    interaction: z
      .object({
        media: mediaSchema.optional(),
        // what serve's submit takes, so an interaction copied from serve (or a replayed record) runs as a test
        ani: addressSchema.optional(),
        dnis: addressSchema.optional(),
        priority: startPrioritySchema.optional(),
        data: attachedData.optional(),
      })
      .strict()
      .optional(),
    agents: refusingProtoKeys(z.record(idSchema, agentSetupSchema), (at) =>
      at.length === 1
        ? 'an agent id "__proto__" would be lost when the file is read: rename it'
        : 'a key "__proto__" would be lost when the file is read: rename it',
    ).optional(),
    stats: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    functions: z.record(z.string(), functionStubSchema).optional(),
    events: z.array(scenarioEventSchema).max(10_000).optional(),
    expect: scenarioExpectSchema,
  })
  .strict()
export type Scenario = z.infer<typeof scenarioSchema>

/**
 * Tests of one strategy (`<name>.test.yaml` beside `<name>.strategy.yaml`): scenarios with expectations,
 * run offline with a simulated clock by `routewright test`.
 */
export const testDocumentSchema = z
  .object({
    tests: idSchema,
    format: z.literal(1),
    /** The directory file the scenarios run against, relative to this file. */
    directory: z.string().min(1).max(1024).optional(),
    scenarios: z.array(scenarioSchema).min(1).max(1000),
  })
  .strict()
export type TestDocument = z.infer<typeof testDocumentSchema>
