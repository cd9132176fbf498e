// pure: how long a caller's upstream (a carrier, an SBC) is told to keep off this site after a 503 (Retry-After, RFC
// 3261 §20.33 and §21.5.4, RFC 3263 §4.3): it then tries its next server and does not send here meanwhile.
import { retryAfterSecondsOf } from '@routewright/server/retry-after'

/** BridgeOptions.retryAfterSeconds's bounds: over an hour a carrier would keep off long after routing is back. */
export const RETRY_AFTER_SECONDS = { min: 1, max: 3600 } as const

/** Throws a RangeError naming `name` and the bounds when `seconds` is given and out of them (checked at start). */
export function checkRetryAfterSeconds(seconds: number | undefined, name = 'retryAfterSeconds'): void {
  const { min, max } = RETRY_AFTER_SECONDS
  if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= min && seconds <= max))
    throw new RangeError(
      `${name} must be a whole number of seconds from ${min} to ${max} (got ${seconds}): how long a carrier keeps off this site after a 503; leave it unset for no Retry-After`,
    )
}

/** serve's own `retry-after` (delta-seconds) put within the bounds, or undefined: an HTTP-date or junk is not read. */
export function serveRetryAfter(serve: string | undefined): number | undefined {
  const seconds = retryAfterSecondsOf(serve)
  if (seconds === undefined) return undefined
  const { min, max } = RETRY_AFTER_SECONDS
  return Math.min(max, Math.max(min, seconds))
}

/**
 * The seconds a 503 to the carrier says: none unless the operator set the bridge's `retryAfterSeconds` (only she
 * knows whether the carrier has another site to go to), else the longer of hers and serve's own (serve knows how
 * long it will be away; a shorter one of serve's must not cut an operator's fail-over time).
 */
export function retryAfterSeconds(serve: string | undefined, bridge: number | undefined): number | undefined {
  if (bridge === undefined) return undefined
  return Math.max(bridge, serveRetryAfter(serve) ?? bridge)
}
