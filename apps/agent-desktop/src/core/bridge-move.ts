// pure: a desktop whose bridge is gone moves to another bridge of the list its bridge gave: what tells it to move,
// and what the new page reads to log the agent in there and say so (the URL's hash: never sent to a server).

/** Consecutive failed answers from the bridge (its stream down too) before the desktop moves: one is a blip. */
export const GONE_AFTER_FAILURES = 2

/** An agent id as the desktop API takes one (desktop-input.ts `checkLogin`): the hash is caller data. */
const AGENT_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

export interface Moved {
  agent: string
  /** The bridge the desktop was on (its name, or its host when it gave none). */
  from: string
}

/** The hash a desktop moving to another bridge opens that bridge's desktop with. */
export function movedHash(moved: Moved): string {
  const params = new URLSearchParams({ 'moved-from': moved.from, agent: moved.agent })
  return `#${params.toString()}`
}

/** The move a page was opened with (its hash), or undefined: no move, or one whose fields are not valid. */
export function readMoved(hash: string): Moved | undefined {
  if (!hash.startsWith('#')) return undefined
  const params = new URLSearchParams(hash.slice(1))
  const agent = params.get('agent') ?? ''
  const from = params.get('moved-from') ?? ''
  if (!AGENT_ID.test(agent) || from === '' || from.length > 200) return undefined
  return { agent, from }
}

/** What the desktop says once it moved: where from, where to, and that nothing of the agent's was lost. */
export function movedNotice(from: string, to: string | undefined): string {
  return `Bridge ${from} stopped answering: this desktop moved to ${to === undefined ? 'another bridge' : `bridge ${to}`}. Your state and your calls are as they were.`
}

/** Counts the bridge's failed answers while the stream is down: the desktop moves at GONE_AFTER_FAILURES. */
export function nextFailures(failures: number, answered: boolean): number {
  return answered ? 0 : failures + 1
}
