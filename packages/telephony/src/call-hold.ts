// Hold and retrieve (K4): an in-dialog re-INVITE to the caller from the agent's side, sent by Kamailio (tm builds
// it and ACKs the caller's 2xx itself), with the agent phone's SDP set to `a=sendonly` (hold) or `a=sendrecv`.
import type { CallBook, CallRecord } from './call-book.ts'
import { CallRefusedError } from './call-commands.ts'
import { num, str } from './evapi-fields.ts'
import { heldCallKey, legCallKey } from './kamailio-rpc.ts'
import { type HoldDirection, sessionVersion, withDirection } from './sdp-hold.ts'
import { reinviteHeaders } from './sip-messages.ts'
import { sleep, type Timers } from './timers.ts'

export interface CallHoldOptions {
  book: CallBook
  now: () => number
  /** The bridge's timers (BridgeOptions.timers): the answer's wait and the 491 retries' run on them. */
  timers: Timers
  log: (message: string, fields?: Record<string, unknown>) => void
  /** A command to Kamailio over evapi: throws while the link is down. */
  send: (message: Record<string, unknown>) => void
  /** How long the caller's answer is waited for (BridgeOptions.commandTimeoutMs). */
  timeoutMs: number
  /** Kamailio's copy of a talking call's agent SDP (BridgeOptions.agentSdp), for a call answered unheard. */
  agentSdp?: ((key: string) => Promise<string | undefined>) | undefined
  /** Kamailio's copy of a transfer's old leg's agent SDP by its leg (BridgeOptions.legAgentSdp), asked first. */
  legAgentSdp?: ((key: string) => Promise<string | undefined>) | undefined
  /**
   * Since when Kamailio holds one caller's leg, by `<Call-ID>|<leg>` (BridgeOptions.callerHold), or undefined: a hold
   * or retrieve under way when the link came back whose answer then never came is settled from it, and so is the call
   * when an answer comes after its wait ended. Without it such a wait fails as any other, and a late answer is logged.
   */
  callerHold?: ((key: string) => Promise<number | undefined>) | undefined
}

/** What a phone's usual refusals of a re-INVITE mean, told to the agent after the code. */
const REFUSALS: Record<number, string> = {
  403: 'Forbidden',
  405: 'Method Not Allowed: the phone takes no re-INVITE',
  415: 'Unsupported Media Type',
  481: 'Call/Transaction Does Not Exist: the phone has no such call any more',
  486: 'Busy Here',
  488: 'Not Acceptable Here: the phone does not take the media offered',
  491: 'Request Pending: another offer of this call was under way; try again',
  500: 'Server Internal Error',
  501: 'Not Implemented: the phone takes no re-INVITE',
  603: 'Declined',
}

function refusalMeaning(code: number): string {
  const meaning = REFUSALS[code]
  return meaning === undefined ? '' : ` ${meaning}`
}

/** The caller's answer to one re-INVITE; `sent` false when Kamailio answered itself and sent nothing. */
interface ReinviteAnswer {
  code: number
  sent: boolean
}

/** Kamailio's 491: it holds the re-INVITE back until the caller's ACK of the call's 2xx went through. */
function notAcked(answer: ReinviteAnswer): boolean {
  return answer.code === 491 && !answer.sent
}

/** How soon a re-INVITE Kamailio answered 491 (the caller's ACK of its 2xx not seen yet) is sent again. */
const PENDING_RETRY_MS = 100

