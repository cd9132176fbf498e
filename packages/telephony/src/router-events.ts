// What the router's event stream means for the bridge's calls: a `routed` offer rings its agent, a withdrawn offer
// ends the ring on Kamailio's word, a strategy that ended elsewhere answers the caller, attached data goes with the
// call; an agent the router made not ready hears why, and any change of an agent's state reaches its desktop; a change
// of serve's capabilities has them read again. The call book owns the calls; this owns no state.
import { noticeOfRouterEvent } from './agent-notices.ts'
import type { CallBook, CallRecord } from './call-book.ts'
import type { AgentNotice, AgentStateChange } from './call-control.ts'
import type { LinkOutage, ResumeAnswer } from './link-outage.ts'
import type { RouterEventData } from './router-client.ts'
import { refusalHeaders } from './sip-messages.ts'

export interface RouterEventsOptions {
  book: CallBook
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** Tells an agent's desktop why it went not ready. */
  notify: (notice: AgentNotice) => void
  /** Serve streamed a change of the agent's state (whoever made it): its desktop reads it at once. */
  stateChanged: (agent: string, change: AgentStateChange) => void
  /** Serve's answer to GET /v1/capabilities changed (the routing lease moved): read again at the next need. */
  capabilitiesChanged: () => void
  /** Drops a router answer held while the evapi link was down. */
  outage: Pick<LinkOutage, 'forget'>
  /** The bridge's answer to the held INVITE (ring an agent, or a final reply). */
  resume: (rec: CallRecord, answer: ResumeAnswer) => void
  /**
   * An event of a call this bridge has no record of (another bridge's: perhaps gone; call-takeover.ts): its `routed`
   * asks Kamailio for the call, its `finished` ends that wait.
   */
  elsewhere: (event: RouterEventData) => void
}

export function createRouterEvents(options: RouterEventsOptions) {
  const { book, now, log, outage, resume } = options

  function onRouterEvent(event: RouterEventData): void {
    // no call's event: an agent's state changed (another host, the router), which an open desktop shows
    if (event.type === 'agent-state') {
      if (event.agent) options.stateChanged(event.agent, stateChangeOf(event))
      return
    }
    // serve's capabilities moved with the routing lease: what the bridge and its desktops read is read again
    if (event.type === 'capabilities-changed') {
      options.capabilitiesChanged()
      return
    }
    // the router made an agent not ready (whatever became of the call): its desktop shows why
    const notice = noticeOfRouterEvent(event, now())
    if (notice) options.notify(notice)
    const rec = event.interaction ? book.byInteraction(event.interaction) : undefined
    if (!rec) options.elsewhere(event)
    if (!rec || rec.view.state === 'ended') return
    if (event.type === 'data-attached' && event.data) {
      // the interaction's whole data as the strategy left it: a key it removed (a card number) is gone from the leg
      book.routerData(rec, event.data)
    } else if (rec.direct) {
      // on its agent's phone already (submitted as connected to it): no offer or route of the router's moves it
      return
    } else if (event.type === 'routed' && event.agent && !event.connected) {
      rec.routedAt = now()
      rec.offeredAt = event.at
      rec.reservation = event.reservation
      resume(rec, { agent: event.agent, queue: event.node, target: event.target })
    } else if (
      event.type === 'reservation-rejected' &&
      event.withdrawn &&
      event.reservation !== undefined &&
      event.reservation === rec.reservation
    ) {
      offerWithdrawn(rec, event)
    } else if (event.type === 'finished' && event.outcome !== 'routed' && event.outcome !== 'abandoned') {
      const where = event.destination ? ` (${event.destination})` : ''
      resume(rec, {
        code: 480,
        reason: `Routed elsewhere${where}`.slice(0, 60),
        // the strategy's outcome and destination, for the carrier's log
        headers: refusalHeaders(
          480,
          `the strategy finished without an agent (outcome ${event.outcome ?? 'none'}${event.destination ? `, to ${event.destination}` : ''})`,
        ),
      })
      book.end(rec, 'other')
    }
  }

  /**
   * The router took back the offer this call was rung or held for (its agent was connected to another call by the
   * host, say): an answer still held is dropped, the INVITE waiting in Kamailio for the router's next one; a phone
   * ringing for it goes the way of a ring withdrawn during an outage: Kamailio's word ends the ring (no RONA, no
   * reject) and the router's next answer waits for the INVITE to come back. Kamailio cannot cancel one branch on
   * the bridge's word, and an agent on a call usually answers 486 at once.
   */
  function offerWithdrawn(rec: CallRecord, event: RouterEventData): void {
    rec.reservation = undefined
    if (rec.view.state !== 'ringing') {
      outage.forget(rec)
      return
    }
    if (rec.withdrawnRing) return
    rec.withdrawnRing = true
    log("the router withdrew a ringing call's offer; the ring ends on Kamailio's word", {
      interaction: rec.view.interaction,
      agent: rec.view.agent,
      reservation: event.reservation,
      reason: event.reason,
    })
  }

  return { onRouterEvent }
}

/** What an `agent-state` event says of the change (the fields it has): its desktop shows who logged the agent out. */
function stateChangeOf(event: RouterEventData): AgentStateChange {
  const { state, media, by, supervisor, at } = event
  return {
    ...(state === undefined ? {} : { state }),
    ...(media === undefined ? {} : { media }),
    ...(by === undefined ? {} : { by }),
    ...(supervisor === undefined ? {} : { supervisor }),
    ...(at === undefined ? {} : { at }),
  }
}
