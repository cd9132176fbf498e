// The routing thread's share of recording: each router event or host call becomes one compact tuple of plain data
// (no record assembly, no serialisation), which the records builder turns into records, here or in a writer thread.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type {
  AgentEventInput,
  Explanation,
  InteractionInput,
  RouterEvent,
  TraceAccess,
  TraceEntry,
} from '@routewright/strategy-runtime'
import { type DirectoryGroups, directoryGroups } from './directory-groups.ts'
import type { PathStep, SelectionSummary } from './record.ts'
import { lastSelection, summarizeSelection } from './record-parts.ts'
import { strategyVersions } from './strategy-version.ts'

/** What a finished interaction's trace gives its record: the path, the first entry, the last selection's summary. */
export interface FinishedTrace {
  /** Flat `strategy, node, at, exit` per node entered (exit `null` when the trace shows none). */
  path: Array<string | number | null>
  /** Strategy and time of the trace's first entry. */
  first: [string, number] | null
  /** The trace's last selection, sent only when no routed event carries one (the outcome is not `routed`). */
  selection: SelectionSummary | null
}

/** One event for the records builder: plain JSON data, posted in batches to the writer thread. */
export type RecordEvent =
  | ['submitted', string, number, string, string | null, number | null]
  | ['queued', string, number, string, number, string[]]
  | ['routed', string, number, string, string, string, number, SelectionSummary]
  /** at, agent, reason, 1 when the host withdrew the offer (not the agent's doing), else 0 */
  | ['rejected', string, number, string, string, 0 | 1]
  | ['timeout', string, number]
  | ['data', string, number, Record<string, unknown>]
  /**
   * at, outcome, destination, trace, when the agent answered if the host confirmed late (else null), and the
   * host's abandon reason and note (else null)
   */
  | [
      'finished',
      string,
      number,
      string,
      string | null,
      FinishedTrace,
      number | null,
      string | null,
      string | null,
    ]
  /**
   * agent, media, state, at, groups, reason (else null), who set it (AgentStateBy: host, supervisor, router,
   * timeout), the supervisor's name (else null)
   */
  | ['agent', string, string, string, number, string[], string | null, string | null, string | null]
  /** at, the disposition (wrap-up code) the host's complete gave (else null) */
  | ['completed', string, number, string | null]
  /** at, where to as the host's complete said (else null), its disposition (else null) */
  | ['transferred', string, number, string | null, string | null]
  | ['versions', Array<[string, string]>]
  /** The directory's queues and agents with their groups: records finishing from now on read them. */
  | ['directory', DirectoryGroups]
  /** The writer thread gave up following an interaction (more than maxOpen in progress): its path so far is lost. */
  | ['given-up', string]
  /** Another router's interaction continues here (a takeover): what was followed under this id before is dropped. */
  | ['resumed', string]
  /** at: the agent answered under the router before, which wrote its record: only its handling is left to write. */
  | ['answered', string, number, FinishedTrace]

/** The calls a host (simulate, a server) makes to record; RecordsBuilder and HistoryRecorder both take them. */
export interface RecordInput {
  /** Feed every router event with access to the traces: simulate's `onEvent` has exactly this shape. */
  onEvent(event: RouterEvent, trace: TraceAccess): void
  /** Host call `router.submit`: gives the media, the starting priority and the arrival time. */
  submitted(input: InteractionInput, at: number): void
  /**
   * Host call `router.agentEvent`: recorded as an agent state change (per media when the event names one), with who
   * set it (`by`, default `host`; the recorders give `router` or `timeout` to the state a RONA sets) and, with
   * `supervisor`, her name (serve's `supervisor` of the call).
   */
  agentEvent(event: AgentEventInput, at: number, by?: AgentStateBy, supervisor?: string): void
  /**
   * Host call `router.complete`: the agent finished; closes the handling started by the answer, with the wrap-up
   * code the agent picked (`disposition`, serve's complete) when it gave one.
   */
  completed(interaction: string, at: number, disposition?: string): void
  /** The host transferred an answered interaction away (`to` where, as it said): closes its handling as a transfer. */
  transferred(interaction: string, at: number, to?: string, disposition?: string): void
  /** New strategy documents (a server reloaded): records finishing from now on carry their versions. */
  strategiesChanged(strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>): void
  /**
   * A new directory (a server reloaded): records finishing from now on count a wait in a `queue:` target in the
   * queue's groups, and a handling in its agent's groups, as this directory gives them.
   */
  directoryChanged(directory: DirectoryDocument): void
  /**
   * An interaction another router started and this one continues (routing changed hands): its arrival, waits and
   * offer as that router's events told them, so the record this one finishes reads as the other's would have, and
   * one answered there (`answeredAt`) gets its handling written here when the host completes it.
   */
  resumed(interaction: ResumedInteraction): void
}

