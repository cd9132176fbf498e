// Turns a router's events (plus the host calls it cannot see) into history records, one per finished interaction.
// The core applies RecordEvents (what the routing thread sends); createRecordsBuilder feeds it in the same thread.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { DIRECT_RULE, type TraceEntry } from '@routewright/strategy-runtime'
import { directoryGroups, directoryGroupsOf } from './directory-groups.ts'
import { dropOldest, MAX_OPEN } from './open-bound.ts'
import type {
  AgentStateRecord,
  HistoryItem,
  InteractionRecord,
  QueueSegment,
  ReservationAttempt,
  SelectionSummary,
} from './record.ts'
import {
  createRecordEncoder,
  type FinishedTrace,
  pathSteps,
  type RecordEvent,
  type RecordInput,
} from './record-events.ts'
import { boundData } from './record-parts.ts'
import { joinReportKeys, leftFor } from './report-keys.ts'
import { strategyVersions } from './strategy-version.ts'

/** Reads an interaction's trace, as `router.trace` does. */
export type TraceAccess = (interaction: string) => readonly TraceEntry[] | undefined

export interface RecordsBuilderOptions {
  /** Receives every record as soon as it is known (a HistoryWriter's `add`). Must not throw. */
  emit: (item: HistoryItem) => void
  /** This router's name in a shared store; default `router`. */
  router?: string
  /** The router's strategies, to record each one's content hash as its version. */
  strategies?: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>
  /** Media of interactions the builder was not told about through `submitted`; default `voice`. */
  media?: string
  /**
   * An agent's groups, kept on her state rows for group occupancy and state times; default: those `directory`
   * gives her (a host that reloads its directory passes its own).
   */
  groupsOf?: (agent: string) => readonly string[]
  /**
   * The directory: a wait in a `queue:` target counts in the queue's groups, a handling in its agent's groups
   * (later ones come through `directoryChanged`). Without one, a handling counts in the groups its interaction does.
   */
  directory?: DirectoryDocument
  /** Largest attached data kept per record, in bytes of JSON; default 4096. */
  maxDataBytes?: number
  /**
   * Unfinished interactions followed at once (here, and the writer thread's paths of runs in progress); past it the
   * oldest is given up: counted in `givenUp`, and its record, if it ever finishes, is marked `truncated`. Default
   * 100,000.
   */
  maxOpen?: number
}

export interface BuilderCounters {
  /** Interactions followed now. */
  open: number
  /** Answered and not completed yet. */
  answered: number
  /** Interactions given up while open (more than maxOpen at once): their records come marked `truncated`. */
  givenUp: number
  /**
   * Handlings given up (more than maxOpen answered and not completed at once): each one's record is written then,
   * marked `truncated`, ending when it was given up; the host's later complete for it is not seen.
   */
  handlingGivenUp: number
  /** Records emitted. */
  emitted: number
}

export interface RecordsBuilder extends RecordInput {
  counters(): BuilderCounters
}

/** The builder's state machine over RecordEvents: the writer thread runs it, or createRecordsBuilder in-thread. */
export interface RecordsCore {
  apply(event: RecordEvent): void
  counters(): BuilderCounters
}

interface Open {
  firstAt: number
  strategy?: string
  media?: string
  priority: number
  segments: Array<Omit<QueueSegment, 'strategy'> & { open: boolean }>
  reservations: ReservationAttempt[]
  data: Record<string, unknown>
  routed?: { node: string; target: string; agent: string; selection: SelectionSummary }
}

interface Answered {
  agent: string
  media: string
  startedAt: number
  record: InteractionRecord
}

/** Records from the host's calls in this thread (simulate, tests); a HistoryRecorder does the same off-thread. */
export function createRecordsBuilder(options: RecordsBuilderOptions): RecordsBuilder {
  const { directory, ...coreOptions } = options
  const core = createRecordsCore(coreOptions)
  if (directory) core.apply(['directory', directoryGroups(directory)])
  // without groups on her state rows an agent's logged-in time counts in no group (docs/figures.md)
  const input = createRecordEncoder(
    core.apply,
    options.groupsOf ?? (directory ? directoryGroupsOf(directory) : undefined),
  )
  return { ...input, counters: core.counters }
}

export type RecordsCoreOptions = Omit<RecordsBuilderOptions, 'groupsOf' | 'directory'>

