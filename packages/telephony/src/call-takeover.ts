// The queued and ringing calls of a bridge that is gone, taken over by this one: a queued call when the router routes
// it (its `routed` event reaches every bridge: this one asks Kamailio to `take` the call, and is sent its INVITE and
// held transaction if its bridge is gone, once), a ringing one when its agent's answer or ring-no-answer comes here
// (kamailio.cfg's OWNER sends it with the call's INVITE). Either way the call is opened in this bridge's call book
// and goes on through the live paths, as if its INVITE had come here, with the data the strategy attached read from
// the router (its `data-attached` events went to the gone bridge): the agent's phone gets the same X- headers, the
// desktop the same pop. A `routed` whose `take` Kamailio left alone (the gone bridge's connection not yet seen
// closed) is asked again when Kamailio says a bridge is gone (`bridge-gone`). A talking call's take (a release, hold or
// transfer asked here) is talking-takeover.ts's; Kamailio's `taken` and `not-taken` come here for both. The call book
// owns the calls; this owns only the router answers waiting for Kamailio's `taken`.
import type { CallBook, CallRecord } from './call-book.ts'
import { legInteraction } from './call-book.ts'
import { num, str } from './evapi-fields.ts'
import { parseCallState } from './kamailio-call-state.ts'
import type { ResumeAnswer } from './link-outage.ts'
import type { RouterEventData } from './router-client.ts'
import { createTalkingTakeover } from './talking-takeover.ts'
import type { Timers } from './timers.ts'
import { legDataOf, transferMarkOf } from './transfer-leg-data.ts'

export interface CallTakeoverOptions {
  book: CallBook
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** A command to Kamailio over evapi (throws while the link is down). */
  send: (message: Record<string, unknown>) => void
  /** The bridge's answer to a held INVITE (bridge.ts `resume`). */
  resume: (rec: CallRecord, answer: ResumeAnswer) => void
  /** The data the strategy attached to an interaction, as the router holds it (undefined when it cannot say). */
  attachedData: (interaction: string) => Promise<Record<string, unknown> | undefined>
  /** How long a `routed` answer waits for Kamailio's `taken`, asked again on `bridge-gone` meanwhile (read per use). */
  takeWaitMs: () => number
  /** How long a talking call's take waits for Kamailio's answer (BridgeOptions.commandTimeoutMs). */
  commandTimeoutMs: number
  /** The bridge's timers: that wait runs on them. */
  timers: Timers
}

interface WaitingRoute {
  answer: ResumeAnswer
  reservation: string | undefined
  at: number | undefined
  askedAt: number
  /** Kamailio's `not-taken`: the call's bridge looked alive then; its `bridge-gone` has this asked again. */
  leftAloneBy?: string | undefined
}

/** At most this many answers wait: every foreign call's `routed` asks while several bridges are alive. */
const TAKE_WAIT_MAX = 10_000

/** The Call-ID of an interaction the bridges submitted: `<Call-ID>`, or `<Call-ID>~<leg>` after a transfer. */
export function callIdOf(interaction: string): string {
  return interaction.replace(/~\d+$/, '')
}

