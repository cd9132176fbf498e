// A conditional agent state change (PUT /v1/agents/{id}/state with `ifState`): applied only while the agent is still
// in the state its sender saw, so a host undoing its own state never overwrites a change the agent made meanwhile.
import type { AgentState } from '@routewright/strategy-dsl'
import type { AgentEventInput } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { CommandRefusal } from './types.ts'

/**
 * The refusal when `event.agent` is not in `ifState` on the media the change applies to (`event.media`, else every
 * media the agent has: `agentMedia`); undefined when the change may go ahead.
 */
export function stateChanged(
  event: AgentEventInput,
  ifState: AgentState,
  agentMedia: readonly string[],
  book: Pick<AgentBook, 'stateFor'>,
): CommandRefusal | undefined {
  const media: ReadonlyArray<string | undefined> =
    event.media !== undefined ? [event.media] : agentMedia.length > 0 ? agentMedia : [undefined]
  for (const name of media) {
    const now = book.stateFor(event.agent, name)
    if (now === ifState) continue
    const where = name === undefined ? '' : ` for ${name}`
    return {
      ok: false,
      status: 409,
      code: 'state-changed',
      current: now,
      error: `Agent "${event.agent}" is ${now}${where}, not ${ifState}: its state changed since; "${event.state}" not applied (ifState)`,
    }
  }
  return undefined
}
