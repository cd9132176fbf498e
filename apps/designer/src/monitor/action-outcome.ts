// The line under the agent grid's action panel: the supervisor's latest action, said as pending from the click until
// serve answers it, then serve's answer. Only the latest action's answer is shown: an older one's, arriving later,
// would read as the answer to the newer click. The agents with a PUT in flight keep their row buttons disabled.
// pure: nothing here reads the clock or the network
import { assertNever } from '@routewright/strategy-dsl'
import { type AgentAction, type AgentActionResult, actionText } from './agent-actions.ts'

/** What the line says about the latest action: serve's answer (`ok`), or none yet (`ok` absent: pending). */
export interface ActionOutcome {
  agent: string
  text: string
  ok?: boolean
}

/** The supervisor's actions as the grid shows them. */
export interface ActionsState {
  /** The number of the latest action started (0: none). */
  latest: number
  outcome: ActionOutcome | null
  /** The agents with an action sent and not yet answered. */
  sending: ReadonlySet<string>
}

export const NO_ACTIONS: ActionsState = { latest: 0, outcome: null, sending: new Set() }

export type ActionsEvent =
  | { type: 'started'; seq: number; agent: string; action: AgentAction }
  | { type: 'answered'; seq: number; agent: string; action: AgentAction; result: AgentActionResult }

/** The words while serve has not answered `action` for `agent` yet. */
export function pendingText(agent: string, action: AgentAction): string {
  return action.state === 'logged-out' ? `Logging ${agent} out…` : `Making ${agent} ${actionText(action)}…`
}

/** The words for what serve answered to `action` for `agent`. */
export function outcomeOf(agent: string, action: AgentAction, result: AgentActionResult): ActionOutcome {
  return result.ok
    ? {
        agent,
        ok: true,
        text: `Sent: ${agent} ${actionText(action)}. The grid shows it once serve streams it.`,
      }
    : { agent, ok: false, text: `Could not make ${agent} ${actionText(action)}: ${result.error}` }
}

/** The state after `event`; an answer to an action older than the latest one leaves the line as it is. */
export function actionsTransition(state: ActionsState, event: ActionsEvent): ActionsState {
  const sending = new Set(state.sending)
  switch (event.type) {
    case 'started':
      sending.add(event.agent)
      return {
        latest: event.seq,
        outcome: { agent: event.agent, text: pendingText(event.agent, event.action) },
        sending,
      }
    case 'answered':
      sending.delete(event.agent)
      return {
        latest: state.latest,
        outcome:
          event.seq === state.latest ? outcomeOf(event.agent, event.action, event.result) : state.outcome,
        sending,
      }
    default:
      return assertNever(event, 'agent action event')
  }
}
