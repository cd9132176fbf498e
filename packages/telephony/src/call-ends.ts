// How a call ends at the bridge: the caller's CANCEL (queued: abandoned at once; ringing: abandoned unless an
// answer crossing it comes within a grace), Kamailio's queue time running out (abandoned), a BYE of a talking call or a release's (completed), and a call
// Kamailio no longer held once the evapi link was back (its end lost meanwhile).
import type { CallBook, CallRecord } from './call-book.ts'
import { num, str } from './evapi-fields.ts'
import type { LinkOutage } from './link-outage.ts'
import { completing, interactionPath } from './router-commands.ts'
import type { Timers } from './timers.ts'
import type { WrapUps } from './wrap-ups.ts'

/** Why a call was abandoned, as the router's abandon takes it (its trace, `finished` event and history record). */
export interface AbandonWhy {
  reason: 'caller-hangup' | 'queue-timeout' | 'host'
  note?: string
}

export const HANGUP: AbandonWhy = { reason: 'caller-hangup' }
export const QUEUE_TIME: AbandonWhy = {
  reason: 'queue-timeout',
  note: "Kamailio's queue time (408 to the caller)",
}
// Kamailio cannot say how: the caller may have hung up or waited the queue time while the link was down
const GONE: AbandonWhy = { reason: 'host', note: 'gone from Kamailio while the link was down' }

export interface CallEndsOptions {
  book: CallBook
  outage: Pick<LinkOutage, 'forget'>
  /** A call dialled to an agent by id ends through direct-calls.ts (no strategy routed it). */
  direct: { abandoned(rec: CallRecord): void; hungUp(rec: CallRecord): void }
  /** A router command; a refusal is logged by it, never thrown. */
  command(method: string, path: string, body?: unknown): Promise<void>
  /** After a CANCEL while an agent's phone rings, how long an answer may still come (on the bridge's timers). */
  cancelGraceMs: number
  /** BridgeOptions.wrapUp's: a routed call's complete waits for its agent's wrap-up. Without it, completed at once. */
  wrapUps?: WrapUps<CallRecord> | undefined
  timers: Timers
  log: (message: string, fields?: Record<string, unknown>) => void
}

export function createCallEnds(options: CallEndsOptions) {
  const { book, outage, direct, command, cancelGraceMs, timers, log, wrapUps } = options
  const counts = { abandonedRinging: 0, queueTimeouts: 0 }

  function abandon(rec: CallRecord, why: AbandonWhy): void {
    book.end(rec, 'abandoned')
    abandoned(rec, why)
  }

  /**
   * A call's abandon told to the router: a call dialled to an agent through direct-calls.ts (the agent set busy for
   * the ring ready again), any other abandoned. Also a call taken over from a bridge that is gone (adopted-calls.ts).
   */
  function abandoned(rec: CallRecord, why: AbandonWhy): void {
    if (rec.direct) direct.abandoned(rec)
    else command('POST', interactionPath(rec, 'abandon'), why)
  }

  function onCancel(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag), num(m.leg))
    if (!rec || rec.view.state === 'talking' || rec.cancelling !== undefined) return
    if (rec.view.state === 'queued') {
      // nothing to answer: tm answered the held INVITE with 487 as it relayed the CANCEL (no branch rang), so a
      // reply now would t_continue a transaction gone ("active transaction not found" in kamailio.log)
      dropHeldInvite(rec)
      abandon(rec, HANGUP)
      return
    }
    // ringing: the agent's 200 OK may already be on its way (SIP forwards it even after a CANCEL), so the call
    // is abandoned only if no answer comes shortly
    rec.cancelling = timers.setTimeout(() => {
      rec.cancelling = undefined
      if (rec.view.state !== 'ringing') return
      counts.abandonedRinging++
      abandon(rec, HANGUP)
    }, cancelGraceMs)
  }

  /** Kamailio's queue time ran out (it answered the caller 408): the call leaves the router's line, abandoned. */
  function onTimeout(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag), num(m.leg))
    if (rec?.view.state !== 'queued') return
    counts.queueTimeouts++
    log("the call waited Kamailio's queue time (408 to the caller): abandoned", {
      interaction: rec.view.interaction,
    })
    dropHeldInvite(rec)
    abandon(rec, QUEUE_TIME)
  }

  function hangUp(rec: CallRecord): void {
    timers.clearTimeout(rec.byeDeadline)
    rec.byeDeadline = undefined
    book.end(rec, 'answered')
    ended(rec)
  }

  /**
   * A talking call's end told to the router: a call dialled to an agent through direct-calls.ts (its agent ready
   * again), any other completed: at once, or with a wrap-up once the agent is done with it (wrap-ups.ts). Also a
   * call taken over from a bridge that is gone (adopted-calls.ts).
   */
  function ended(rec: CallRecord): void {
    const agent = rec.view.agent
    if (rec.direct) direct.hungUp(rec)
    else if (wrapUps !== undefined && agent !== undefined) wrapUps.begin(rec, agent)
    else complete(rec, undefined)
  }

  /** A routed call's complete to serve, with the agent's disposition when the wrap-up gave one. */
  function complete(rec: CallRecord, disposition: string | undefined): void {
    const how = completing(rec)
    const body = disposition === undefined ? how : { ...how, disposition }
    command('POST', interactionPath(rec, 'complete'), body)
  }

  function onBye(m: Record<string, unknown>): void {
    const callId = str(m.callid)
    const leg = num(m.leg)
    const rec = book.active(callId, str(m.ftag), leg) ?? book.active(callId, str(m.ttag), leg)
    if (rec?.view.state === 'talking') hangUp(rec)
  }

  /** Ends a call Kamailio no longer held once the link was back (its end lost while the link was down). */
  function endGone(rec: CallRecord, as: 'completed' | 'abandoned'): void {
    outage.forget(rec)
    timers.clearTimeout(rec.cancelling)
    rec.cancelling = undefined
    if (as === 'completed') hangUp(rec)
    else {
      // nothing to answer: Kamailio answered a queued caller's CANCEL with 487 itself (evapi-reconcile.test.ts)
      dropHeldInvite(rec)
      abandon(rec, GONE)
    }
  }

  /** Forgets the INVITE Kamailio held for `rec` (it ended there): no answer of the router's may resume it now. */
  function dropHeldInvite(rec: CallRecord): void {
    outage.forget(rec)
    rec.tindex = undefined
    rec.tlabel = undefined
  }

  return {
    onCancel,
    onBye,
    onTimeout,
    hangUp,
    ended,
    complete,
    abandoned,
    endGone,
    counts: () => ({ ...counts }),
  }
}
