// pure: an agent logged out from outside this desktop (a supervisor's Log out in the Monitor, another host) while it
// still holds the session: what the desktop says, and that its state buttons wait for the agent to log in again.
import { clockTime } from './desktop-state.ts'
import type { SessionView } from './types.ts'

/**
 * The notice when every media of the session is logged out (this desktop's own Log out ends the session instead, so
 * it never shows one); undefined while any media is logged in. A Ready pressed now would undo the supervisor's logout.
 */
export function outsideLogoutNotice(session: SessionView | undefined): string | undefined {
  const media = session?.media ?? []
  if (media.length === 0 || media.some((m) => m.state !== 'logged-out')) return undefined
  const by = media.find((m) => m.setBy === 'supervisor')
  const at = clockTime(Math.max(...media.map((m) => m.since)))
  const again = 'Log in again to take calls.'
  if (by === undefined) return `You were logged out from outside this desktop at ${at}. ${again}`
  const who = by.supervisor === undefined ? 'A supervisor' : `Supervisor ${by.supervisor}`
  return `${who} logged you out at ${at}. ${again}`
}
