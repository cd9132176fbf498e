// A conditional agent state change (PUT /v1/agents/{id}/state with `ifState`, `ifReason`): applied only while the
// agent is still in the state (and reason) its sender saw, so a host undoing its own state never overwrites a change
// the agent made meanwhile.
import type { AgentState } from '@routewright/strategy-dsl'
import type { AgentEventInput } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { CommandRefusal } from './types.ts'

/** What a conditional change expects of the agent now: its state, its reason (either or both). */
export interface AgentStateCondition {
  ifState?: AgentState | undefined
  ifReason?: string | undefined
}

/**
 * The refusal when `event.agent` is not in `ifState`, or holds another reason than `ifReason`, on the media the change
 * applies to (`event.media`, else every media the agent has: `agentMedia`); undefined when the change may go ahead.
 */
export function stateChanged(
  event: AgentEventInput,
  condition: AgentStateCondition,
  agentMedia: readonly string[],
  book: Pick<AgentBook, 'stateFor' | 'reasonFor'>,
): CommandRefusal | undefined {
  const { ifState, ifReason } = condition
  const media: ReadonlyArray<string | undefined> =
    event.media !== undefined ? [event.media] : agentMedia.length > 0 ? agentMedia : [undefined]
  for (const name of media) {
    const now = book.stateFor(event.agent, name)
    const reason = book.reasonFor(event.agent, name)
    const stateDiffers = ifState !== undefined && now !== ifState
    if (!stateDiffers && (ifReason === undefined || reason === ifReason)) continue
    const where = name === undefined ? '' : ` for ${name}`
    // reasons are the host's text: quoted, as a control character in one must not reach a log line raw
    const error = stateDiffers
      ? `Agent "${event.agent}" is ${now}${where}, not ${ifState}: its state changed since; "${event.state}" not applied (ifState)`
      : `Agent "${event.agent}" is ${now}${where} with reason ${reason === undefined ? 'none' : JSON.stringify(reason)}, not ${JSON.stringify(ifReason)}: its state changed since; "${event.state}" not applied (ifReason)`
    return {
      ok: false,
      status: 409,
      code: 'state-changed',
      current: now,
      // asked for by the condition only: an ifState alone answers as it always did
      ...(ifReason === undefined ? {} : { currentReason: reason ?? null }),
      error,
    }
  }
  return undefined
}
