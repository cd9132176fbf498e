// What the bridge does about its evapi link to Kamailio going down and coming back: the router answers held while it
// is down (sent, or withdrawn when too old), the ringing calls whose reservation would run out meanwhile, and the
// reconciliation with Kamailio's word once it is back. The call book owns the calls; this owns the held answers.
import type { CallRecord } from './call-book.ts'
import type { KamailioCallEnd, KamailioCallState } from './kamailio-call-state.ts'
import { createReconciler, noReconciles, type ReconcileHealth } from './reconcile.ts'
import type { Recovery } from './reconcile-plan.ts'
import type { RouterClient } from './router-client.ts'
import { type Timers, unrefTimer } from './timers.ts'
import { withdrawReservation } from './withdraw-reservation.ts'

/** What the router decided for a held INVITE: ring an agent, or a final reply to the caller. */
/**
 * Ring `agent` (chosen from `queue`'s `target`, for the screen pop), or answer the caller with a final reply (with
 * `headers`, lines each ending CRLF, added to it).
 */
export type ResumeAnswer =
  | { agent: string; queue?: string | undefined; target?: string | undefined }
  | { code: number; reason: string; headers?: string | undefined }

export interface LinkOutageOptions {
  router: RouterClient
  now: () => number
  /** The bridge's timers: the checks before a ringing call's reservation runs out wait on them. */
  timers: Timers
  log: (message: string, fields?: Record<string, unknown>) => void
  /** The calls not ended yet (the call book's). */
  openCalls: () => CallRecord[]
  /** BridgeOptions.heldAnswerMaxAgeMs, reservationLeadMs, heldCalls, heldLegCalls, callerHolds, callEnd. */
  heldMaxAgeMs: number
  /** The router's reservation timeout now (serve's limit once read: serve-limits.ts). */
  reservationTimeoutMs: () => number
  reservationLeadMs: number
  heldCalls?: (() => Promise<ReadonlyMap<string, KamailioCallState>>) | undefined
  heldLegCalls?: (() => Promise<ReadonlyMap<string, KamailioCallState>>) | undefined
  callerHolds?: (() => Promise<ReadonlyMap<string, number>>) | undefined
  callEnd?: ((key: string) => Promise<KamailioCallEnd | undefined>) | undefined
  /** Sends a router answer to Kamailio (the bridge's resume: held here again if the link is still down). */
  resume: (rec: CallRecord, answer: ResumeAnswer) => void
  /** Replays what Kamailio says the bridge missed (the bridge's live event paths). */
  recover: (rec: CallRecord, recovery: Recovery) => void
  /** Sets a talking leg held since `heldAt`, or not held (undefined), as Kamailio says (call-hold.ts's `fromKamailio`). */
  holdFromKamailio: (rec: CallRecord, heldAt: number | undefined) => void
}

export interface LinkOutage {
  /** A router answer that could not be sent: the latest per call waits for the link (`counted`: a send failed). */
  hold(rec: CallRecord, answer: ResumeAnswer, counted?: boolean): void
  /** The answer waiting for `rec`, taken out of the waiting ones. */
  take(rec: CallRecord): ResumeAnswer | undefined
  forget(rec: CallRecord): void
  /** `rec` ended: its held answer goes, unless it is a final reply its INVITE still waits for (a `tindex`). */
  ended(rec: CallRecord): void
  linkDown(reason: string): void
  linkUp(downMs: number): void
  counts(): { linkDrops: number; linkReconnects: number; resumesHeld: number; resumesStale: number }
  waiting(): number
  reconciled(): ReconcileHealth
}

