// pure: the shapes the desktop API sends (packages/telephony/src/desktop-api.ts), as the browser sees them.

import type {
  CallView,
  DesktopSessionHeader,
  SessionEnd,
  SignedOut,
  WrapUpView,
} from '@routewright/telephony'

// one definition of a call and of its wrap-up: the bridge's (contract K4); of what a login did to another agent, of
// why a session ended and of the header naming the page's session: the API's
export type { CallView, DesktopSessionHeader, SessionEnd, SignedOut, WrapUpView }

/** The bridge's refusal of a request: its words, and its stable code when it gives one. */
export interface Refusal {
  code?: string
  message: string
}

export type SettableState = 'ready' | 'not-ready' | 'after-call-work'

export interface MediaState {
  media: string
  state: SettableState | 'logged-out'
  reason?: string
  since: number
  /**
   * Set for the agent, not by the agent: by the router (a ring-no-answer: `reason` says why) or by a supervisor (the
   * Monitor's Log out: `supervisor` names them when serve was told who).
   */
  setBy?: 'router' | 'supervisor'
  supervisor?: string
}

export interface SessionView {
  agent: string
  /** This login's session as the bridge names it (older bridges do not): the page's stream asks for it. */
  session?: string
  media: MediaState[]
  router: { id: string; state: string; load: Record<string, number>; reserved: number } | null
  calls: CallView[]
  /** The wrap-ups (after-call work) running now, when the bridge has BridgeOptions.wrapUp. */
  wrapUps?: WrapUpView[]
  /** The bridge this desktop is on (its name), when it says. */
  bridge?: string
  /** The other bridges' desktop URLs: where this desktop moves when its bridge stops answering. */
  bridges?: string[]
  /** On a login's answer only: the other agent whose last session in this browser the login signed out. */
  signedOut?: SignedOut
}

/** A transfer search's answer (GET /desktop/api/agents?q=): the bridge's own type. */
export type { TargetSearch, TransferTarget } from '@routewright/telephony'
