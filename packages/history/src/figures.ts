// pure: the report's figures, each defined once here and in docs/figures.md (a test keeps the two in sync).
import type { AgentState } from '@routewright/strategy-dsl'
import type { AbandonReason } from '@routewright/strategy-runtime'
import type { HandlingRecord, InteractionRecord } from './record.ts'
import { SHORT_ABANDON_SECONDS } from './report-options.ts'

/** Sums an interval (or a total) is made of; every figure is computed from these and nothing else. */
export interface FigureSums {
  /** Interactions that arrived in the interval. */
  offered: number
  /** Of those, answered by an agent (outcome `routed`). */
  answered: number
  /** Of those, abandoned by the caller while in the strategy (outcome `abandoned`). */
  abandoned: number
  /** Of the abandoned, those the host said the caller hung up, waited the queue's time, or the host gave up. */
  abandonedCallerHangup: number
  abandonedQueueTimeout: number
  abandonedHost: number
  /** Of the abandoned, those with a wait of at most the short-abandon threshold S. */
  shortAbandoned: number
  /** Answered with a wait of at most T. */
  answeredWithinT: number
  /** Sum of the waits of the answered ones, ms. */
  answeredWaitMs: number
  /**
   * Handlings that ended in the interval, and their summed length (answer to complete or transfer), ms; a truncated
   * handling (given up by the history, its end unknown) is not among them.
   */
  handled: number
  handleMs: number
  /** Handlings that ended with a transfer. */
  transfers: number
  /** Agents' handling time and logged-in time falling inside the interval, ms (agent and group reports). */
  busyMs: number
  loggedInMs: number
  /**
   * Agents' time in each logged-in state as the agent state rows say (docs/figures.md "State times per media"), ms
   * inside the interval (agent and group reports): together they make up loggedInMs (STATE_TIME_SUMS).
   */
  readyMs: number
  notReadyMs: number
  busyStateMs: number
  reservedMs: number
  wrapUpMs: number
}

/** A state an agent is logged in with: each one's time goes to exactly one sum, so the sums add up to logged-in. */
export type LoggedInState = Exclude<AgentState, 'logged-out'>

/** The sum each logged-in state's time goes to (the runtime's AGENT_STATES: a new state fails to compile here). */
export const STATE_TIME_SUMS = {
  ready: 'readyMs',
  'not-ready': 'notReadyMs',
  busy: 'busyStateMs',
  reserved: 'reservedMs',
  'after-call-work': 'wrapUpMs',
} as const satisfies Record<LoggedInState, keyof FigureSums>

/** The sum each reason a host's abandon gives goes to (the runtime's AbandonReason: a new one fails to compile here). */
export const ABANDON_REASON_SUMS = {
  'caller-hangup': 'abandonedCallerHangup',
  'queue-timeout': 'abandonedQueueTimeout',
  host: 'abandonedHost',
} as const satisfies Record<AbandonReason, keyof FigureSums>

export const FIGURE_NAMES = [
  'offered',
  'answered',
  'abandoned',
  'abandonedCallerHangup',
  'abandonedQueueTimeout',
  'abandonedHost',
  'abandonedNoReason',
  'shortAbandoned',
  'serviceLevel',
  'asa',
  'aht',
  'occupancy',
  'transfers',
  'loggedInTime',
  'readyTime',
  'notReadyTime',
  'busyTime',
  'reservedTime',
  'wrapUpTime',
] as const
export type FigureName = (typeof FIGURE_NAMES)[number]

/** The figures of one row; null where there is nothing to measure (shown as `-`). */
export interface Figures {
  offered: number
  answered: number
  abandoned: number
  /** Abandoned with the host's reason `caller-hangup`: the caller hung up (Genesys Cloud's "Abandoned"). */
  abandonedCallerHangup: number
  /** Abandoned with the reason `queue-timeout`: the caller waited the host's queue time (InfoMart's time-outs). */
  abandonedQueueTimeout: number
  /** Abandoned with the reason `host`: the host gave the interaction up itself. */
  abandonedHost: number
  /** Abandoned without a reason (an older host, or one this build does not know): abandoned minus the three above. */
  abandonedNoReason: number
  /** Abandoned with a wait of at most S seconds (`--short-abandon`, default 5): short abandons, whatever the reason. */
  shortAbandoned: number
  /** answered within T / (answered + abandoned): the memory provider's ServiceLevel(T). */
  serviceLevel: number | null
  /** Mean wait of the answered, seconds: the memory provider's AverageSpeedOfAnswer. */
  asa: number | null
  /**
   * Mean handling length of handlings that ended, truncated ones left out (their end is when the history gave them
   * up, not the agent's complete), seconds: the memory provider's AverageHandleTime.
   */
  aht: number | null
  /** Handling time / logged-in time: the memory provider's Occupancy. */
  occupancy: number | null
  transfers: number
  /**
   * Seconds the agents were logged in (any state but `logged-out`): the sum of the five state times below, from the
   * same walk of the agent state rows; null when none was logged in (agent and group reports).
   */
  loggedInTime: number | null
  /** Seconds the agents were `ready` (agent state rows); null when none was logged in (agent and group reports). */
  readyTime: number | null
  /** Seconds the agents were `not-ready`, whatever the reason (`--by reason` splits it). */
  notReadyTime: number | null
  /** Seconds the agents were in the state `busy` the host reported (not handling time: occupancy's busy). */
  busyTime: number | null
  /** Seconds the agents were `reserved`: an offer ringing at them, as the host reported the state. */
  reservedTime: number | null
  /** Seconds the agents were in `after-call-work` (wrap-up): the memory provider's Occupancy counts it as handling. */
  wrapUpTime: number | null
}