export function createRecordsCore(options: RecordsCoreOptions): RecordsCore {
  const router = options.router ?? 'router'
  let versions = options.strategies ? strategyVersions(options.strategies) : new Map<string, string>()
  const maxOpen = options.maxOpen ?? MAX_OPEN
  const maxData = options.maxDataBytes ?? 4096
  const open = new Map<string, Open>()
  const answered = new Map<string, Answered>()
  /** Interactions given up while open, until they finish (at most maxOpen: older ones are not marked). */
  const gaveUp = new Set<string>()
  let givenUp = 0
  let handlingGivenUp = 0
  let emitted = 0
  /** Each directory queue's group keys (`queue:front` -> `group:sales`, ...), from the last directory. */
  let queueGroups = new Map<string, readonly string[]>()
  /** Each agent's stored group key; undefined until a directory came (a handling then keeps its interaction's). */
  let agentGroupKeys: Map<string, string> | undefined

  const emit = (item: HistoryItem) => {
    emitted++
    options.emit(item)
  }
  /** Forgets an open interaction (here, or its path in the writer thread): counted once, its record marked. */
  const giveUp = (id: string) => {
    open.delete(id)
    if (gaveUp.has(id)) return
    gaveUp.add(id)
    givenUp++
    dropOldest(gaveUp, maxOpen)
  }
  const follow = (id: string, at: number): Open => {
    let state = open.get(id)
    if (!state) {
      state = { firstAt: at, priority: 0, segments: [], reservations: [], data: {} }
      open.set(id, state)
      // an interaction the host never finished: forget the oldest rather than grow without bound
      const oldest = dropOldest(open, maxOpen)
      if (oldest !== undefined) giveUp(oldest)
    }
    return state
  }
  /** The group keys `targets` count in: each `group:` target, and each group of a directory queue's target. */
  const groupsIn = (targets: readonly string[]): string[] => {
    const keys: string[] = []
    for (const target of targets) {
      if (target.startsWith('group:')) keys.push(target)
      else if (target.startsWith('queue:')) keys.push(...(queueGroups.get(target) ?? []))
    }
    return keys
  }
  const closeSegment = (state: Open, at: number, result: QueueSegment['result']) => {
    const last = state.segments[state.segments.length - 1]
    if (last?.open) {
      last.open = false
      // a late answer may be dated before this wait began (an escalation after it): no negative wait
      last.left = Math.max(last.entered, at)
      last.result = result
    }
  }
  const endHandling = (
    id: string,
    at: number,
    endedBy: 'completed' | 'transferred',
    to: string | null = null,
    disposition: string | null = null,
  ) => {
    const handling = answered.get(id)
    if (!handling) return
    answered.delete(id)
    emitHandling(id, handling, at, endedBy, undefined, to, disposition)
  }
  const emitHandling = (
    id: string,
    handling: Answered,
    at: number,
    endedBy: 'completed' | 'transferred',
    truncated?: true,
    to: string | null = null,
    disposition: string | null = null,
  ) => {
    const { record } = handling
    // AHT by group counts a handling in its agent's groups, as the provider does (docs/figures.md "AHT by group")
    const group = agentGroupKeys ? agentGroupKeys.get(handling.agent) : record.group
    emit({
      kind: 'handling',
      record: {
        interaction: id,
        router,
        agent: handling.agent,
        media: handling.media,
        startedAt: handling.startedAt,
        endedAt: Math.max(at, handling.startedAt),
        endedBy,
        ...(to !== null ? { transferredTo: to } : {}),
        ...(disposition !== null ? { disposition } : {}),
        strategy: record.strategy,
        ...(record.queue !== undefined ? { queue: record.queue } : {}),
        ...(group !== undefined ? { group } : {}),
        ...(record.node !== undefined ? { node: record.node } : {}),
        ...(truncated ? { truncated } : {}),
      },
    })
  }

  const finish = (
    id: string,
    state: Open,
    at: number,
    outcome: string,
    destination: string | null,
    trace: FinishedTrace,
    lateAnswer: number | null,
    abandonReason: string | null,
    abandonNote: string | null,
    /** The router before wrote the record (answered before a hand-over): only the handling is followed here. */
    written = false,
  ) => {
    open.delete(id)
    const isRouted = outcome === 'routed'
    // confirmed late: the wait ended and the handling began when the agent answered (the statistics' definition)
    const answeredAt = isRouted && lateAnswer !== null && lateAnswer < at ? lateAnswer : at
    closeSegment(state, answeredAt, isRouted ? 'routed' : outcome === 'abandoned' ? 'abandoned' : 'left')
    const path = pathSteps(trace)
    const strategyOf = new Map<string, string>()
    for (const step of path) strategyOf.set(step.node, step.strategy)
    const strategy = state.strategy ?? trace.first?.[0] ?? 'unknown'
    const segments: QueueSegment[] = state.segments.map(({ open: _open, ...segment }) => ({
      strategy: strategyOf.get(segment.node) ?? strategy,
      ...segment,
    }))
    if (isRouted && state.routed) {
      for (const attempt of state.reservations) {
        if (attempt.result === 'pending' && attempt.agent === state.routed.agent) attempt.result = 'confirmed'
      }
    }
    // one that arrived connected, answered before the router heard of it, arrived when it was answered
    const arrivedAt = Math.min(state.firstAt, trace.first?.[1] ?? state.firstAt, answeredAt)
    const waitFrom = segments[0]?.entered ?? at
    const lastSegment = segments[segments.length - 1]
    // queues in turn count where the interaction ended, as the live provider does (docs/figures.md "Queues in turn");
    // several targets at once count in each (docs/figures.md "Several targets at once")
    // a `queue:` target counts in the queue's groups (docs/figures.md "A `queue:` target")
    const lastGroups = groupsIn(lastSegment?.targets ?? [])
    const routedGroups = state.routed ? groupsIn([state.routed.target]) : []
    const groupKey = joinReportKeys(
      routedGroups.length > 0
        ? [...lastGroups, ...routedGroups]
        : lastGroups.length > 0
          ? lastGroups
          : groupsIn(segments.flatMap((s) => s.targets)).slice(-1),
    )
    const selection = state.routed?.selection ?? trace.selection
    const queue = joinReportKeys(lastSegment?.targets ?? [])
    // the earlier queues it left for a later one, where it did not end (docs/figures.md "Entered and overflow out")
    // (most interactions wait once: nothing built for them)
    const earlier = segments.length > 1 ? segments.slice(0, -1).flatMap((s) => s.targets) : undefined
    const overflowQueue = earlier && leftFor(earlier, queue)
    const overflowGroup = earlier && leftFor(groupsIn(earlier), groupKey)
    const record: InteractionRecord = {
      id,
      router,
      strategy,
      strategyVersion: versions.get(strategy) ?? strategy,
      media: state.media ?? options.media ?? 'voice',
      arrivedAt,
      finishedAt: at,
      outcome,
      waitMs: Math.max(0, answeredAt - waitFrom),
      priority: state.priority,
      path,
      segments,
      reservations: state.reservations,
      data: boundData(state.data, maxData),
    }
    if (isRouted && state.routed) {
      record.answeredAt = answeredAt
      record.agent = state.routed.agent
      record.target = state.routed.target
    }
    if (queue !== undefined) record.queue = queue
    if (groupKey !== undefined) record.group = groupKey
    if (overflowQueue !== undefined) record.overflowQueue = overflowQueue
    if (overflowGroup !== undefined) record.overflowGroup = overflowGroup
    if (lastSegment) record.node = `${lastSegment.strategy}/${lastSegment.node}`
    if (destination !== null) record.destination = destination
    if (abandonReason !== null) record.abandonReason = abandonReason
    if (abandonNote !== null) record.abandonNote = abandonNote
    if (selection) record.selection = selection
    // what was seen before the history gave it up is missing (path, waits, reservations, data): say so
    if (gaveUp.delete(id)) record.truncated = true
    if (!written) emit({ kind: 'interaction', record })
    if (record.agent !== undefined) {
      answered.set(id, { agent: record.agent, media: record.media, startedAt: answeredAt, record })
      // a host that never calls complete (simulate) must not make this grow without bound; the handling given up
      // is written now, counted and marked, rather than lost in silence
      const oldest = answered.keys().next().value
      const handling = oldest === undefined ? undefined : answered.get(oldest)
      if (oldest !== undefined && handling && dropOldest(answered, maxOpen) === oldest) {
        handlingGivenUp++
        emitHandling(oldest, handling, at, 'completed', true)
      }
    }
  }

  const apply = (event: RecordEvent): void => {
    switch (event[0]) {
      case 'queued': {
        const [, id, at, node, priority, targets] = event
        const state = follow(id, at)
        state.priority = priority
        const last = state.segments[state.segments.length - 1]
        if (last?.open && last.node === node) {
          // an escalation widened the targets or changed the priority: the same wait goes on
          for (const target of targets) if (!last.targets.includes(target)) last.targets.push(target)
          last.priority = priority
          return
        }
        closeSegment(state, at, 'left')
        state.segments.push({
          node,
          targets: [...targets],
          priority,
          entered: at,
          left: at,
          result: 'left',
          open: true,
        })
        return
      }
      case 'routed': {
        const [, id, at, node, target, agent, priority, selection] = event
        const state = follow(id, at)
        state.priority = priority
        // arrived connected (a call dialled to the agent): the agent's call, no wait and no offer to count
        if (selection.rule === DIRECT_RULE) {
          state.routed = { node, target, agent, selection }
          return
        }
        const last = state.segments[state.segments.length - 1]
        if (!last?.open || last.node !== node) {
          closeSegment(state, at, 'left')
          // routed at once: a wait of zero length in this target node
          state.segments.push({
            node,
            targets: [target],
            priority,
            entered: at,
            left: at,
            result: 'left',
            open: true,
          })
        } else if (!last.targets.includes(target)) {
          // an escalation added the target that answered (escalations raise no queued event)
          last.targets.push(target)
        }
        state.reservations.push({ at, agent, target, result: 'pending' })
        state.routed = { node, target, agent, selection }
        return
      }
      case 'rejected': {
        const [, id, at, agent, reason, withdrawn] = event
        const state = follow(id, at)
        const attempt = state.reservations.findLast((a) => a.agent === agent && a.result === 'pending')
        if (attempt) {
          attempt.result = withdrawn === 1 ? 'withdrawn' : 'rejected'
          attempt.reason = reason
        }
        delete state.routed
        return
      }
      case 'timeout':
        closeSegment(follow(event[1], event[2]), event[2], 'timeout')
        return
      case 'data':
        // each event carries the whole data after its node: a key an attach node removed is gone from the record too
        follow(event[1], event[2]).data = event[3]
        return
      case 'finished': {
        const [, id, at, outcome, destination, trace, answeredAt, abandonReason, note] = event
        finish(
          id,
          follow(id, at),
          at,
          outcome,
          destination,
          trace,
          answeredAt ?? null,
          abandonReason ?? null,
          note ?? null,
        )
        return
      }
      case 'submitted': {
        const [, id, at, strategy, media, priority] = event
        // an id used again for a new interaction: the one given up under it is not this one
        gaveUp.delete(id)
        const state = follow(id, at)
        state.firstAt = Math.min(state.firstAt, at)
        state.strategy = strategy
        if (media !== null) state.media = media
        if (priority !== null) state.priority = priority
        return
      }
      case 'agent': {
        const [, agent, media, state, at, groups, reason, by, supervisor] = event
        const record: AgentStateRecord = { router, agent, media, state, at, groups }
        if (reason !== null) record.reason = reason
        if (by !== null) record.by = by
        if (supervisor !== null) record.supervisor = supervisor
        emit({ kind: 'agent-state', record })
        return
      }
      case 'completed':
        endHandling(event[1], event[2], 'completed', null, event[3])
        return
      case 'transferred':
        endHandling(event[1], event[2], 'transferred', event[3], event[4])
        return
      case 'versions':
        versions = new Map(event[1])
        return
      case 'directory': {
        const { queues, agents } = event[1]
        queueGroups = new Map(
          queues.map(([queue, groups]) => [`queue:${queue}`, groups.map((g) => `group:${g}`)]),
        )
        agentGroupKeys = new Map()
        for (const [agent, groups] of agents) {
          const key = joinReportKeys(groups.map((g) => `group:${g}`))
          if (key !== undefined) agentGroupKeys.set(agent, key)
        }
        return
      }
      case 'given-up':
        giveUp(event[1])
        return
      case 'resumed':
        // its past is told again whole (a second takeover of it): nothing followed before counts twice
        open.delete(event[1])
        answered.delete(event[1])
        gaveUp.delete(event[1])
        return
      case 'answered': {
        const [, id, at, trace] = event
        finish(id, follow(id, at), at, 'routed', null, trace, null, null, null, true)
        return
      }
      default:
        assertNever(event)
    }
  }

  return {
    apply,
    counters: () => ({ open: open.size, answered: answered.size, givenUp, handlingGivenUp, emitted }),
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled record event ${JSON.stringify(value)}`)
}
