// pure: a logout routewright serve did not take (unreachable, 5xx) is tried again, each wait twice the last, while
// the desktop says so: the agent stays logged in (and may be offered calls) until serve takes it, never shown out.

/** The first wait and the longest: a serve back is used within 15 s, and a serve down is not asked in a tight loop. */
export const LOGOUT_RETRY_MS = { first: 1000, max: 15_000 }

/** The wait before the next try after `failures` (1, 2, ...) logouts in a row serve did not take. */
export function logoutRetryMs(failures: number): number {
  return Math.min(LOGOUT_RETRY_MS.first * 2 ** Math.max(0, failures - 1), LOGOUT_RETRY_MS.max)
}

/**
 * The wait before the next try: the longer of serve's Retry-After (passed on by the bridge) and the backoff's, which
 * keeps growing: during a Redis outage serve says 1 s (its next reconnect attempt), not when it will be back.
 */
export function logoutWaitMs(failures: number, retryAfterMs: number | undefined): number {
  return Math.max(retryAfterMs ?? 0, logoutRetryMs(failures))
}

/**
 * Whether a failed logout is tried again by itself: serve or the bridge unreachable or failing (0, 5xx). A refusal
 * the agent acts on (409: a call is up) or a session already gone (401) is not.
 */
export function retriesLogout(status: number): boolean {
  return status === 0 || status >= 500
}

/** The API's words (`... did not take the logout (why). Try again`) with when the desktop tries again itself. */
export function logoutRetryNotice(error: string, waitMs: number): string {
  return `${error.replace(/\.?\s*Try again\.?$/, '')}. Trying again in ${Math.round(waitMs / 1000)} s: you stay logged in until it is taken.`
}
