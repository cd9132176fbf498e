// The call-control edge between the SIP bridge and the agent desktop (contract K4): types only.

/** One call as the bridge sees it: who called, where it is, what the strategy attached. */
export interface CallView {
  callId: string
  /** The router's interaction id. */
  interaction: string
  /** The agent the call is offered to or connected with. */
  agent?: string
  /**
   * The interaction's media, as serve's interaction view names it (`chat`). Absent: `voice`, a SIP call (the bridge's
   * own). Only voice takes release, hold, retrieve and transfer: the desktop API refuses them on any other media.
   */
  media?: string
  ani: string
  dnis: string
  state: 'queued' | 'ringing' | 'talking' | 'ended'
  /** Data attached by the strategy (travels to the agent in `X-` headers). */
  attached: Record<string, string>
  /** When the caller's INVITE reached the bridge: the caller waits from here. */
  startedAt: number
  /** When the agent's phone began to ring for it (the router's offer to `agent`): the wait ends here. */
  offeredAt?: number
  answeredAt?: number
  /** The caller is on hold (a re-INVITE with `a=sendonly` answered 2xx), since `heldAt`. */
  held?: boolean
  heldAt?: number
  /** Time on hold in this leg, ms: the holds taken back, and at its end a hold still on. */
  heldMs?: number
  /** The target node whose virtual queue the router chose the call from (the routed event's `node`): `billing`. */
  queue?: string
  /** The target of that node the agent was picked from (the routed event's `target`): a group, skill or queue name. */
  target?: string
}

/** BridgeOptions.wrapUp: after-call work after each routed call, up to `seconds`, with these disposition codes. */
export interface WrapUpConfig {
  /** The longest the wrap-up lasts: then the call is completed with no disposition and the agent is ready. */
  seconds: number
  /** What the agent picks from (serve's `disposition`); none: Done takes no code. */
  dispositions: ReadonlyArray<{ code: string; label: string }>
}

/** One call's wrap-up as the desktop shows it: running (no `outcome`), or how it ended. */
export interface WrapUpView {
  callId: string
  interaction: string
  agent: string
  startedAt: number
  /** When the seconds run out (ms since the epoch). */
  endsAt: number
  dispositions: Array<{ code: string; label: string }>
  /** `done`: the agent's Done; `timed-out`: the seconds ran out; `logged-out`: the agent logged out during it. */
  outcome?: 'done' | 'timed-out' | 'logged-out'
  disposition?: string
}

/**
 * A state the router or the bridge set for an agent without the agent asking, and why: the desktop shows it
 * ("Not ready: no answer to a call at 10:42") beside the state it polls from serve, which carries no reason.
 */
export interface AgentNotice {
  agent: string
  state: 'not-ready'
  /**
   * `no-answer`: a call rang unanswered (the router's RONA, or a transfer dialled straight to the agent);
   * `declined`: the agent's phone refused an offer (busy, decline): serve's `declined`.
   */
  cause: 'no-answer' | 'declined'
  /** What the agent reads: `No answer to a call`, `Declined a call`. */
  reason: string
  /** When it happened (ms since the epoch). */
  at: number
  /** The interaction that rang. */
  interaction: string
}

/**
 * The HTTP status of a failed call command, the same for the agent's desktop and the operator's
 * `/telephony/calls/<id>/...`: a refusal (`code` `CALL_REFUSED`: nothing sent, or the caller's phone said no, the call
 * as it was) is 409, the caller's to act on; anything else failed on the way to the phones (Kamailio, its link, a
 * wait given up), 502 Bad Gateway.
 */
export function callCommandStatus(error: unknown): 409 | 502 {
  return (error as { code?: unknown } | undefined)?.code === 'CALL_REFUSED' ? 409 : 502
}

/** What serve's `agent-state` event says of a change: the state, and who made it (a supervisor's Log out). */
export interface AgentStateChange {
  state?: string
  /** The one media it was set for; absent: every media without a state of its own. */
  media?: string
  /** `supervisor` (the Monitor's grid), `host`, `router`, as serve streams it. */
  by?: string
  /** The supervisor's name, with `by: "supervisor"`, when one was given. */
  supervisor?: string
  at?: number
}

