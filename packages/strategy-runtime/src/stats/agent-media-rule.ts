// pure: the one per-media agent rule every statistics back end follows (memory flags, Redis statuses, wallboards).
import type { AgentState, DirectoryDocument } from '@routewright/strategy-dsl'
import { type AgentCapacity, capacityOf } from '../selection/agent-capacity.ts'
import type { AgentStatus } from './provider.ts'

/** States set for one media only, by media (an agent-wide state clears them). */
export type MediaStates = Readonly<Record<string, AgentState>>

/** The agent's state on `media`: the one set for that media, else the agent-wide one. */
export function stateOnMedia<TState extends string = AgentState>(
  state: TState,
  media: Readonly<Record<string, TState>> | undefined,
  name: string,
): TState {
  return media?.[name] ?? state
}

/**
 * Logged in while some media is not logged out: Genesys derives the agent-wide status from the per-DN ones, so an
 * agent logged out agent-wide but made ready for voice alone is logged in (docs/statistics.md "States per media").
 * `capacityMedia`: her capacity's media (`agentCapacityOf`); only the state on each of them counts, as
 * `statesToRank` ranks them, so a voice-only agent logged in for chat alone is logged out. Without it (not known)
 * the agent-wide state and every per-media one count.
 */
export function loggedInOnAnyMedia(
  state: AgentState,
  media: MediaStates | undefined,
  capacityMedia?: readonly string[],
): boolean {
  if (capacityMedia !== undefined && capacityMedia.length > 0) {
    // indexed: the memory provider calls this on every change, and a for-of allocates an iterator
    for (let i = 0; i < capacityMedia.length; i++)
      if (stateOnMedia(state, media, capacityMedia[i]!) !== 'logged-out') return true
    return false
  }
  if (state !== 'logged-out') return true
  if (media !== undefined) for (const name in media) if (media[name] !== 'logged-out') return true
  return false
}

/**
 * The agent's one state over its media (the agent-wide state first, then each set for one media), by Genesys Stat
 * Server's agent status priority (a call on any DN first, ringing above waiting for the next call): busy if busy on
 * any; else reserved (ringing, offered) if reserved on any; else ready if ready on any; else the first other state
 * (`after-call-work`, or one this build does not know); else not ready if not ready on some media; else logged out
 * (logged out on every media). History reports and serve's wallboard both count this and only this (history
 * docs/figures.md "State times per media", which also says where the ranking leaves Stat Server's table).
 */
export function summaryState(states: readonly string[]): string {
  let reserved = false
  let ready = false
  let notReady = false
  let other: string | undefined
  for (const state of states) {
    if (state === 'busy') return state
    if (state === 'reserved') reserved = true
    else if (state === 'ready') ready = true
    else if (state === 'not-ready') notReady = true
    else if (state !== 'logged-out') other ??= state
  }
  if (reserved) return 'reserved'
  if (ready) return 'ready'
  if (other !== undefined) return other
  return notReady ? 'not-ready' : 'logged-out'
}

/**
 * The states `summaryState` ranks for an agent: over `media` (her capacity's, `agentCapacityOf`) the state on each,
 * so an agent-wide state counts only where no per-media state overrides it and a state set for a media she does not
 * have counts nowhere, as the providers count her; without `media` (not known) the agent-wide state and every
 * per-media one. `handling`: an interaction in progress, which makes her busy while logged in on some media (Stat
 * Server's call states rank first, whatever the desktop said; history docs/figures.md "Busy").
 */
export function statesToRank<TState extends string>(
  wide: TState,
  mediaStates: Readonly<Record<string, TState>> | undefined,
  media: readonly string[] | undefined,
  handling = false,
): string[] {
  const states: string[] =
    media === undefined || media.length === 0
      ? [wide, ...Object.values(mediaStates ?? {})]
      : media.map((name) => stateOnMedia(wide, mediaStates, name))
  if (handling && states.some((s) => s !== 'logged-out')) states.push('busy')
  return states
}

/** When each state in `MediaStates` began (ms), by media. */
export type MediaSince = Readonly<Record<string, number>>

/**
 * When the agent became ready on a media she is still ready on, the earliest of them (ready for voice at 10:00 and
 * for chat at 10:05: ready since 10:00); `undefined` when ready on none. `media` names the media the agent-wide
 * state covers (its capacity); without it the agent-wide state counts as covering some media of its own.
 */
export function readySince(
  state: AgentState,
  since: number,
  mediaStates: MediaStates | undefined,
  mediaSince: MediaSince | undefined,
  media?: Iterable<string>,
): number | undefined {
  let earliest: number | undefined
  if (mediaStates !== undefined)
    for (const name in mediaStates) {
      if (mediaStates[name] !== 'ready') continue
      const at = mediaSince?.[name] ?? since
      if (earliest === undefined || at < earliest) earliest = at
    }
  if (state !== 'ready') return earliest
  let wideCovers = media === undefined
  if (media !== undefined)
    for (const name of media)
      if (mediaStates?.[name] === undefined) {
        wideCovers = true
        break
      }
  return wideCovers && (earliest === undefined || since < earliest) ? since : earliest
}

/**
 * The agent's capacity as every statistics back end counts it: the router's derivation (its own `capacity`, the
 * directory's named `capacityRule`, else one voice call), so statistics and routing agree on her media.
 */
export function agentCapacityOf(directory: DirectoryDocument | undefined, agent: string): AgentCapacity {
  return capacityOf(directory?.agents?.[agent], directory)
}

/**
 * `readySince` for an agent's status and capacity (its media; undefined: not known, the agent-wide state covers a
 * media of its own): what `TimeInReadyState` counts from in every back end.
 */
export function readySinceOf(status: AgentStatus, capacity: AgentCapacity | undefined): number | undefined {
  // no per-media states: the agent-wide state covers every media, and a read allocates nothing
  const media = capacity === undefined || status.mediaStates === undefined ? undefined : capacity.media
  return readySince(status.state, status.since, status.mediaStates, status.mediaSince, media)
}

/** When the agent's states last changed: the agent-wide one or any set for one media, the latest of them. */
export function stateChangedAt(since: number, mediaSince: MediaSince | undefined): number {
  let latest = since
  if (mediaSince !== undefined)
    for (const name in mediaSince) latest = Math.max(latest, mediaSince[name] ?? latest)
  return latest
}
