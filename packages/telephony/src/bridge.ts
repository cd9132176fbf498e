// The SIP bridge: Kamailio's call events become router commands (submit, confirm, reject on ring-no-answer,
// abandon, complete) and the router's decisions resume the held INVITEs; it is also the CallControl (K4).

import { assertNever } from '@routewright/strategy-dsl'
import { type CallRecord, createCallBook } from './call-book.ts'
import type { CallControl, CallView } from './call-control.ts'
import { EvapiDownError, type EvapiStatus } from './evapi-client.ts'
import type { KamailioAnswer, KamailioCallEnd, KamailioCallState } from './kamailio-call-state.ts'
import { createLinkOutage, type ResumeAnswer } from './link-outage.ts'
import type { ReconcileHealth } from './reconcile.ts'
import type { Recovery } from './reconcile-plan.ts'
import type { RouterClient, RouterEventData } from './router-client.ts'
import { attachedStrings, byeHeaders, referHeaders, xHeaders } from './sip-messages.ts'

export interface BridgeOptions {
  router: RouterClient
  /** The strategy each call to a routing point (a number) runs. */
  strategy: string
  /** Kamailio's `host:port`: Refer-To URIs point there. */
  sipDomain: string
  now?: () => number
  log?: (message: string, fields?: Record<string, unknown>) => void
  /** How long release and transfer wait to see the dialog end. Default 15 s. */
  commandTimeoutMs?: number
  /** After a CANCEL while an agent's phone rings, how long an answer may still come. Default 2 s. */
  cancelGraceMs?: number
  /**
   * The longest Kamailio follows a release's BYE to the agent's phone before it gives it up (tm's fr_timer in
   * kamailio.cfg: 5 s). Its `agent-bye` event comes by then; one that did not (lost on the way) frees the agent
   * a second later, not never. Default 5 s.
   */
  byeGiveUpMs?: number
  /**
   * The oldest a router answer ringing an agent may be when a link that was down comes back: an older one is not
   * sent (its reservation has expired in the router, or is about to) but withdrawn (the agent keeps its state), so
   * the router routes the call again. Default 15 s, the router's reservation timeout; at most that.
   */
  heldAnswerMaxAgeMs?: number
  /**
   * The calls Kamailio holds now with their state (KamailioRpc's `heldCalls`, by `<Call-ID>|<caller's From tag>`),
   * asked once the evapi link is back: the events of the bridge's calls lost while the link was down are replayed
   * from it (an answer confirmed, a ring-no-answer taken the live RONA path), and a call Kamailio no longer holds is
   * ended at the router (completed when it was answered, abandoned when queued or ringing). Without it, nothing
   * is reconciled.
   */
  heldCalls?: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * How a call Kamailio no longer holds ended lately (KamailioRpc's `callEnd`): a ringing call answered and hung up
   * while the link was down is completed, not abandoned. Without it (or no word of it) such a call is abandoned and
   * counted as unknown.
   */
  callEnd?: (key: string) => Promise<KamailioCallEnd | undefined>
  /**
   * The router's reservation timeout (default 15 s). While the link is down, a ringing call's fate is asked of
   * Kamailio `reservationLeadMs` (default 3 s) before its reservation would run out: answered, it is confirmed;
   * still ringing (or Kamailio not to be asked), the reservation is withdrawn, so an outage does not make the agent
   * not ready as a ring-no-answer would.
   */
  reservationTimeoutMs?: number
  reservationLeadMs?: number
}

export interface BridgeFigures {
  /** Calls to routing points (transferred legs included). */
  offered: number
  answered: number
  abandoned: number
  /** Ended any other way: the router refused it, or its strategy ended elsewhere (voicemail). */
  other: number
  /** Calls not ended yet. */
  open: number
  /** Seconds from the INVITE to the reservation the agent answered, one per answered call. */
  waits: number[]
  /** Times an agent was rung while already ringing or talking on another call (must stay 0). */
  overlaps: number
  /** Reservations rejected after a ring-no-answer. */
  ronas: number
  /** Of `abandoned`: callers who hung up while an agent's phone rang (not in the queue). */
  abandonedRinging: number
  /** Releases whose BYE the agent's phone never answered: the agent was freed when Kamailio gave it up. */
  releaseByesGivenUp: number
  /** Releases whose `agent-bye` event never came: the agent was freed once Kamailio must have answered it. */
  releaseByesUnheard: number
  /** Times the evapi connection to Kamailio was lost, and made again. */
  linkDrops: number
  linkReconnects: number
  /** Router answers (ring an agent, final reply) held while the link was down and sent once it was back. */
  resumesHeld: number
  /** Of those, agent answers older than `heldAnswerMaxAgeMs` on reconnect: not rung, their reservation withdrawn. */
  resumesStale: number
  /** Calls Kamailio no longer held once the link was back (their end lost): abandoned, completed at the router. */
  reconciledAbandoned: number
  reconciledCompleted: number
  /** Of `reconciledAbandoned`: ringing calls Kamailio kept no word of (answered or not: it could not tell). */
  reconciledUnknown: number
  /** Answers and ring-no-answers lost while the link was down, recovered from Kamailio's word. */
  reconciledAnswered: number
  reconciledRonas: number
  /** Ringing calls whose reservation was withdrawn before it ran out while the link was down. */
  reconciledWithdrawn: number
  /** Reconciliations that could not ask Kamailio which calls it holds. */
  reconcileFailures: number
}

/** The bridge's view of its link to Kamailio, for /telephony/health. */
export interface BridgeHealth {
  kamailio: EvapiStatus | { state: 'unknown' }
  linkDrops: number
  linkReconnects: number
  /** Held INVITEs whose router answer waits for the link. */
  resumesWaiting: number
  /** Events lost while the link was down, recovered from Kamailio's word (see BridgeOptions.heldCalls). */
  reconciled: ReconcileHealth
}

export interface Bridge extends CallControl {
  /** A message from Kamailio (evapi). */
  onKamailio(message: Record<string, unknown>): void
  /** An event of routewright serve's stream. */
  onRouterEvent(event: RouterEventData): void
  /** Where commands to Kamailio go (the evapi connection): `send` throws while it is down; `status` tells its state. */
  connect(send: (message: Record<string, unknown>) => void, status?: () => EvapiStatus): void
  /** The evapi connection was lost: Kamailio's events of the meantime are gone (see the README). */
  linkDown(reason: string): void
  /** The evapi connection is back: the router answers held meanwhile are sent. */
  linkUp(downMs: number): void
  figures(): BridgeFigures
  health(): BridgeHealth
}

const num = (value: unknown): number | undefined => {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : undefined
}
const str = (value: unknown): string => (typeof value === 'string' ? value : '')

export function createBridge(options: BridgeOptions): Bridge {
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const timeoutMs = options.commandTimeoutMs ?? 15_000
  const cancelGraceMs = options.cancelGraceMs ?? 2000
  // the evapi hop after Kamailio's give-up: a lost event is told apart from a late one
  const unheardAfterMs = (options.byeGiveUpMs ?? 5000) + 1000
  const book = createCallBook(now)
  let send: (message: Record<string, unknown>) => void = () => {
    throw new EvapiDownError('the bridge is not connected to Kamailio yet')
  }
  let linkStatus: (() => EvapiStatus) | undefined
  const counts = {
    offered: 0,
    overlaps: 0,
    ronas: 0,
    abandonedRinging: 0,
    releaseByesGivenUp: 0,
    releaseByesUnheard: 0,
  }
  const outage = createLinkOutage({
    router: options.router,
    now,
    log,
    openCalls: () => book.openRecords(),
    heldMaxAgeMs: options.heldAnswerMaxAgeMs ?? 15_000,
    reservationTimeoutMs: options.reservationTimeoutMs ?? 15_000,
    reservationLeadMs: options.reservationLeadMs ?? 3000,
    heldCalls: options.heldCalls,
    callEnd: options.callEnd,
    resume: (rec, answer) => resume(rec, answer),
    recover: (rec, recovery) => recover(rec, recovery),
  })

  function command(method: string, path: string, body?: unknown): Promise<void> {
    return options.router.call(method, path, body).then(
      (answer) => {
        if (answer.status >= 300)
          log('router refused', { method, path, status: answer.status, ...answer.body })
      },
      (error: Error) => log('router unreachable', { method, path, error: error.message }),
    )
  }
  const interactionPath = (rec: CallRecord, action: string) =>
    `/v1/interactions/${encodeURIComponent(rec.view.interaction)}/${action}`
  /** A confirm or reject answers the reservation the phone rang for, never a newer one made meanwhile. */
  const answering = (rec: CallRecord) =>
    rec.reservation === undefined ? undefined : { reservation: rec.reservation }
  const agentState = (agent: string, state: string) =>
    command('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, { state })

  /**
   * Resumes the held INVITE: ring `agent`, or answer the caller with a final reply. With the link down the INVITE
   * stays held in Kamailio (its transaction does not depend on the connection) and the answer is sent on linkUp.
   */
  function resume(rec: CallRecord, answer: ResumeAnswer): void {
    if (rec.tindex === undefined || rec.tlabel === undefined) {
      // a ring withdrawn while the link was down: this answer waits for Kamailio to hand the INVITE back
      if (rec.withdrawnRing && rec.view.state === 'ringing') outage.hold(rec, answer, false)
      return
    }
    const transaction = { tindex: rec.tindex, tlabel: rec.tlabel }
    const message =
      'agent' in answer
        ? {
            action: 'agent',
            ...transaction,
            agent: answer.agent,
            headers: xHeaders(rec.view.attached, rec.view.interaction),
          }
        : { action: 'reply', ...transaction, code: answer.code, reason: answer.reason }
    try {
      send(message)
    } catch (error) {
      outage.hold(rec, answer)
      log('Kamailio link down: the router answer waits for it', {
        interaction: rec.view.interaction,
        action: message.action,
        error: (error as Error).message,
      })
      return
    }
    outage.forget(rec)
    rec.tindex = undefined
    rec.tlabel = undefined
    if ('agent' in answer) {
      if (book.busyAgents().has(answer.agent)) counts.overlaps++
      book.update(rec, { state: 'ringing', agent: answer.agent })
    }
  }

  async function onInvite(m: Record<string, unknown>): Promise<void> {
    const rec = book.open({
      callId: str(m.callid),
      ftag: str(m.ftag),
      ani: str(m.ani),
      dnis: str(m.dnis),
      callerFrom: str(m.from),
      contact: str(m.contact),
    })
    rec.tindex = num(m.tindex)
    rec.tlabel = num(m.tlabel)
    if (/^\d+$/.test(rec.view.dnis)) {
      counts.offered++
      const answer = await options.router
        .call('POST', '/v1/interactions', {
          id: rec.view.interaction,
          strategy: options.strategy,
          media: 'voice',
          ani: rec.view.ani,
          dnis: rec.view.dnis,
        })
        .catch((error: Error) => ({ status: 503, body: { error: error.message } }))
      if (answer.status !== 201) {
        log('router refused the call', { interaction: rec.view.interaction, ...answer.body })
        resume(rec, { code: 503, reason: 'Router unavailable' })
        book.end(rec, 'other')
      }
      return
    }
    // an agent dialled by id (a transfer to an agent): only a ready agent with nothing reserved takes it
    rec.direct = true
    const agents = await options.router
      .call('GET', '/v1/agents')
      .catch(() => ({ status: 503, body: {} as Record<string, unknown> }))
    const list = (agents.body.agents ?? []) as Array<{ id: string; state: string; reserved: number }>
    const agent = list.find((a) => a.id === rec.view.dnis)
    if (!agent) {
      resume(rec, { code: 404, reason: 'No such agent' })
      book.end(rec, 'other')
    } else if (agent.state !== 'ready' || agent.reserved > 0 || book.busyAgents().has(agent.id)) {
      resume(rec, { code: 486, reason: 'Agent busy' })
      book.end(rec, 'other')
    } else {
      agentState(agent.id, 'busy')
      resume(rec, { agent: agent.id })
    }
  }

  function onNoAnswer(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag))
    if (!rec) return
    rec.tindex = num(m.tindex)
    rec.tlabel = num(m.tlabel)
    const agent = rec.view.agent
    log('ring-no-answer', { interaction: rec.view.interaction, agent, code: m.code })
    if (rec.direct) {
      if (agent) agentState(agent, 'not-ready')
      resume(rec, { code: 480, reason: 'No answer' })
      book.end(rec, 'other')
      return
    }
    if (rec.withdrawnRing) {
      // the router no longer holds this offer (withdrawn while the link was down): its next answer rings now
      rec.withdrawnRing = undefined
      book.update(rec, { state: 'queued' }, ['agent'])
      const next = outage.take(rec)
      if (next) resume(rec, next)
      return
    }
    // RONA: the router makes the agent not ready and offers the call to the next one (a new `routed` event)
    counts.ronas++
    book.update(rec, { state: 'queued' }, ['agent'])
    command('POST', interactionPath(rec, 'reject'), answering(rec))
    rec.reservation = undefined
  }

