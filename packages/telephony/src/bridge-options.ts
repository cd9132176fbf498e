// The bridge's public shapes: its options, the figures of a run, its health for /telephony/health, and the Bridge
// (Kamailio's events and the router's in, call control out).
import type { TransfersFailed } from './call-commands.ts'
import type { CallControl, WrapUpConfig } from './call-control.ts'
import type { EvapiStatus } from './evapi-client.ts'
import type { KamailioCallEnd, KamailioCallState } from './kamailio-call-state.ts'
import type { ReconcileHealth } from './reconcile.ts'
import type { RouterClient, RouterEventData } from './router-client.ts'
import type { Timers } from './timers.ts'
import type { WrapUpStore } from './wrap-ups.ts'

export interface BridgeOptions {
  router: RouterClient
  /** The strategy each call to a routing point (a number) runs. */
  strategy: string
  /** Kamailio's `host:port`: Refer-To URIs point there. */
  sipDomain: string
  now?: () => number
  /**
   * The timers every wait of the bridge runs on (a hold's answer and Kamailio's 491 retries, a release's and a
   * transfer's wait for the leg's end, the BYE deadline, a CANCEL's grace for a crossing answer, a takeover's wait
   * for Kamailio, the checks before a reservation runs out while the link is down): with `now`, one clock a test can
   * drive (strategy-runtime's createSimulatedClock). Default Node's.
   */
  timers?: Timers
  log?: (message: string, fields?: Record<string, unknown>) => void
  /** How long release and transfer wait to see the dialog end. Default 15 s. */
  commandTimeoutMs?: number
  /** After a CANCEL while an agent's phone rings, how long an answer may still come. Default 2 s. */
  cancelGraceMs?: number
  /**
   * The longest Kamailio follows a release's BYE to the agent's phone before it gives it up (tm's fr_timer in
   * kamailio.cfg: 5 s, a stack's `frTimerMs`). Its `agent-bye` event comes by then; one that did not (lost on the
   * way) frees the agent a second later, not never. Default 5 s.
   */
  byeGiveUpMs?: number
  /**
   * The oldest a router answer ringing an agent may be when a link that was down comes back: an older one is not
   * sent (its reservation has expired in the router, or is about to) but withdrawn (the agent keeps its state), so
   * the router routes the call again. Default 15 s, the router's reservation timeout; at most that.
   */
  heldAnswerMaxAgeMs?: number
  /**
   * The calls Kamailio holds now with their state (KamailioRpc's `heldCalls`, by `<Call-ID>|<caller's From tag>`),
   * asked once the evapi link is back: the events of the bridge's calls lost while the link was down are replayed
   * from it (an answer confirmed, a ring-no-answer taken the live RONA path), and a call Kamailio no longer holds is
   * ended at the router (completed when it was answered, abandoned when queued or ringing). Without it, nothing
   * is reconciled.
   */
  heldCalls?: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * A transfer's old legs still talking beside the next leg (KamailioRpc's `heldLegCalls`, by `<Call-ID>|<leg>`):
   * an agent's desktop arriving takes over their old leg too, whose state is not in `heldCalls` once the next leg
   * kept the caller's From tag. Without it only `heldCalls` is looked at.
   */
  heldLegCalls?: () => Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * The callers' legs Kamailio keeps on hold, since when (KamailioRpc's `callerHolds`, by `<Call-ID>|<leg>`), asked
   * with `heldCalls` once the link is back: a talking leg whose hold or retrieve answer was lost with the link is set
   * held or not as Kamailio says. Without it (or its dump failing) the bridge keeps its own word.
   */
  callerHolds?: () => Promise<ReadonlyMap<string, number>>
  /**
   * Since when Kamailio keeps one caller's leg on hold (KamailioRpc's `callerHold`, by `<Call-ID>|<leg>`), or
   * undefined: a hold or retrieve whose answer went down with the link, or came after its wait ended, is settled from
   * it. Without it such a wait fails as any other, and a late answer is only logged.
   */
  callerHold?: (key: string) => Promise<number | undefined>
  /**
   * How a call Kamailio no longer holds ended lately (KamailioRpc's `callEnd`): a ringing call answered and hung up
   * while the link was down is completed, not abandoned. Without it (or no word of it) such a call is abandoned and
   * counted as unknown.
   */
  callEnd?: (key: string) => Promise<KamailioCallEnd | undefined>
  /**
   * The agent phone's SDP of a talking call (KamailioRpc's `agentSdp`, by the same key), asked when a hold needs it
   * and the bridge has none (the answer came while the link was down: Kamailio's table, not the event, has it).
   */
  agentSdp?: (key: string) => Promise<string | undefined>
  /**
   * A transfer's old leg's agent SDP (KamailioRpc's `legAgentSdp`, by `<Call-ID>|<leg>`), asked before `agentSdp`: once
   * the next leg kept the caller's From tag, `agentSdp`'s key gives the next leg's phone. Without it only `agentSdp`.
   */
  legAgentSdp?: (key: string) => Promise<string | undefined>
  /**
   * The router's reservation timeout until serve's is read (GET /v1/limits, `readServeLimits`; default 15 s): serve's
   * wins, as the router is what times out. While the link is down, a ringing call's fate is asked of
   * Kamailio `reservationLeadMs` (default 3 s) before its reservation would run out: answered, it is confirmed;
   * still ringing (or Kamailio not to be asked), the reservation is withdrawn, so an outage does not make the agent
   * not ready as a ring-no-answer would.
   */
  reservationTimeoutMs?: number
  reservationLeadMs?: number
  /**
   * How long an ended leg is kept (late events and a transfer's next leg find it), then forgotten. Default 2 minutes
   * (call-book's ENDED_LEG_KEEP_MS, twice Kamailio's minute); a whole number of ms from 60,000 to 86,400,000.
   */
  endedLegKeepMs?: number
  /**
   * The Retry-After (seconds) of every 503 the bridge answers a caller (serve unreachable or unavailable, or unable
   * to say which agent a dialled call is for): the carrier or SBC then tries its next site and keeps off this one that
   * long (RFC 3261 §21.5.4, RFC 3263 §4.3). serve's own `retry-after`, when it sent one, wins (put within the
   * bounds). Default unset: no Retry-After, as before (a single-site carrier would otherwise refuse every call that
   * long, however soon routing is back); a whole number of seconds from 1 to 3600. kamailio.cfg's RETRY_AFTER_S is
   * the same for Kamailio's own 503 when no bridge is connected.
   */
  retryAfterSeconds?: number | undefined
  /**
   * After-call work: a routed call's end (a release, the caller's BYE) holds its `complete` to serve until the agent's
   * desktop sends a disposition (one of `dispositions`; none configured: Done alone), or `seconds` (1 to 3600) run
   * out, or the agent logs out (then completed with none). The desktop sets the agent after-call work at the start
   * and ready at the end, as its own buttons do. Default unset: completed at once, as before. Calls dialled to an
   * agent by id are not wrapped up.
   */
  wrapUp?: WrapUpConfig | undefined
  /**
   * With `wrapUp`: where this bridge keeps the wrap-ups it holds, for the next bridge started under its id (a
   * restart, a crash), which ends each as this one would have: Done on its desktop, or at the same deadline (at once
   * when it passed meanwhile). Without it a bridge that stops during a wrap-up completes it then, with no
   * disposition (nothing else would complete it). One store per bridge id: two bridges sharing one would both
   * complete the same calls. startBridgeLink's `wrapUpFile` is a file store.
   */
  wrapUpStore?: WrapUpStore | undefined
}

