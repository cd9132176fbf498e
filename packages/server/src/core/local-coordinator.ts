// Routing in one process: a router per strategy version (local-versions.ts; new interactions start on the current
// one, running ones finish on theirs), agents mirrored across versions by the AgentBook, interactions tracked by the
// InteractionBook (local-interactions.ts runs their commands), one statistics provider for every version.
import {
  type AgentEventInput,
  type Clock,
  createRealClock,
  createRouter,
  type HostFunction,
  type InteractionInput,
  type InteractionSnapshot,
  type Router,
  type RouterEvent,
  type RouterLimits,
  type TraceEntry,
  type TreatmentResult,
} from '@routewright/strategy-runtime'
import { AgentBook } from './agent-book.ts'
import { type AgentStateCondition, stateChanged } from './agent-state-condition.ts'
import type { DeployableWorkspace, RoutingCoordinator } from './coordinator.ts'
import { InteractionBook, type InteractionRecord } from './interaction-book.ts'
import { waitingOrder } from './list-page.ts'
import { createAdoptedInteractions } from './local-adopted.ts'
import { createConnect } from './local-connect.ts'
import { createLocalInteractions, type Restore } from './local-interactions.ts'
import { agentsPageOf, agentViewOf, waitingPageOf, waitingViewOf } from './local-pages.ts'
import { createRouterEvents } from './local-router-events.ts'
import { createDeployedVersions } from './local-versions.ts'
import { quotedId } from './quoted-id.ts'
import type { SharedStatProvider } from './shared-stats.ts'
import { answerRetried, requestFingerprint } from './submit-request.ts'
import type { AgentStateCall, AgentStateEvent, CommandResult, InteractionView, WaitingView } from './types.ts'

export type { Restore } from './local-interactions.ts'

export interface LocalCoordinatorOptions {
  clock?: Clock
  functions?: Record<string, HostFunction>
  limits?: Partial<RouterLimits>
  /**
   * The statistics provider, made once with the first version deployed; every later version routes with the same
   * one, which follows their directories (default: an in-memory provider).
   */
  stats?: (workspace: DeployableWorkspace) => SharedStatProvider | undefined
  /** Closed interactions kept readable (GET /v1/interactions/:id). Default 10,000. */
  keptClosed?: number
  /** A routing decision was made inside a host call that took `seconds` (the decision-latency histogram). */
  onDecision?: (seconds: number, event: RouterEvent & { type: 'routed' }) => void
  /** Monotonic milliseconds for onDecision; default performance.now. */
  monotonicMs?: () => number
  /**
   * A version's router set an agent's state itself (not ready after a reservation was not answered or was
   * rejected); every version has heard it. The Redis leader keeps it with the hosts' states for a takeover.
   */
  onAgentDecided?: (event: AgentEventInput & { at: number }) => void
  /**
   * Begins every reservation id of this coordinator's routers (each router adds its own number): the Redis leader
   * gives its epoch, so the next routing process never repeats an id a host may still answer. Default none.
   */
  reservationTag?: string
  /**
   * A version was retired: it is not current and nothing open (or adopted) is on it any more. What is kept per
   * version elsewhere (the Redis leader's directories, Redis's stored version) goes with it.
   */
  onVersionRetired?: (version: string) => void
}

/** The coordinator's methods answering at once: how one process implements them. */
type Immediate<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> : never
}

/**
 * The one-process coordinator plus what a coordinator sharing interactions across processes needs, answering at
 * once: the server's record of an interaction, its waiting snapshot, and taking one over.
 */
export interface LocalCoordinator extends RoutingCoordinator {
  record(id: string): InteractionRecord | undefined
  /** What GET /v1/interactions/:id shows (record, path, trace, explanation), at once. */
  view(id: string): InteractionView | undefined
  trace(id: string): Promise<readonly TraceEntry[] | undefined>
  /** The interaction's trace at once (what view(id).trace holds, without building the rest of the view). */
  traceNow(id: string): TraceEntry[] | undefined
  /** Ended interactions still readable here, oldest first. */
  closedIds(): string[]
  waitingPage: NonNullable<RoutingCoordinator['waitingPage']>
  agentsPage: NonNullable<RoutingCoordinator['agentsPage']>
  /** submit, answered at once: a caller awaiting nothing keeps no suspended frame alive through the routing. */
  submitNow(input: InteractionInput): CommandResult<InteractionView>
  /** The interaction's snapshot while it waits (queue, wait, treatment); undefined otherwise, silently. */
  exportWaiting(id: string, reserved?: boolean): InteractionSnapshot | undefined
  /** Continues an interaction from another process on its version (which must be deployed here). */
  restore(record: InteractionRecord, from: Restore): CommandResult
  /** A takeover's interaction that could not be restored: ends as a failed run (local-interactions.ts). */
  endUnresumed(record: InteractionRecord, reason: string): void
  /** Versions deployed here (current and draining). */
  deployedVersions(): string[]
  /** While true, versions with nothing open are not retired (a takeover deploys them before resuming). */
  keepVersions(keep: boolean): void
  /**
   * A takeover restoring an agent's state the last leader knew: applied as a host's event, never announced to
   * onAgentState's listeners (it is no change of the agent, and the stream already told it once).
   */
  replayAgentEvent(event: AgentEventInput): CommandResult
  onAgentState(listener: (event: AgentStateEvent) => void): () => void
}

