// pure: a caller's ANI (the From user, as the caller's side wrote it) made fit the router's limits before the bridge
// submits the call: a hostile From header is cut with a reason to log, never a call serve refuses.
import { DEFAULT_LIMITS, isControlCode } from '@routewright/strategy-runtime'

/** The ANI to submit, and why it differs from the From user when it does. */
export interface FittedAni {
  ani: string
  /** Set when the ANI was changed: what was removed, for the log line. */
  why?: string
}

/** `ani` without control characters (isControlCode) and cut to `max` characters (serve's limits.maxAddressChars, serve-limits.ts). */
export function fittedAni(ani: string, max = DEFAULT_LIMITS.maxAddressChars): FittedAni {
  let kept = ''
  let controls = 0
  for (const char of ani) {
    // the router's one rule (C0, DEL and C1): an ANI it would refuse is never submitted
    if (isControlCode(char.charCodeAt(0))) controls++
    else kept += char
  }
  const cut = kept.length > max
  if (!cut && controls === 0) return { ani }
  const why = [
    controls > 0 ? `${controls} control characters removed` : '',
    cut ? `cut from ${kept.length} to ${max} characters (limits.maxAddressChars)` : '',
  ]
    .filter((part) => part !== '')
    .join(', ')
  return { ani: cut ? kept.slice(0, max) : kept, why }
}