export interface BridgeFigures {
  /** Calls to routing points (transferred legs included). */
  offered: number
  answered: number
  abandoned: number
  /** Ended any other way: the router refused it, or its strategy ended elsewhere (voicemail). */
  other: number
  /** Calls not ended yet. */
  open: number
  /**
   * Seconds from the INVITE to the reservation the agent answered, one per answered call: the last 10,000 only
   * (call-book's WAITS_KEPT), so a bridge that runs for weeks holds no more; `waitCount` and `waitSeconds` count all.
   */
  waits: number[]
  /** Answered calls' waits of the whole run (of which `waits` holds the last ones). */
  waitCount: number
  /** The sum of all of them, seconds: `waitSeconds / waitCount` is the run's average wait. */
  waitSeconds: number
  /** Times an agent was rung while already ringing or talking on another call (must stay 0). */
  overlaps: number
  /** Reservations rejected after a ring-no-answer. */
  ronas: number
  /** Of `abandoned`: callers who hung up while an agent's phone rang (not in the queue). */
  abandonedRinging: number
  /**
   * Rings withdrawn while the evapi link was down that the agent then answered: the router was told the call is
   * connected to that agent (`connect`), out of line or its newer offer withdrawn.
   */
  connectedAfterWithdrawal: number
  /**
   * Transfers to an agent whose INVITE found that agent unable to take it (its state changed after the transfer's
   * check): the caller was queued at the routing point it dialled before, not refused with 486.
   */
  transfersQueued: number
  /**
   * Transfers whose REFER went out or was to (the target's checks passed) that failed, the call left with its
   * agent, by cause: refused by the caller's phone (by SIP code), timed out (Kamailio's 408), the link down, unheard.
   */
  transfersFailed: TransfersFailed
  /** Releases whose BYE the agent's phone never answered: the agent was freed when Kamailio gave it up. */
  releaseByesGivenUp: number
  /** Releases whose `agent-bye` event never came: the agent was freed once Kamailio must have answered it. */
  releaseByesUnheard: number
  /** Times the evapi connection to Kamailio was lost, and made again. */
  linkDrops: number
  linkReconnects: number
  /** Router answers (ring an agent, final reply) held while the link was down and sent once it was back. */
  resumesHeld: number
  /** Of those, agent answers older than `heldAnswerMaxAgeMs` on reconnect: not rung, their reservation withdrawn. */
  resumesStale: number
  /** Calls Kamailio no longer held once the link was back (their end lost): abandoned, completed at the router. */
  reconciledAbandoned: number
  reconciledCompleted: number
  /** Of `reconciledAbandoned`: ringing calls Kamailio kept no word of (answered or not: it could not tell). */
  reconciledUnknown: number
  /** Answers and ring-no-answers lost while the link was down, recovered from Kamailio's word. */
  reconciledAnswered: number
  reconciledRonas: number
  /** Ringing calls whose reservation was withdrawn before it ran out while the link was down. */
  reconciledWithdrawn: number
  /** Rings sent before a drop that went down with it (Kamailio held the INVITE unrung): withdrawn, rung again. */
  reconciledUnrung: number
  /** Reconciliations that could not ask Kamailio which calls it holds. */
  reconcileFailures: number
  /** Calls another bridge took, ended here by their BYE once that bridge was gone (completed at the router). */
  adoptedCompleted: number
  /** Of those, calls dialled to an agent by id: that agent was set ready again, as its own bridge would. */
  adoptedDirect: number
  /** Calls another bridge took, queued or ringing when their caller cancelled once that bridge was gone: abandoned. */
  adoptedAbandoned: number
  /** Calls another bridge took that waited Kamailio's queue time (408 to the caller) once it was gone: abandoned. */
  adoptedTimedOut: number
  /** Other events of calls this bridge never took (their state was the gone bridge's): logged, not acted on. */
  adoptedUnknown: number
  /** Queued calls of a bridge that is gone, taken over here on the router's `routed` (this bridge rang them). */
  takenQueued: number
  /** Ringing calls of a bridge that is gone, taken over here on their agent's answer or ring-no-answer. */
  takenRinging: number
  /** `taken` answers of Kamailio's for a call no longer held there: not acted on. */
  takeRefusedByKamailio: number
  /** `take`s Kamailio left alone (`not-taken`): the call's bridge looked alive then. */
  takesLeftAlone: number
  /** Of those, asked again on that bridge's `bridge-gone` (Kamailio gives each call to one asker). */
  takesAskedAgain: number
  /** Talking calls of a bridge that is gone, taken over here for a release, hold or transfer asked here. */
  takenTalking: number
  /** Agents whose desktop came here while their calls' bridge looked alive, asked for again at a `bridge-gone`. */
  agentCallsAskedAgain: number
  /** This bridge's own calls that waited Kamailio's queue time (408 to the caller): abandoned at the router. */
  queueTimeouts: number
}