export function createCallHold(options: CallHoldOptions) {
  const { book, now, timers } = options
  /** Legs whose hold or retrieve was under way when the link came back: its answer may have gone down with the link. */
  const linkBack = new WeakSet<CallRecord>()
  /** Since when Kamailio holds a leg whose hold was settled from its word (not the bridge's clock at the answer). */
  const settledAt = new WeakMap<CallRecord, number>()
  /** Legs whose hold or retrieve was settled from Kamailio's word, its answer lost: the log says so. */
  const settled = new WeakSet<CallRecord>()
  /** Legs where an older re-INVITE's 2xx came while a newer one waited: its code, followed once that wait ends. */
  const olderAnswered = new WeakMap<CallRecord, number>()

  /** Kamailio's `held` already shows `direction` done for `rec` (`heldAt`: its item, undefined when none). */
  const shows = (direction: HoldDirection, heldAt: number | undefined) =>
    (heldAt !== undefined) === (direction === 'sendonly')

  /**
   * A wait that ended unanswered after a link-up: Kamailio's `held` says whether the caller's 2xx came (its answer
   * lost with the link); undefined when it does not show `direction` done, or could not be asked.
   */
  async function settleFromKamailio(
    rec: CallRecord,
    direction: HoldDirection,
  ): Promise<ReinviteAnswer | undefined> {
    if (!linkBack.has(rec) || !options.callerHold) return undefined
    try {
      const heldAt = await options.callerHold(legCallKey(rec.view.callId, rec.leg))
      if (!shows(direction, heldAt)) return undefined
      if (heldAt !== undefined) settledAt.set(rec, Math.min(heldAt, now()))
      settled.add(rec)
      return { code: 200, sent: true }
    } catch (error) {
      options.log('could not ask Kamailio whether the caller is on hold', {
        interaction: rec.view.interaction,
        error: (error as Error).message,
      })
      return undefined
    }
  }

  /**
   * The caller answered a re-INVITE of `rec` after its wait ended (the desktop was told it did not): Kamailio set or
   * cleared its `held` on that answer, so the call takes Kamailio's word, read then (not the answer's: another
   * re-INVITE may have come and gone since). A wait under way by the time it is read has its own answer to come.
   */
  async function lateAnswer(rec: CallRecord, code: number): Promise<void> {
    const fields = { interaction: rec.view.interaction, code }
    if (!options.callerHold) {
      options.log(
        "the caller answered a hold or retrieve after its wait ended; Kamailio's hold not asked",
        fields,
      )
      return
    }
    let heldAt: number | undefined
    try {
      heldAt = await options.callerHold(legCallKey(rec.view.callId, rec.leg))
    } catch (error) {
      options.log('could not ask Kamailio whether the caller is on hold', {
        ...fields,
        error: (error as Error).message,
      })
      return
    }
    if (rec.view.state !== 'talking' || rec.reinviting) return
    followKamailio(
      rec,
      heldAt,
      'the caller answered a hold or retrieve after its wait ended: on hold or not as Kamailio says',
    )
  }

  /** `rec` held since `heldAt` or not (undefined) as Kamailio keeps it, logged with `why` when that changes it. */
  function followKamailio(rec: CallRecord, heldAt: number | undefined, why: string): void {
    if ((heldAt !== undefined) === (rec.view.held === true)) return
    options.log(why, { interaction: rec.view.interaction, held: heldAt !== undefined })
    setHeld(rec, heldAt === undefined ? undefined : Math.min(heldAt, now()))
  }

  function refuse(message: string): never {
    throw new CallRefusedError(message)
  }

  /** `rec` held since `heldAt`, or retrieved (undefined): the time it was held counted. */
  function setHeld(rec: CallRecord, heldAt: number | undefined): void {
    if (heldAt !== undefined) book.update(rec, { held: true, heldAt })
    else
      book.update(rec, { held: false, heldMs: (rec.view.heldMs ?? 0) + now() - (rec.view.heldAt ?? now()) }, [
        'heldAt',
      ])
  }

  /** The talking leg of `callId` that may be re-INVITEd now, or a refusal that says why. */
  function heldCall(callId: string, direction: HoldDirection, agent?: string): CallRecord {
    const rec = book.talking(callId, { agent })
    // named as the release and transfer name it: a desktop's ?agent= with no leg of this call is told whose
    if (!rec) return refuse(`Call "${callId}" is not connected to ${agent ?? 'an agent'}: nothing to hold`)
    if (rec.reinviting) return refuse('A hold or retrieve of this call is still waiting for the caller')
    if (direction === 'sendonly' && rec.view.held) return refuse('The caller is already on hold')
    if (direction === 'sendrecv' && !rec.view.held) return refuse('The caller is not on hold')
    if (!rec.agentSdp || !rec.agentContact)
      return refuse(
        "Kamailio has no SDP of the agent's phone for this call (answered while its link was down, and not in its sdp table)",
      )
    return rec
  }

  /**
   * A call answered while the evapi link was down came without its `answered` event, so without the phone's SDP:
   * Kamailio kept it (its `sdp` table) and is asked when a hold needs it. Undefined when there is nothing to ask
   * (the usual call: the re-INVITE is then sent in the same tick as the hold).
   */
  function learnSdp(callId: string, agent?: string): Promise<void> | undefined {
    const rec = book.talking(callId, { agent })
    const ask = options.agentSdp
    if (!rec || rec.agentSdp || !ask) return undefined
    // a leg's own `legsdp` first: kept only once a later leg came beside it, which may have taken the `sdp` key
    // (the caller kept its From tag) with the next agent's phone
    // a failed read of it (a config before 8 has no legsdp table) still asks `sdp`
    const ownLeg = (
      options.legAgentSdp?.(legCallKey(rec.view.callId, rec.leg)) ?? Promise.resolve(undefined)
    ).catch(() => undefined)
    return ownLeg
      .then((sdp) => sdp ?? ask(heldCallKey(rec.view.callId, rec.ftag)))
      .then(
        (sdp) => {
          if (sdp !== undefined && rec.agentSdp === undefined) rec.agentSdp = sdp
        },
        (error: Error) =>
          options.log("could not ask Kamailio for the agent phone's SDP", {
            interaction: rec.view.interaction,
            error: error.message,
          }),
      )
  }

  /** Sends one re-INVITE of `rec` and resolves with the caller's answer, or code 0 when none came within `waitMs`. */
  async function sendOnce(
    rec: CallRecord,
    direction: HoldDirection,
    waitMs: number,
  ): Promise<ReinviteAnswer> {
    const count = (rec.reinvites ?? 0) + 1
    const sdp = withDirection(rec.agentSdp!, direction, sessionVersion(rec.agentSdp!) + count)
    if (sdp === undefined) refuse("The agent's phone's SDP has no o= line to offer again")
    const dialog = { callId: rec.view.callId, callerFrom: rec.callerFrom, agentTo: rec.agentTo ?? '' }
    // above the bridge's REFERs (100 + leg) and under its BYEs (1000 + leg) in this dialog
    const cseq = 200 + count
    const answered = new Promise<ReinviteAnswer>((resolve) => {
      rec.reinviting = { direction, cseq, done: (code, sent) => resolve({ code, sent }) }
    })
    options.send({
      action: 'reinvite',
      callid: rec.view.callId,
      // named in its `reinvited` (config 12): a late answer to an older re-INVITE of the leg is told from this one's
      cseq,
      // Kamailio sends it only once the caller acknowledged its 2xx (else answers 491): known by its tag
      ftag: rec.ftag,
      // named in its `reinvited`: a transfer's next leg may talk under the same caller tag as the old one
      leg: rec.leg,
      // Kamailio keeps the caller held on its 2xx: a bridge that takes the call over then knows it
      direction,
      uri: rec.contact,
      headers: reinviteHeaders(dialog, rec.agentContact!, cseq),
      body: sdp,
    })
    rec.reinvites = count
    let timer: unknown
    return Promise.race([
      answered,
      new Promise<ReinviteAnswer>((resolve) => {
        timer = timers.setTimeout(() => resolve({ code: 0, sent: true }), waitMs)
      }),
    ]).finally(() => timers.clearTimeout(timer))
  }

  async function reinvite(callId: string, direction: HoldDirection, agent?: string): Promise<void> {
    const learning = learnSdp(callId, agent)
    if (learning) await learning
    const rec = heldCall(callId, direction, agent)
    olderAnswered.delete(rec)
    try {
      await exchange(rec, direction)
    } finally {
      // an older re-INVITE's 2xx came meanwhile: Kamailio's `held` moved on it, whatever this one's answer was (a
      // refusal leaves the caller as that older one left it)
      const older = olderAnswered.get(rec)
      olderAnswered.delete(rec)
      if (older !== undefined) void lateAnswer(rec, older)
    }
  }

  /** One hold's or retrieve's re-INVITE of `rec`, its 491s sent again, to the caller's answer or its failure. */
  async function exchange(rec: CallRecord, direction: HoldDirection): Promise<void> {
    // a link-up before this command says nothing of its answer
    linkBack.delete(rec)
    settledAt.delete(rec)
    settled.delete(rec)
    // the retries' waits count against the command's time (not the answers' own waits: a 491 comes at once)
    let waited = 0
    let answer: ReinviteAnswer
    try {
      for (;;) {
        answer = await sendOnce(rec, direction, Math.max(1, options.timeoutMs - waited))
        // nothing was sent: the next one takes this CSeq and SDP version again
        if (!answer.sent) rec.reinvites = (rec.reinvites ?? 1) - 1
        // Kamailio's own 491: the caller has not acknowledged the call's 2xx yet (Kamailio told this bridge of it
        // first); a 491 of the caller's phone is its answer, told to the agent below
        if (!notAcked(answer) || waited + PENDING_RETRY_MS >= options.timeoutMs) break
        waited += PENDING_RETRY_MS
        // still this call's one re-INVITE in progress meanwhile: another hold or a REFER waits its turn
        rec.reinviting = { direction, cseq: 200 + (rec.reinvites ?? 0) + 1, done: () => {} }
        await sleep(timers, PENDING_RETRY_MS)
      }
      // still this call's re-INVITE while Kamailio is asked: another hold waits its turn
      if (answer.code === 0) answer = (await settleFromKamailio(rec, direction)) ?? answer
    } catch (error) {
      rec.reinviting = undefined
      linkBack.delete(rec)
      throw error
    }
    rec.reinviting = undefined
    linkBack.delete(rec)
    const { code } = answer
    const what = direction === 'sendonly' ? 'hold' : 'retrieve'
    const stays = direction === 'sendonly' ? 'the caller is not on hold' : 'the caller stays on hold'
    // Kamailio answered itself, nothing reached the caller: a failure on the way, not the phone's no (the desktop's 502)
    if (notAcked(answer))
      throw new Error(
        `The caller's phone never acknowledged the call's answer (no ACK of its 200 OK within ${options.timeoutMs} ms): Kamailio did not send the ${what}; ${stays}`,
      )
    if (!answer.sent)
      throw new Error(
        `Kamailio could not send the re-INVITE: the ${what} never reached the caller's phone (SIP ${code} from Kamailio, see its log); ${stays}`,
      )
    // no answer (the bridge's wait, or Kamailio's own 408 after fr_timer) failed on the way: the desktop's 502
    // its answer may still come to Kamailio (fr_inv_timer is longer once the phone sent a 1xx): lateAnswer follows it
    if (code === 0)
      throw new Error(
        `The caller's phone did not answer the ${what} within ${options.timeoutMs} ms; ${stays} unless its answer still comes (the call then shows it)`,
      )
    if (code === 408)
      throw new Error(
        `The caller's phone did not answer the ${what}: it timed out in Kamailio (SIP 408, no answer within its transaction timer); ${stays}`,
      )
    // the phone's final no: the SIP path worked and the call is as it was, the agent's to act on (the desktop's 409)
    if (code < 200 || code >= 300)
      refuse(`The caller's phone refused the ${what} (SIP ${code}${refusalMeaning(code)}): ${stays}`)
    if (direction === 'sendonly') setHeld(rec, settledAt.get(rec) ?? now())
    else setHeld(rec, undefined)
    settledAt.delete(rec)
    options.log(`call ${what === 'hold' ? 'held' : 'retrieved'}`, {
      interaction: rec.view.interaction,
      cseq: 200 + (rec.reinvites ?? 0),
      // the caller's answer went down with the evapi link: Kamailio's `held` said it came
      ...(settled.delete(rec) ? { fromKamailio: true } : {}),
    })
  }

  return {
    hold: (callId: string, agent?: string) => reinvite(callId, 'sendonly', agent),
    retrieve: (callId: string, agent?: string) => reinvite(callId, 'sendrecv', agent),
    /**
     * Kamailio's word once the link is back (its `held`): `rec` is held since `heldAt`, or not held (undefined). A
     * hold's or retrieve's answer lost with the link left the bridge's word wrong; one still waited for is its own.
     */
    fromKamailio(rec: CallRecord, heldAt: number | undefined): void {
      if (rec.view.state !== 'talking') return
      if (rec.reinviting) {
        // under way: its answer may have gone down with the link; Kamailio's word settles it now when it shows the
        // caller's 2xx came, else once its wait ends unanswered
        linkBack.add(rec)
        if (shows(rec.reinviting.direction, heldAt)) {
          if (heldAt !== undefined) settledAt.set(rec, Math.min(heldAt, now()))
          settled.add(rec)
          rec.reinviting.done(200, true)
        }
        return
      }
      followKamailio(
        rec,
        heldAt,
        'Kamailio link back: the caller is on hold or not as Kamailio says (its answer was lost)',
      )
    },
    /** A REFER crossing a re-INVITE in one dialog is refused by some phones (491): one at a time. */
    busy: (rec: CallRecord) => rec.reinviting !== undefined,
    /**
     * Kamailio's word on a re-INVITE: the caller's final answer (code), or 408 when it never came; `sent: false` when
     * Kamailio answered itself and sent nothing (491 before the caller's ACK, 500 when t_uac_send failed).
     */
    onReinvited(m: Record<string, unknown>): void {
      // the leg by its caller tag (the re-INVITE's To) and leg: another leg of the Call-ID may talk too, same tag
      const rec = book.talking(str(m.callid), { ftag: str(m.ftag), leg: num(m.leg) })
      if (!rec) return
      const code = num(m.code) ?? 0
      // the answer to an older re-INVITE of the leg, whose wait ended: not the one waited for now (a config before 12
      // names no CSeq, nor does Kamailio for a bridge that gave none: such an answer is taken as the waited one's)
      const cseq = num(m.cseq)
      if (rec.reinviting && cseq !== undefined && cseq > 0 && cseq !== rec.reinviting.cseq) {
        options.log(
          "an older hold's or retrieve's answer came while a newer one waits: not taken as its answer",
          {
            interaction: rec.view.interaction,
            code,
            cseq,
            waiting: rec.reinviting.cseq,
          },
        )
        if (code >= 200 && code < 300) olderAnswered.set(rec, code)
        return
      }
      if (rec.reinviting) rec.reinviting.done(code, m.sent !== false)
      // no wait for it: the caller's answer came after its wait ended, and Kamailio's `held` moved on it
      else if (code >= 200 && code < 300) void lateAnswer(rec, code)
    },
  }
}
