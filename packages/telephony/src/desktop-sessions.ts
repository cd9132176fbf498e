// Who is logged in at which desktop: session tokens (kept in an HttpOnly cookie), and each agent's state per media
// as the agent set it (serve keeps the state and its reason; the desktop follows both).
import { createHash } from 'node:crypto'
import { shownReason } from './agent-notices.ts'
import { DESKTOP_STATES, type DesktopState } from './desktop-input.ts'

const FOLLOWED: ReadonlySet<string> = new Set([...DESKTOP_STATES, 'logged-out'])

export interface MediaState {
  media: string
  state: DesktopState | 'logged-out'
  reason?: string
  since: number
  /**
   * Set for the agent, not by the agent: by the router (a ring-no-answer made them not ready: `reason` says why), or
   * by a supervisor (the Monitor's Log out: `supervisor` names them when serve was told who).
   */
  setBy?: 'router' | 'supervisor'
  supervisor?: string
}

/**
 * Why a session ended, as its desktops are told: its logout, or a newer login in its place (one with its cookie, or
 * the agent's login past SESSIONS_PER_AGENT_MAX).
 */
export type SessionEnd = 'logged-out' | 'signed-in-elsewhere'

/**
 * A session's name the page may hold (the token stays in the HttpOnly cookie): its stream names it, so a tab loaded
 * for one session is not streamed another one that replaced its cookie. A hash: it tells nothing of the token.
 */
export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22)
}

/**
 * The request header naming the session a page loaded with (its sessionId) on every change it asks for: a change
 * naming another session than the cookie's is refused (409 signed-in-elsewhere), not made as a newer login.
 */
export const DESKTOP_SESSION_HEADER = 'x-routewright-session'
export type DesktopSessionHeader = typeof DESKTOP_SESSION_HEADER

export interface DesktopSessions {
  /**
   * A new session of `agent`; its oldest beyond SESSIONS_PER_AGENT_MAX ends (a tab closed without logging out),
   * and so does `replacing` (the session whose cookie the login came with: the browser holds the new one now).
   */
  open(agent: string, replacing?: string): string
  agentOf(token: string | undefined): string | undefined
  /** Ends one session; returns whether it was the agent's last. */
  close(token: string): boolean
  /** Whether `token` is its agent's last session (closing it would log the agent out). */
  isLast(token: string): boolean
  /** Whether `agent` has a session here. */
  loggedIn(agent: string): boolean
  states(agent: string): MediaState[]
  setState(agent: string, state: MediaState): void
  setAll(agent: string, state: DesktopState | 'logged-out', reason?: string): void
  /** The router set this state for the agent, with why (an AgentNotice): every media, since `at`. */
  setByRouter(agent: string, state: DesktopState, reason: string, at: number): void
  /** A supervisor logged the agent out (serve's `agent-state` by `supervisor`): for `media`, else every media. */
  supervisorLogout(agent: string, at: number, supervisor?: string, media?: string): void
  /** Counts the agent's state changes: a router answer fetched before a change must not undo it. */
  revision(agent: string): number
  /**
   * Takes the router's word for each media where it differs (a ring-no-answer made the agent not ready, a
   * supervisor or serve's restart changed it): the desktop shows what routes calls, not what it last sent.
   * Reserved and busy are the router's passing states around a call: they change nothing here. A reason serve
   * lists replaces the one shown (the router's `no-answer` shows as a ring-no-answer); none leaves it as it is.
   */
  follow(agent: string, router: RouterAgentState): void
  /** Listens to one agent's state changes (for its event streams). */
  watch(agent: string, listener: (states: MediaState[]) => void): () => void
  /** What is held: sessions, and agents with a state (nothing observable says it, and a bridge runs for weeks). */
  counts(): { sessions: number; agents: number }
}

/**
 * Sessions kept per agent: a desktop tab closed without logging out keeps its token, so an agent's oldest session
 * ends at the next login past this. Each is a browser (its tabs share the cookie): an agent has a few at most.
 */
export const SESSIONS_PER_AGENT_MAX = 20

/** An agent as serve lists it: its state and reason, and those set per media. */
export interface RouterAgentState {
  state: string
  reason?: string
  media?: Record<string, string>
  mediaReasons?: Record<string, string>
}

