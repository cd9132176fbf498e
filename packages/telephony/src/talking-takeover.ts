// The talking calls of a bridge that is gone, taken over by this one when a release, hold or transfer of one is
// asked here: Kamailio is asked to `take` the call (talking), answers with the dialog it keeps (the `calls` and
// `invite` tables: the agent's contact and To, the caller's From and Contact; its `held` table: whether the gone
// bridge held the caller), and the call is opened talking in this bridge's call book, which owns it from then on.
// This owns only the commands waiting for Kamailio's answer.
import type { CallBook, CallRecord } from './call-book.ts'
import { str } from './evapi-fields.ts'
import { type KamailioCallState, seconds } from './kamailio-call-state.ts'
import type { Timers } from './timers.ts'

export interface TalkingTakeoverOptions {
  book: CallBook
  log: (message: string, fields?: Record<string, unknown>) => void
  /** A command to Kamailio over evapi (throws while the link is down). */
  send: (message: Record<string, unknown>) => void
  /** How long a take waits for Kamailio's answer (BridgeOptions.commandTimeoutMs), on the bridge's timers. */
  commandTimeoutMs: number
  timers: Timers
}

/** A talking call's take: the call opened here, or why not (undefined: taken). */
type TalkingTake = (why: string | undefined) => void

/** A talking call taken over counts its re-INVITEs from here: the gone bridge's CSeq 201, 202 ... stay below. */
const TAKEN_REINVITES = 300
/** At most this many talking calls are asked of Kamailio at once (each HTTP request may ask for any Call-ID). */
const TALKING_TAKES_MAX = 1000

export function createTalkingTakeover(options: TalkingTakeoverOptions) {
  const { book, log, send, timers } = options
  /** Talking calls asked for by a release, hold or transfer here, by Call-ID: Kamailio answers each take. */
  const takes = new Map<string, TalkingTake[]>()
  let takenTalking = 0

  /** Kamailio answered the take of `callId` (or it timed out): undefined once opened here, else why not. */
  function settle(callId: string, why: string | undefined): void {
    const waiting = takes.get(callId)
    takes.delete(callId)
    for (const done of waiting ?? []) done(why)
  }

  /**
   * A release, hold or transfer of a call this bridge has no record of: Kamailio hands it over if its bridge is gone,
   * and this bridge owns it from then on. Resolves undefined once the call is opened here, else with why not.
   */
  function take(callId: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      const waiting = takes.get(callId)
      if (waiting) {
        waiting.push(resolve)
        return
      }
      if (takes.size >= TALKING_TAKES_MAX) {
        resolve(`${TALKING_TAKES_MAX} calls are being asked of Kamailio already: try again shortly`)
        return
      }
      try {
        send({ action: 'take', callid: callId, talking: 1 })
      } catch (error) {
        resolve(`Kamailio cannot be asked for it now: ${(error as Error).message}`)
        return
      }
      const timer = timers.setTimeout(
        () => settle(callId, `Kamailio did not answer within ${options.commandTimeoutMs} ms`),
        options.commandTimeoutMs,
      )
      takes.set(callId, [
        (why) => {
          timers.clearTimeout(timer)
          resolve(why)
        },
      ])
    })
  }

  /** Kamailio's `not-taken` of a call asked for here: its owner is alive (named), or Kamailio holds no such call. */
  function notTaken(callId: string, owner: string): void {
    if (!takes.has(callId)) return
    settle(
      callId,
      owner
        ? `it is bridge ${owner}'s, which is connected to Kamailio: ask that bridge`
        : 'Kamailio holds no such call (ended, or never a SIP call)',
    )
  }

  /**
   * Kamailio's `taken` of a talking call: `rec` (just opened from its INVITE) gets its dialog from Kamailio's
   * tables, from which a release's BYEs, a hold's re-INVITE and a REFER are built.
   */
  function opened(
    rec: CallRecord,
    state: Extract<KamailioCallState, { state: 'talking' }>,
    m: Record<string, unknown>,
  ) {
    if (str(m.direct) !== '') {
      // dialled to that agent by id: connected at the router by its own bridge; its end sets the agent ready
      rec.direct = true
      rec.connected = true
      rec.connecting = Promise.resolve()
    }
    rec.agentTo = state.to
    rec.agentContact = state.contact
    // its holds' CSeq (200 + count) and SDP version above any the gone bridge sent, still under the BYEs' 1000
    rec.reinvites = TAKEN_REINVITES
    // held by the gone bridge (Kamailio keeps since when, on the caller's 2xx): a retrieve here works at once
    const heldAt = seconds(str(m.held))
    const held = heldAt !== undefined ? { held: true, heldAt } : {}
    book.update(rec, { state: 'talking', agent: state.agent, answeredAt: state.answeredAt, ...held })
    takenTalking++
    log('a talking call of a bridge that is gone is taken over: a release, hold or transfer was asked here', {
      interaction: rec.view.interaction,
      agent: state.agent,
    })
  }

  return { take, settle, notTaken, opened, counts: () => ({ takenTalking }) }
}
