// pure: the one per-media agent rule every statistics back end follows (memory flags, Redis statuses, wallboards).
import type { AgentState } from '@routewright/strategy-dsl'

/** States set for one media only, by media (an agent-wide state clears them). */
export type MediaStates = Readonly<Record<string, AgentState>>

/** The agent's state on `media`: the one set for that media, else the agent-wide one. */
export function stateOnMedia(state: AgentState, media: MediaStates | undefined, name: string): AgentState {
  return media?.[name] ?? state
}

/**
 * Logged in while some media is not logged out: Genesys derives the agent-wide status from the per-DN ones, so an
 * agent logged out agent-wide but made ready for voice alone is logged in (docs/statistics.md "States per media").
 */
export function loggedInOnAnyMedia(state: AgentState, media: MediaStates | undefined): boolean {
  if (state !== 'logged-out') return true
  if (media !== undefined) for (const name in media) if (media[name] !== 'logged-out') return true
  return false
}