export interface SessionOptions {
  media: readonly string[]
  now: () => number
  newToken: () => string
  /** Told of each session that ends, and why (the desktop API ends its event streams). */
  ended?: (token: string, why: SessionEnd) => void
}

export function createDesktopSessions(options: SessionOptions): DesktopSessions {
  const tokens = new Map<string, string>()
  const byAgent = new Map<string, Map<string, MediaState>>()
  const watchers = new Map<string, Set<(states: MediaState[]) => void>>()
  const revisions = new Map<string, number>()
  // one count for all agents: an agent forgotten at logout and back never repeats a revision read before
  let revision = 0

  function states(agent: string): MediaState[] {
    const known = byAgent.get(agent)
    return options.media.map(
      (media) => known?.get(media) ?? { media, state: 'logged-out', since: options.now() },
    )
  }
  function isLast(token: string): boolean {
    const agent = tokens.get(token)
    return agent !== undefined && [...tokens].every(([other, a]) => other === token || a !== agent)
  }
  function changed(agent: string): void {
    const list = states(agent)
    for (const listener of watchers.get(agent) ?? []) listener(list)
  }
  function record(agent: string, state: MediaState): void {
    revisions.set(agent, ++revision)
    let known = byAgent.get(agent)
    if (known === undefined) {
      known = new Map()
      byAgent.set(agent, known)
    }
    known.set(state.media, state)
  }

  function end(token: string, why: SessionEnd): void {
    if (tokens.delete(token)) options.ended?.(token, why)
  }

  return {
    open(agent, replacing) {
      if (replacing !== undefined) end(replacing, 'signed-in-elsewhere')
      const own = [...tokens].filter(([, a]) => a === agent)
      for (const [old] of own.slice(0, Math.max(0, own.length - SESSIONS_PER_AGENT_MAX + 1)))
        end(old, 'signed-in-elsewhere')
      const token = options.newToken()
      tokens.set(token, agent)
      return token
    },
    agentOf: (token) => (token === undefined ? undefined : tokens.get(token)),
    close(token) {
      const last = isLast(token)
      end(token, 'logged-out')
      return last
    },
    isLast,
    loggedIn: (agent) => [...tokens.values()].includes(agent),
    states,
    setState(agent, state) {
      record(agent, state)
      changed(agent)
    },
    setAll(agent, state, reason) {
      const since = options.now()
      for (const media of options.media)
        record(agent, { media, state, since, ...(reason === undefined ? {} : { reason }) })
      changed(agent)
      // logged out with no session left: its states are the default again, so the agent is forgotten
      if (state === 'logged-out' && ![...tokens.values()].includes(agent)) {
        byAgent.delete(agent)
        revisions.delete(agent)
      }
    },
    setByRouter(agent, state, reason, at) {
      for (const media of options.media) record(agent, { media, state, since: at, reason, setBy: 'router' })
      changed(agent)
    },
    supervisorLogout(agent, at, supervisor, media) {
      for (const m of options.media)
        if (media === undefined || m === media)
          record(agent, {
            media: m,
            state: 'logged-out',
            since: at,
            setBy: 'supervisor',
            ...(supervisor === undefined ? {} : { supervisor }),
          })
      changed(agent)
    },
    revision: (agent) => revisions.get(agent) ?? 0,
    follow(agent, router) {
      let changes = 0
      for (const current of states(agent)) {
        const own = router.media?.[current.media]
        const state = own ?? router.state
        const reason = own === undefined ? router.reason : router.mediaReasons?.[current.media]
        const shown = reason === undefined ? undefined : shownReason(reason)
        if (!FOLLOWED.has(state)) continue
        // serve's list says the same logout without who made it: the supervisor's mark stays
        if (state === current.state && current.setBy === 'supervisor') continue
        if (state === current.state && (shown === undefined || shown.text === current.reason)) continue
        const next: MediaState = {
          media: current.media,
          state: state as MediaState['state'],
          since: options.now(),
        }
        if (shown !== undefined) next.reason = shown.text
        if (shown?.byRouter) next.setBy = 'router'
        record(agent, next)
        changes++
      }
      if (changes > 0) changed(agent)
    },
    watch(agent, listener) {
      let set = watchers.get(agent)
      if (set === undefined) {
        set = new Set()
        watchers.set(agent, set)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) watchers.delete(agent)
      }
    },
    counts: () => ({ sessions: tokens.size, agents: byAgent.size }),
  }
}
