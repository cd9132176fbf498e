// After the evapi link comes back (or before a ringing call's reservation runs out while it is down): what Kamailio
// says of each call the bridge knew, the recovery planned for it (reconcile-plan.ts), handed to the bridge, and the
// counts of it.
import type { CallRecord } from './call-book.ts'
import type { KamailioCallEnd, KamailioCallState } from './kamailio-call-state.ts'
import { heldCallKey, legCallKey, shadowedLegEndKey } from './kamailio-rpc.ts'
import { type BridgeCallState, planRecovery, type Recovery } from './reconcile-plan.ts'

/** The last reconciliation, for /telephony/health. */
export interface ReconcileStatus {
  /** When it was asked for (ms since the epoch). */
  at: number
  state: 'running' | 'done' | 'failed'
  /** Calls the bridge knew before the link came back, and of those, the ones Kamailio no longer holds. */
  checked?: number
  gone?: number
  error?: string
}

/** What the bridge's health shows of reconciliations. */
export interface ReconcileHealth {
  /** Calls ended at the router because Kamailio no longer held them: queued or ringing (abandoned), talking. */
  abandoned: number
  completed: number
  /** Of `abandoned`: ringing calls Kamailio kept no word of (answered meanwhile or not: it cannot tell). */
  unknown: number
  /** Answers lost while the link was down, confirmed from Kamailio's word (of those ended since: in `completed`). */
  answered: number
  /** Ring-no-answers lost while the link was down, taken the live RONA path. */
  ronas: number
  /** Reservations withdrawn before they ran out while the link was down, the phone still ringing or unknown. */
  withdrawn: number
  /** Rings lost with the dropped connection (Kamailio never rang the phone): rung again on the router's next word. */
  unrung: number
  /** Reconciliations that could not ask Kamailio (its JSON-RPC down or refusing). */
  failures: number
  last: ReconcileStatus | null
}

export interface ReconcilerOptions {
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** The calls Kamailio holds now (BridgeOptions.heldCalls). */
  heldCalls: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * A transfer's old legs still talking beside a later leg under the caller's same tag (BridgeOptions.heldLegCalls, by
   * `<Call-ID>|<leg>`): such a leg missing there and with no `ended` item ended unheard. Without it (or its dump
   * failing: a config before 7) such a leg talks on.
   */
  heldLegCalls?: (() => Promise<ReadonlyMap<string, KamailioCallState>>) | undefined
  /**
   * The callers' legs Kamailio keeps on hold, since when (BridgeOptions.callerHolds, by `<Call-ID>|<leg>`): each
   * talking leg is set held or not as it says. Without it (or its dump failing) the bridge keeps its own word.
   */
  callerHolds?: (() => Promise<ReadonlyMap<string, number>>) | undefined
  /** How a call Kamailio no longer holds ended (BridgeOptions.callEnd); without it, ringing calls gone are unknown. */
  callEnd?: ((key: string) => Promise<KamailioCallEnd | undefined>) | undefined
  /** Does what `recovery` says for `rec` (the bridge's handlers: the same paths as the live events). */
  recover: (rec: CallRecord, recovery: Recovery) => void
  /** Sets a talking leg held since `heldAt`, or not held (undefined), as Kamailio says. */
  holdFromKamailio?: ((rec: CallRecord, heldAt: number | undefined) => void) | undefined
  /** Takes the reservation of a ringing call back from the router (the phone's outcome not known in time). */
  withdraw: (rec: CallRecord, why: string) => void
}

export interface Reconciler {
  /**
   * Asks Kamailio, then recovers each call of `known` (open when the link came back) whose events were lost;
   * `drops`: the link's drops so far (a ring sent before the last one may have gone down with it).
   */
  run(known: CallRecord[], drops: number): Promise<void>
  /**
   * The link is still down and `rec`'s reservation is about to run out: its answer is confirmed, its ring-no-answer
   * taken, its end told, from Kamailio's word; still ringing, or Kamailio not to be asked, its reservation is
   * withdrawn (the agent keeps its state: an outage is not the agent's doing).
   */
  beforeReservationEnds(rec: CallRecord, drops: number): Promise<void>
  health(): ReconcileHealth
}

