// The bridge's calls: one record per leg (a transferred call's next INVITE keeps its Call-ID and is a new leg),
// their views for the desktop, listeners, waiters for a dialog's end, and the figures of a run. An ended leg is
// kept ENDED_LEG_KEEP_MS, then forgotten: a bridge that runs for weeks holds the calls of the last minutes only.
import type { CallView } from './call-control.ts'
import { attachedStrings } from './sip-messages.ts'
import type { Timers } from './timers.ts'

export type Outcome = 'answered' | 'abandoned' | 'other'

export interface CallRecord {
  view: CallView
  /** 1 for the first INVITE of a Call-ID, 2 after a transfer, ... */
  leg: number
  ftag: string
  callerFrom: string
  /** The caller's Contact: a REFER goes there. */
  contact: string
  direct: boolean
  /** A direct call the router was told of on its answer (submitted as connected to the agent): completed at its end. */
  connected?: boolean
  /** That submit, while under way. */
  connecting?: Promise<void> | undefined
  /**
   * The router's data of this leg's interaction, replaced whole by each `data-attached` event (or a takeover's read)
   * so a key the strategy removed is gone; never merged.
   */
  data: Record<string, unknown>
  /**
   * The leg's own keys, the bridge's and never the router's: the previous leg's data after a transfer with its
   * TransferredFrom, a TransferFailed, a takeover's `legdata`. Kept whatever the router's data becomes.
   */
  legData: Record<string, unknown>
  /** The suspended transaction while the router decides. */
  tindex?: number | undefined
  tlabel?: number | undefined
  routedAt?: number
  /** Its routed event's time in the router's clock: a late confirm's answer time is never before it. */
  offeredAt?: number | undefined
  /** The link's drops when this ring was sent to Kamailio: one sent before a later drop may have gone down with it. */
  ringLinkDrops?: number | undefined
  /** The reservation the agent's phone rings for (the routed event's): the answer or RONA names it. */
  reservation?: string | undefined
  /**
   * The reservation this ring was for was withdrawn while the evapi link was down (its outcome not known in time):
   * the phone's answer or ring-no-answer no longer answers the router.
   */
  withdrawnRing?: boolean | undefined
  agentTo?: string
  /** The agent's phone (the Contact of its 200 OK): a release's BYE goes there. */
  agentContact?: string
  /** The agent phone's SDP (its 200 OK's body): a hold's or retrieve's re-INVITE offers it with its direction. */
  agentSdp?: string | undefined
  /** Holds and retrieves sent in this leg: their CSeq and SDP version count up from it. */
  reinvites?: number
  /**
   * The hold or retrieve waiting for the caller's final answer; `sent` false when Kamailio answered itself, nothing
   * sent to the caller (its 491 before the caller's ACK, its 500 when t_uac_send failed). `cseq`: the re-INVITE's, which
   * Kamailio's `reinvited` names (config 12): an answer to an older one of the leg is not this one's.
   */
  reinviting?:
    | { direction: 'sendonly' | 'sendrecv'; cseq: number; done(code: number, sent: boolean): void }
    | undefined
  outcome?: Outcome
  /**
   * A blind transfer's REFER went out (to this number or agent; '' when a takeover's mark from Kamailio names none):
   * the leg's end is the transfer's, not a plain one.
   */
  transferredTo?: string | undefined
  /** The caller cancelled while the agent's phone rang: the abandon waits for a crossing answer. */
  cancelling?: unknown
  /** A release's BYEs are out: the agent is freed by this deadline if Kamailio's word of its BYE never comes. */
  byeDeadline?: unknown
  waiters: Array<{ resolve(): void; reject(error: Error): void }>
}

export interface NewCall {
  callId: string
  ftag: string
  ani: string
  dnis: string
  callerFrom: string
  contact: string
  /** The leg Kamailio counted, for a call taken over from a bridge that is gone; default the next of this Call-ID. */
  leg?: number
  /**
   * The agent the previous leg was transferred from, as Kamailio's mark of its REFER says: the next leg's
   * TransferredFrom when this bridge carried nothing for the Call-ID (the REFER was a gone bridge's).
   */
  transferredFrom?: string | undefined
}

export type CallBook = ReturnType<typeof createCallBook>

/**
 * How long an ended leg is kept: twice the minute Kamailio keeps an ended leg's tables (kamailio.cfg's "a minute
 * after it ended"), so its late events (a release's agent-bye, a crossing answer) and a transfer's next leg, which
 * comes within that minute, still find it and its carried data.
 */
export const ENDED_LEG_KEEP_MS = 120_000
/** BridgeOptions.endedLegKeepMs's bounds: under Kamailio's minute a transfer's next leg may miss its carried data. */
export const ENDED_LEG_KEEP_BOUNDS = { min: 60_000, max: 86_400_000 }

