// The line under the agent grid's action panel: the supervisor's latest action, said as pending from the click until
// serve answers it, then serve's answer. The line stays on the latest action: an older one's answer, arriving later,
// would read as the answer to the newer click; an older refusal is still added to it (`earlier`), as it would
// otherwise never be seen, until the next click. The agents with a PUT in flight keep their row buttons disabled until
// the last of their PUTs is answered: a count per agent, as two can be in flight for one (a panel sent while a Ready waits).
// pure: nothing here reads the clock or the network
import { assertNever } from '@routewright/strategy-dsl'
import { type AgentAction, type AgentActionResult, actionText } from './agent-actions.ts'

/** What the line says about the latest action: serve's answer (`ok`), or none yet (`ok` absent: pending). */
export interface ActionOutcome {
  agent: string
  text: string
  ok?: boolean
  /** Refusals of older actions answered while this line showed, oldest first (absent: none). */
  earlier?: readonly string[]
}

/** The supervisor's actions as the grid shows them. */
export interface ActionsState {
  /** The number of the latest action started (0: none). */
  latest: number
  outcome: ActionOutcome | null
  /** The agents with an action sent and not yet answered, with how many (never 0: an agent with none is absent). */
  sending: ReadonlyMap<string, number>
}

export const NO_ACTIONS: ActionsState = { latest: 0, outcome: null, sending: new Map() }

/** Whether `agent` has an action sent and not yet answered (her row's buttons wait for the last answer). */
export function isSending(state: Pick<ActionsState, 'sending'>, agent: string): boolean {
  return state.sending.has(agent)
}

/** `sending` with `agent`'s count moved by `by`, the agent dropped at 0. */
function counted(
  sending: ReadonlyMap<string, number>,
  agent: string,
  by: 1 | -1,
): ReadonlyMap<string, number> {
  const next = new Map(sending)
  const n = (sending.get(agent) ?? 0) + by
  if (n > 0) next.set(agent, n)
  else next.delete(agent)
  return next
}

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
    : result.unanswered
      ? { agent, ok: false, text: `${result.error}.` }
      : { agent, ok: false, text: `Could not make ${agent} ${actionText(action)}: ${result.error}` }
}

/** `outcome` with `refusal` added to its older refusals. */
function withEarlier(outcome: ActionOutcome, refusal: string): ActionOutcome {
  return { ...outcome, earlier: [...(outcome.earlier ?? []), refusal] }
}

/** The line once action `seq` is answered with `answer`: the latest's replaces it, an older refusal is added to it. */
function lineAfter(state: ActionsState, seq: number, answer: ActionOutcome): ActionOutcome | null {
  if (seq === state.latest)
    return state.outcome?.earlier ? { ...answer, earlier: state.outcome.earlier } : answer
  if (answer.ok || state.outcome === null) return state.outcome
  return withEarlier(state.outcome, answer.text)
}

/** The state after `event`; an answer to an action older than the latest one leaves the line on the latest. */
export function actionsTransition(state: ActionsState, event: ActionsEvent): ActionsState {
  switch (event.type) {
    case 'started':
      return {
        latest: event.seq,
        outcome: { agent: event.agent, text: pendingText(event.agent, event.action) },
        sending: counted(state.sending, event.agent, 1),
      }
    case 'answered':
      return {
        latest: state.latest,
        outcome: lineAfter(state, event.seq, outcomeOf(event.agent, event.action, event.result)),
        sending: counted(state.sending, event.agent, -1),
      }
    default:
      return assertNever(event, 'agent action event')
  }
}
