// The SIP bridge: Kamailio's call events become router commands (submit, confirm, reject on ring-no-answer,
// abandon, complete) and the router's decisions resume the held INVITEs; it is also the CallControl (K4). What an
// evapi outage changes is in link-outage.ts, how a call ends (CANCEL, BYE) in call-ends.ts, release and transfer in
// call-commands.ts, hold in call-hold.ts, calls dialled to an agent by id (no strategy routes them) in
// direct-calls.ts, the router's events in router-events.ts, and the calls another bridge took in adopted-calls.ts
// (their ends), call-takeover.ts (queued or ringing when that bridge went) and talking-takeover.ts (talking).

import { assertNever } from '@routewright/strategy-dsl'
import { adoptedRecord, createAdoptedCalls } from './adopted-calls.ts'
import { createAgentCallsTakeover } from './agent-calls-takeover.ts'
import { createAgentNotices } from './agent-notices.ts'
import type { Bridge, BridgeFigures, BridgeOptions } from './bridge-options.ts'
import { type CallRecord, checkEndedLegKeep, createCallBook } from './call-book.ts'
import { CallRefusedError, createCallCommands } from './call-commands.ts'
import type { AgentStateChange, CallView } from './call-control.ts'
import { createCallEnds } from './call-ends.ts'
import { createCallHold } from './call-hold.ts'
import { createCallTakeover } from './call-takeover.ts'
import { createDirectCalls } from './direct-calls.ts'
import { EvapiDownError, type EvapiStatus } from './evapi-client.ts'
import { num, str } from './evapi-fields.ts'
import type { KamailioAnswer } from './kamailio-call-state.ts'
import { KAMAILIO_CONFIG_VERSION, kamailioConfigWarning } from './kamailio-config-version.ts'
import { createLinkOutage, type ResumeAnswer } from './link-outage.ts'
import type { Recovery } from './reconcile-plan.ts'
import { checkRetryAfterSeconds } from './retry-after.ts'
import { rejectOfRing } from './ring-outcome.ts'
import { answering, createRouterCommands, interactionPath } from './router-commands.ts'
import { createRouterEvents } from './router-events.ts'
import { createServeCapabilities, routerCapabilities } from './serve-capabilities.ts'
import { createServeLimits } from './serve-limits.ts'
import { xHeaders } from './sip-messages.ts'
import { submitRefusal } from './submit-refusal.ts'
import { realTimers } from './timers.ts'
import { legDataCommand, transferMarkCommand, transferMarkOf, transferSourceOf } from './transfer-leg-data.ts'
import { withdrawReservation } from './withdraw-reservation.ts'
import { checkWrapUp, createWrapUps } from './wrap-ups.ts'

export type { Bridge, BridgeFigures, BridgeHealth, BridgeOptions } from './bridge-options.ts'

/** Kamailio's events that are not a later event of a call another bridge took (a new INVITE, a take, the link's). */
const NOT_A_CALLS_EVENT: ReadonlySet<string> = new Set([
  'invite',
  'hello',
  'taken',
  'not-taken',
  'bridge-gone',
])

