// pure: the report's figures, each defined once here and in docs/figures.md (a test keeps the two in sync).
import type { AgentState } from '@routewright/strategy-dsl'
import type { AbandonReason } from '@routewright/strategy-runtime'
import type { HandlingRecord, InteractionRecord } from './record.ts'
import { type ServiceLevelBasis, SHORT_ABANDON_SECONDS, type SlAbandons } from './report-options.ts'

/** Sums an interval (or a total) is made of; every figure is computed from these and nothing else. */
export interface FigureSums {
  /** Interactions that arrived in the interval. */
  offered: number
  /** Of those, answered by an agent (outcome `routed`). */
  answered: number
  /**
   * Queue and group rows: interactions that entered the key's queue (those that ended there and those that left it
   * for a later queue), and of them those that left it for a later queue (docs/figures.md "Entered and overflow out").
   */
  entered: number
  overflowOut: number
  /** Of those, abandoned by the caller while in the strategy (outcome `abandoned`). */
  abandoned: number
  /** Of the abandoned, those the host said the caller hung up, waited the queue's time, or the host gave up. */
  abandonedCallerHangup: number
  abandonedQueueTimeout: number
  abandonedHost: number
  /** Of the abandoned, those that never waited in a queue (no queueing: not offered to a queue). */
  abandonedUnqueued: number
  /** Of the abandoned in a queue, those with a wait of at most the short-abandon threshold S. */
  shortAbandoned: number
  /** Of those short abandons, the ones the host said the caller hung up, waited the queue's time, or the host gave up. */
  shortAbandonedCallerHangup: number
  shortAbandonedQueueTimeout: number
  shortAbandonedHost: number
  /** Of the abandoned in a queue, those with a wait of at most T (what `--sl-abandons` decides about). */
  abandonedWithinT: number
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

/** The sum each reason's short abandons go to (taken out of the reason's count by `--exclude-short-abandons`). */
export const SHORT_ABANDON_REASON_SUMS = {
  'caller-hangup': 'shortAbandonedCallerHangup',
  'queue-timeout': 'shortAbandonedQueueTimeout',
  host: 'shortAbandonedHost',
} as const satisfies Record<AbandonReason, keyof FigureSums>

/** How a report treats abandons: docs/figures.md "Abandons in the service level". */
export interface AbandonTreatment {
  /** Default `against`. */
  slAbandons?: SlAbandons
  /** Short abandons leave offered, abandoned (and its reasons) and the service level; default false. */
  excludeShortAbandons?: boolean
  /** The service level's denominator: answered + abandoned in a queue (default `handled`) or `offered`. */
  serviceLevelBasis?: ServiceLevelBasis
}

export const FIGURE_NAMES = [
  'offered',
  'answered',
  'entered',
  'overflowOut',
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
  /**
   * Interactions that entered the queue (or group): each counted once, whether it ended there or left it for a later
   * queue (Genesys's virtual-queue "entered"); null outside queue and group reports.
   */
  entered: number | null
  /**
   * Of those, the ones that left it for a later queue, neither answered nor abandoned there (ICM's "overflow out");
   * null outside queue and group reports.
   */
  overflowOut: number | null
  abandoned: number
  /** Abandoned with the host's reason `caller-hangup`: the caller hung up (Genesys Cloud's "Abandoned"). */
  abandonedCallerHangup: number
  /** Abandoned with the reason `queue-timeout`: the caller waited the host's queue time (InfoMart's time-outs). */
  abandonedQueueTimeout: number
  /** Abandoned with the reason `host`: the host gave the interaction up itself. */
  abandonedHost: number
  /** Abandoned without a reason (an older host, or one this build does not know): abandoned minus the three above. */
  abandonedNoReason: number
  /**
   * Abandoned in a queue with a wait of at most S seconds (`--short-abandon`, default 5): short abandons, whatever
   * the reason (an abandon that never queued is none). Counted whether or not `--exclude-short-abandons` took them out.
   */
  shortAbandoned: number
  /**
   * answered within T / (answered + abandoned in a queue), abandons within T as `--sl-abandons` says (default against:
   * the memory provider's ServiceLevel(T)); abandons that never queued are not in it.
   */
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
    entered: 0,
    overflowOut: 0,
    abandoned: 0,
    abandonedCallerHangup: 0,
    abandonedQueueTimeout: 0,
    abandonedHost: 0,
    abandonedUnqueued: 0,
    shortAbandoned: 0,
    shortAbandonedCallerHangup: 0,
    shortAbandonedQueueTimeout: 0,
    shortAbandonedHost: 0,
    abandonedWithinT: 0,
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

/** `queueRow`: a queue or group report's row, which has `entered` and `overflowOut` (else null). */
export function figuresOf(s: FigureSums, treatment: AbandonTreatment = {}, queueRow = false): Figures {
  // short abandons taken out, when asked: of offered, abandoned, each reason and the service level
  const short = treatment.excludeShortAbandons === true
  const out = (n: number) => (short ? n : 0)
  const abandoned = s.abandoned - out(s.shortAbandoned)
  const callerHangup = s.abandonedCallerHangup - out(s.shortAbandonedCallerHangup)
  const queueTimeout = s.abandonedQueueTimeout - out(s.shortAbandonedQueueTimeout)
  const host = s.abandonedHost - out(s.shortAbandonedHost)
  // the service level's abandons: in a queue (an abandon before any queueing never started its clock)
  const queued = s.abandoned - s.abandonedUnqueued - out(s.shortAbandoned)
  // within T and not short: S and T count the same waits, so one set holds the other
  const withinT = short ? Math.max(0, s.abandonedWithinT - s.shortAbandoned) : s.abandonedWithinT
  const offered = s.offered - out(s.shortAbandoned)
  return {
    offered,
    answered: s.answered,
    entered: queueRow ? s.entered : null,
    overflowOut: queueRow ? s.overflowOut : null,
    abandoned,
    abandonedCallerHangup: callerHangup,
    abandonedQueueTimeout: queueTimeout,
    abandonedHost: host,
    abandonedNoReason: abandoned - callerHangup - queueTimeout - host,
    shortAbandoned: s.shortAbandoned,
    serviceLevel: serviceLevel(
      s.answeredWithinT,
      treatment.serviceLevelBasis === 'offered' ? offered : s.answered + queued,
      withinT,
      treatment.slAbandons ?? 'against',
    ),
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

/**
 * Answered within T over the calls that count (`basis`: answered + abandoned in a queue, or offered), abandons within
 * T as the service level type says.
 */
function serviceLevel(
  metT: number,
  basis: number,
  abandonedWithinT: number,
  type: SlAbandons,
): number | null {
  const [met, over] =
    type === 'against'
      ? [metT, basis]
      : type === 'ignore'
        ? [metT, basis - abandonedWithinT]
        : [metT + abandonedWithinT, basis]
  return over > 0 ? met / over : null
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
 * reason's sum; an abandon without a queue (it never queued) as such, else within T and, when its wait is at most S
 * seconds, a short abandon (with its reason's short sum).
 * `weight` -1 takes back what the record added (a sliding window's record leaving it): the same rule both ways.
 */
export function addInteraction(
  into: FigureSums,
  record: Pick<InteractionRecord, 'outcome' | 'waitMs'> &
    Partial<Pick<InteractionRecord, 'abandonReason'>> & { queue?: string | undefined },
  thresholdSeconds: number,
  weight: 1 | -1 = 1,
  shortAbandonSeconds: number = SHORT_ABANDON_SECONDS,
): void {
  into.offered += weight
  // it entered the queue it ended in; the earlier ones it left count where the report splits overflowQueue
  if (record.queue !== undefined) into.entered += weight
  if (record.outcome === 'routed') {
    into.answered += weight
    into.answeredWaitMs += weight * record.waitMs
    if (record.waitMs <= thresholdSeconds * 1000) into.answeredWithinT += weight
  } else if (record.outcome === 'abandoned') {
    into.abandoned += weight
    const reason = abandonReasonSum(record.abandonReason)
    if (reason !== undefined) into[reason] += weight
    if (record.queue === undefined) into.abandonedUnqueued += weight
    else {
      if (record.waitMs <= thresholdSeconds * 1000) into.abandonedWithinT += weight
      if (record.waitMs <= shortAbandonSeconds * 1000) {
        into.shortAbandoned += weight
        if (reason !== undefined)
          into[SHORT_ABANDON_REASON_SUMS[record.abandonReason as AbandonReason]] += weight
      }
    }
  }
}

/**
 * addInteraction for `count` records alike in all but their waits (a group read back summed from the store):
 * `waitMs` their waits' sum, `withinT` and `withinS` how many waited at most T and S.
 */
export function addInteractions(
  into: FigureSums,
  group: Pick<InteractionRecord, 'outcome'> &
    Partial<Pick<InteractionRecord, 'abandonReason'>> & {
      queue?: string | undefined
      count: number
      waitMs: number
      withinT: number
      withinS: number
    },
): void {
  const { count } = group
  into.offered += count
  if (group.queue !== undefined) into.entered += count
  if (group.outcome === 'routed') {
    into.answered += count
    into.answeredWaitMs += group.waitMs
    into.answeredWithinT += group.withinT
  } else if (group.outcome === 'abandoned') {
    into.abandoned += count
    const reason = abandonReasonSum(group.abandonReason)
    if (reason !== undefined) into[reason] += count
    if (group.queue === undefined) into.abandonedUnqueued += count
    else {
      into.abandonedWithinT += group.withinT
      into.shortAbandoned += group.withinS
      if (reason !== undefined)
        into[SHORT_ABANDON_REASON_SUMS[group.abandonReason as AbandonReason]] += group.withinS
    }
  }
}

/**
 * What an interaction adds to a queue (group) it left for a later one and did not end in (the record's
 * `overflowQueue`, `overflowGroup`; docs/figures.md "Entered and overflow out"): it entered it and overflowed out.
 * `weight` -1 takes it back, as addInteraction's does.
 */
export function addOverflowOut(into: FigureSums, weight: 1 | -1 = 1): void {
  into.entered += weight
  into.overflowOut += weight
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
