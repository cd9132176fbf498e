// Turns a router's events (plus the host calls it cannot see) into history records, one per finished interaction.
// The same function serves `simulate`'s onEvent and a routing server's event stream: onEvent(event, trace).
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type {
  AgentEventInput,
  Explanation,
  InteractionInput,
  RouterEvent,
  TraceEntry,
} from '@routewright/strategy-runtime'
import type { HistoryItem, InteractionRecord, QueueSegment, ReservationAttempt } from './record.ts'
import { boundData, lastSelection, pathFromTrace, summarizeSelection } from './record-parts.ts'
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
  /** An agent's groups, for group occupancy (from the directory). */
  groupsOf?: (agent: string) => readonly string[]
  /** Largest attached data kept per record, in bytes of JSON; default 4096. */
  maxDataBytes?: number
  /** Unfinished interactions followed at once; the oldest is given up past it (counted). Default 100,000. */
  maxOpen?: number
}

export interface RecordsBuilder {
  /** Feed every router event with access to the traces: simulate's `onEvent` has exactly this shape. */
  onEvent(event: RouterEvent, trace: TraceAccess): void
  /** Host call `router.submit`: gives the media, the starting priority and the arrival time. */
  submitted(input: InteractionInput, at: number): void
  /** Host call `router.agentEvent`: recorded as an agent state change (per media when the event names one). */
  agentEvent(event: AgentEventInput, at: number): void
  /** Host call `router.complete`: the agent finished; closes the handling started by the answer. */
  completed(interaction: string, at: number): void
  /** The host transferred an answered interaction away: closes its handling as a transfer. */
  transferred(interaction: string, at: number): void
  /** New strategy documents (a server reloaded): records finishing from now on carry their versions. */
  strategiesChanged(strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>): void
  /** Counters: interactions followed now, given up (past maxOpen), records emitted. */
  counters(): { open: number; answered: number; givenUp: number; emitted: number }
}

interface Open {
  firstAt: number
  strategy?: string
  media?: string
  priority: number
  segments: Array<Omit<QueueSegment, 'strategy'> & { open: boolean }>
  reservations: ReservationAttempt[]
  data: Record<string, unknown>
  routed?: { node: string; target: string; agent: string; explanation: Explanation }
}

interface Answered {
  agent: string
  media: string
  startedAt: number
  record: InteractionRecord
}

