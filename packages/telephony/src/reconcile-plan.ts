// pure: what the bridge missed while its evapi link was down, from what Kamailio says of a call it knew then, and
// what to do about it (replay the lost events, or end the call as today when Kamailio cannot tell).
import { assertNever } from '@routewright/strategy-dsl'
import type { KamailioAnswer, KamailioCallEnd, KamailioCallState } from './kamailio-call-state.ts'

/** What the bridge does for one call after asking Kamailio (see the README's "Reconciling with Kamailio"). */
export type Recovery =
  /** Ringing for the bridge, talking in Kamailio: the lost `answered` is replayed (the reservation confirmed). */
  | { kind: 'answered'; answer: KamailioAnswer }
  /**
   * Ringing for the bridge, talking in Kamailio with another agent's phone (`by`: a ring before): ignored and logged
   * as the live `answered` of another agent is (bridge.ts, answerOfAnother), the ring going on.
   */
  | { kind: 'answer-of-another'; by: string }
  /**
   * Ringing for the bridge, answered and hung up since: confirmed, then completed (not abandoned); `referred`: the
   * leg's REFER mark (Kamailio's `ended`), when a transfer sent it away.
   */
  | { kind: 'answered-ended'; answer: KamailioAnswer; endedAt: number; referred?: string }
  /** Ringing for the bridge, held again in Kamailio after the agent did not answer: the live RONA path. */
  | { kind: 'no-answer'; tindex: number; tlabel: number; code: number }
  /**
   * Ringing for the bridge on a ring sent before the link dropped, held in Kamailio with no ring of that agent: the
   * ring went down with the connection and the phone never rang. The transaction is the bridge's again.
   */
  | { kind: 'unrung'; tindex: number; tlabel: number }
  /** Still ringing the agent's phone in Kamailio: its answer or ring-no-answer is still to come. */
  | { kind: 'still-ringing'; agent: string }
  /**
   * Talking for the bridge, gone from Kamailio: the agent is free (completed); `referred`: the leg's REFER mark from
   * its `ended` item, when a transfer sent it away (completed as that transfer).
   */
  | { kind: 'completed'; referred?: string }
  /**
   * Queued or ringing for the bridge, gone from Kamailio: the caller left (abandoned). `unknown`: a ringing call
   * Kamailio keeps no word of (its `ended` item expired, or Kamailio restarted): it may have been answered.
   */
  | { kind: 'abandoned'; unknown: boolean }

/** The bridge's state of a call it knew when the link came back. */
export type BridgeCallState = 'queued' | 'ringing' | 'talking'

/**
 * `held`: Kamailio's item in `calls` (undefined: gone); `end`: its `ended` item, asked only for a ringing or talking
 * call gone from `calls`; `agent`: the agent the bridge rang; `sentBeforeDrop`: that ring was written to the connection that
 * dropped. Undefined: nothing was missed, or Kamailio's word is of another ring than the bridge's (a value it cannot
 * read, another agent's ring or hold, an INVITE not rung yet when Kamailio was asked).
 */
export function planRecovery(
  bridge: BridgeCallState,
  held: KamailioCallState | undefined,
  end: KamailioCallEnd | undefined,
  agent?: string,
  sentBeforeDrop = false,
): Recovery | undefined {
  if (held === undefined) {
    const referred = end?.how === 'bye' && end.referred !== undefined ? { referred: end.referred } : {}
    if (bridge === 'talking') return { kind: 'completed', ...referred }
    if (bridge === 'queued') return { kind: 'abandoned', unknown: false }
    if (end?.how === 'bye' && end.answer && end.answer.agent === agent)
      return { kind: 'answered-ended', answer: end.answer, endedAt: end.endedAt, ...referred }
    return { kind: 'abandoned', unknown: end === undefined || end.how !== 'cancelled' }
  }
  if (bridge !== 'ringing') return undefined
  switch (held.state) {
    case 'talking': {
      const { state: _, ...answer } = held
      if (answer.agent === agent) return { kind: 'answered', answer }
      return agent === undefined ? undefined : { kind: 'answer-of-another', by: answer.agent }
    }
    case 'queued':
      // held again after this agent's ring
      if (held.lost !== undefined && held.lost.agent === agent)
        return { kind: 'no-answer', tindex: held.tindex, tlabel: held.tlabel, code: held.lost.code }
      // a ring written to the dropped connection and not rung never reached Kamailio (what it read it handled long
      // before the link was back); one sent since may not have reached it yet when it was asked
      return sentBeforeDrop ? { kind: 'unrung', tindex: held.tindex, tlabel: held.tlabel } : undefined
    case 'ringing':
      return held.agent === agent ? { kind: 'still-ringing', agent: held.agent } : undefined
    case 'unknown':
      return undefined
    default:
      return assertNever(held, 'Kamailio call state')
  }
}
