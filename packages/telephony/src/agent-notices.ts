// The states the router or the bridge set for an agent without the agent asking (a ring-no-answer), with why:
// serve's agent list carries no reason, so the desktop learns it here and shows it beside the polled state.
import type { AgentNotice } from './call-control.ts'
import type { RouterEventData } from './router-client.ts'

export const NO_ANSWER_REASON = 'No answer to a call'

/** The notice a router event means for its agent: a reservation rejected, not withdrawn, is a RONA (not ready). */
export function noticeOfRouterEvent(event: RouterEventData, now: number): AgentNotice | undefined {
  if (event.type !== 'reservation-rejected' || event.withdrawn || !event.agent || !event.interaction)
    return undefined
  return noAnswerNotice(event.agent, event.interaction, event.at ?? now)
}

/** An agent made not ready because a call rang unanswered at its phone. */
export function noAnswerNotice(agent: string, interaction: string, at: number): AgentNotice {
  return { agent, state: 'not-ready', cause: 'no-answer', reason: NO_ANSWER_REASON, at, interaction }
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
