// pure: how the desktop names an interaction by its media: a phone call with its SIP controls, anything else (a chat)
// in its own words and without them (the bridge's release, hold and transfer act on phone legs only).
import { isPhoneCall, mediaOf } from '@routewright/telephony/call-media'
import type { CallView } from './types.ts'

export interface InteractionWording {
  /** Release, hold and transfer apply: a phone call (voice, or no media named: the SIP bridge's). */
  phone: boolean
  /** `call`, `chat`, `email`: the card's title and announcements name it. */
  noun: string
  /** The card's title: `Call from 555 0100`, `Chat from dana@example.com`. */
  title: string
  /** The badge: ringing, talking, on hold for a call; offered, in progress for a chat. */
  state: string
  /** The timer's accessible name. */
  timer: string
  /** What the agent does next, under the card; undefined when the controls say it. */
  hint?: string
}

export function interactionWording(call: CallView): InteractionWording {
  const media = mediaOf(call)
  // the bridge's own rule (it refuses SIP actions on the others with `not-a-call`): the controls shown match it
  if (isPhoneCall(call)) {
    return {
      phone: true,
      noun: 'call',
      title: `Call from ${call.ani || 'unknown number'}`,
      state: call.state === 'ringing' ? 'Ringing' : call.held ? 'On hold' : 'Talking',
      timer: 'Call time',
      ...(call.state === 'talking'
        ? {}
        : { hint: 'Answer on your phone; release and transfer work once the call is connected.' }),
    }
  }
  const noun = media
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1)
  return {
    phone: false,
    noun,
    title: `${Noun} from ${call.ani || 'unknown customer'}`,
    state: call.state === 'ringing' ? 'Offered' : 'In progress',
    timer: `${Noun} time`,
    hint:
      call.state === 'ringing'
        ? `Accept this ${noun} where you handle ${noun}; it is not a phone call, so nothing rings.`
        : `Reply to, hand over and close this ${noun} where you handle ${noun}; release, hold and transfer are for phone calls.`,
  }
}

/** The screen reader's word for a new interaction: `Incoming call from 555 0100`, `Incoming chat from dana`. */
export function incomingAnnouncement(call: CallView): string {
  const { phone, noun } = interactionWording(call)
  return `Incoming ${noun} from ${call.ani || (phone ? 'an unknown number' : 'an unknown customer')}`
}

/** The list's heading and empty text for the media the agent handles: `Calls` for voice alone. */
export function listWording(media: readonly string[]): { heading: string; empty: string } {
  const others = media.filter((m) => m !== 'voice')
  if (others.length === 0)
    return {
      heading: 'Calls',
      empty: "No call right now. Calls the router sends you appear here with the caller's data.",
    }
  const nouns = [...(media.includes('voice') ? ['calls'] : []), ...others.map((m) => `${m}s`)]
  const named = nouns.length === 1 ? nouns[0]! : `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}`
  return {
    heading: named.charAt(0).toUpperCase() + named.slice(1),
    empty: `Nothing right now. The ${named} the router sends you appear here with the customer's data.`,
  }
}
