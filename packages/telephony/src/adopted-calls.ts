// Kamailio's events of calls this bridge never took: with several bridges, a call's events go to the bridge that
// took its INVITE, and to another once that one is gone (kamailio.cfg's OWNER). The call lives on at the router
// (serve, its Redis), so its end is told there by its interaction id: the Call-ID, `<Call-ID>~<leg>` after a transfer.
import { type CallRecord, legInteraction } from './call-book.ts'
import { type AbandonWhy, HANGUP, QUEUE_TIME } from './call-ends.ts'
import { num, str } from './evapi-fields.ts'
import { transferMarkOf } from './transfer-leg-data.ts'

export interface AdoptedCallsOptions {
  /** A talking call's end told to the router as its own bridge would (call-ends.ts `ended`). */
  ended(rec: CallRecord): void
  /** A call's abandon told to the router as its own bridge would (call-ends.ts `abandoned`). */
  abandoned(rec: CallRecord, why: AbandonWhy): void
  log(message: string, fields?: Record<string, unknown>): void
}

/**
 * The record of a taken-over leg that its end needs: its interaction, and for a call dialled to an agent by id
 * (Kamailio's `direct` on the BYE: that agent) the agent to set ready again. Not in this bridge's call book: its
 * desktop views and figures are of the calls it took. Also a wrap-up kept by the last bridge under this id (wrap-ups.ts).
 */
export function adoptedRecord(
  callId: string,
  leg: number,
  ftag: string,
  directAgent: string,
  transferredTo: string | undefined,
): CallRecord {
  return {
    view: {
      callId,
      interaction: legInteraction(callId, leg),
      ani: '',
      dnis: directAgent,
      state: 'talking',
      attached: {},
      startedAt: 0,
      ...(directAgent === '' ? {} : { agent: directAgent }),
    },
    leg,
    ftag,
    callerFrom: '',
    contact: '',
    direct: directAgent !== '',
    // a direct call talking at its BYE was connected at the router by its own bridge (a refused connect: the
    // complete is refused there and logged)
    connected: true,
    connecting: Promise.resolve(),
    data: {},
    legData: {},
    waiters: [],
    // a leg its gone bridge REFERed away (Kamailio's mark on the BYE): completed as a transfer, as that bridge would
    transferredTo,
  }
}

export function createAdoptedCalls(options: AdoptedCallsOptions) {
  const counts = {
    adoptedCompleted: 0,
    adoptedDirect: 0,
    adoptedAbandoned: 0,
    adoptedTimedOut: 0,
    adoptedUnknown: 0,
  }
  return {
    /**
     * An event of a Call-ID this bridge has no record of. A BYE ends the call at the router as its own bridge would
     * (completed; a call dialled to an agent also sets that agent ready), and so does the caller's CANCEL of a call
     * still queued or ringing (abandoned: the router takes it out of line or withdraws its offer), and Kamailio's
     * queue time running out (abandoned too); any other (a release's word, an answer sent without its INVITE) needs
     * the state the gone bridge held, so it is logged and counted. A queued or ringing call's routing, answer and
     * ring-no-answer are taken over in call-takeover.ts.
     */
    onEvent(message: Record<string, unknown>): void {
      const callId = str(message.callid)
      const event = str(message.event)
      const leg = num(message.leg)
      if (
        (event === 'bye' || event === 'cancel' || event === 'timeout') &&
        leg !== undefined &&
        Number.isInteger(leg) &&
        leg >= 1
      ) {
        const rec = adoptedRecord(
          callId,
          leg,
          str(message.ftag),
          str(message.direct),
          transferMarkOf(message.referred),
        )
        const where = { interaction: rec.view.interaction, ...(rec.direct ? { direct: rec.view.agent } : {}) }
        if (event === 'bye') {
          counts.adoptedCompleted++
          if (rec.direct) counts.adoptedDirect++
          options.log('a call taken over from a bridge that is gone ended: completed at the router', where)
          options.ended(rec)
        } else if (event === 'cancel') {
          counts.adoptedAbandoned++
          options.log(
            'a call taken over from a bridge that is gone was cancelled by its caller: abandoned',
            where,
          )
          options.abandoned(rec, HANGUP)
        } else {
          counts.adoptedTimedOut++
          options.log(
            "a call taken over from a bridge that is gone waited Kamailio's queue time (408): abandoned",
            where,
          )
          options.abandoned(rec, QUEUE_TIME)
        }
        return
      }
      counts.adoptedUnknown++
      options.log('an event of a call this bridge never took: not acted on', { event: message.event, callId })
    },
    counts: () => ({ ...counts }),
  }
}