/** What a router taking an interaction over knows of its past (serve: the snapshot and trace Redis kept). */
export interface ResumedInteraction {
  id: string
  strategy: string
  media: string
  priority: number
  /** When it arrived at the first router. */
  arrivedAt: number
  /** Its trace so far: each `queued` wait entry stands for the `queued` event the first router told. */
  trace: readonly TraceEntry[]
  /** The data attached, as last told. */
  data?: Record<string, unknown>
  /** The offer made before the hand-over (still pending, withdrawn by the takeover, or answered). */
  offered?: {
    at: number
    node: string
    target: string
    agent: string
    /** The selection that chose the agent, when known. */
    explanation?: Explanation
  }
  /** When the agent answered the offer, if she did before the hand-over (the first router wrote the record). */
  answeredAt?: number
}

/**
 * The records builder's events that tell a resumed interaction's past, as the first router's events did: one copy
 * of how a takeover is recorded, for both encoders.
 */
export function resumedEvents(r: ResumedInteraction): RecordEvent[] {
  const events: RecordEvent[] = [
    ['resumed', r.id],
    ['submitted', r.id, r.arrivedAt, r.strategy, r.media, r.priority],
  ]
  for (const entry of r.trace) {
    if (entry.kind !== 'wait') continue
    // a wait that timed out is traced as its timeout event is told (target-wait.ts): that segment ends `timeout`
    if (entry.name === 'timeout') events.push(['timeout', r.id, entry.at])
    const value = entry.value as { priority?: unknown; targets?: unknown } | undefined
    // joinQueue traces each queued event as this entry (target-wait.ts): the same wait, with its time
    if (entry.name !== 'queued' || !value || !Array.isArray(value.targets)) continue
    const priority = typeof value.priority === 'number' ? value.priority : r.priority
    events.push(['queued', r.id, entry.at, entry.node, priority, value.targets.map(String)])
  }
  if (r.data) events.push(['data', r.id, r.arrivedAt, r.data])
  const offer = r.offered
  if (offer) {
    const selection = offer.explanation
      ? summarizeSelection(offer.explanation)
      : { node: offer.node, rule: '', reason: '', winner: offer.agent, candidates: 0, excluded: {} }
    events.push(['routed', r.id, offer.at, offer.node, offer.target, offer.agent, r.priority, selection])
    if (r.answeredAt !== undefined)
      events.push(['answered', r.id, r.answeredAt, finishedTrace(r.trace, false)])
  }
  return events
}

/** Who set an agent's state, as serve's AgentStateBy says (a string in the store: a later host may add one). */
export type AgentStateBy = 'host' | 'supervisor' | 'router' | 'timeout'

/**
 * Who made the agent not ready after a rejected reservation: `timeout` when the router's own reservation timeout
 * ran out (its event's `timedOut`), else `router` (a host's reject).
 */
export function rejectionBy(event: { timedOut?: boolean }): AgentStateBy {
  return event.timedOut === true ? 'timeout' : 'router'
}

/**
 * The state the router gives an agent after a RONA (agent-wide, as `releaseReservation` sets it), as the host call
 * that would have said so: the recorders write it as an agent state row.
 */
export function routerNotReady(agent: string, reason: string, at: number): AgentEventInput {
  return { agent, state: 'not-ready', reason, at }
}

/** The trace's parts a record keeps, read while the router still holds the trace. */
export function finishedTrace(trace: readonly TraceEntry[], withSelection: boolean): FinishedTrace {
  const path: Array<string | number | null> = []
  for (const entry of trace) {
    if (entry.kind === 'enter') path.push(entry.strategy, entry.node, entry.at, null)
    else if (entry.kind === 'exit' && entry.name !== undefined && path.length > 0) {
      const last = path.length - 4
      if (path[last + 1] === entry.node && path[last] === entry.strategy && path[last + 3] === null) {
        path[last + 3] = entry.name
      }
    }
  }
  const head = trace[0]
  const explanation = withSelection ? lastSelection(trace) : undefined
  return {
    path,
    first: head ? [head.strategy, head.at] : null,
    selection: explanation ? summarizeSelection(explanation) : null,
  }
}