/**
 * Acts on real SIP dialogs; implemented by the bridge. `agent` (each command's last argument) names the leg: a
 * transferred call keeps its Call-ID, and its old leg may still talk (the caller's BYE not come yet) while the next
 * leg's agent acts on it; without it, the first talking leg.
 */
export interface CallControl {
  /** Hangs the call up (BYE to both legs). */
  release(callId: string, agent?: string): Promise<void>
  /**
   * Blind transfer to a routing point number or an agent id. Rejects with an error whose `code` is `CALL_REFUSED`
   * when the target cannot take the call now (nothing was sent: the caller stays with the agent).
   */
  transfer(callId: string, to: string, agent?: string): Promise<void>
  /**
   * Puts the caller on hold (an in-dialog re-INVITE with `a=sendonly`, from the agent's side through Kamailio), or
   * takes it back (`a=sendrecv`). Rejects with `code` `CALL_REFUSED` when the call is not in the state for it
   * (nothing sent), and with the caller's answer when its phone refused.
   */
  hold(callId: string, agent?: string): Promise<void>
  retrieve(callId: string, agent?: string): Promise<void>
  /**
   * Takes back the offers ringing `agent`'s phone now (the agent logged out or was signed out): the router puts each
   * call back in its place in line, the phone's INVITE is cancelled; a call dialled to the agent by id is refused
   * (480). `note` says why in the router's trace. Returns the interactions withdrawn. Optional: without it a ring
   * goes on until it is answered or rings out.
   */
  withdrawRings?(agent: string, note: string): string[]
  /** Calls the bridge knows now. */
  calls(): CallView[]
  /** Called on every change of a call; returns the unsubscribe function. */
  onCall(listener: (call: CallView) => void): () => void
  /** Called when an agent's state is changed for them (a ring-no-answer); returns the unsubscribe function. */
  onAgentNotice(listener: (notice: AgentNotice) => void): () => void
  /**
   * Called when serve's stream says an agent's state changed (`agent-state`: another host's PUT, the router's not
   * ready), so an open desktop reads serve's list at once rather than at its next poll. Optional: without it the poll.
   */
  onAgentStateChanged?(listener: (agent: string, change?: AgentStateChange) => void): () => void
  /**
   * Called when serve's event stream reopens after a drop (serve restarted, maybe another build in a rolling
   * upgrade): what a host read of serve once (its capabilities) is read again. Optional: without it, read once.
   */
  onServeReconnected?(listener: () => void): () => void
  /**
   * Called when serve's stream says its capabilities changed (`capabilities-changed`: the routing lease moved to a
   * process of another build) without the stream reopening. Optional: without it, read again only at a reopen.
   */
  onServeCapabilitiesChanged?(listener: () => void): () => void
  /** With BridgeOptions.wrapUp: `agent`'s wrap-ups running now. Optional: without it no call is wrapped up. */
  wrapUps?(agent: string): WrapUpView[]
  /** Called when a wrap-up starts and when it ends (`outcome`); returns the unsubscribe function. */
  onWrapUp?(listener: (view: WrapUpView) => void): () => void
  /**
   * The agent's Done: the held complete is sent with `disposition`. Returns why not (404 no such wrap-up, 422 a
   * disposition not configured), else undefined.
   */
  wrapUp?(
    callId: string,
    agent: string,
    disposition: unknown,
  ): { status: 404 | 422; error: string } | undefined
  /** The agent logged out: each of their wrap-ups is completed with no disposition. */
  endWrapUps?(agent: string): void
  /**
   * The agent's desktop came to this bridge: their ringing and talking calls whose bridge is gone are taken over
   * here (Kamailio hands each over only then), so the desktop shows them and acts on them; those left alone (their
   * bridge not yet seen gone) are asked for again at Kamailio's `bridge-gone`. Optional: a call control with one
   * bridge has nothing to take.
   */
  takeOverAgentCalls?(
    agent: string,
  ): Promise<{ taken: string[]; left: Array<{ callId: string; why: string }> }>
}
