// pure: after the evapi link comes back, which of the calls the bridge knew before it are gone from Kamailio (their
// end was told while the link was down, and evapi keeps no queue): those the bridge ends at the router.
import type { CallRecord } from './call-book.ts'
import { heldCallKey } from './kamailio-rpc.ts'

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
  /** Reconciliations that could not ask Kamailio (its JSON-RPC down or refusing). */
  failures: number
  last: ReconcileStatus | null
}

/**
 * The calls of `known` (open when the link came back) that are still open and that Kamailio does not hold: a call
 * opened after that moment is not among `known`, so one Kamailio listed before its INVITE reached the bridge is
 * never taken for gone.
 */
export function callsGone(known: readonly CallRecord[], held: ReadonlySet<string>): CallRecord[] {
  return known.filter(
    (rec) => rec.view.state !== 'ended' && !held.has(heldCallKey(rec.view.callId, rec.ftag)),
  )
}
