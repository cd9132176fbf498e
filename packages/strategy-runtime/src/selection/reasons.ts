// pure: the reason texts of a selection, one copy for the router that explains a decision and for a recorder that
// writes the same text from the figures a run record carries (RouterLimits.reasonText false).
import type { Explanation } from '../api/types.ts'

/**
 * A summary whose reason the router left to its run record (RouterLimits.reasonText false): the figures the text is
 * written from, on the explanation itself (no object more per decision); `reason` is REASON_IN_RECORD.
 */
export interface FiguredExplanation extends Explanation {
  /** The winner's time in the ready state, seconds (longest idle: idleLongestReason). */
  idle: number
  /** The agent whose freeing up triggered the decision (firstInLineReason), or undefined. */
  trigger: string | undefined
  /** With a trigger: the interaction's priority and how long it had waited, ms. */
  priority: number
  waitedMs: number
}

/** The reason of an explanation whose text only its run record's reader writes (RouterLimits.reasonText false). */
export const REASON_IN_RECORD = 'In the run record (reasonText is false)'

/** The explanation carries a reason's figures in place of its text. */
export function isFigured(e: Explanation): e is FiguredExplanation {
  return e.reason === REASON_IN_RECORD
}

const ONLY = 'as the only eligible candidate'

/** aheadOf's texts for the usual counts (explanations list up to explainCandidates, 5 by default), made once. */
const AHEAD: string[] = []

/** Where the winner stands among the `count` candidates weighed, as every reason ends. */
export function aheadOf(count: number): string {
  if (count === 1) return ONLY
  if (count > 64) return `ahead of ${count - 1} other eligible candidates`
  let text = AHEAD[count]
  if (text === undefined) {
    text = `ahead of ${count - 1} other eligible candidates`
    AHEAD[count] = text
  }
  return text
}

/** The reason of a longest-idle decision: the winner, its time in ready and how many it was weighed against. */
export function idleLongestReason(id: string, idleSeconds: number, count: number): string {
  return `${id} has been idle longest (${secondsText(idleSeconds)}s) ${aheadOf(count)}`
}

/** A decision made when an agent freed up: who was first in line, for how long, then the rule's own reason. */
export function firstInLineReason(
  interaction: string,
  trigger: string,
  priority: number,
  waitedMs: number,
  reason: string,
): string {
  // whole milliseconds (any clock here): secondsText writes the same text as the double's from integers
  const waited = Number.isSafeInteger(waitedMs) ? secondsText(waitedMs / 1000) : String(waitedMs / 1000)
  return `${interaction} was first in line when ${trigger} became available (priority ${priority}, waiting ${waited}s); ${reason}`
}

const POINT = ['.', '.0', '.00']

/**
 * Seconds rounded to the millisecond as a reason writes them: exactly `String(Math.round(n * 1000) / 1000)`
 * ("12.3", "0.045", "7"), from integers. A double's shortest form costs a long-idle decision (one per routed call)
 * about a tenth of a simulated day; the integer digits of the same value do not.
 */
export function secondsText(n: number): string {
  const ms = Math.round(n * 1000)
  // negative, not finite or beyond exact integers: the double's own form (never for an idle time)
  if (!(ms >= 0 && ms <= 9e15)) return String(ms / 1000)
  const whole = Math.floor(ms / 1000)
  let fraction = ms - whole * 1000
  if (fraction === 0) return `${whole}`
  let digits = 3
  while (fraction % 10 === 0) {
    fraction /= 10
    digits--
  }
  return `${whole}${POINT[digits - (fraction >= 100 ? 3 : fraction >= 10 ? 2 : 1)]}${fraction}`
}
