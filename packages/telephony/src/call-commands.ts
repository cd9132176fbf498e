// Call control through Kamailio (K4): a release (a BYE to each side, the agent freed once its phone's BYE is done
// or given up) and a blind transfer (a REFER to the caller), each waiting to see the dialog end.
import { routerAgents } from './agent-pages.ts'
import { type CallBook, type CallRecord, legInteraction } from './call-book.ts'
import { num, str } from './evapi-fields.ts'
import type { RouterClient } from './router-client.ts'
import { byeHeaders, referHeaders } from './sip-messages.ts'
import type { Timers } from './timers.ts'
import { transferMarkCommand } from './transfer-leg-data.ts'

export interface CallCommandsOptions {
  book: CallBook
  router: RouterClient
  /** Kamailio's `host:port`: Refer-To URIs point there. */
  sipDomain: string
  log: (message: string, fields?: Record<string, unknown>) => void
  /** A command to Kamailio over evapi: throws while the link is down. */
  send: (message: Record<string, unknown>) => void
  /** Ends a talking call (the bridge's: completed at the router, the agent freed). */
  hangUp: (rec: CallRecord) => void
  /** BridgeOptions.commandTimeoutMs and byeGiveUpMs. */
  timeoutMs: number
  byeGiveUpMs: number
  /** The bridge's timers: a release's BYE deadline runs on them. */
  timers: Timers
}

/**
 * A command the call said no to, the call staying as it was with its agent: one the bridge will not try (nothing
 * was sent), or a transfer the caller's phone refused with a final answer (the SIP path worked; the far end's no).
 * The desktop and the operator's HTTP side answer it 409 (callCommandStatus): the agent's to act on, where a Kamailio
 * or link failure is their upstream's, 502.
 */
export class CallRefusedError extends Error {
  readonly code = 'CALL_REFUSED'
  /** The refusal in words for the agent who asked, without the command (the desktop names it: "Transfer to bob failed"). */
  readonly why: string | undefined
  constructor(message: string, why?: string) {
    super(message)
    this.why = why
  }
}

/**
 * Transfers that failed, by cause (BridgeFigures.transfersFailed): `refused` by the caller's phone, by its SIP code;
 * `timedOut`, its REFER unanswered within Kamailio's fr_timer (408); `linkDown`, not sent (the evapi link down);
 * `unheard`, the bridge's wait for the leg's end gave up with no word from Kamailio (its `refer-failed` lost).
 */
export interface TransfersFailed {
  refused: Record<string, number>
  timedOut: number
  linkDown: number
  unheard: number
}

/** An agent of serve's list, as far as a transfer to it is concerned. */
export interface DirectTarget {
  id: string
  state: string
  reserved: number
  /** States set for one media only (serve's list): `state` is every other media's. */
  media?: Record<string, string>
}

/**
 * Why an agent dialled by id (a blind transfer to an agent) cannot take the call now, or undefined when it can:
 * only a ready agent with nothing offered and no call on its phone does. The transfer asks before its REFER, the
 * INVITE that follows asks again: a refused INVITE loses the caller, a refused transfer leaves them with the agent.
 */
export function directCallRefusal(agent: DirectTarget, busy: ReadonlySet<string>): string | undefined {
  if (agent.state !== 'ready') return `${agent.id} is ${agent.state}`
  if (agent.reserved > 0 || busy.has(agent.id)) return `${agent.id} has a call offered or connected`
  return undefined
}

/**
 * Why a call dialled to an agent's extension (no routing point before: not a transfer) cannot ring it now: only a
 * not-ready agent or one talking on its phone refuses it. An offer of the router's does not: the extension was
 * dialled, the phone decides, and once it answers the router's connect takes the offer's place (the two-call
 * takeover: that offer is withdrawn, its caller routed again).
 */
export function extensionCallRefusal(agent: DirectTarget, talking: ReadonlySet<string>): string | undefined {
  if (agent.state !== 'ready') return `${agent.id} is ${agent.state}`
  if (talking.has(agent.id)) return `${agent.id} is on a call`
  return undefined
}