export function createLocalCoordinator(options: LocalCoordinatorOptions = {}): LocalCoordinator {
  const clock = options.clock ?? createRealClock()
  const book = new InteractionBook(options.keptClosed ?? 10_000)
  const agents = new AgentBook(() => clock.now())
  const adopted = createAdoptedInteractions(book, agents, options.keptClosed ?? 10_000)
  const versions = createDeployedVersions(
    book,
    agents,
    adopted,
    clock,
    options.stats,
    options.onVersionRetired,
  )
  const events = createRouterEvents(book, agents, versions, {
    monotonicMs: options.monotonicMs ?? (() => performance.now()),
    onDecision: options.onDecision,
    onAgentDecided: options.onAgentDecided,
  })
  const interactions = createLocalInteractions(book, agents, adopted, versions, events, clock)
  const connecting = createConnect(book, agents, versions, interactions, () => clock.now())
  /** Routers made so far: each one's number goes into its reservation ids, so no two routers give out the same. */
  let routersMade = 0

  /** A host's (or a supervisor's) agent event; `announce` false for a takeover's replay of a state already told. */
  function applyAgentEvent(
    call: AgentStateCall,
    condition: AgentStateCondition | undefined,
    announce: boolean,
  ): CommandResult {
    // who called is the stream's and history's to hear, never the router's (nor the book's last word)
    const { by = 'host', supervisor, ...input } = call
    let event: AgentEventInput = input
    const current = versions.current()
    if (!current)
      return { ok: false, status: 409, error: 'No strategy version is deployed yet', code: 'no-version' }
    if (!current.agentIds.has(event.agent))
      return {
        ok: false,
        status: 404,
        // an id from the URL may hold a control or bidi character, which must not reach a log line raw
        error: `Unknown agent ${quotedId(event.agent)} (not in directory "${current.info.directory}")`,
        code: 'unknown-agent',
      }
    // a time ahead of the clock counts as now, as the router reads it: kept as given, the book's last word would
    // refuse every later event of the agent as older (out-of-order) until that time came, freezing its state
    const now = clock.now()
    const at = Math.min(event.at ?? now, now)
    if (event.at !== at) event = { ...event, at }
    // what the current router would refuse, refused before any version hears it (an older version's directory may
    // still give the agent that media; an older version may not have heard the agent's last word)
    const media = current.agentMedia.get(event.agent)
    if (event.media !== undefined && media && !media.includes(event.media))
      return {
        ok: false,
        status: 409,
        code: 'no-media',
        error: `agentEvent: agent "${event.agent}" has no capacity for media "${String(event.media)}" (has ${media.join(', ')})`,
      }
    const last = agents.lastAt(event.agent)
    if (last !== undefined && at < last)
      return {
        ok: false,
        status: 409,
        code: 'out-of-order',
        error: `agentEvent: event for "${event.agent}" at ${at} is older than its last event (${last}); ignored as out of order`,
      }
    // checked and applied in this one turn: nothing can change the agent between (the Redis leader runs it too)
    if (condition !== undefined && (condition.ifState !== undefined || condition.ifReason !== undefined)) {
      const refused = stateChanged(event, condition, media ?? [], agents)
      if (refused !== undefined) return refused
    }
    // asked before the book takes it: a host repeating the agent's state is no change to announce
    const changed = agents.changes(event)
    // the book keeps it only if the judging router (the current version's, or the holder's while another version
    // holds the agent) accepted it
    const reason = agents.record(event, current.info.version, (version, sink) =>
      events.hear(version, () => sink.agentEvent(event)),
    )
    if (reason !== undefined) return { ok: false, status: 409, error: reason }
    // once, however many versions' routers it reached (none, when another version holds the agent)
    versions.stats()?.hostAgentEvent(event, at)
    if (changed && announce) events.agentStateChanged({ ...event, at }, by, supervisor)
    return { ok: true, value: undefined }
  }

  /** Every version's waiting interactions, in no order. */
  function allWaiting(): WaitingView[] {
    const out: WaitingView[] = []
    for (const [id, version] of versions.entries())
      for (const w of version.router.waiting()) out.push(waitingViewOf(w, id))
    return out
  }

  function routers(): Array<[string, Router]> {
    return [...versions.entries()].map(([id, version]) => [id, version.router])
  }

  const sync: Immediate<RoutingCoordinator> = {
    deploy(workspace) {
      const existing = versions.get(workspace.version)
      if (existing && existing === versions.current()) return versions.info(existing)
      const id = workspace.version
      const shared = versions.sharedStats(workspace)
      const router =
        existing?.router ??
        createRouter({
          strategies: workspace.strategies,
          directory: workspace.directory,
          clock,
          stats: shared.view(),
          ...(options.functions ? { functions: options.functions } : {}),
          ...(options.limits ? { limits: options.limits } : {}),
          reservationTag: `${options.reservationTag ?? ''}${++routersMade}.`,
          onEvent: (event) => events.onEvent(id, event),
        })
      let version = existing
      if (!version) {
        version = versions.add(workspace, router)
        // what the book gives a router (replays, agents shown busy) is not the host's word: counted once elsewhere
        const sink = {
          agentEvent: (event: AgentEventInput) => shared.mirrored(() => router.agentEvent(event)),
        }
        events.call(() => agents.attach(id, sink))
      }
      versions.makeCurrent(version)
      return versions.info(version)
    },
    versions() {
      return [...versions.entries()].map(([, version]) => versions.info(version))
    },
    submit(input) {
      const request = requestFingerprint(input)
      // an id known here (open, or ended and still kept): a retry of the same request is answered, another refused
      const known = book.get(input.id)
      if (known) return answerRetried(known, request, () => interactions.view(known))
      return input.connectedTo === undefined
        ? interactions.submit(input, request)
        : connecting.submitConnected(input, request)
    },
    treatmentDone: (id: string, result?: TreatmentResult) =>
      interactions.command(id, 'treatmentDone', (r) => r.treatmentDone(id, result)),
    confirmReservation: (id, reservation, at) =>
      interactions.command(id, 'confirmReservation', (r) =>
        // a forwarded command's absent reservation or time arrives as null (JSON)
        r.confirmReservation(
          id,
          reservation == null && at == null
            ? undefined
            : { ...(reservation == null ? {} : { reservation }), ...(at == null ? {} : { at }) },
        ),
      ),
    connectAgent: connecting.connectAgent,
    rejectReservation: (id, reservation, how) =>
      interactions.command(id, 'rejectReservation', (r) =>
        // a forwarded command's absent reservation arrives as null (JSON)
        r.rejectReservation(id, { ...how, ...(reservation == null ? {} : { reservation }) }),
      ),
    setPriority: (id, change) =>
      interactions.command(id, 'setPriority', (r) =>
        r.setPriority(id, 'by' in change ? { by: change.by } : change.priority),
      ),
    // a forwarded abandon's absent how arrives as null (JSON)
    abandon: (id, how) => interactions.command(id, 'abandon', (r) => r.abandon(id, how ?? undefined)),
    // a forwarded complete's absent how arrives as null (JSON)
    complete: (id, how) => interactions.command(id, 'complete', (r) => r.complete(id), how?.disposition),
    agentEvent: (call, ifState, ifReason) =>
      applyAgentEvent(call, { ifState: ifState ?? undefined, ifReason: ifReason ?? undefined }, true),
    interaction(id) {
      const record = book.get(id)
      return record ? interactions.view(record) : undefined
    },
    waiting: () => allWaiting().sort(waitingOrder),
    agents() {
      return versions.current()?.router.snapshot().agents.map(agentViewOf) ?? []
    },
    subscribe: (listener) => events.subscribe(listener),
    openCount: () => book.openTotal(),
    stop() {
      versions.stop()
      adopted.clear()
      events.stop()
    },
  }

  // one process answers at once; the promises are the interface's, for coordinators that keep state elsewhere
  return {
    record: (id) => book.get(id),
    view: (id) => sync.interaction(id),
    closedIds: () => book.closedIds(),
    exportWaiting: interactions.exportWaiting,
    restore: interactions.restore,
    endUnresumed: interactions.endUnresumed,
    deployedVersions: () => versions.ids(),
    keepVersions: (value) => versions.keep(value),
    deploy: async (workspace) => sync.deploy(workspace),
    versions: async () => sync.versions(),
    submit: async (input) => sync.submit(input),
    submitNow: (input) => sync.submit(input),
    treatmentDone: async (id, result) => sync.treatmentDone(id, result),
    confirmReservation: async (id, reservation, at) => sync.confirmReservation(id, reservation, at),
    connectAgent: async (id, answer) => sync.connectAgent(id, answer),
    rejectReservation: async (id, reservation, how) => sync.rejectReservation(id, reservation, how),
    setPriority: async (id, change) => sync.setPriority(id, change),
    abandon: async (id, how) => sync.abandon(id, how),
    complete: async (id, how) => sync.complete(id, how),
    agentEvent: async (event, ifState, ifReason) => sync.agentEvent(event, ifState, ifReason),
    replayAgentEvent: (event) => applyAgentEvent(event, undefined, false),
    interaction: async (id) => sync.interaction(id),
    trace: async (id) => {
      const record = book.get(id)
      return record ? interactions.trace(record) : undefined
    },
    traceNow: (id) => {
      const record = book.get(id)
      return record ? interactions.trace(record) : undefined
    },
    waiting: async () => sync.waiting(),
    agents: async () => sync.agents(),
    waitingPage: async (query) => waitingPageOf(routers(), query),
    agentsPage: async (query) => agentsPageOf(versions.current()?.router, query),
    subscribe: (listener) => sync.subscribe(listener),
    onAgentState: (listener) => {
      const unsubscribe = events.onAgentState(listener)
      return () => void unsubscribe()
    },
    openCount: async () => sync.openCount(),
    stop: async () => sync.stop(),
  }
}
