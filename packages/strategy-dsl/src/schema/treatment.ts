import { z } from 'zod'
import type { NodeReference, Path } from '../nodes/kind.ts'
import { parseDuration } from './duration.ts'
import { durationSchema, nameSchema } from './primitives.ts'

/** A prompt, music source or application the host knows how to play, by logical name. */
export const resourceSchema = z.string().min(1).max(256)

/**
 * Digits to collect from the caller into a strategy variable.
 * @example { into: choice, prompt: prompts/language-menu, max: 1, timeout: 8s }
 */
export const collectSchema = z
  .object({
    into: nameSchema,
    prompt: resourceSchema.optional(),
    min: z.number().int().min(1).max(64).optional(),
    max: z.number().int().min(1).max(64).optional(),
    terminator: z
      .string()
      .regex(/^[0-9*#]$/, 'A terminator is one key: 0-9, * or #')
      .optional(),
    timeout: durationSchema.optional(),
  })
  .strict()
export type Collect = z.infer<typeof collectSchema>

/** The treatment keys, exactly one of which a treatment names. */
export const TREATMENT_KEYS = ['play', 'music', 'silence', 'ringback', 'busy', 'collect'] as const
export type TreatmentKey = (typeof TREATMENT_KEYS)[number]

/** Treatment fields, shared by the treatment node and the treatments played while an interaction waits. */
export const treatmentShape = {
  /** Play an announcement once. */
  play: resourceSchema.optional(),
  /** Play music (for `duration`, or until interrupted). */
  music: resourceSchema.optional(),
  /** Silence for a duration. */
  silence: durationSchema.optional(),
  /** Ring-back tone for a duration. */
  ringback: durationSchema.optional(),
  /** Busy tone. */
  busy: z.literal(true).optional(),
  /** Collect digits into a variable. */
  collect: collectSchema.optional(),
  /**
   * How long music, an announcement or a busy tone plays; without it the host decides (`test`, `run` and `simulate`:
   * music until interrupted, the others at once).
   */
  duration: durationSchema.optional(),
}

export function treatmentKeysOf(value: Partial<Record<TreatmentKey, unknown>>): TreatmentKey[] {
  return TREATMENT_KEYS.filter((key) => value[key] !== undefined)
}

const exactlyOne = (value: Partial<Record<TreatmentKey, unknown>>) => treatmentKeysOf(value).length === 1
const exactlyOneMessage = `Give exactly one of ${TREATMENT_KEYS.join(', ')}`

/**
 * A treatment given while an interaction waits in a target node (collect is not allowed there).
 * @example { music: music/vip-hold, duration: 30s }
 */
export const waitingTreatmentSchema = z
  .object({ ...treatmentShape, collect: z.undefined().optional() })
  .strict()
  .refine(exactlyOne, exactlyOneMessage)
export type WaitingTreatment = z.infer<typeof waitingTreatmentSchema>

/** Describes a treatment in a few words: `"music music/vip-hold"`. */
export function describeTreatment(value: Partial<Record<TreatmentKey, unknown>>): string {
  const key = treatmentKeysOf(value)[0]
  if (key === undefined) return 'no treatment'
  const arg = value[key]
  if (key === 'collect') return `collect → ${(arg as { into: string }).into}`
  if (key === 'busy') return 'busy'
  return `${key} ${String(arg)}`
}

/**
 * The milliseconds after which a treatment node's treatment is done where no host says (the test runner, `run`,
 * the simulator; RW109 warns of a loop through one that takes none): music for its `duration` (none: it
 * plays until something interrupts it, undefined); silence and ringback for theirs; play and busy for `duration`
 * when given, else at once; a collect: undefined (the caller's digits end it, or its `timeout`).
 * @example treatmentLengthMs({ play: 'prompts/closed', duration: '5s' }) // 5000
 */
export function treatmentLengthMs(treatment: Record<string, unknown>): number | undefined {
  if (treatment.collect !== undefined) return undefined
  // a treatment names one of these (silence and ringback carry their own length)
  const timed = treatment.silence ?? treatment.ringback ?? treatment.duration
  // music without a duration plays until something interrupts it
  if (treatment.music !== undefined && timed === undefined) return undefined
  return typeof timed === 'string' || typeof timed === 'number' ? (parseDuration(timed) ?? 0) : 0
}

export { exactlyOne as hasExactlyOneTreatment, exactlyOneMessage as treatmentMessage }

/** The prompts a treatment plays and the variable it collects into, at `base` (a node's field or a list item). */
export function treatmentReferences(
  value: Partial<Record<TreatmentKey, unknown>> & { collect?: Collect | undefined },
  base: Path,
): NodeReference[] {
  const out: NodeReference[] = []
  for (const key of ['play', 'music'] as const) {
    const name = value[key]
    if (typeof name === 'string')
      out.push({ kind: 'prompt', name, path: [...base, key], use: key === 'play' ? 'plays' : 'plays music' })
  }
  const collect = value.collect
  if (collect?.prompt !== undefined)
    out.push({
      kind: 'prompt',
      name: collect.prompt,
      path: [...base, 'collect', 'prompt'],
      use: 'plays to collect',
    })
  if (collect)
    out.push({
      kind: 'variable',
      name: collect.into,
      path: [...base, 'collect', 'into'],
      use: 'writes digits',
    })
  return out
}
