// The queued and ringing calls of a bridge that is gone, taken over by this one: a queued call when the router routes
// it (its `routed` event reaches every bridge: this one asks Kamailio to `take` the call, and is sent its INVITE and
// held transaction if its bridge is gone, once), a ringing one when its agent's answer or ring-no-answer comes here
// (kamailio.cfg's OWNER sends it with the call's INVITE). Either way the call is opened in this bridge's call book
// and goes on through the live paths, as if its INVITE had come here. The call book owns the calls; this owns only
// the router answers waiting for Kamailio's `taken`.
import type { CallBook, CallRecord } from './call-book.ts'
import { legInteraction } from './call-book.ts'
import { num, str } from './evapi-fields.ts'
import { parseCallState } from './kamailio-call-state.ts'
import type { ResumeAnswer } from './link-outage.ts'
import type { RouterEventData } from './router-client.ts'

export interface CallTakeoverOptions {
  book: CallBook
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** A command to Kamailio over evapi (throws while the link is down). */
  send: (message: Record<string, unknown>) => void
  /** The bridge's answer to a held INVITE (bridge.ts `resume`). */
  resume: (rec: CallRecord, answer: ResumeAnswer) => void
}

interface WaitingRoute {
  answer: ResumeAnswer
  reservation: string | undefined
  at: number | undefined
  askedAt: number
}

/** How long a `routed` answer waits for Kamailio's `taken` (a call whose bridge is alive is never answered). */
const TAKE_WAIT_MS = 5000
/** At most this many answers wait: every foreign call's `routed` asks while several bridges are alive. */
const TAKE_WAIT_MAX = 10_000

/** The Call-ID of an interaction the bridges submitted: `<Call-ID>`, or `<Call-ID>~<leg>` after a transfer. */
export function callIdOf(interaction: string): string {
  return interaction.replace(/~\d+$/, '')
}

export function createCallTakeover(options: CallTakeoverOptions) {
  const { book, now, log, send, resume } = options
  const waiting = new Map<string, WaitingRoute>()
  const counts = { takenQueued: 0, takenRinging: 0, takeRefusedByKamailio: 0 }

  function prune(): void {
    const oldest = now() - TAKE_WAIT_MS
    for (const [interaction, w] of waiting) {
      if (w.askedAt >= oldest && waiting.size < TAKE_WAIT_MAX) break
      waiting.delete(interaction)
    }
  }

  /** The router routed a call this bridge has no record of: Kamailio gives it to this bridge if its own is gone. */
  function routedElsewhere(event: RouterEventData): void {
    const interaction = event.interaction
    if (!interaction || !event.agent || event.connected) return
    prune()
    waiting.delete(interaction)
    waiting.set(interaction, {
      answer: { agent: event.agent, queue: event.node, target: event.target },
      reservation: event.reservation,
      at: event.at,
      askedAt: now(),
    })
    try {
      send({ action: 'take', callid: callIdOf(interaction) })
    } catch {
      // the link is down: the router's next answer for this call (a timed-out reservation's) asks again
      waiting.delete(interaction)
    }
  }

  /** Opens a taken-over leg from the INVITE Kamailio kept (its fields as the `invite` event had them). */
  function open(callId: string, leg: number, invite: Record<string, unknown>): CallRecord {
    return book.open({
      callId,
      ftag: str(invite.ftag),
      ani: str(invite.ani),
      dnis: str(invite.dnis),
      callerFrom: str(invite.from),
      contact: str(invite.contact),
      leg,
    })
  }

  /** Kamailio's `taken`: this bridge owns the call now; a queued one rings the agent the router routed it to. */
  function onTaken(m: Record<string, unknown>): void {
    const callId = str(m.callid)
    const leg = num(m.leg)
    const invite = m.invite
    if (!callId || leg === undefined || !Number.isInteger(leg) || leg < 1 || !isObject(invite)) {
      log('a taken call Kamailio sent without its INVITE or leg: not acted on', { callId })
      return
    }
    const interaction = legInteraction(callId, leg)
    const route = waiting.get(interaction)
    waiting.delete(interaction)
    if (book.byInteraction(interaction)) return
    const state = parseCallState(str(m.state))
    if (state.state === 'queued') {
      const rec = open(callId, leg, invite)
      rec.tindex = state.tindex
      rec.tlabel = state.tlabel
      counts.takenQueued++
      log('a queued call of a bridge that is gone is taken over: the router routed it', {
        interaction,
        agent: route && 'agent' in route.answer ? route.answer.agent : undefined,
      })
      if (!route) return
      rec.routedAt = now()
      rec.offeredAt = route.at
      rec.reservation = route.reservation
      resume(rec, route.answer)
    } else if (state.state === 'ringing') {
      // rung by the gone bridge (this `routed` came twice): its answer or ring-no-answer comes here now
      const rec = open(callId, leg, invite)
      // the reservation the gone bridge rang for (Kamailio kept it with the ring), not the newer one routed now
      const reservation = str(m.reservation)
      if (reservation) rec.reservation = reservation
      book.update(rec, { state: 'ringing', agent: state.agent })
      counts.takenRinging++
    } else {
      counts.takeRefusedByKamailio++
      log('a taken call is not held in Kamailio: not acted on', { interaction, state: state.state })
    }
  }

  /**
   * An agent's answer or ring-no-answer of a call this bridge never took, sent with its INVITE (the bridge that
   * rang it is gone): the call is opened here as ringing at that agent, and the event then takes the live path.
   * False when the event carries no INVITE (the caller's bridge needs it).
   */
  function adoptRinging(m: Record<string, unknown>): boolean {
    const callId = str(m.callid)
    const leg = num(m.leg)
    const agent = str(m.agent)
    const invite = m.invite
    if (!callId || leg === undefined || !Number.isInteger(leg) || leg < 1 || !agent || !isObject(invite))
      return false
    const rec = open(callId, leg, invite)
    rec.direct = str(m.direct) !== ''
    // the reservation the gone bridge rang for (Kamailio kept it with the ring): a stale answer confirms no newer offer
    const reservation = str(m.reservation)
    if (reservation) rec.reservation = reservation
    book.update(rec, { state: 'ringing', agent })
    counts.takenRinging++
    log('a ringing call of a bridge that is gone is taken over: its agent answered or did not', {
      interaction: rec.view.interaction,
      agent,
      event: m.event,
    })
    return true
  }

  return {
    routedElsewhere,
    onTaken,
    adoptRinging,
    counts: () => ({ ...counts }),
    waiting: () => waiting.size,
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