/** The bridge's view of its link to Kamailio, for /telephony/health. */
export interface BridgeHealth {
  kamailio: EvapiStatus | { state: 'unknown' }
  linkDrops: number
  linkReconnects: number
  /** Held INVITEs whose router answer waits for the link. */
  resumesWaiting: number
  /** Events lost while the link was down, recovered from Kamailio's word (see BridgeOptions.heldCalls). */
  reconciled: ReconcileHealth
  /** The reservation timeout the bridge counts with: serve's once read, else BridgeOptions.reservationTimeoutMs. */
  reservationTimeoutMs: number
}

export interface Bridge extends CallControl {
  /** A message from Kamailio (evapi). */
  onKamailio(message: Record<string, unknown>): void
  /** An event of routewright serve's stream. */
  onRouterEvent(event: RouterEventData): void
  /**
   * Reads serve's limits (GET /v1/limits): call it at the start and each time the event stream reconnects. A
   * caller's ANI is cut to serve's maxAddressChars; an older serve (no such route) leaves the defaults, logged.
   */
  readServeLimits(): Promise<void>
  /**
   * serve's event stream reopened after a drop (serve restarted, maybe another build): its limits are read again, its
   * capabilities at the next need, and `onServeReconnected` listeners told (the desktop reads serve's capabilities again).
   */
  serveReconnected(): void
  onServeReconnected(listener: () => void): () => void
  /** Serve's stream said its capabilities changed (`capabilities-changed`): the bridge's are read again at the next need. */
  onServeCapabilitiesChanged(listener: () => void): () => void
  /** Where commands to Kamailio go (the evapi connection): `send` throws while it is down; `status` tells its state. */
  connect(send: (message: Record<string, unknown>) => void, status?: () => EvapiStatus): void
  /** The evapi connection was lost: Kamailio's events of the meantime are gone (see the README). */
  linkDown(reason: string): void
  /** The evapi connection is back: the router answers held meanwhile are sent. */
  linkUp(downMs: number): void
  /**
   * A call this bridge has no record of, asked for by a release, hold or transfer: Kamailio hands it over when its
   * bridge is gone (the dialog from its tables). Resolves undefined once the call is here (or was), else why not.
   */
  takeOver(callId: string): Promise<string | undefined>
  /**
   * The bridge stops (startBridgeLink's stop): it completes nothing more on its own. Its held wrap-ups' timers end;
   * `wrapUpStore` keeps them for the next bridge under its id (without one they are completed now, no disposition).
   */
  stop(): void
  figures(): BridgeFigures
  health(): BridgeHealth
}