/** Throws a RangeError saying the bounds when `ms` is given and out of them (checked as the bridge is created). */
export function checkEndedLegKeep(ms: number | undefined): void {
  const { min, max } = ENDED_LEG_KEEP_BOUNDS
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= min && ms <= max))
    throw new RangeError(
      `endedLegKeepMs must be a whole number of ms from ${min} to ${max} (got ${ms}): under a minute, Kamailio's keep of an ended leg, a transfer's next leg may find its call forgotten`,
    )
}
/** The answered calls' waits kept for the figures (the last ones); their count and sum are kept for all. */
export const WAITS_KEPT = 10_000

/** The router's interaction of `leg` (1, 2, ...) of a Call-ID: a transferred call's next INVITE is a new one. */
export function legInteraction(callId: string, leg: number): string {
  return leg === 1 ? callId : `${callId}~${leg}`
}

/** What a leg carries: its own keys, then the router's data (a strategy's key of the same name is the one shown). */
export function legAttached(rec: Pick<CallRecord, 'data' | 'legData'>): Record<string, unknown> {
  return { ...rec.legData, ...rec.data }
}

export function createCallBook(
  now: () => number,
  options: {
    /** The bridge's timers (BridgeOptions.timers): a wait for a leg's end gives up on them. */
    timers: Timers
    endedKeepMs?: number
    waitsKept?: number
    /** Told each leg as it ends: what others keep for the leg goes with it (link-outage.ts's held answers). */
    onEnd?: (rec: CallRecord) => void
  },
) {
  const endedKeepMs = options.endedKeepMs ?? ENDED_LEG_KEEP_MS
  const waitsKept = options.waitsKept ?? WAITS_KEPT
  const byInteraction = new Map<string, CallRecord>()
  const byCallId = new Map<string, CallRecord[]>()
  const carried = new Map<string, Record<string, unknown>>()
  const listeners = new Set<(call: CallView) => void>()
  /** Ended legs by the time they ended, oldest first (a Map keeps the order they ended in). */
  const endedAt = new Map<CallRecord, number>()
  // up to twice waitsKept, cut back to the last waitsKept when full: no shift of the whole array per answer
  const waits: number[] = []
  const counts = { answered: 0, abandoned: 0, other: 0, open: 0, waitCount: 0, waitSeconds: 0 }

  /** Forgets the legs that ended more than endedKeepMs ago, and a Call-ID's carried data with its last leg. */
  function forgetEnded(): void {
    const before = now() - endedKeepMs
    for (const [rec, at] of endedAt) {
      if (at > before) break
      endedAt.delete(rec)
      if (byInteraction.get(rec.view.interaction) === rec) byInteraction.delete(rec.view.interaction)
      const legs = byCallId.get(rec.view.callId)?.filter((r) => r !== rec) ?? []
      if (legs.length > 0) byCallId.set(rec.view.callId, legs)
      else {
        byCallId.delete(rec.view.callId)
        carried.delete(rec.view.callId)
      }
    }
  }

  function showAttached(rec: CallRecord): void {
    rec.view.attached = attachedStrings(legAttached(rec))
    emit(rec)
  }

  function emit(rec: CallRecord): void {
    const view = { ...rec.view, attached: { ...rec.view.attached } }
    for (const listener of listeners) listener(view)
  }

  return {
    open(call: NewCall): CallRecord {
      forgetEnded()
      const legs = byCallId.get(call.callId) ?? []
      // after the last kept leg, not after the count of them: an earlier leg may be forgotten already
      const leg = call.leg ?? Math.max(0, ...legs.map((r) => r.leg)) + 1
      const legData =
        carried.get(call.callId) ??
        (call.transferredFrom === undefined ? {} : { TransferredFrom: call.transferredFrom })
      carried.delete(call.callId)
      const rec: CallRecord = {
        view: {
          callId: call.callId,
          interaction: legInteraction(call.callId, leg),
          ani: call.ani,
          dnis: call.dnis,
          state: 'queued',
          attached: Object.fromEntries(Object.entries(legData).map(([k, v]) => [k, String(v)])),
          startedAt: now(),
        },
        leg,
        ftag: call.ftag,
        callerFrom: call.callerFrom,
        contact: call.contact,
        direct: false,
        data: {},
        legData,
        waiters: [],
      }
      legs.push(rec)
      byCallId.set(call.callId, legs)
      byInteraction.set(rec.view.interaction, rec)
      counts.open++
      emit(rec)
      return rec
    },
    /** Whether any leg of this Call-ID came to this bridge (its INVITE did) and is not forgotten yet. */
    knows: (callId: string): boolean => byCallId.has(callId),
    /**
     * The leg of this Call-ID and caller tag that has not ended; leg `leg` only when Kamailio's event names one (a
     * caller that keeps its From tag across a transfer has two legs open under one tag, the old one talking).
     */
    active(callId: string, ftag: string, leg?: number): CallRecord | undefined {
      const named = leg !== undefined && Number.isInteger(leg) && leg >= 1
      return byCallId
        .get(callId)
        ?.find((r) => r.ftag === ftag && r.view.state !== 'ended' && (!named || r.leg === leg))
    },
    /**
     * The talking leg of `callId`, the one of `by.agent` or of caller tag `by.ftag` when given: a transferred call's
     * old leg may still talk (the caller's BYE not come yet) while the next leg's agent acts on the call.
     */
    talking(
      callId: string,
      by: { agent?: string | undefined; ftag?: string; leg?: number | undefined } = {},
    ): CallRecord | undefined {
      return byCallId
        .get(callId)
        ?.find(
          (r) =>
            r.view.state === 'talking' &&
            (by.agent === undefined || r.view.agent === by.agent) &&
            (!by.ftag || r.ftag === by.ftag) &&
            (by.leg === undefined || !Number.isInteger(by.leg) || by.leg < 1 || r.leg === by.leg),
        )
    },
    byInteraction: (id: string) => byInteraction.get(id),
    /** The routing point this call last dialled (a number), before any transfer to an agent by id. */
    routingPointOf(callId: string): string | undefined {
      return byCallId
        .get(callId)
        ?.map((r) => r.view.dnis)
        .findLast((dnis) => /^\d+$/.test(dnis))
    },
    /** The router's data of the leg, whole (`data-attached`, a takeover's read): the desktop and X- headers show it. */
    routerData(rec: CallRecord, data: Record<string, unknown>): void {
      rec.data = { ...data }
      showAttached(rec)
    },
    /** Adds to the leg's own keys (TransferFailed, a takeover's `legdata`), which the router's data never replaces. */
    addLegData(rec: CallRecord, keys: Record<string, unknown>): void {
      rec.legData = { ...rec.legData, ...keys }
      showAttached(rec)
    },
    update(
      rec: CallRecord,
      patch: Partial<CallView>,
      remove: ReadonlyArray<'agent' | 'answeredAt' | 'offeredAt' | 'heldAt'> = [],
    ): void {
      if (patch.answeredAt !== undefined && rec.view.answeredAt === undefined) counts.answered++
      Object.assign(rec.view, patch)
      for (const key of remove) delete rec.view[key]
      emit(rec)
    },
    answered(rec: CallRecord): void {
      const wait = ((rec.routedAt ?? rec.view.answeredAt ?? now()) - rec.view.startedAt) / 1000
      counts.waitCount++
      counts.waitSeconds += wait
      if (waits.length >= 2 * waitsKept) waits.splice(0, waits.length - waitsKept)
      waits.push(wait)
    },
    end(rec: CallRecord, outcome: Outcome): void {
      if (rec.view.state === 'ended') return
      forgetEnded()
      rec.outcome = outcome
      rec.view.state = 'ended'
      counts.open--
      if (rec.view.answeredAt === undefined && outcome !== 'answered') counts[outcome]++
      endedAt.set(rec, now())
      // a caller still on hold when the call ends: that hold counts in the leg's time on hold
      if (rec.view.held) {
        rec.view.heldMs = (rec.view.heldMs ?? 0) + now() - (rec.view.heldAt ?? now())
        rec.view.held = false
        delete rec.view.heldAt
      }
      options.onEnd?.(rec)
      emit(rec)
      for (const w of rec.waiters.splice(0)) w.resolve()
    },
    fail(rec: CallRecord, error: Error): void {
      for (const w of rec.waiters.splice(0)) w.reject(error)
    },
    /** Resolves when the leg ends; rejects after `timeoutMs`. */
    waitForEnd(rec: CallRecord, timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = options.timers.setTimeout(() => {
          rec.waiters = rec.waiters.filter((w) => w !== waiter)
          reject(new Error(`Call "${rec.view.callId}" did not end within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = {
          resolve: () => {
            options.timers.clearTimeout(timer)
            resolve()
          },
          reject: (error: Error) => {
            options.timers.clearTimeout(timer)
            reject(error)
          },
        }
        rec.waiters.push(waiter)
      })
    },
    /** The next leg of this call (after a transfer) starts with this leg's attached data. */
    carry(rec: CallRecord): void {
      carried.set(rec.view.callId, { ...legAttached(rec), TransferredFrom: rec.view.agent ?? '' })
    },
    /** Agents ringing or talking now. */
    /** The agents whose phones ring or talk for a leg (`talking` only: those on a call). */
    busyAgents(states: ReadonlyArray<CallView['state']> = ['ringing', 'talking']): Set<string> {
      const busy = new Set<string>()
      for (const rec of byInteraction.values())
        if (rec.view.agent && states.includes(rec.view.state)) busy.add(rec.view.agent)
      return busy
    },
    /** The legs not ended yet. */
    openRecords(): CallRecord[] {
      return [...byInteraction.values()].filter((r) => r.view.state !== 'ended')
    },
    /** The legs open and those ended within the last endedKeepMs. */
    views(): CallView[] {
      forgetEnded()
      return [...byInteraction.values()].map((r) => ({ ...r.view, attached: { ...r.view.attached } }))
    },
    listen(listener: (call: CallView) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Counted as legs are answered and end: forgotten legs still count. */
    figures() {
      return { ...counts, waits: waits.slice(-waitsKept) }
    },
  }
}
