// pure: the caller's final SIP answer when the router did not take a call's submit, each with a Warning and a Reason
// saying why (a carrier's or an SBC's log shows the cause, not a bare code): a strategy serve has not loaded (its file
// removed, or its id changed) is 480, a request refused as it is 400, an outage 503 (with Retry-After when known).
import type { ResumeAnswer } from './link-outage.ts'
import { retryAfterSeconds } from './retry-after.ts'
import type { RouterAnswer } from './router-client.ts'
import { refusalHeaders, retryAfterLine } from './sip-messages.ts'

/** The `code` router-commands.ts gives a serve that did not answer (unreachable, or an answer over its bound). */
export const UNREACHABLE_CODE = 'unreachable'

/** serve's stable error code (its HTTP status for an answer without one). */
const serveCode = (status: number, body: Record<string, unknown>) =>
  typeof body.code === 'string' ? body.code : `HTTP ${status}`

/** serve's stable error code and message, as `over-limit: Interaction "id" is 300 characters long`. */
function serveCause(status: number, body: Record<string, unknown>): string {
  const code = serveCode(status, body)
  return typeof body.error === 'string' && body.error !== '' ? `${code}: ${body.error}` : code
}

/**
 * The caller's 503 when routing is unavailable (`cause` in its Warning and Reason): with a Retry-After only when
 * `bridgeSeconds` (BridgeOptions.retryAfterSeconds) is set, of it or serve's `retryAfter` if that is longer.
 */
export function routerUnavailable(
  cause: string,
  serveRetryAfter: string | undefined,
  bridgeSeconds: number | undefined,
): ResumeAnswer {
  const retry = retryAfterLine(retryAfterSeconds(serveRetryAfter, bridgeSeconds))
  return {
    code: 503,
    reason: 'Router unavailable',
    headers: `${refusalHeaders(503, `${cause}: the call was not routed`, cause)}${retry}`,
  }
}

/**
 * The answer to a call whose submit serve answered as `answer` says. `strategy` is the one the bridge submits to
 * (BridgeOptions.strategy); `retryAfter` the bridge's Retry-After of an outage (BridgeOptions.retryAfterSeconds).
 */
export function submitRefusal(answer: RouterAnswer, strategy: string, retryAfter?: number): ResumeAnswer {
  const { status, body } = answer
  if (status === 422 && body.code === 'unknown-strategy') {
    // temporary, as a Genesys routing point whose strategy is unloaded: the file's return routes the next call
    const gone = `strategy ${strategy} is not loaded`
    const warning = `${gone} by serve (its file removed, or its id changed?): the call was not routed`
    return { code: 480, reason: 'Strategy Unavailable', headers: refusalHeaders(480, warning, gone) }
  }
  // a call the router refuses as it is (bad fields, a Call-ID over its id limit: 422, a body too large: 413) is a bad
  // request, not an outage: sent again, it is refused again
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    const cause = serveCause(status, body)
    return {
      code: 400,
      reason: 'Refused by router',
      // the cause last: a long message is cut, never what the answer is
      headers: refusalHeaders(400, `routewright serve refused the call, not routed: ${cause}`, cause),
    }
  }
  // an outage's message names serve's or Redis's address: it stays in the bridge's log, the Warning reaches the carrier
  const code = serveCode(status, body)
  const cause =
    code === UNREACHABLE_CODE ? 'routewright serve did not answer' : `routewright serve unavailable (${code})`
  return routerUnavailable(cause, answer.retryAfter, retryAfter)
}