/** The path steps of a finished trace (the records builder's side). */
export function pathSteps(trace: FinishedTrace): PathStep[] {
  const steps: PathStep[] = []
  for (let i = 0; i + 3 < trace.path.length; i += 4) {
    const step: PathStep = {
      strategy: String(trace.path[i]),
      node: String(trace.path[i + 1]),
      at: Number(trace.path[i + 2]),
    }
    const exit = trace.path[i + 3]
    if (exit !== null && exit !== undefined) step.exit = String(exit)
    steps.push(step)
  }
  return steps
}

/** When an agent state took effect: its own time, but one ahead of the host's call counts as the call, as the router
 * reads it (a host clock running fast). Both encoders (RecordEvents and direct packing) date states by this. */
export function agentStateAt(event: AgentEventInput, at: number): number {
  return event.at === undefined ? at : Math.min(event.at, at)
}

/**
 * Turns a host's recording calls into RecordEvents for `push`. Treatments, failures and errors add nothing a record
 * keeps, so they are not sent; an agent's groups are read here, where the directory is.
 */
export function createRecordEncoder(
  push: (event: RecordEvent) => void,
  groupsOf: (agent: string) => readonly string[] = () => [],
): RecordInput {
  const agentEvent = (event: AgentEventInput, at: number, by: AgentStateBy = 'host', supervisor?: string) => {
    push([
      'agent',
      event.agent,
      event.media ?? '',
      event.state,
      agentStateAt(event, at),
      [...groupsOf(event.agent)],
      event.reason ?? null,
      by,
      supervisor ?? null,
    ])
  }
  return {
    onEvent(event, trace) {
      switch (event.type) {
        case 'treatment':
        case 'failed':
        case 'error':
          return
        case 'queued':
          return push(['queued', event.interaction, event.at, event.node, event.priority, event.targets])
        case 'routed':
          return push([
            'routed',
            event.interaction,
            event.at,
            event.node,
            event.target,
            event.agent,
            event.priority,
            summarizeSelection(event.explanation),
          ])
        case 'reservation-rejected':
          push(['rejected', event.interaction, event.at, event.agent, event.reason, event.withdrawn ? 1 : 0])
          // the router made the agent not ready (a RONA): a state row, so reports by reason count `no-answer`
          if (event.notReady !== undefined)
            agentEvent(routerNotReady(event.agent, event.notReady, event.at), event.at, rejectionBy(event))
          return
        case 'timeout':
          return push(['timeout', event.interaction, event.at])
        case 'data-attached':
          return push(['data', event.interaction, event.at, event.data])
        // a host's priority change in line: the same wait at a new priority (the builder merges it, as an escalation)
        case 'priority-changed':
          if (event.inLine === true && event.node !== undefined)
            push(['queued', event.interaction, event.at, event.node, event.to, []])
          return
        case 'finished':
          return push([
            'finished',
            event.interaction,
            event.at,
            event.outcome,
            event.destination ?? null,
            finishedTrace(trace(event.interaction) ?? [], event.outcome !== 'routed'),
            event.answeredAt ?? null,
            event.abandonReason ?? null,
            event.note ?? null,
          ])
        default:
          return assertNever(event)
      }
    },
    submitted(input, at) {
      push(['submitted', input.id, at, input.strategy, input.media ?? null, input.priority ?? null])
    },
    agentEvent,
    completed(interaction, at, disposition) {
      push(['completed', interaction, at, disposition ?? null])
    },
    transferred(interaction, at, to, disposition) {
      push(['transferred', interaction, at, to ?? null, disposition ?? null])
    },
    strategiesChanged(strategies) {
      push(['versions', [...strategyVersions(strategies)]])
    },
    directoryChanged(directory) {
      push(['directory', directoryGroups(directory)])
    },
    resumed(interaction) {
      for (const event of resumedEvents(interaction)) push(event)
    },
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled router event ${JSON.stringify(value)}`)
}
