// After the evapi link comes back: which of the calls the bridge knew then are gone from Kamailio (their end was told
// while the link was down, and evapi keeps no queue), ended at the router by the bridge, and the counts of it.
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

export interface ReconcilerOptions {
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** The calls Kamailio holds now (BridgeOptions.heldCalls). */
  heldCalls: () => Promise<ReadonlySet<string>>
  /** Ends a call Kamailio no longer holds at the router: `completed` when it was talking, else `abandoned`. */
  end: (rec: CallRecord, as: 'completed' | 'abandoned') => void
}

export interface Reconciler {
  /** Asks Kamailio, then ends each call of `known` (open when the link came back) it no longer holds. */
  run(known: CallRecord[]): Promise<void>
  health(): ReconcileHealth
}

export function createReconciler({ now, log, heldCalls, end }: ReconcilerOptions): Reconciler {
  const counts = { abandoned: 0, completed: 0, failures: 0 }
  let last: ReconcileStatus | null = null
  return {
    async run(known) {
      const status: ReconcileStatus = { at: now(), state: 'running', checked: known.length }
      last = status
      let kamailioHolds: ReadonlySet<string>
      try {
        kamailioHolds = await heldCalls()
      } catch (error) {
        counts.failures++
        status.state = 'failed'
        status.error = (error as Error).message
        log(
          'Kamailio link back: could not ask Kamailio which calls it holds; calls whose end was lost stay open',
          {
            error: status.error,
            calls: known.length,
          },
        )
        return
      }
      const gone = callsGone(known, kamailioHolds)
      for (const rec of gone) {
        const as = rec.view.state === 'talking' ? 'completed' : 'abandoned'
        log(
          'Kamailio link back: Kamailio no longer holds this call; its end was lost while the link was down',
          {
            interaction: rec.view.interaction,
            state: rec.view.state,
            agent: rec.view.agent,
          },
        )
        counts[as]++
        end(rec, as)
      }
      status.state = 'done'
      status.gone = gone.length
    },
    health: () => ({ ...counts, last: last === null ? null : { ...last } }),
  }
}