  function onAnswered(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag))
    if (rec?.view.state !== 'ringing') return
    void answer(rec, { to: str(m.to), contact: str(m.contact), answeredAt: now() })
  }

  /** The agent's phone answered: the call is talking, and the reservation it rang for confirmed. */
  function answer(rec: CallRecord, a: Pick<KamailioAnswer, 'to' | 'contact' | 'answeredAt'>): Promise<void> {
    clearTimeout(rec.cancelling)
    rec.cancelling = undefined
    rec.agentTo = a.to
    rec.agentContact = a.contact
    book.update(rec, { state: 'talking', answeredAt: a.answeredAt })
    book.answered(rec)
    if (rec.direct) return Promise.resolve()
    if (rec.withdrawnRing) {
      // the router took this offer back while the link was down and routes the call again: a confirm now could
      // confirm another agent's reservation
      rec.withdrawnRing = undefined
      log(
        'answered after its reservation was withdrawn while the Kamailio link was down; the router is not told',
        {
          interaction: rec.view.interaction,
          agent: rec.view.agent,
        },
      )
      return Promise.resolve()
    }
    return command('POST', interactionPath(rec, 'confirm'), answering(rec))
  }

  function abandon(rec: CallRecord): void {
    book.end(rec, 'abandoned')
    if (rec.direct) {
      if (rec.view.agent) agentState(rec.view.agent, 'ready')
    } else command('POST', interactionPath(rec, 'abandon'))
  }

  function onCancel(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag))
    if (!rec || rec.view.state === 'talking' || rec.cancelling) return
    if (rec.view.state === 'queued') {
      resume(rec, { code: 487, reason: 'Request Terminated' })
      abandon(rec)
      return
    }
    // ringing: the agent's 200 OK may already be on its way (SIP forwards it even after a CANCEL), so the call
    // is abandoned only if no answer comes shortly
    rec.cancelling = setTimeout(() => {
      rec.cancelling = undefined
      if (rec.view.state !== 'ringing') return
      counts.abandonedRinging++
      abandon(rec)
    }, cancelGraceMs)
  }

  function hangUp(rec: CallRecord): void {
    clearTimeout(rec.byeDeadline)
    rec.byeDeadline = undefined
    book.end(rec, 'answered')
    if (rec.direct) {
      if (rec.view.agent) agentState(rec.view.agent, 'ready')
    } else command('POST', interactionPath(rec, 'complete'))
  }

  function onBye(m: Record<string, unknown>): void {
    const callId = str(m.callid)
    const rec = book.active(callId, str(m.ftag)) ?? book.active(callId, str(m.ttag))
    if (rec?.view.state === 'talking') hangUp(rec)
  }

  /** Kamailio sent a release's BYEs (code 200), or could not: the call ends when the agent's BYE does. */
  function onReleased(m: Record<string, unknown>): void {
    const rec = book.talking(str(m.callid))
    if (!rec) return
    if (num(m.code) === 200) {
      // the agent's BYE is answered or given up within byeGiveUpMs: no agent-bye by then means the event was lost
      clearTimeout(rec.byeDeadline)
      rec.byeDeadline = setTimeout(() => {
        rec.byeDeadline = undefined
        if (rec.view.state !== 'talking') return
        counts.releaseByesUnheard++
        log("release: no word of the agent's BYE from Kamailio; agent freed once Kamailio had given it up", {
          interaction: rec.view.interaction,
          agent: rec.view.agent,
          afterMs: unheardAfterMs,
        })
        hangUp(rec)
      }, unheardAfterMs)
      return
    }
    book.fail(
      rec,
      new Error(`Kamailio could not send the BYEs ending the call (code ${str(m.code) || m.code})`),
    )
  }

  /** The release's BYE to the agent's phone got its final answer, or was given up: the agent is free now. */
  function onAgentBye(m: Record<string, unknown>): void {
    const rec = book.talking(str(m.callid))
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
  }

  function onRouterEvent(event: RouterEventData): void {
    const rec = event.interaction ? book.byInteraction(event.interaction) : undefined
    if (!rec || rec.view.state === 'ended') return
    if (event.type === 'data-attached' && event.data) {
      rec.data = { ...rec.data, ...event.data }
      book.update(rec, { attached: attachedStrings(rec.data) })
    } else if (event.type === 'routed' && event.agent) {
      rec.routedAt = now()
      rec.reservation = event.reservation
      resume(rec, { agent: event.agent })
    } else if (event.type === 'finished' && event.outcome !== 'routed' && event.outcome !== 'abandoned') {
      const where = event.destination ? ` (${event.destination})` : ''
      resume(rec, { code: 480, reason: `Routed elsewhere${where}`.slice(0, 60) })
      book.end(rec, 'other')
    }
  }

  /** Ends a call Kamailio no longer held once the link was back (its end lost while the link was down). */
  function endGone(rec: CallRecord, as: 'completed' | 'abandoned'): void {
    outage.forget(rec)
    clearTimeout(rec.cancelling)
    rec.cancelling = undefined
    if (as === 'completed') hangUp(rec)
    else {
      // nothing to answer: Kamailio answered a queued caller's CANCEL with 487 itself (evapi-reconcile.test.ts)
      rec.tindex = undefined
      rec.tlabel = undefined
      abandon(rec)
    }
  }

  /** Kamailio's word on an event lost while the link was down, taken the same path as the live event. */
  function recover(rec: CallRecord, recovery: Recovery): void {
    switch (recovery.kind) {
      case 'answered':
        void answer(rec, recovery.answer)
        return
      case 'answered-ended':
        // completed once confirmed: a complete before the confirm would find the reservation still pending
        void answer(rec, recovery.answer).then(() => {
          if (rec.view.state === 'talking') endGone(rec, 'completed')
        })
        return
      case 'no-answer':
        onNoAnswer({ callid: rec.view.callId, ftag: rec.ftag, ...recovery })
        return
      case 'still-ringing':
        return
      case 'completed':
      case 'abandoned':
        endGone(rec, recovery.kind)
        return
      default:
        assertNever(recovery, 'recovery')
    }
  }

  const handlers: Record<string, (m: Record<string, unknown>) => void> = {
    invite: (m) => void onInvite(m),
    'no-answer': onNoAnswer,
    answered: onAnswered,
    cancel: onCancel,
    bye: onBye,
    released: onReleased,
    'agent-bye': onAgentBye,
  }

  function talkingCall(callId: string): CallRecord {
    const rec = book.talking(callId)
    if (!rec) throw new Error(`Call "${callId}" is not connected to an agent`)
    return rec
  }

  return {
    onKamailio(message) {
      const handler = handlers[str(message.event)]
      if (handler) handler(message)
      else log('unknown Kamailio event', message)
    },
    onRouterEvent,
    connect(next, status) {
      send = next
      linkStatus = status
    },
    linkDown: (reason) => outage.linkDown(reason),
    linkUp: (downMs) => outage.linkUp(downMs),
    async release(callId) {
      const rec = talkingCall(callId)
      if (!rec.agentContact) throw new Error(`Call "${callId}" has no agent phone contact from Kamailio`)
      const dialog = { callId: rec.view.callId, callerFrom: rec.callerFrom, agentTo: rec.agentTo ?? '' }
      // above the caller's INVITE (1, 30) and the bridge's REFERs (100 + leg) in this leg's dialog
      const cseq = 1000 + rec.leg
      // sent before waiting: a link that is down throws here, and no waiter is left to time out unheard
      send({
        action: 'release',
        callid: callId,
        // Kamailio's `calls` htable keys the call by its Call-ID and the caller's tag
        ftag: rec.ftag,
        agentUri: rec.agentContact,
        agentHeaders: byeHeaders(dialog, 'agent', cseq),
        callerUri: rec.contact,
        callerHeaders: byeHeaders(dialog, 'caller', cseq),
      })
      await book.waitForEnd(rec, timeoutMs)
    },
    async transfer(callId, to) {
      const rec = talkingCall(callId)
      if (!/^\d+$/.test(to)) {
        const agents = await options.router.call('GET', '/v1/agents')
        const known = ((agents.body.agents ?? []) as Array<{ id: string }>).some((a) => a.id === to)
        if (!known)
          throw new Error(`Cannot transfer to "${to}": not a routing point number nor a known agent`)
        if (to === rec.view.agent) throw new Error(`Call "${callId}" is already with ${to}`)
      }
      const dialog = { callId: rec.view.callId, callerFrom: rec.callerFrom, agentTo: rec.agentTo ?? '' }
      const contact = `sip:routewright@${options.sipDomain}`
      send({
        action: 'refer',
        uri: rec.contact,
        headers: referHeaders(dialog, `sip:${to}@${options.sipDomain}`, contact, 100 + rec.leg),
      })
      book.carry(rec)
      await book.waitForEnd(rec, timeoutMs)
    },
    calls: () => book.views(),
    onCall: (listener) => book.listen(listener),
    figures(): BridgeFigures {
      const r = outage.reconciled()
      return {
        ...book.figures(),
        ...counts,
        ...outage.counts(),
        reconciledAbandoned: r.abandoned,
        reconciledCompleted: r.completed,
        reconciledUnknown: r.unknown,
        reconciledAnswered: r.answered,
        reconciledRonas: r.ronas,
        reconciledWithdrawn: r.withdrawn,
        reconcileFailures: r.failures,
      }
    },
    health: () => {
      const { linkDrops, linkReconnects } = outage.counts()
      return {
        kamailio: linkStatus?.() ?? { state: 'unknown' },
        linkDrops,
        linkReconnects,
        resumesWaiting: outage.waiting(),
        reconciled: outage.reconciled(),
      }
    },
  }
}

export type { CallView }