export function emptySums(): FigureSums {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonedCallerHangup: 0,
    abandonedQueueTimeout: 0,
    abandonedHost: 0,
    shortAbandoned: 0,
    answeredWithinT: 0,
    answeredWaitMs: 0,
    handled: 0,
    handleMs: 0,
    transfers: 0,
    busyMs: 0,
    loggedInMs: 0,
    readyMs: 0,
    notReadyMs: 0,
    busyStateMs: 0,
    reservedMs: 0,
    wrapUpMs: 0,
  }
}

export function addSums(into: FigureSums, from: FigureSums): void {
  for (const key of Object.keys(into) as Array<keyof FigureSums>) into[key] += from[key]
}

export function figuresOf(s: FigureSums): Figures {
  const ended = s.answered + s.abandoned
  return {
    offered: s.offered,
    answered: s.answered,
    abandoned: s.abandoned,
    abandonedCallerHangup: s.abandonedCallerHangup,
    abandonedQueueTimeout: s.abandonedQueueTimeout,
    abandonedHost: s.abandonedHost,
    abandonedNoReason: s.abandoned - s.abandonedCallerHangup - s.abandonedQueueTimeout - s.abandonedHost,
    shortAbandoned: s.shortAbandoned,
    serviceLevel: ended > 0 ? s.answeredWithinT / ended : null,
    asa: s.answered > 0 ? s.answeredWaitMs / s.answered / 1000 : null,
    aht: s.handled > 0 ? s.handleMs / s.handled / 1000 : null,
    occupancy: s.loggedInMs > 0 ? s.busyMs / s.loggedInMs : null,
    transfers: s.transfers,
    loggedInTime: s.loggedInMs > 0 ? s.loggedInMs / 1000 : null,
    readyTime: s.loggedInMs > 0 ? s.readyMs / 1000 : null,
    notReadyTime: s.loggedInMs > 0 ? s.notReadyMs / 1000 : null,
    busyTime: s.loggedInMs > 0 ? s.busyStateMs / 1000 : null,
    reservedTime: s.loggedInMs > 0 ? s.reservedMs / 1000 : null,
    wrapUpTime: s.loggedInMs > 0 ? s.wrapUpMs / 1000 : null,
  }
}

/** The sum an abandon's reason counts in; undefined without one, or with one this build does not know. */
function abandonReasonSum(
  reason: string | undefined,
): (typeof ABANDON_REASON_SUMS)[AbandonReason] | undefined {
  return reason !== undefined && Object.hasOwn(ABANDON_REASON_SUMS, reason)
    ? ABANDON_REASON_SUMS[reason as AbandonReason]
    : undefined
}

/**
 * What one interaction record adds to the sums (the rule the stored slots and the raw-record SQL apply too):
 * offered always; answered (with its wait, within T or not) when routed; abandoned when the caller left, with its
 * reason's sum and, when its wait is at most S seconds, a short abandon.
 * `weight` -1 takes back what the record added (a sliding window's record leaving it): the same rule both ways.
 */
export function addInteraction(
  into: FigureSums,
  record: Pick<InteractionRecord, 'outcome' | 'waitMs'> & Partial<Pick<InteractionRecord, 'abandonReason'>>,
  thresholdSeconds: number,
  weight: 1 | -1 = 1,
  shortAbandonSeconds: number = SHORT_ABANDON_SECONDS,
): void {
  into.offered += weight
  if (record.outcome === 'routed') {
    into.answered += weight
    into.answeredWaitMs += weight * record.waitMs
    if (record.waitMs <= thresholdSeconds * 1000) into.answeredWithinT += weight
  } else if (record.outcome === 'abandoned') {
    into.abandoned += weight
    const sum = abandonReasonSum(record.abandonReason)
    if (sum !== undefined) into[sum] += weight
    if (record.waitMs <= shortAbandonSeconds * 1000) into.shortAbandoned += weight
  }
}

/**
 * What one handling adds: its length, counted where it ends, and a transfer when it ended by one. A truncated one
 * (given up under maxOpen: its end is when the history gave it up) adds nothing: its length would understate AHT.
 */
export function addHandling(
  into: FigureSums,
  handling: Pick<HandlingRecord, 'startedAt' | 'endedAt' | 'endedBy' | 'truncated'>,
): void {
  if (handling.truncated) return
  into.handled++
  into.handleMs += handling.endedAt - handling.startedAt
  if (handling.endedBy === 'transferred') into.transfers++
}