export function createBridge(options: BridgeOptions): Bridge {
  const now = options.now ?? Date.now
  const timers = options.timers ?? realTimers
  const log = options.log ?? (() => {})
  const cancelGraceMs = options.cancelGraceMs ?? 2000
  checkEndedLegKeep(options.endedLegKeepMs)
  checkRetryAfterSeconds(options.retryAfterSeconds)
  checkWrapUp(options.wrapUp)
  const book = createCallBook(now, {
    timers,
    ...(options.endedLegKeepMs === undefined ? {} : { endedKeepMs: options.endedLegKeepMs }),
    onEnd: (rec) => outage.ended(rec),
  })
  const notices = createAgentNotices()
  /** Told each agent serve's stream says changed state (the desktops of this bridge). */
  const stateListeners = new Set<(agent: string, change?: AgentStateChange) => void>()
  /** Told each time serve's stream reopens (the desktops of this bridge read serve's capabilities again). */
  const serveListeners = new Set<() => void>()
  /** Told each time serve says its capabilities changed (the desktops of this bridge read them again). */
  const capabilityListeners = new Set<() => void>()
  const limits = createServeLimits(options.router, log, options.reservationTimeoutMs)
  let send: (message: Record<string, unknown>) => void = () => {
    throw new EvapiDownError('the bridge is not connected to Kamailio yet')
  }
  let linkStatus: (() => EvapiStatus) | undefined
  const counts = {
    offered: 0,
    overlaps: 0,
    ronas: 0,
    connectedAfterWithdrawal: 0,
  }
  const outage = createLinkOutage({
    router: options.router,
    now,
    timers,
    log,
    openCalls: () => book.openRecords(),
    heldMaxAgeMs: options.heldAnswerMaxAgeMs ?? 15_000,
    reservationTimeoutMs: limits.reservationTimeoutMs,
    reservationLeadMs: options.reservationLeadMs ?? 3000,
    heldCalls: options.heldCalls,
    heldLegCalls: options.heldLegCalls,
    callerHolds: options.callerHolds,
    callEnd: options.callEnd,
    resume: (rec, answer) => resume(rec, answer),
    recover: (rec, recovery) => recover(rec, recovery),
    holdFromKamailio: (rec, heldAt) => holds.fromKamailio(rec, heldAt),
  })

  const routerCommands = createRouterCommands({
    router: options.router,
    now,
    log,
    strategy: options.strategy,
    limits,
  })
  const { command, answerCommand, lateAnswerTime } = routerCommands
  // what this bridge's serve takes, read again once its event stream reopens (serveReconnected)
  const capabilities = createServeCapabilities(routerCapabilities(options.router), log)
  const direct = createDirectCalls({
    book,
    commands: routerCommands,
    capabilities,
    now,
    log,
    notify: (notice) => notices.emit(notice),
    resume: (rec, answer) => resume(rec, answer),
    submit: (rec, dnis) => submit(rec, dnis),
    retryAfterSeconds: options.retryAfterSeconds,
  })
  // the held completes call back into ends (its `complete`), made just below
  const wrapUpConfig = options.wrapUp
  const wrapUps =
    wrapUpConfig === undefined
      ? undefined
      : createWrapUps<CallRecord>({
          config: wrapUpConfig,
          now,
          timers,
          log,
          complete: (rec, disposition) => ends.complete(rec, disposition),
          store: options.wrapUpStore,
          keptOf: (rec) => ({
            leg: rec.leg,
            ...(rec.transferredTo === undefined ? {} : { transferredTo: rec.transferredTo }),
          }),
          // the call ended with the bridge that held it: its complete needs only its interaction and transfer
          restore: (kept) => {
            const rec = adoptedRecord(kept.callId, kept.leg, '', '', kept.transferredTo)
            rec.view = { ...rec.view, interaction: kept.interaction, agent: kept.agent, state: 'ended' }
            return rec
          },
        })
  const ends = createCallEnds({ book, outage, direct, command, cancelGraceMs, timers, log, wrapUps })
  const { hangUp, endGone } = ends
  const adopted = createAdoptedCalls({ ended: ends.ended, abandoned: ends.abandoned, log })
  const takeover = createCallTakeover({
    book,
    now,
    log,
    send: (message) => send(message),
    resume: (rec, answer) => resume(rec, answer),
    attachedData: routerCommands.attachedData,
    // a routed call's `take` is asked again on `bridge-gone` until shortly before its reservation would run out
    takeWaitMs: () => limits.reservationTimeoutMs() - (options.reservationLeadMs ?? 3000),
    commandTimeoutMs: options.commandTimeoutMs ?? 15_000,
    timers,
  })
  // an agent's desktop that came here takes over their calls of a gone bridge (again at `bridge-gone` if it came early)
  const heldCalls = options.heldCalls
  const agentCalls = heldCalls
    ? createAgentCallsTakeover({
        heldCalls,
        ...(options.heldLegCalls ? { heldLegCalls: options.heldLegCalls } : {}),
        knows: (callId) => book.knows(callId),
        take: (callId) => takeover.takeTalking(callId),
        log,
      })
    : undefined
  const routerEvents = createRouterEvents({
    book,
    now,
    log,
    notify: (notice) => notices.emit(notice),
    stateChanged: (agent, change) => {
      for (const listener of stateListeners) listener(agent, change)
    },
    capabilitiesChanged: () => {
      capabilities.forget()
      for (const listener of capabilityListeners) listener()
    },
    outage,
    resume: (rec, answer) => resume(rec, answer),
    elsewhere: takeover.onRouterEvent,
  })

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
    // the call's key lets Kamailio drop an answer that crossed the caller's CANCEL instead of resuming a gone INVITE
    const transaction = { tindex: rec.tindex, tlabel: rec.tlabel, callid: rec.view.callId, ftag: rec.ftag }
    const message =
      'agent' in answer
        ? {
            action: 'agent',
            ...transaction,
            agent: answer.agent,
            // Kamailio keeps it with the ring: a bridge that takes the answer over confirms this reservation only
            ...(rec.reservation === undefined ? {} : { reservation: rec.reservation }),
            // Kamailio keeps it for the call's end: a bridge that takes it over sets that agent ready as this one would
            direct: rec.direct ? 1 : 0,
            headers: xHeaders(rec.view.attached, rec.view.interaction),
          }
        : {
            action: 'reply',
            ...transaction,
            code: answer.code,
            reason: answer.reason,
            ...(answer.headers === undefined ? {} : { headers: answer.headers }),
          }
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
      rec.ringLinkDrops = outage.counts().linkDrops
      if (book.busyAgents().has(answer.agent)) counts.overlaps++
      // where the router chose the call from, for the screen pop: absent for an agent dialled by id
      book.update(rec, {
        state: 'ringing',
        agent: answer.agent,
        offeredAt: now(),
        ...(answer.queue === undefined ? {} : { queue: answer.queue }),
        ...(answer.target === undefined ? {} : { target: answer.target }),
      })
    }
  }

  async function onInvite(m: Record<string, unknown>): Promise<void> {
    // Kamailio's count of this Call-ID's legs: a transfer's next leg reaching a bridge that took the call over from
    // one gone is leg 2, not this bridge's first (its interaction `<Call-ID>~2`, never the first leg's id again)
    const leg = num(m.leg)
    const rec = book.open({
      callId: str(m.callid),
      ftag: str(m.ftag),
      ani: str(m.ani),
      dnis: str(m.dnis),
      callerFrom: str(m.from),
      contact: str(m.contact),
      ...(leg !== undefined && Number.isInteger(leg) && leg >= 1 ? { leg } : {}),
      // the REFER mark of the leg this one came from: whom the caller left, when that leg was another bridge's
      transferredFrom: transferSourceOf(m.transfer),
    })
    rec.tindex = num(m.tindex)
    rec.tlabel = num(m.tlabel)
    if (/^\d+$/.test(rec.view.dnis)) return submit(rec, rec.view.dnis)
    // a transfer to an agent rings that agent straight away: a bridge that takes the ring over shows TransferredFrom
    keepLegData(rec)
    return direct.invited(rec)
  }

  /**
   * A transferred leg's TransferredFrom / TransferFailed, and a leg's REFER mark, kept in Kamailio for a bridge that
   * may take it over (each takeover's `legdata`; `bye`'s and `taken`'s `referred`). With the link down this bridge
   * still rings with them, and sends them again on linkUp.
   */
  function keepLegData(rec: CallRecord): void {
    const legData = legDataCommand(rec.view.callId, rec.leg, rec.legData)
    // a leg this bridge REFERed away and not yet ended: its mark (call-commands.ts sent it with the REFER)
    const mark =
      rec.transferredTo === undefined
        ? undefined
        : transferMarkCommand(rec.view.callId, rec.leg, rec.transferredTo, rec.view.agent)
    try {
      if (legData) send(legData)
      if (mark) send(mark)
    } catch {
      // the link is down: linkUp sends every open leg's again
    }
  }

  /**
   * The link is back: Kamailio may have missed a `leg-data` or `transfer-mark` (sent while it was down, or written to
   * a connection that was already dead), so each open leg's is sent again; Kamailio keeps it only while it holds the
   * call.
   */
  function linkUp(downMs: number): void {
    // legs in order: Kamailio keeps a Call-ID's latest leg's only (an older leg still open comes first)
    for (const rec of book.openRecords().sort((x, y) => x.leg - y.leg)) keepLegData(rec)
    outage.linkUp(downMs)
  }

  /** Offers a call to the router: the strategy runs for the routing point `dnis`, and its answer resumes the INVITE. */
  async function submit(rec: CallRecord, dnis: string): Promise<void> {
    counts.offered++
    // the leg's TransferFailed is known by now (a transfer target that could not take it)
    keepLegData(rec)
    const answer = await routerCommands.submitted(rec, dnis)
    if (answer.status !== 201) {
      log('router refused the call', { interaction: rec.view.interaction, ...answer.body })
      resume(rec, submitRefusal(answer, options.strategy, options.retryAfterSeconds))
      book.end(rec, 'other')
    }
  }

  function onNoAnswer(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag), num(m.leg))
    if (!rec) return
    rec.tindex = num(m.tindex)
    rec.tlabel = num(m.tlabel)
    const agent = rec.view.agent
    log('ring-no-answer', { interaction: rec.view.interaction, agent, code: m.code })
    const code = num(m.code)
    const outcome = rejectOfRing(code)
    if (rec.direct) {
      if (rec.withdrawnRing) direct.withdrawn(rec)
      else direct.noAnswer(rec, outcome)
      return
    }
    if (rec.withdrawnRing) {
      // the router no longer holds this offer (withdrawn while the link was down): its next answer rings now
      rec.withdrawnRing = undefined
      book.update(rec, { state: 'queued' }, ['agent', 'offeredAt'])
      const next = outage.take(rec)
      if (next) resume(rec, next)
      return
    }
    // RONA: the router makes the agent not ready (`no-answer` when it rang out, else `declined`) and offers the call
    // to the next one (a new `routed` event)
    counts.ronas++
    book.update(rec, { state: 'queued' }, ['agent', 'offeredAt'])
    command('POST', interactionPath(rec, 'reject'), { ...answering(rec), ...outcome })
    rec.reservation = undefined
  }

  function onAnswered(m: Record<string, unknown>): void {
    const rec = book.active(str(m.callid), str(m.ftag), num(m.leg))
    if (rec?.view.state !== 'ringing') return
    // Kamailio names the agent whose phone answered (`by`; an older kamailio.cfg does not, and is not checked)
    if (answerOfAnother(rec, str(m.by))) return
    // the phone's SDP (base64 in the event: JSON strings take no raw line ends) is what a hold offers again
    if (typeof m.sdp === 'string' && m.sdp !== '')
      rec.agentSdp = Buffer.from(m.sdp, 'base64').toString('utf8')
    void answer(rec, { to: str(m.to), contact: str(m.contact), answeredAt: now() })
  }

  /**
   * An answer of a ring over (a stale leg, an agent rung before) would connect the wrong agent: ignored and logged,
   * the ring going on. `by`: the agent whose phone answered ("" unknown: not checked), live or `reconciled` from
   * Kamailio's `calls` item after the link dropped.
   */
  function answerOfAnother(rec: CallRecord, by: string, reconciled = false): boolean {
    if (by === '' || by === rec.view.agent) return false
    log('answer ignored: it is not of the agent ringing now', {
      interaction: rec.view.interaction,
      answeredBy: by,
      ringing: rec.view.agent,
      ...(reconciled ? { reconciled } : {}),
    })
    return true
  }

  /** The agent's phone answered: the call is talking, and the reservation it rang for confirmed. */
  function answer(rec: CallRecord, a: Pick<KamailioAnswer, 'to' | 'contact' | 'answeredAt'>): Promise<void> {
    timers.clearTimeout(rec.cancelling)
    rec.cancelling = undefined
    rec.agentTo = a.to
    rec.agentContact = a.contact
    book.update(rec, { state: 'talking', answeredAt: a.answeredAt })
    book.answered(rec)
    if (rec.direct) {
      // answered before the CANCEL of its withdrawn ring reached the phone: the call is up, kept as any answered one
      rec.withdrawnRing = undefined
      return direct.answered(rec)
    }
    const at = (floor: number | undefined) => lateAnswerTime(a.answeredAt, floor)
    if (rec.withdrawnRing) {
      // the router took this offer back while the link was down and routes the call again (a confirm now could
      // confirm another agent's reservation): it is told the call is with this agent, and takes it out of line or
      // withdraws its newer offer (that agent keeps its state)
      rec.withdrawnRing = undefined
      const agent = rec.view.agent ?? ''
      // a router answer held for the newer offer rings nobody now
      outage.forget(rec)
      rec.reservation = undefined
      counts.connectedAfterWithdrawal++
      log(
        'answered after its reservation was withdrawn while the Kamailio link was down; the router is told',
        {
          interaction: rec.view.interaction,
          agent,
        },
      )
      return answerCommand(
        interactionPath(rec, 'connect'),
        { agent, note: 'answered after its offer was withdrawn while the Kamailio link was down' },
        at(undefined),
      )
    }
    return answerCommand(interactionPath(rec, 'confirm'), answering(rec) ?? {}, at(rec.offeredAt))
  }

  /**
   * A leg whose end was missed while the link was down, REFERed away by Kamailio's `ended` mark: completed as that
   * transfer even when this bridge's wait for it gave up meanwhile (its own mark taken back then).
   */
  function markedAway(rec: CallRecord, referred: string | undefined): void {
    // no word (an older config's item): this bridge's own record stands
    if (referred === undefined) return
    // Kamailio's mark, set before the REFER left and taken back when it failed, over this bridge's pending transfer:
    // a REFER refused while the link was down left that record naming the transfer
    rec.transferredTo = transferMarkOf(referred)
  }

  /** Kamailio's word on an event lost while the link was down, taken the same path as the live event. */
  function recover(rec: CallRecord, recovery: Recovery): void {
    switch (recovery.kind) {
      case 'answered':
        void answer(rec, recovery.answer)
        return
      case 'answer-of-another':
        answerOfAnother(rec, recovery.by, true)
        return
      case 'answered-ended':
        markedAway(rec, recovery.referred)
        // completed once confirmed: a complete before the confirm would find the reservation still pending
        void answer(rec, recovery.answer).then(() => {
          if (rec.view.state === 'talking') endGone(rec, 'completed')
        })
        return
      case 'no-answer':
        // its leg named as the live event names it: an old leg may still talk under the same caller tag
        onNoAnswer({ callid: rec.view.callId, ftag: rec.ftag, leg: rec.leg, ...recovery })
        return
      case 'unrung':
        // the phone never rang: the offer is taken back (the agent keeps its state) and the router's next answer
        // rings the INVITE Kamailio still holds
        rec.tindex = recovery.tindex
        rec.tlabel = recovery.tlabel
        rec.ringLinkDrops = undefined
        book.update(rec, { state: 'queued' }, ['agent', 'offeredAt'])
        if (rec.withdrawnRing) {
          // withdrawn already (the check before its reservation ran out): the offer held now is the router's
          // current one, so it rings at once; withdrawing it too would only make the router offer again
          rec.withdrawnRing = undefined
          const next = outage.take(rec)
          if (next) resume(rec, next)
          return
        }
        withdrawReservation(
          { router: options.router, log },
          rec,
          'the ring was lost with the Kamailio link: the phone never rang',
        )
        return
      case 'still-ringing':
        return
      case 'completed':
        markedAway(rec, recovery.referred)
        endGone(rec, recovery.kind)
        return
      case 'abandoned':
        endGone(rec, recovery.kind)
        return
      default:
        assertNever(recovery, 'recovery')
    }
  }

  const commands = createCallCommands({
    book,
    router: options.router,
    sipDomain: options.sipDomain,
    log,
    send: (message) => send(message),
    hangUp,
    timeoutMs: options.commandTimeoutMs ?? 15_000,
    byeGiveUpMs: options.byeGiveUpMs ?? 5000,
    timers,
  })

  const callerHolds = options.callerHolds
  const holds = createCallHold({
    book,
    now,
    timers,
    log,
    agentSdp: options.agentSdp,
    legAgentSdp: options.legAgentSdp,
    // a host giving only the whole table (the older option) keeps the link-back settle: one leg read from it
    callerHold: options.callerHold ?? (callerHolds && ((key) => callerHolds().then((held) => held.get(key)))),
    send: (message) => send(message),
    timeoutMs: options.commandTimeoutMs ?? 15_000,
  })

  /**
   * Takes back the offers ringing `agent`'s phone (the agent logged out or was signed out): each reservation withdrawn first (the router
   * puts the call back in its place in line, its priority and wait kept; the agent's state is the caller's to set),
   * then Kamailio cancels the ring (`unring`); its 487 comes back as a `no-answer` taken as a withdrawn ring's (no
   * RONA), and the router's next answer rings then. A phone whose answer reached Kamailio before the `unring` keeps the
   * call (the router is told, as after any withdrawn ring); one crossing the CANCEL is ended by Kamailio (ACK, BYE), and
   * the ring comes back as a 408 `no-answer` once tm gives its branch up (fr_timer, 5 s: no 487 follows a 200). A call dialled straight to the agent has no line to go back
   * to: its ring is cancelled all the same and its caller hears 480 (direct-calls.ts `withdrawn`).
   */
  function withdrawRings(agent: string, note: string): string[] {
    const withdrawn: string[] = []
    for (const rec of book.openRecords()) {
      if (rec.view.agent !== agent || rec.view.state !== 'ringing' || rec.withdrawnRing) continue
      if (!rec.direct) withdrawReservation({ router: options.router, log }, rec, note)
      rec.withdrawnRing = true
      withdrawn.push(rec.view.interaction)
      try {
        send({ action: 'unring', callid: rec.view.callId, ftag: rec.ftag })
      } catch (error) {
        // the ring ends at its ring-no-answer then, taken as withdrawn all the same
        log('Kamailio link down: a withdrawn ring goes on until its ring-no-answer', {
          interaction: rec.view.interaction,
          agent,
          error: (error as Error).message,
        })
      }
    }
    if (withdrawn.length > 0) log('ringing offers withdrawn', { agent, interactions: withdrawn, note })
    return withdrawn
  }

  /** A transfer waits for a hold or retrieve in progress: a REFER crossing a re-INVITE may be refused (491). */
  function transfer(callId: string, to: string, agent?: string): Promise<void> {
    const rec = book.talking(callId, { agent })
    if (rec && holds.busy(rec))
      return Promise.reject(
        new CallRefusedError(
          'A hold or retrieve of this call is still waiting for the caller: transfer once it is done',
        ),
      )
    return commands.transfer(callId, to, agent)
  }

  const handlers: Record<string, (m: Record<string, unknown>) => void> = {
    invite: (m) => void onInvite(m),
    'no-answer': onNoAnswer,
    answered: onAnswered,
    cancel: ends.onCancel,
    timeout: ends.onTimeout,
    taken: takeover.onTaken,
    'not-taken': takeover.onNotTaken,
    'bridge-gone': (m) => {
      takeover.bridgeGone(m)
      agentCalls?.bridgeGone(str(m.bridge))
    },
    bye: ends.onBye,
    released: commands.onReleased,
    'agent-bye': commands.onAgentBye,
    'refer-failed': commands.onReferFailed,
    reinvited: holds.onReinvited,
    hello: (m) => {
      log('Kamailio sends this bridge its calls', { bridge: m.bridge, bridges: m.bridges, config: m.config })
      // on each connection: a rolling upgrade may have brought this bridge up before its Kamailio's config
      const warning = kamailioConfigWarning(m)
      if (warning) log(warning, { config: m.config ?? null, needs: KAMAILIO_CONFIG_VERSION })
    },
  }

  return {
    onKamailio(message) {
      const event = str(message.event)
      const handler = handlers[event]
      if (!handler) {
        log('unknown Kamailio event', message)
        return
      }
      // a call another bridge took, sent here once that bridge is gone (kamailio.cfg's OWNER): a ringing one's
      // answer or ring-no-answer comes with its INVITE, and is acted on once the call is opened here
      const foreign = !NOT_A_CALLS_EVENT.has(event) && !book.knows(str(message.callid))
      const ringing = event === 'answered' || event === 'no-answer'
      if (foreign && !(ringing && takeover.adoptRinging(message))) adopted.onEvent(message)
      else handler(message)
    },
    onRouterEvent: routerEvents.onRouterEvent,
    readServeLimits: () => limits.read(),
    serveReconnected() {
      void limits.read()
      capabilities.forget()
      for (const listener of serveListeners) listener()
    },
    connect(next, status) {
      send = next
      linkStatus = status
    },
    linkDown: (reason) => outage.linkDown(reason),
    linkUp,
    stop: () => wrapUps?.stop(),
    takeOver: (callId) => (book.knows(callId) ? Promise.resolve(undefined) : takeover.takeTalking(callId)),
    // without Kamailio's tables (no RPC) nothing names a gone bridge's calls of this agent
    takeOverAgentCalls: (agent) =>
      agentCalls ? agentCalls.arrive(agent) : Promise.resolve({ taken: [], left: [] }),
    release: commands.release,
    transfer,
    hold: holds.hold,
    retrieve: holds.retrieve,
    withdrawRings,
    calls: () => book.views(),
    ...(wrapUps === undefined
      ? {}
      : {
          wrapUps: (agent: string) => wrapUps.views(agent),
          onWrapUp: wrapUps.listen,
          wrapUp: wrapUps.done,
          endWrapUps: wrapUps.loggedOut,
        }),
    onCall: (listener) => book.listen(listener),
    onAgentNotice: (listener) => notices.listen(listener),
    onAgentStateChanged(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    onServeReconnected(listener) {
      serveListeners.add(listener)
      return () => serveListeners.delete(listener)
    },
    onServeCapabilitiesChanged(listener) {
      capabilityListeners.add(listener)
      return () => capabilityListeners.delete(listener)
    },
    figures(): BridgeFigures {
      const r = outage.reconciled()
      return {
        ...book.figures(),
        ...counts,
        ...direct.counts(),
        ...commands.counts(),
        ...outage.counts(),
        ...adopted.counts(),
        ...takeover.counts(),
        agentCallsAskedAgain: agentCalls?.counts().agentCallsAskedAgain ?? 0,
        ...ends.counts(),
        reconciledAbandoned: r.abandoned,
        reconciledCompleted: r.completed,
        reconciledUnknown: r.unknown,
        reconciledAnswered: r.answered,
        reconciledRonas: r.ronas,
        reconciledWithdrawn: r.withdrawn,
        reconciledUnrung: r.unrung,
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
        reservationTimeoutMs: limits.reservationTimeoutMs(),
      }
    },
  }
}

export type { CallView }