export function createCallCommands(options: CallCommandsOptions) {
  const { book, log, hangUp, timers } = options
  // the evapi hop after Kamailio's give-up: a lost event is told apart from a late one
  const unheardAfterMs = options.byeGiveUpMs + 1000
  const counts = { releaseByesGivenUp: 0, releaseByesUnheard: 0 }
  // the one owner of the failed transfers' count: every way a transfer fails after its checks passes here
  const failed: TransfersFailed = { refused: {}, timedOut: 0, linkDown: 0, unheard: 0 }
  // the errors onReferFailed gave a transfer's wait: counted there, so its catch counts only the others
  const heardFailures = new WeakSet<Error>()
  // legs whose transfer the wait counted unheard: Kamailio's late refer-failed is that transfer's, not a second one
  const countedUnheard = new WeakSet<CallRecord>()

  function talkingCall(callId: string, agent?: string): CallRecord {
    const rec = book.talking(callId, { agent })
    if (!rec)
      throw new CallRefusedError(
        `Call "${callId}" is not connected to ${agent === undefined ? 'an agent' : agent}`,
      )
    return rec
  }

  /** Kamailio's mark of a leg whose REFER failed taken back, so a takeover of its later end finds a plain end. */
  function unmark(rec: CallRecord): void {
    try {
      options.send(transferMarkCommand(rec.view.callId, rec.leg))
    } catch {
      // the link is down: the mark outlives the call by its lifetime at most (left there, a takeover misreads it)
    }
  }

  return {
    async release(callId: string, agent?: string): Promise<void> {
      const rec = talkingCall(callId, agent)
      if (!rec.agentContact) throw new Error(`Call "${callId}" has no agent phone contact from Kamailio`)
      const dialog = { callId: rec.view.callId, callerFrom: rec.callerFrom, agentTo: rec.agentTo ?? '' }
      // above the caller's INVITE (1, 30) and the bridge's REFERs (100 + leg) in this leg's dialog
      const cseq = 1000 + rec.leg
      // sent before waiting: a link that is down throws here, and no waiter is left to time out unheard
      options.send({
        action: 'release',
        callid: callId,
        // Kamailio's `calls` htable keys the call by its Call-ID and the caller's tag
        ftag: rec.ftag,
        // an earlier leg released after the caller's next INVITE leaves that leg's tables in Kamailio alone
        leg: rec.leg,
        agentUri: rec.agentContact,
        agentHeaders: byeHeaders(dialog, 'agent', cseq),
        callerUri: rec.contact,
        callerHeaders: byeHeaders(dialog, 'caller', cseq),
      })
      await book.waitForEnd(rec, options.timeoutMs)
    },

    async transfer(callId: string, to: string, agent?: string): Promise<void> {
      const rec = talkingCall(callId, agent)
      if (!/^\d+$/.test(to)) {
        const agents = await routerAgents(options.router, [to])
        const target = ((agents.body.agents ?? []) as DirectTarget[]).find((a) => a.id === to)
        if (!target)
          throw new CallRefusedError(
            `Cannot transfer to "${to}": not a routing point number nor a known agent`,
          )
        if (to === rec.view.agent) throw new CallRefusedError(`Call "${callId}" is already with ${to}`)
        const refusal = directCallRefusal(target, book.busyAgents())
        if (refusal !== undefined)
          throw new CallRefusedError(
            `Cannot transfer to ${to} now: ${refusal}. The caller stays with you; transfer to a routing point to queue the call, or to an agent who is ready`,
            // a state is data (not-ready) in the refusal above, kept as the attached TransferFailed shows it
            `${refusal.replace(/ is ([a-z]+(?:-[a-z]+)+)$/, (_, state: string) => ` is ${state.replaceAll('-', ' ')}`)}; the caller is still with you. Pick an agent who is ready, or a routing point to queue the call`,
          )
      }
      const dialog = { callId: rec.view.callId, callerFrom: rec.callerFrom, agentTo: rec.agentTo ?? '' }
      const contact = `sip:routewright@${options.sipDomain}`
      try {
        options.send({
          // Kamailio marks the leg before the REFER leaves: a bridge that takes its end over (this one gone)
          // completes it as a transfer too
          ...transferMarkCommand(rec.view.callId, rec.leg, to, rec.view.agent),
          action: 'refer',
          uri: rec.contact,
          headers: referHeaders(dialog, `sip:${to}@${options.sipDomain}`, contact, 100 + rec.leg),
        })
      } catch (error) {
        failed.linkDown++
        throw error
      }
      // a new transfer of the leg: its outcome counts, whatever an earlier one's was
      countedUnheard.delete(rec)
      book.carry(rec)
      // the agent's leg ends by this transfer: its complete says so (the reports' transfers)
      rec.transferredTo = to
      try {
        await book.waitForEnd(rec, options.timeoutMs)
      } catch (error) {
        // the REFER failed or went unheard and the call still talks: a later hang-up is a plain end
        if (rec.view.state === 'talking') {
          rec.transferredTo = undefined
          unmark(rec)
        }
        if (!heardFailures.has(error as Error)) {
          failed.unheard++
          countedUnheard.add(rec)
        }
        throw error
      }
    },

    /**
     * Kamailio's REFER of a leg got a final answer of 300 or more, or none within fr_timer (408), and Kamailio took
     * its mark back: the transfer waiting on that leg fails now, as its timeout would, and the agent hears the code.
     */
    onReferFailed(m: Record<string, unknown>): void {
      const rec = book.byInteraction(legInteraction(str(m.callid), num(m.leg) ?? 1))
      if (rec?.view.state !== 'talking') return
      const code = num(m.code) ?? 'unknown'
      log("transfer: the caller's phone did not take the REFER; the call stays with its agent", {
        interaction: rec.view.interaction,
        agent: rec.view.agent,
        code,
      })
      // a takeover's mark (a gone bridge's REFER) is gone from Kamailio too: a later end is a plain one
      rec.transferredTo = undefined
      // 408 is Kamailio's own: no answer within fr_timer, the phone unreachable or silent (the desktop's 502); any
      // other code is the phone's refusal, its final answer (409)
      const error =
        code === 408
          ? new Error(
              `The caller's phone did not answer the transfer: it timed out in Kamailio (SIP 408, no answer within its transaction timer); the call stays with you`,
            )
          : new CallRefusedError(
              `The caller's phone refused the transfer (SIP ${code}): the call stays with you`,
            )
      // each transfer counted once, by its first outcome: a wait that gave up counted it unheard already
      if (!countedUnheard.delete(rec)) {
        if (code === 408) failed.timedOut++
        else failed.refused[code] = (failed.refused[code] ?? 0) + 1
      }
      heardFailures.add(error)
      book.fail(rec, error)
    },

    /** Kamailio sent a release's BYEs (code 200), or could not: the call ends when the agent's BYE does. */
    onReleased(m: Record<string, unknown>): void {
      // the released leg by its caller tag and leg: another leg of the Call-ID may talk too, under the same tag
      const rec = book.talking(str(m.callid), { ftag: str(m.ftag), leg: num(m.leg) })
      if (!rec) return
      if (num(m.code) === 200) {
        // the agent's BYE is answered or given up within byeGiveUpMs: no agent-bye by then means the event was lost
        timers.clearTimeout(rec.byeDeadline)
        rec.byeDeadline = timers.setTimeout(() => {
          rec.byeDeadline = undefined
          if (rec.view.state !== 'talking') return
          counts.releaseByesUnheard++
          log(
            "release: no word of the agent's BYE from Kamailio; agent freed once Kamailio had given it up",
            {
              interaction: rec.view.interaction,
              agent: rec.view.agent,
              afterMs: unheardAfterMs,
            },
          )
          hangUp(rec)
        }, unheardAfterMs)
        return
      }
      book.fail(
        rec,
        new Error(`Kamailio could not send the BYEs ending the call (code ${str(m.code) || m.code})`),
      )
    },

    /** The release's BYE to the agent's phone got its final answer, or was given up: the agent is free now. */
    onAgentBye(m: Record<string, unknown>): void {
      const rec = book.talking(str(m.callid), { ftag: str(m.ftag), leg: num(m.leg) })
      if (!rec) return
      if (m.answered !== true) {
        counts.releaseByesGivenUp++
        log("release: the agent's phone never answered its BYE; agent freed as Kamailio gave the BYE up", {
          interaction: rec.view.interaction,
          agent: rec.view.agent,
          code: m.code,
        })
      }
      hangUp(rec)
    },

    counts: () => ({ ...counts, transfersFailed: { ...failed, refused: { ...failed.refused } } }),
  }
}