export function createLinkOutage(options: LinkOutageOptions): LinkOutage {
  const { router, now, timers, log } = options
  const held = new Map<CallRecord, { answer: ResumeAnswer; at: number }>()
  const counts = { linkDrops: 0, linkReconnects: 0, resumesHeld: 0, resumesStale: 0 }
  let downSince: number | undefined
  /** Checks of ringing calls before their reservation runs out while the link is down. */
  const checks = new Set<unknown>()

  /** A ringing call's offer taken back: a later routed answer waits for Kamailio to hand its INVITE back. */
  function withdrawRing(rec: CallRecord, why: string): void {
    rec.withdrawnRing = true
    const downS = Math.round((now() - (downSince ?? now())) / 1000)
    log('Kamailio link down: a ringing call is withdrawn before its reservation runs out', {
      interaction: rec.view.interaction,
      agent: rec.view.agent,
      reservation: rec.reservation,
      why,
    })
    withdrawReservation(
      { router, log },
      rec,
      `the Kamailio link was down ${downS} s while the phone rang; ${why}`,
    )
  }
  const reconciler =
    options.heldCalls &&
    createReconciler({
      now,
      log,
      heldCalls: options.heldCalls,
      heldLegCalls: options.heldLegCalls,
      callerHolds: options.callerHolds,
      callEnd: options.callEnd,
      recover: options.recover,
      holdFromKamailio: options.holdFromKamailio,
      withdraw: withdrawRing,
    })

  /** Before `rec`'s reservation runs out in the router: its phone's fate from Kamailio, or withdrawn. */
  function beforeReservationEnds(rec: CallRecord): void {
    if (downSince === undefined || rec.view.state !== 'ringing' || rec.withdrawnRing) return
    if (reconciler) void reconciler.beforeReservationEnds(rec, counts.linkDrops)
    else withdrawRing(rec, 'Kamailio cannot be asked (no heldCalls)')
  }

  /**
   * An answer ringing an agent was held too long (the link back after its age limit, or still down when the router's
   * reservation is about to run out): ringing the phone now could reach an agent the router no longer holds. It is
   * withdrawn instead (the phone never rang: the agent keeps its state) and the router routes the call again (its
   * next `routed` event rings the INVITE still held in Kamailio, or is held in turn).
   */
  function rejectStale(rec: CallRecord, agent: string, ageMs: number): void {
    const link = downSince === undefined ? 'Kamailio link back' : 'Kamailio link still down'
    counts.resumesStale++
    log(
      `${link}: a held answer is too old to ring; its reservation is withdrawn for the router to route again`,
      {
        interaction: rec.view.interaction,
        agent,
        reservation: rec.reservation,
        ageMs,
        maxAgeMs: options.heldMaxAgeMs,
      },
    )
    withdrawReservation(
      { router, log },
      rec,
      `the answer was held ${Math.round(ageMs / 1000)} s while the Kamailio link was down; the phone never rang`,
    )
  }

  /** Runs `check` just before `rec`'s reservation (made at its routed event) would run out in the router. */
  function beforeTimeout(rec: CallRecord, check: () => void): void {
    const delay = (rec.routedAt ?? now()) + options.reservationTimeoutMs() - options.reservationLeadMs - now()
    const timer = timers.setTimeout(
      () => {
        checks.delete(timer)
        if (downSince !== undefined) check()
      },
      Math.max(0, delay),
    )
    // a check is for a bridge still running: it does not keep a stopping process alive
    unrefTimer(timer)
    checks.add(timer)
  }

  return {
    hold(rec, answer, counted = true) {
      if (counted && !held.has(rec)) counts.resumesHeld++
      const entry = { answer, at: now() }
      held.set(rec, entry)
      // the phone never rang for it (a withdrawn ring's newer offer too: its INVITE is Kamailio's): withdrawn
      // before the router's timeout would make the agent not ready
      if ('agent' in answer && !rec.direct && downSince !== undefined)
        beforeTimeout(rec, () => {
          if (held.get(rec) !== entry) return
          held.delete(rec)
          rejectStale(rec, answer.agent, now() - entry.at)
        })
    },
    take(rec) {
      const entry = held.get(rec)
      held.delete(rec)
      return entry?.answer
    },
    forget: (rec) => held.delete(rec),
    ended(rec) {
      // with no INVITE to answer, linkUp would skip it for ever (a withdrawn ring's answer, its caller gone)
      if (rec.tindex === undefined) held.delete(rec)
    },
    linkDown(reason) {
      counts.linkDrops++
      downSince = now()
      log("Kamailio link down: redialling; Kamailio's events until it is back are lost", { reason })
      for (const rec of options.openCalls())
        if (rec.view.state === 'ringing' && !rec.direct && rec.routedAt !== undefined)
          beforeTimeout(rec, () => beforeReservationEnds(rec))
    },
    linkUp(downMs) {
      counts.linkReconnects++
      downSince = undefined
      for (const check of checks) timers.clearTimeout(check)
      checks.clear()
      log('Kamailio link back', { downMs, resumesWaiting: held.size })
      // the calls known now: one whose INVITE comes after this is not in a listing asked for below
      const known = options.openCalls()
      for (const [rec, { answer, at }] of [...held]) {
        // a withdrawn ring's next answer waits for Kamailio to hand its INVITE back (reconciled below)
        if (rec.tindex === undefined) continue
        const ageMs = now() - at
        if ('agent' in answer && !rec.direct && ageMs > options.heldMaxAgeMs) {
          held.delete(rec)
          rejectStale(rec, answer.agent, ageMs)
        } else options.resume(rec, answer) // sent: forgotten here; the link down again: held again
      }
      if (reconciler) void reconciler.run(known, counts.linkDrops)
    },
    counts: () => ({ ...counts }),
    waiting: () => held.size,
    reconciled: () => reconciler?.health() ?? noReconciles(),
  }
}
