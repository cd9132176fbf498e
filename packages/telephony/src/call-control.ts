// The call-control edge between the SIP bridge and the agent desktop (contract K4): types only.

/** One call as the bridge sees it: who called, where it is, what the strategy attached. */
export interface CallView {
  callId: string
  /** The router's interaction id. */
  interaction: string
  /** The agent the call is offered to or connected with. */
  agent?: string
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
}

/** Acts on real SIP dialogs; implemented by the bridge. */
export interface CallControl {
  /** Hangs the call up (BYE to both legs). */
  release(callId: string): Promise<void>
  /**
   * Blind transfer to a routing point number or an agent id. Rejects with an error whose `code` is `CALL_REFUSED`
   * when the target cannot take the call now (nothing was sent: the caller stays with the agent).
   */
  transfer(callId: string, to: string): Promise<void>
  /** Calls the bridge knows now. */
  calls(): CallView[]
  /** Called on every change of a call; returns the unsubscribe function. */
  onCall(listener: (call: CallView) => void): () => void
}
