// An agent's logout at serve, the one path for both ways an agent's last session ends: their own Log out, and a
// login of another agent with its cookie (that browser is the other agent's now). Neither drops a call that is up.
import type { CallControl } from './call-control.ts'
import { busyLogoutMessage } from './call-media.ts'
import type { ServeClient, ServeResult } from './desktop-serve.ts'
import type { DesktopSessions } from './desktop-sessions.ts'
import { callsOf } from './desktop-stream.ts'
import type { ServeCapabilities } from './serve-capabilities.ts'

/** The reason of the not-ready an agent signed out by another's login holds until their call ends. */
export const SIGNED_OUT_AFTER_CALL = 'Signed out: logs out after this call'

/** Why a ringing offer of an agent signed out was withdrawn, in the router's trace and history. */
export const RING_WITHDRAWN_NOTE = 'agent logged out'

/**
 * What became of the agent whose last session another agent's login replaced: logged out at serve now, not ready
 * there until their call ends and logged out then (`after-call`), or still logged in there (`not-taken`: serve
 * refused or did not answer; logged, and counted in `logoutsNotTaken`).
 */
export type SignedOut =
  | { agent: string; serve: 'logged-out' | 'after-call' }
  | { agent: string; serve: 'not-taken'; error: string }

export interface AgentLogout {
  /** The agent's own logout of session `token`: at serve first when it is their last, the session ended once taken. */
  logout(agent: string, token: string): Promise<ServeResult<void>>
  /** `agent`'s last session ended at another agent's login: out at serve now, or once their calls ended. */
  replaced(agent: string): Promise<SignedOut>
  /** Whether `agent`'s logout waits for their call to end (another's login signed them out during it). */
  waits(agent: string): boolean
  /** The agent logged in again: a logout waiting for their call no longer applies. */
  back(agent: string): void
  counts(): { logoutsWaiting: number; logoutsNotTaken: number }
}

export interface AgentLogoutOptions {
  serve: ServeClient
  /** What serve takes: the conditional logout (`agent-state-if-reason`) in one request, else a read and a logout. */
  capabilities: ServeCapabilities
  sessions: DesktopSessions
  calls: CallControl
  log: (message: string, fields?: Record<string, unknown>) => void
}

