// Who is logged in at which desktop: session tokens (kept in an HttpOnly cookie), and each agent's state per media
// as the agent set it (serve keeps the state; the reason for not-ready lives only here, for the desktop to show).
import type { DesktopState } from './desktop-input.ts'

export interface MediaState {
  media: string
  state: DesktopState | 'logged-out'
  reason?: string
  since: number
}

export interface DesktopSessions {
  open(agent: string): string
  agentOf(token: string | undefined): string | undefined
  /** Ends one session; returns whether it was the agent's last. */
  close(token: string): boolean
  states(agent: string): MediaState[]
  setState(agent: string, state: MediaState): void
  setAll(agent: string, state: DesktopState | 'logged-out', reason?: string): void
  /** Listens to one agent's state changes (for its event streams). */
  watch(agent: string, listener: (states: MediaState[]) => void): () => void
}

export interface SessionOptions {
  media: readonly string[]
  now: () => number
  newToken: () => string
}

export function createDesktopSessions(options: SessionOptions): DesktopSessions {
  const tokens = new Map<string, string>()
  const byAgent = new Map<string, Map<string, MediaState>>()
  const watchers = new Map<string, Set<(states: MediaState[]) => void>>()

  function states(agent: string): MediaState[] {
    const known = byAgent.get(agent)
    return options.media.map(
      (media) => known?.get(media) ?? { media, state: 'logged-out', since: options.now() },
    )
  }
  function changed(agent: string): void {
    const list = states(agent)
    for (const listener of watchers.get(agent) ?? []) listener(list)
  }
  function record(agent: string, state: MediaState): void {
    let known = byAgent.get(agent)
    if (known === undefined) {
      known = new Map()
      byAgent.set(agent, known)
    }
    known.set(state.media, state)
  }

  return {
    open(agent) {
      const token = options.newToken()
      tokens.set(token, agent)
      return token
    },
    agentOf: (token) => (token === undefined ? undefined : tokens.get(token)),
    close(token) {
      const agent = tokens.get(token)
      tokens.delete(token)
      return agent !== undefined && ![...tokens.values()].includes(agent)
    },
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
  }
}
