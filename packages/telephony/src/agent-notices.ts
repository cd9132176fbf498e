// The states the router or the bridge set for an agent without the agent asking (a ring-no-answer), with why: the
// desktop hears it at once here; serve's agent list says it too (reason `no-answer` / `declined`), read when polled.
import { NOT_READY_REASONS } from '@routewright/strategy-runtime'
import type { AgentNotice } from './call-control.ts'
import type { RouterEventData } from './router-client.ts'

export const NO_ANSWER_REASON = 'No answer to a call'
const DECLINED_REASON = 'Declined a call'

/** What the desktop shows for the reasons the router gives itself (serve's agent list); undefined for others. */
const ROUTER_REASON_TEXT: Readonly<Record<string, string>> = {
  [NOT_READY_REASONS.timedOut]: NO_ANSWER_REASON,
  [NOT_READY_REASONS.declined]: DECLINED_REASON,
}

/** The text a desktop shows for a reason serve lists, and whether the router (not an agent) gave it. */
export function shownReason(reason: string): { text: string; byRouter: boolean } {
  const text = ROUTER_REASON_TEXT[reason]
  return text === undefined ? { text: reason, byRouter: false } : { text, byRouter: true }
}

/**
 * The notice a router event means for its agent: a reservation rejected, not withdrawn, is a RONA (not ready), said
 * as serve's agent list says it (`notReady`: `declined` for a refusal, else no answer); one without `notReady` left
 * an agent who had logged out as she was.
 */
export function noticeOfRouterEvent(event: RouterEventData, now: number): AgentNotice | undefined {
  // no notReady: the agent had logged out meanwhile and stays logged out (nothing to tell her desktop)
  if (
    event.type !== 'reservation-rejected' ||
    event.withdrawn ||
    !event.notReady ||
    !event.agent ||
    !event.interaction
  )
    return undefined
  const cause = event.notReady === NOT_READY_REASONS.declined ? 'declined' : 'no-answer'
  return ringNotice(event.agent, event.interaction, event.at ?? now, cause)
}

/** An agent made not ready because a call rang unanswered at its phone, or the phone refused it. */
export function ringNotice(
  agent: string,
  interaction: string,
  at: number,
  cause: 'no-answer' | 'declined',
): AgentNotice {
  const reason = cause === 'declined' ? DECLINED_REASON : NO_ANSWER_REASON
  return { agent, state: 'not-ready', cause, reason, at, interaction }
}

/** Listeners of notices; one per bridge. */
export function createAgentNotices() {
  const listeners = new Set<(notice: AgentNotice) => void>()
  return {
    emit(notice: AgentNotice): void {
      for (const listener of listeners) listener({ ...notice })
    },
    listen(listener: (notice: AgentNotice) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
