// The Retry-After header of a refusal that says "retry" (RFC 9110 §10.2.3, delta-seconds): one writer, so every 503
// and the OpenAPI document that declares it say the same thing, and one reader; each reader bounds it for its use.

/** A Redis outage's Retry-After is within these seconds: under one a client would spin, over a minute it idles. */
export const RETRY_AFTER_BOUNDS = { min: 1, max: 60 } as const

/** serve's longest Retry-After: a refusal while routing changes hands says the takeover (--takeover to 999999 ms). */
export const SERVE_RETRY_AFTER_MAX_SECONDS = 1000

/** `{ 'retry-after': seconds }` for a wait of `ms`, rounded up and put within 1..`maxSeconds`. */
export function retryAfterHeader(
  ms: number,
  maxSeconds: number = RETRY_AFTER_BOUNDS.max,
): { 'retry-after': string } {
  const seconds = Math.min(maxSeconds, Math.max(RETRY_AFTER_BOUNDS.min, Math.ceil(ms / 1000)))
  return { 'retry-after': String(seconds) }
}

/**
 * A `retry-after`'s whole seconds as said (unbounded: the caller bounds them), or undefined when there is none or it
 * is not whole seconds (an HTTP-date is not sent by serve, so not read).
 */
export function retryAfterSecondsOf(header: string | null | undefined): number | undefined {
  const text = header?.trim()
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined
  return Number(text)
}

/**
 * The ms a client of serve waits for a `retry-after` it was answered, put within 1 s and serve's longest (the
 * takeover's bound: a client does not come back before routing has changed hands), or undefined as
 * `retryAfterSecondsOf`.
 */
export function retryAfterMsOf(header: string | null | undefined): number | undefined {
  const seconds = retryAfterSecondsOf(header)
  if (seconds === undefined) return undefined
  return Math.min(SERVE_RETRY_AFTER_MAX_SECONDS, Math.max(RETRY_AFTER_BOUNDS.min, seconds)) * 1000
}
