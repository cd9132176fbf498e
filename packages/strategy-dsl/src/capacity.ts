// pure: per-media capacity rules (limits plus allowed combinations, as Genesys capacity rules and TaskRouter's
// per-channel capacity have them) and the check the runtime makes before offering an agent one more interaction.
import { z } from 'zod'

/** The longest media name: the one bound of a media, for the DSL, the router's submit check and serve's schema. */
export const MEDIA_NAME_MAX = 32

const MEDIA_NAME = new RegExp(`^[a-z][a-z0-9-]{0,${MEDIA_NAME_MAX - 1}}$`)

/** What a media name looks like, for messages that refuse one. */
export const MEDIA_NAME_RULE = `a lower-case letter, then lower-case letters, digits or dashes, at most ${MEDIA_NAME_MAX} characters, such as voice, chat, email`

/** Whether `text` is a media name (MEDIA_NAME_RULE): the one rule the DSL, the router and serve apply. */
export function isMediaName(text: string): boolean {
  return MEDIA_NAME.test(text)
}

/** Media an interaction can have; agents have a capacity per media. */
export const mediaSchema = z.string().regex(MEDIA_NAME, `Use a media name: ${MEDIA_NAME_RULE}`)

/** Interactions per media: `{ voice: 1, chat: 2 }`. */
export const mediaCountsSchema = z.record(mediaSchema, z.number().int().min(0).max(100))

/**
 * How many interactions of each media an agent may handle at once. `limits` caps each media on its own (a media
 * not listed: none); `combinations` lists the mixes allowed at once, and a load fits when one of them covers it
 * media by media. With both, both must hold.
 * @example
 * title: One call, or up to three chats, or a call and an email
 * combinations: [{ voice: 1 }, { chat: 3 }, { voice: 1, email: 1 }]
 */
export const capacityRuleSchema = z
  .object({
    title: z.string().max(200).optional(),
    /** Most interactions of each media at once; a media not listed gets none. */
    limits: mediaCountsSchema.optional(),
    /** Mixes allowed at once; a load fits when at least one combination covers it, media by media. */
    combinations: z.array(mediaCountsSchema).min(1).max(50).optional(),
  })
  .strict()
  .refine(
    (rule) => rule.limits !== undefined || rule.combinations !== undefined,
    'Give limits, combinations or both',
  )
export type CapacityRule = z.infer<typeof capacityRuleSchema>

/** Interactions an agent handles (or has reserved) now, per media. */
export type MediaLoad = Readonly<Record<string, number>>

/** The rule of an agent that names none and has no `capacity`: one voice call at a time. */
export const DEFAULT_CAPACITY_RULE: Readonly<CapacityRule> = Object.freeze({
  limits: Object.freeze({ voice: 1 }),
})

function within(counts: Readonly<Record<string, number>>, load: MediaLoad, media: string): boolean {
  if ((load[media] ?? 0) + 1 > (counts[media] ?? 0)) return false
  for (const m in load) {
    if (m === media) continue
    const n = load[m] ?? 0
    if (n > 0 && n > (counts[m] ?? 0)) return false
  }
  return true
}

/**
 * Whether an agent whose current load is `load` may take one more interaction of `media` under `rule`.
 * @example fitsCapacity({ combinations: [{ voice: 1 }, { chat: 3 }] }, { chat: 1 }, 'voice') // false
 */
export function fitsCapacity(rule: CapacityRule, load: MediaLoad, media: string): boolean {
  if (rule.limits && !within(rule.limits, load, media)) return false
  const combinations = rule.combinations
  if (!combinations) return true
  for (const combination of combinations) if (within(combination, load, media)) return true
  return false
}

/** The media an idle agent under `rule` can take at all, sorted. */
export function capacityMedia(rule: CapacityRule): string[] {
  const media = new Set([
    ...Object.keys(rule.limits ?? {}),
    ...(rule.combinations ?? []).flatMap((c) => Object.keys(c)),
  ])
  return [...media].filter((m) => fitsCapacity(rule, {}, m)).sort()
}

/** What the capacity-related fields of an agent look like, so this module does not import the directory's. */
export interface CapacityHolder {
  capacity?: Readonly<Record<string, number>> | undefined
  capacityRule?: string | undefined
}

/**
 * The rule that applies to an agent: its named `capacityRule` (with its own `capacity`, when given, as further
 * limits), else its `capacity` as limits, else one voice call. An unknown rule name (RW458) falls back as if absent.
 */
export function capacityRuleOf(
  agent: CapacityHolder,
  rules: Readonly<Record<string, CapacityRule>> | undefined,
): CapacityRule {
  const named = agent.capacityRule === undefined ? undefined : rules?.[agent.capacityRule]
  const own = agent.capacity
  if (!named) return own ? { limits: own } : DEFAULT_CAPACITY_RULE
  if (!own) return named
  if (!named.limits) return { ...named, limits: own }
  // both sets of limits apply: the smaller of the two, and a media missing from either gets none
  const limits: Record<string, number> = {}
  for (const [m, n] of Object.entries(named.limits)) limits[m] = Math.min(n, own[m] ?? 0)
  return { ...named, limits }
}
