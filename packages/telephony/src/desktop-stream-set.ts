// The desktop event streams open under each session token: their one owner, so a stream ends with the session it
// was opened under (logout, a newer login in its place) and a closed stream leaves no entry behind.
import type { SessionEnd } from './desktop-sessions.ts'

/** Ends one stream: with an `ended` event saying why when its session ended, silently otherwise. */
export type StreamEnd = (why?: SessionEnd) => void

export interface DesktopStreamSet {
  /** Keeps a stream opened under `token`; returns its removal, for when the client closed it (idempotent). */
  add(token: string, end: StreamEnd): () => void
  /** The streams open under `token`. */
  count(token: string): number
  /** The session `token` ended: every stream opened under it ends, told why, and the token is forgotten. */
  endSession(token: string, why: SessionEnd): void
  /** The tokens with a stream open. */
  tokens(): string[]
  /** What is held: tokens with an entry, and open streams (a bridge runs for weeks). */
  counts(): { streamSessions: number; streams: number }
}

export function createDesktopStreamSet(): DesktopStreamSet {
  const byToken = new Map<string, Set<StreamEnd>>()
  return {
    add(token, end) {
      let set = byToken.get(token)
      if (set === undefined) {
        set = new Set()
        byToken.set(token, set)
      }
      const own = set
      own.add(end)
      return () => {
        own.delete(end)
        // a tab closed without logging out leaves no entry behind
        if (own.size === 0 && byToken.get(token) === own) byToken.delete(token)
      }
    },
    count: (token) => byToken.get(token)?.size ?? 0,
    endSession(token, why) {
      const set = byToken.get(token)
      byToken.delete(token)
      for (const end of set ?? []) end(why)
    },
    tokens: () => [...byToken.keys()],
    counts() {
      let streams = 0
      for (const set of byToken.values()) streams += set.size
      return { streamSessions: byToken.size, streams }
    },
  }
}