export function createAgentLogout(options: AgentLogoutOptions): AgentLogout {
  const { serve, capabilities, sessions, calls, log } = options
  // agents signed out by another's login while a call was up: logged out at serve when their calls end
  const waiting = new Set<string>()
  let notTaken = 0

  const busy = (agent: string) => callsOf(calls, agent).length > 0
  // a call up (talking) keeps the logout waiting; a ring only until it is withdrawn (withdrawRings)
  const ringing = (agent: string) => callsOf(calls, agent).some((c) => c.state === 'ringing')

  calls.onCall(() => {
    for (const agent of waiting) {
      if (busy(agent)) continue
      waiting.delete(agent)
      void afterCall(agent)
    }
  })

  /**
   * The call of an agent signed out during it ended: logged out at serve unless serve no longer holds the not-ready
   * this process set for it (`SIGNED_OUT_AFTER_CALL`). That not-ready is the one record of the waiting logout every
   * bridge sees: a login through any bridge of the same serve replaces it (desktop-api.ts), and so does any other
   * change of the agent's state there; the waiting logout then no longer applies. One conditional change serve
   * checks and applies at once (`ifState`, `ifReason`): a login landing between a read and a logout is never undone.
   * A serve that does not list `agent-state-if-reason` (older) gets the read and then the logout.
   */
  async function afterCall(agent: string): Promise<void> {
    if (!(await capabilities.has('agent-state-if-reason'))) return afterCallRead(agent)
    const set = await serve.setStateIf(agent, 'logged-out', {
      ifState: 'not-ready',
      ifReason: SIGNED_OUT_AFTER_CALL,
    })
    if (set.ok) {
      if (!sessions.loggedIn(agent)) sessions.setAll(agent, 'logged-out')
      return
    }
    if (set.code === 'state-changed') {
      log('the logout waiting for the call no longer applies: serve holds another state for the agent', {
        agent,
        state: set.current ?? null,
        reason: set.currentReason ?? null,
      })
      return
    }
    notTaken++
    log('serve did not take the logout of an agent signed out by another login; still logged in there', {
      agent,
      error: set.error,
    })
  }

  /** afterCall for a serve older than `ifReason`: its not-ready read first, then the logout (a login may land between). */
  async function afterCallRead(agent: string): Promise<void> {
    // that agent alone (`?id=`): one request, not every page of a large directory
    const agents = await serve.agents([agent])
    const now = agents.ok ? agents.value.find((a) => a.id === agent) : undefined
    if (now !== undefined && !(now.state === 'not-ready' && now.reason === SIGNED_OUT_AFTER_CALL)) {
      log('the logout waiting for the call no longer applies: serve holds another state for the agent', {
        agent,
        state: now.state,
        reason: now.reason ?? null,
      })
      return
    }
    await replaced(agent)
  }

  async function replaced(agent: string): Promise<SignedOut> {
    if (busy(agent)) {
      // the call stays up (another person's login must never drop it); no new one is offered after it
      waiting.add(agent)
      const set = await serve.setState(agent, 'not-ready', undefined, SIGNED_OUT_AFTER_CALL)
      if (set.ok) sessions.setAll(agent, 'not-ready', SIGNED_OUT_AFTER_CALL)
      else
        log('serve did not take the not-ready of an agent signed out during a call', {
          agent,
          error: set.error,
        })
      // a ring is not a call up: taken back at once (not ready first, so the router offers it to someone else) and
      // the logout follows when it is gone, as after a call
      if (ringing(agent) && calls.withdrawRings) calls.withdrawRings(agent, RING_WITHDRAWN_NOTE)
      return { agent, serve: 'after-call' }
    }
    const set = await serve.setState(agent, 'logged-out')
    // a wrap-up of theirs completes now, with no disposition: nothing is left held for an agent logged out
    if (set.ok) calls.endWrapUps?.(agent)
    // its states forgotten here, unless the agent logged in again meanwhile
    if (set.ok && !sessions.loggedIn(agent)) sessions.setAll(agent, 'logged-out')
    if (set.ok) return { agent, serve: 'logged-out' }
    notTaken++
    log('serve did not take the logout of an agent signed out by another login; still logged in there', {
      agent,
      error: set.error,
    })
    return { agent, serve: 'not-taken', error: set.error }
  }

  return {
    async logout(agent, token) {
      // a call up is hers to release or transfer first (a chat to close); a ring is only an offer, withdrawn once she
      // is out at serve
      const up = callsOf(calls, agent).filter((c) => c.state !== 'ringing')
      if (up.length > 0) return { ok: false, status: 409, error: busyLogoutMessage(up) }
      // serve first, the session ended only once it took the logout: one it did not take left the agent routed to
      // with no session to try again from (401), and its states held here until the next login
      if (sessions.isLast(token)) {
        const set = await serve.setState(agent, 'logged-out')
        if (!set.ok)
          return {
            ok: false,
            status: set.status,
            error: `You are still logged in: routewright serve did not take the logout (${set.error}). Try again`,
            ...(set.retryAfter === undefined ? {} : { retryAfter: set.retryAfter }),
          }
        // out at serve first, so the router offers a withdrawn call to someone else, never back to her
        if (ringing(agent) && calls.withdrawRings) calls.withdrawRings(agent, RING_WITHDRAWN_NOTE)
        // a wrap-up of hers completes now, with no disposition: nothing is left held
        calls.endWrapUps?.(agent)
      }
      // the session's streams end with it (DesktopSessions tells `ended`)
      if (sessions.close(token)) sessions.setAll(agent, 'logged-out')
      return { ok: true, value: undefined }
    },
    replaced,
    waits: (agent) => waiting.has(agent),
    back: (agent) => void waiting.delete(agent),
    counts: () => ({ logoutsWaiting: waiting.size, logoutsNotTaken: notTaken }),
  }
}
