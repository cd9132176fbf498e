// pure: which of the desktop's interactions are phone calls, and the words refusing a SIP action on one that is not.
import type { CallView } from './call-control.ts'

/** The media of a call view: absent is the SIP bridge's own, a phone call. */
export function mediaOf(call: Pick<CallView, 'media'>): string {
  return call.media ?? 'voice'
}

/** Release, hold, retrieve and transfer are SIP requests on the agent's phone leg: voice only. */
export function isPhoneCall(call: Pick<CallView, 'media'>): boolean {
  return mediaOf(call) === 'voice'
}

const ACTION_WORDS: Record<string, string> = {
  release: 'Release',
  hold: 'Hold',
  retrieve: 'Retrieve',
  transfer: 'Transfer',
}

/** Why `action` is refused on an interaction of another media than voice (nothing is sent to any phone). */
export function notACallMessage(call: Pick<CallView, 'media' | 'interaction'>, action: string): string {
  const media = mediaOf(call)
  const what = ACTION_WORDS[action] ?? action
  return `${what} works on phone calls; ${call.interaction} is a ${media} interaction. Answer, hand over and close it where you handle ${media}: nothing was sent`
}

/** Why a logout waits for the interactions up (not ringing): a call is released or transferred, a chat closed where it is handled. */
export function busyLogoutMessage(up: ReadonlyArray<Pick<CallView, 'media'>>): string {
  const others = [...new Set(up.filter((c) => !isPhoneCall(c)).map(mediaOf))]
  if (others.length === 0) return 'Release or transfer your call before logging out'
  const named = others.join(' and ')
  const close = `close your ${named} where you handle ${named}`
  return up.some(isPhoneCall)
    ? `Release or transfer your call and ${close} before logging out`
    : `${close.charAt(0).toUpperCase()}${close.slice(1)} before logging out`
}