export function createCallTakeover(options: CallTakeoverOptions) {
  const { book, now, log, send, resume, attachedData } = options
  const waiting = new Map<string, WaitingRoute>()
  const counts = {
    takenQueued: 0,
    takenRinging: 0,
    takeRefusedByKamailio: 0,
    takesLeftAlone: 0,
    takesAskedAgain: 0,
  }
  const talking = createTalkingTakeover({
    book,
    log,
    send,
    commandTimeoutMs: options.commandTimeoutMs,
    timers: options.timers,
  })

  function prune(): void {
    const oldest = now() - options.takeWaitMs()
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

  /**
   * An event of a call this bridge has no record of: a `routed` asks Kamailio for it; a `finished` (answered,
   * abandoned, routed elsewhere) ends its wait, so a call that ends is not asked for again at a `bridge-gone`.
   */
  function onRouterEvent(event: RouterEventData): void {
    if (event.type === 'routed') routedElsewhere(event)
    else if (event.type === 'finished' && event.interaction) waiting.delete(event.interaction)
  }

  /** Kamailio's `not-taken`: the call's bridge looked alive. Kept until its answer's wait ends or that bridge goes. */
  function onNotTaken(m: Record<string, unknown>): void {
    const callId = str(m.callid)
    const leg = num(m.leg)
    talking.notTaken(callId, str(m.bridge))
    if (!callId || leg === undefined || !Number.isInteger(leg) || leg < 1) return
    const route = waiting.get(legInteraction(callId, leg))
    if (!route) return
    route.leftAloneBy = str(m.bridge)
    counts.takesLeftAlone++
  }

  /**
   * Kamailio saw a bridge's last connection close: each `routed` of its calls that Kamailio left alone while that
   * bridge looked alive is asked for again (the call waited for the router's next `routed` before, the agent
   * reserved meanwhile). Kamailio gives each call to one asker only.
   */
  function bridgeGone(m: Record<string, unknown>): void {
    const gone = str(m.bridge)
    prune()
    const again = [...waiting].filter(([, w]) => w.leftAloneBy !== undefined && w.leftAloneBy === gone)
    log('Kamailio says a bridge is gone: its calls the router routed meanwhile are asked for again', {
      bridge: gone,
      calls: again.length,
    })
    try {
      for (const [interaction, w] of again) {
        w.leftAloneBy = undefined
        send({ action: 'take', callid: callIdOf(interaction) })
        counts.takesAskedAgain++
      }
    } catch {
      // the link is down: the router's next answer for those calls asks again
    }
  }

  /**
   * The data the strategy attached, read from the router: the gone bridge heard its `data-attached` events. Resolves
   * once shown, replacing the leg's router data whole (or the router could not say: the call goes on with what it has, logged by attachedData).
   */
  async function withAttached(rec: CallRecord): Promise<void> {
    const data = await attachedData(rec.view.interaction)
    // a transferred leg's own keys (Kamailio's `legdata`, its legData) are shown already, whatever the router says
    if (data === undefined || rec.view.state === 'ended') return
    book.routerData(rec, data)
  }

  /**
   * Opens a taken-over leg from the INVITE Kamailio kept (its fields as the `invite` event had them), with the
   * TransferredFrom / TransferFailed its bridge kept there (`legdata`, a `taken`'s or an adopted answer's).
   */
  function open(callId: string, leg: number, invite: Record<string, unknown>, legdata?: unknown): CallRecord {
    const rec = book.open({
      callId,
      ftag: str(invite.ftag),
      ani: str(invite.ani),
      dnis: str(invite.dnis),
      callerFrom: str(invite.from),
      contact: str(invite.contact),
      leg,
    })
    const transfer = legDataOf(legdata, leg)
    if (Object.keys(transfer).length > 0) {
      book.addLegData(rec, transfer)
    }
    return rec
  }

  /** Kamailio's `taken`: this bridge owns the call now; a queued one rings the agent the router routed it to. */
  function onTaken(m: Record<string, unknown>): void {
    const callId = str(m.callid)
    const leg = num(m.leg)
    const invite = m.invite
    // an earlier leg still talking comes first, marked `more`: the take is answered by the current leg's, last
    const more = num(m.more) === 1
    if (!callId || leg === undefined || !Number.isInteger(leg) || leg < 1 || !isObject(invite)) {
      log('a taken call Kamailio sent without its INVITE or leg: not acted on', { callId })
      if (!more) talking.settle(callId, 'Kamailio handed it over without its INVITE or leg')
      return
    }
    const interaction = legInteraction(callId, leg)
    const route = waiting.get(interaction)
    waiting.delete(interaction)
    if (book.byInteraction(interaction)) {
      if (!more) talking.settle(callId, undefined)
      return
    }
    const state = parseCallState(str(m.state))
    if (state.state === 'queued') {
      const rec = open(callId, leg, invite, m.legdata)
      rec.tindex = state.tindex
      rec.tlabel = state.tlabel
      counts.takenQueued++
      log('a queued call of a bridge that is gone is taken over: the router routed it', {
        interaction,
        agent: route && 'agent' in route.answer ? route.answer.agent : undefined,
      })
      if (route) {
        rec.routedAt = now()
        rec.offeredAt = route.at
        rec.reservation = route.reservation
        // the phone rings with the X- headers its own bridge would have sent; a CANCEL or a newer `routed` meanwhile
        // took the held INVITE (resume then finds no transaction and sends nothing)
        void withAttached(rec).then(() => resume(rec, route.answer))
      } else {
        // taken on an earlier leg's `routed` asked again (bridge-gone): the router's next `routed` rings it, with
        // the strategy's data read meanwhile
        void withAttached(rec)
      }
    } else if (state.state === 'ringing') {
      // rung by the gone bridge (this `routed` came twice): its answer or ring-no-answer comes here now
      const rec = open(callId, leg, invite, m.legdata)
      rec.direct = str(m.direct) !== ''
      // the reservation the gone bridge rang for (Kamailio kept it with the ring), not the newer one routed now
      const reservation = str(m.reservation)
      if (reservation) rec.reservation = reservation
      book.update(rec, { state: 'ringing', agent: state.agent })
      counts.takenRinging++
      // rung with the gone bridge's X- headers: the desktop's pop shows the same data
      void withAttached(rec)
    } else if (state.state === 'talking') {
      const rec = open(callId, leg, invite, m.legdata)
      // a leg its gone bridge REFERed away (Kamailio's mark): its end here is the transfer's, as it would have been
      rec.transferredTo = transferMarkOf(m.referred)
      // an earlier leg's own phone SDP (base64, config 8): the `sdp` item under its key may be the later leg's
      if (typeof m.sdp === 'string' && m.sdp !== '')
        rec.agentSdp = Buffer.from(m.sdp, 'base64').toString('utf8')
      talking.opened(rec, state, m)
      void withAttached(rec)
    } else {
      counts.takeRefusedByKamailio++
      log('a taken call is not held in Kamailio: not acted on', { interaction, state: state.state })
    }
    if (!more) talking.settle(callId, undefined)
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
    // a transferred leg's TransferredFrom / TransferFailed (ADOPT_FIELDS' `legdata`), as the other takeovers carry them
    const rec = open(callId, leg, invite, m.legdata)
    rec.direct = str(m.direct) !== ''
    // the reservation the gone bridge rang for (Kamailio kept it with the ring): a stale answer confirms no newer offer
    const reservation = str(m.reservation)
    if (reservation) rec.reservation = reservation
    book.update(rec, { state: 'ringing', agent })
    counts.takenRinging++
    void withAttached(rec)
    log('a ringing call of a bridge that is gone is taken over: its agent answered or did not', {
      interaction: rec.view.interaction,
      agent,
      event: m.event,
    })
    return true
  }

  return {
    onRouterEvent,
    bridgeGone,
    onNotTaken,
    takeTalking: talking.take,
    onTaken,
    adoptRinging,
    counts: () => ({ ...counts, ...talking.counts() }),
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
