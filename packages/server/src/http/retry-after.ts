// The Retry-After header of a refusal that says "retry" (RFC 9110 §10.2.3, delta-seconds): one writer, so every 503
// and the OpenAPI document that declares it say the same thing. packages/telephony/src/retry-after.ts reads it.

/** A Redis outage's Retry-After is within these seconds: under one a client would spin, over a minute it idles. */
export const RETRY_AFTER_BOUNDS = { min: 1, max: 60 } as const

/** `{ 'retry-after': seconds }` for a wait of `ms`, rounded up and put within 1..`maxSeconds`. */
export function retryAfterHeader(
  ms: number,
  maxSeconds: number = RETRY_AFTER_BOUNDS.max,
): { 'retry-after': string } {
  const seconds = Math.min(maxSeconds, Math.max(RETRY_AFTER_BOUNDS.min, Math.ceil(ms / 1000)))
  return { 'retry-after': String(seconds) }
}

/**
 * The ms a client waits for a `retry-after` it was answered (delta-seconds, put within the bounds), or undefined
 * when there is none or it is not whole seconds (an HTTP-date is not sent by serve, so not read).
 */
export function retryAfterMsOf(header: string | null | undefined): number | undefined {
  const text = header?.trim()
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined
  const { min, max } = RETRY_AFTER_BOUNDS
  return Math.min(max, Math.max(min, Number(text))) * 1000
}
