// How long a host plays a treatment node's treatment, one answer for the test runner (`test`, `run`) and the simulator.
import { parseDuration } from '@routewright/strategy-dsl'

/**
 * The milliseconds after which a treatment node's treatment is done: music for its `duration` (none: it plays until
 * something interrupts it, undefined); silence and ringback for theirs; play and busy for `duration` when given, else
 * at once; a collect: undefined (the caller's digits end it, or its `timeout`).
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
