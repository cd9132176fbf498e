// The reasons the router itself gives an agent it makes not ready, and the check of a host's reason.
import { controlCharacterProblem } from '@routewright/strategy-dsl'

/**
 * After a RONA: the offer was not answered (`no-answer`: in the router's time, or a host's reject with reason
 * `no-answer`), or the host declined it (`declined`).
 */
export const NOT_READY_REASONS = { timedOut: 'no-answer', declined: 'declined' } as const

export type NotReadyReason = (typeof NOT_READY_REASONS)[keyof typeof NOT_READY_REASONS]

/** Why a host's agent-state reason is refused, as data (the codes of InputRefusal; `field` is always `reason`). */
export interface StateReasonRefusal {
  code: 'wrong-type' | 'over-limit' | 'control-character'
  field: 'reason'
  limit?: 'maxIdChars'
  message: string
}

/**
 * Why a host's `reason` for an agent state cannot be kept (not text, empty, given with `ready`, longer than
 * `maxIdChars`, holding a control character), or undefined when it can (or none was given).
 */
export function refuseStateReason(
  reason: unknown,
  state: string,
  maxIdChars: number,
): StateReasonRefusal | undefined {
  if (reason === undefined) return undefined
  const refusal = (code: StateReasonRefusal['code'], message: string): StateReasonRefusal =>
    code === 'over-limit'
      ? { code, field: 'reason', limit: 'maxIdChars', message: `agentEvent: ${message}` }
      : { code, field: 'reason', message: `agentEvent: ${message}` }
  if (typeof reason !== 'string' || reason === '')
    return refusal(
      'wrong-type',
      `"reason" must be a non-empty string (got ${typeof reason === 'string' ? 'an empty one' : typeof reason})`,
    )
  if (state === 'ready')
    return refusal(
      'wrong-type',
      'a ready agent has no reason; send "reason" with not-ready, busy or logged-out',
    )
  if (reason.length > maxIdChars)
    return refusal(
      'over-limit',
      `"reason" is ${reason.length} characters long, over the router's limit of ${maxIdChars} (limits.maxIdChars); send a shorter one`,
    )
  const control = controlCharacterProblem('"reason"', reason)
  return control === undefined ? undefined : refusal('control-character', control)
}
