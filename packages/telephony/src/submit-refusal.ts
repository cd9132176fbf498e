// pure: the caller's final SIP answer when the router did not take a call's submit: a strategy serve has not
// loaded (its file removed, or its id changed) is 480 with a Warning and a Reason saying so, a request refused as it
// is 400, an outage 503.
import type { ResumeAnswer } from './link-outage.ts'
import { headerValue } from './sip-messages.ts'

/** A quoted-string's content (RFC 3261 25.1): one line, `"` and `\` escaped. */
const quoted = (text: string) => headerValue(text).replace(/["\\]/g, '\\$&')

/**
 * The answer to a call whose submit serve answered `status` with `body`. `strategy` is the one the bridge submits
 * to (BridgeOptions.strategy).
 */
export function submitRefusal(status: number, body: Record<string, unknown>, strategy: string): ResumeAnswer {
  if (status === 422 && body.code === 'unknown-strategy') {
    // temporary, as a Genesys routing point whose strategy is unloaded: the file's return routes the next call
    const gone = `strategy ${strategy} is not loaded`
    const warning = `${gone} by serve (its file removed, or its id changed?): the call was not routed`
    return {
      code: 480,
      reason: 'Strategy Unavailable',
      headers: `Warning: 399 routewright "${quoted(warning)}"\r\nReason: SIP;cause=480;text="${quoted(gone)}"\r\n`,
    }
  }
  // a call the router refuses as it is (a Call-ID over its id limit: 422) is a bad request, not an outage
  if (status === 400 || status === 422) return { code: 400, reason: 'Refused by router' }
  return { code: 503, reason: 'Router unavailable' }
}