const bridgeState = (rec: CallRecord): BridgeCallState | undefined =>
  rec.view.state === 'ended' ? undefined : rec.view.state
/** What a recovery depends on of the bridge's call: one that changed since Kamailio was asked is left alone. */
const snapshot = (rec: CallRecord) => `${rec.view.state}|${rec.view.agent ?? ''}|${rec.tindex ?? ''}`
/** `rec`'s ring was written to a connection that dropped since (`drops`: the link's drops so far). */
const sentBefore = (rec: CallRecord, drops: number) =>
  !rec.direct && rec.view.state === 'ringing' && rec.ringLinkDrops !== undefined && rec.ringLinkDrops < drops

/** Nothing reconciled yet: a new reconciler's counts, and the health of a bridge that cannot ask Kamailio. */
export function noReconciles(): ReconcileHealth {
  return {
    abandoned: 0,
    completed: 0,
    unknown: 0,
    answered: 0,
    ronas: 0,
    withdrawn: 0,
    unrung: 0,
    failures: 0,
    last: null,
  }
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { now, log, heldCalls, heldLegCalls, callerHolds, callEnd, recover, withdraw } = options
  const counts = noReconciles()

  /**
   * Kamailio's `ended` item for a ringing or talking call gone from `calls` (answered meanwhile; a leg REFERed away);
   * a failure counts as no word of it.
   */
  async function endOf(rec: CallRecord, key: string): Promise<KamailioCallEnd | undefined> {
    if (!callEnd || (rec.view.state !== 'ringing' && rec.view.state !== 'talking')) return undefined
    return callEnd(key).catch((error: Error) => {
      log('Kamailio link back: could not ask Kamailio how a call ended', {
        interaction: rec.view.interaction,
        error: error.message,
      })
      return undefined
    })
  }

  function count(recovery: Recovery): void {
    if (recovery.kind === 'answered') counts.answered++
    else if (recovery.kind === 'answered-ended') {
      counts.answered++
      counts.completed++
    } else if (recovery.kind === 'no-answer') counts.ronas++
    else if (recovery.kind === 'unrung') counts.unrung++
    else if (recovery.kind === 'completed') counts.completed++
    else if (recovery.kind === 'abandoned') {
      counts.abandoned++
      if (recovery.unknown) counts.unknown++
    }
  }

  /**
   * The recovery of each call of `known` still as it was when Kamailio was asked (`asked`: snapshots then), from
   * Kamailio's word; the apply loop checks each again, as a `recover` may change others. `legs`: Kamailio's
   * `legcalls`, undefined when not read.
   */
  async function plan(
    known: readonly CallRecord[],
    asked: ReadonlyMap<CallRecord, string>,
    held: ReadonlyMap<string, KamailioCallState>,
    drops: number,
    legs?: ReadonlyMap<string, KamailioCallState>,
  ) {
    const planned: Array<{ rec: CallRecord; recovery: Recovery }> = []
    for (const rec of known) {
      const key = heldCallKey(rec.view.callId, rec.ftag)
      const talking = rec.view.state === 'talking'
      // an earlier leg Kamailio keeps beside a later one talks on, whatever that leg did since: the `calls` and
      // `ended` items under the shared key are the later leg's when the caller kept its From tag
      if (talking && legs?.has(legCallKey(rec.view.callId, rec.leg))) continue
      // a later leg that kept the caller's tag holds the key: Kamailio's `calls` item is that leg's, and this one's
      // end, when it came, is its own `ended` item
      const shadowed = talking && known.some((r) => laterLegOf(rec, r))
      const kamailio = shadowed ? undefined : held.get(key)
      const ownEnd = shadowedLegEndKey(rec.view.callId, rec.ftag, rec.leg)
      // a talking leg gone from `calls` may be an earlier leg that ended after the later one under its tag: its own
      // `ended` item first (config 11), as the shared key's is that later leg's
      const end = shadowed
        ? await endOf(rec, ownEnd)
        : kamailio === undefined
          ? ((talking ? await endOf(rec, ownEnd) : undefined) ?? (await endOf(rec, key)))
          : undefined
      // no word of a shadowed leg's end and `legcalls` not read: it talks on; read (the leg not in it), it ended
      // unheard (its `ended` item expired in a long outage) and is completed
      if (shadowed && end === undefined && !legs) continue
      // the call moved on since Kamailio was asked (an event heard, a router answer sent): its word is older
      const state = bridgeState(rec)
      if (!state || snapshot(rec) !== asked.get(rec)) continue
      const recovery = planRecovery(state, kamailio, end, rec.view.agent, sentBefore(rec, drops))
      if (recovery) planned.push({ rec, recovery })
    }
    return planned
  }
  /** `other` is a later leg of `rec`'s Call-ID under the same caller tag. */
  const laterLegOf = (rec: CallRecord, other: CallRecord) =>
    other.view.callId === rec.view.callId && other.ftag === rec.ftag && other.leg > rec.leg
  const snapshots = (known: readonly CallRecord[]) => new Map(known.map((rec) => [rec, snapshot(rec)]))

  function apply(rec: CallRecord, recovery: Recovery): void {
    log('Kamailio link back: an event lost while the link was down is recovered from Kamailio', {
      interaction: rec.view.interaction,
      state: rec.view.state,
      agent: rec.view.agent,
      recovery: recovery.kind,
      ...('unknown' in recovery && recovery.unknown ? { unknown: true } : {}),
    })
    count(recovery)
    recover(rec, recovery)
  }

  return {
    async run(known, drops) {
      const status: ReconcileStatus = { at: now(), state: 'running', checked: known.length }
      counts.last = status
      const asked = snapshots(known)
      // re-INVITEs sent so far per leg: one sent since Kamailio was asked has newer word of the hold
      const reinvites = new Map(known.map((rec) => [rec, rec.reinvites ?? 0]))
      let held: ReadonlyMap<string, KamailioCallState>
      // a config before 7 has no `legcalls` (its dump fails): shadowed legs then talk on as before
      const legs = heldLegCalls?.().catch(() => undefined)
      // a hold's or retrieve's answer lost with the link: Kamailio kept whether the caller is held
      const holds = callerHolds?.().catch((error: Error) => {
        log(
          'Kamailio link back: could not ask Kamailio which callers are on hold; the bridge keeps its word',
          {
            error: error.message,
          },
        )
        return undefined
      })
      try {
        held = await heldCalls()
      } catch (error) {
        counts.failures++
        status.state = 'failed'
        status.error = (error as Error).message
        log(
          'Kamailio link back: could not ask Kamailio which calls it holds; calls whose end was lost stay open',
          { error: status.error, calls: known.length },
        )
        return
      }
      const planned = await plan(known, asked, held, drops, await legs)
      let gone = 0
      for (const { rec, recovery } of planned) {
        // its events come live now; or the call moved on while Kamailio was asked of another
        if (recovery.kind === 'still-ringing' || snapshot(rec) !== asked.get(rec)) continue
        if (
          recovery.kind === 'completed' ||
          recovery.kind === 'abandoned' ||
          recovery.kind === 'answered-ended'
        )
          gone++
        apply(rec, recovery)
      }
      const holding = await holds
      // a talking leg as it was when Kamailio was asked (a hold sent since is newer word)
      if (holding && options.holdFromKamailio)
        for (const rec of known)
          if (
            rec.view.state === 'talking' &&
            snapshot(rec) === asked.get(rec) &&
            (rec.reinvites ?? 0) === reinvites.get(rec)
          )
            options.holdFromKamailio(rec, holding.get(legCallKey(rec.view.callId, rec.leg)))
      status.state = 'done'
      status.gone = gone
    },
    async beforeReservationEnds(rec, drops) {
      const asked = snapshots([rec])
      let held: ReadonlyMap<string, KamailioCallState>
      try {
        held = await heldCalls()
      } catch (error) {
        counts.failures++
        counts.withdrawn++
        withdraw(rec, `Kamailio could not be asked (${(error as Error).message})`)
        return
      }
      const [planned] = await plan([rec], asked, held, drops)
      if (!planned) return
      if (planned.recovery.kind === 'still-ringing') {
        counts.withdrawn++
        withdraw(rec, "the agent's phone still rang")
      } else apply(rec, planned.recovery)
    },
    health: () => ({ ...counts, last: counts.last === null ? null : { ...counts.last } }),
  }
}