export function createRecordsBuilder(options: RecordsBuilderOptions): RecordsBuilder {
  const router = options.router ?? 'router'
  let versions = options.strategies ? strategyVersions(options.strategies) : new Map<string, string>()
  const maxOpen = options.maxOpen ?? 100_000
  const maxData = options.maxDataBytes ?? 4096
  const open = new Map<string, Open>()
  const answered = new Map<string, Answered>()
  let givenUp = 0
  let emitted = 0

  const emit = (item: HistoryItem) => {
    emitted++
    options.emit(item)
  }
  const follow = (id: string, at: number): Open => {
    let state = open.get(id)
    if (!state) {
      state = { firstAt: at, priority: 0, segments: [], reservations: [], data: {} }
      open.set(id, state)
      if (open.size > maxOpen) {
        // an interaction the host never finished: forget the oldest rather than grow without bound
        const oldest = open.keys().next().value
        if (oldest !== undefined) open.delete(oldest)
        givenUp++
      }
    }
    return state
  }
  const closeSegment = (state: Open, at: number, result: QueueSegment['result']) => {
    const last = state.segments[state.segments.length - 1]
    if (last?.open) {
      last.open = false
      last.left = at
      last.result = result
    }
  }
  const endHandling = (id: string, at: number, endedBy: 'completed' | 'transferred') => {
    const handling = answered.get(id)
    if (!handling) return
    answered.delete(id)
    const { record } = handling
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
        strategy: record.strategy,
        ...(record.queue !== undefined ? { queue: record.queue } : {}),
        ...(record.group !== undefined ? { group: record.group } : {}),
        ...(record.node !== undefined ? { node: record.node } : {}),
      },
    })
  }

  const finish = (
    id: string,
    state: Open,
    event: Extract<RouterEvent, { type: 'finished' }>,
    trace: readonly TraceEntry[],
  ) => {
    open.delete(id)
    const isRouted = event.outcome === 'routed'
    closeSegment(state, event.at, isRouted ? 'routed' : event.outcome === 'abandoned' ? 'abandoned' : 'left')
    const strategyOf = new Map<string, string>()
    for (const entry of trace) if (entry.kind === 'enter') strategyOf.set(entry.node, entry.strategy)
    const strategy = state.strategy ?? trace[0]?.strategy ?? 'unknown'
    const segments: QueueSegment[] = state.segments.map(({ open: _open, ...segment }) => ({
      strategy: strategyOf.get(segment.node) ?? strategy,
      ...segment,
    }))
    if (isRouted && state.routed) {
      for (const attempt of state.reservations) {
        if (attempt.result === 'pending' && attempt.agent === state.routed.agent) attempt.result = 'confirmed'
      }
    }
    const arrivedAt = Math.min(state.firstAt, trace[0]?.at ?? state.firstAt)
    const waitFrom = segments[0]?.entered ?? event.at
    const lastSegment = segments[segments.length - 1]
    const groupTarget =
      (state.routed?.target.startsWith('group:') ? state.routed.target : undefined) ??
      segments.flatMap((s) => s.targets).find((t) => t.startsWith('group:'))
    const explanation = state.routed?.explanation ?? lastSelection(trace)
    const queue = segments[0]?.targets[0]
    const record: InteractionRecord = {
      id,
      router,
      strategy,
      strategyVersion: versions.get(strategy) ?? strategy,
      media: state.media ?? options.media ?? 'voice',
      arrivedAt,
      finishedAt: event.at,
      outcome: event.outcome,
      waitMs: Math.max(0, event.at - waitFrom),
      priority: state.priority,
      path: pathFromTrace(trace),
      segments,
      reservations: state.reservations,
      data: boundData(state.data, maxData),
    }
    if (isRouted && state.routed) {
      record.answeredAt = event.at
      record.agent = state.routed.agent
      record.target = state.routed.target
    }
    if (queue !== undefined) record.queue = queue
    if (groupTarget !== undefined) record.group = groupTarget
    if (lastSegment) record.node = `${lastSegment.strategy}/${lastSegment.node}`
    if (event.destination !== undefined) record.destination = event.destination
    if (explanation) record.selection = summarizeSelection(explanation)
    emit({ kind: 'interaction', record })
    if (record.agent !== undefined) {
      answered.set(id, { agent: record.agent, media: record.media, startedAt: event.at, record })
      // a host that never calls complete (simulate) must not make this grow without bound
      if (answered.size > maxOpen) {
        const oldest = answered.keys().next().value
        if (oldest !== undefined) answered.delete(oldest)
      }
    }
  }

  return {
    onEvent(event, trace) {
      // treatments, failures and errors add nothing a record keeps (an error may name no interaction)
      if (event.type === 'treatment' || event.type === 'failed' || event.type === 'error') return
      const state = follow(event.interaction, event.at)
      switch (event.type) {
        case 'queued': {
          state.priority = event.priority
          const last = state.segments[state.segments.length - 1]
          if (last?.open && last.node === event.node) {
            // an escalation widened the targets or changed the priority: the same wait goes on
            for (const target of event.targets) if (!last.targets.includes(target)) last.targets.push(target)
            last.priority = event.priority
            return
          }
          closeSegment(state, event.at, 'left')
          state.segments.push({
            node: event.node,
            targets: [...event.targets],
            priority: event.priority,
            entered: event.at,
            left: event.at,
            result: 'left',
            open: true,
          })
          return
        }
        case 'routed': {
          state.priority = event.priority
          const last = state.segments[state.segments.length - 1]
          if (!last?.open || last.node !== event.node) {
            closeSegment(state, event.at, 'left')
            // routed at once: a wait of zero length in this target node
            state.segments.push({
              node: event.node,
              targets: [event.target],
              priority: event.priority,
              entered: event.at,
              left: event.at,
              result: 'left',
              open: true,
            })
          } else if (!last.targets.includes(event.target)) {
            // an escalation added the target that answered (escalations raise no queued event)
            last.targets.push(event.target)
          }
          state.reservations.push({
            at: event.at,
            agent: event.agent,
            target: event.target,
            result: 'pending',
          })
          state.routed = {
            node: event.node,
            target: event.target,
            agent: event.agent,
            explanation: event.explanation,
          }
          return
        }
        case 'reservation-rejected': {
          const attempt = state.reservations.findLast(
            (a) => a.agent === event.agent && a.result === 'pending',
          )
          if (attempt) {
            attempt.result = 'rejected'
            attempt.reason = event.reason
          }
          delete state.routed
          return
        }
        case 'timeout':
          closeSegment(state, event.at, 'timeout')
          return
        case 'data-attached':
          Object.assign(state.data, event.data)
          return
        case 'finished':
          finish(event.interaction, state, event, trace(event.interaction) ?? [])
          return
        default:
          return assertNever(event)
      }
    },
    submitted(input, at) {
      const state = follow(input.id, at)
      state.firstAt = Math.min(state.firstAt, at)
      state.strategy = input.strategy
      if (input.media !== undefined) state.media = input.media
      if (input.priority !== undefined) state.priority = input.priority
    },
    agentEvent(event, at) {
      emit({
        kind: 'agent-state',
        record: {
          router,
          agent: event.agent,
          media: event.media ?? '',
          state: event.state,
          at: event.at ?? at,
          groups: [...(options.groupsOf?.(event.agent) ?? [])],
        },
      })
    },
    completed(interaction, at) {
      endHandling(interaction, at, 'completed')
    },
    transferred(interaction, at) {
      endHandling(interaction, at, 'transferred')
    },
    strategiesChanged(strategies) {
      versions = strategyVersions(strategies)
    },
    counters() {
      return { open: open.size, answered: answered.size, givenUp, emitted }
    },
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled router event ${JSON.stringify(value)}`)
}
