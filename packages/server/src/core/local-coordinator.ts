// Routing in one process: a router per strategy version (new interactions start on the current one, running ones
// finish on theirs), agents mirrored across versions by the AgentBook, interactions tracked by the InteractionBook,
// one statistics provider for every version (shared-stats.ts).

import { capacityMedia, capacityRuleOf, type DirectoryDocument } from '@routewright/strategy-dsl'
import {
  type AgentEventInput,
  type Clock,
  createMemoryStatProvider,
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
import type { DeployableWorkspace, RoutingCoordinator } from './coordinator.ts'
import { alreadyEnded, InteractionBook, type InteractionRecord } from './interaction-book.ts'
import { createSharedStats, type SharedStatProvider, type SharedStats } from './shared-stats.ts'
import type { CommandResult, InteractionView, ServerEvent, VersionInfo, WaitingView } from './types.ts'

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
}

interface Version {
  info: Omit<VersionInfo, 'status' | 'open'>
  router: Router
  agentIds: ReadonlySet<string>
  /** The media each agent has capacity for (what the version's router accepts a state for). */
  agentMedia: ReadonlyMap<string, readonly string[]>
  directory: DirectoryDocument
}

/** The coordinator's methods answering at once: how one process implements them. */
type Immediate<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> : never
}

type Command = 'treatmentDone' | 'confirmReservation' | 'rejectReservation' | 'abandon' | 'complete'

/** How an interaction taken over from another process continues here (redis-coordinator.ts). */
export type Restore =
  | { kind: 'snapshot'; snapshot: InteractionSnapshot }
  | { kind: 'input'; input: InteractionInput }
  /** With the path and trace it had (no router here knows it: GET still shows them). */
  | { kind: 'connected'; trace?: TraceEntry[] }

/**
 * The one-process coordinator plus what a coordinator sharing interactions across processes needs, answering at
 * once: the server's record of an interaction, its waiting snapshot, and taking one over.
 */
export interface LocalCoordinator extends RoutingCoordinator {
  record(id: string): InteractionRecord | undefined
  /** What GET /v1/interactions/:id shows (record, path, trace, explanation), at once. */
  view(id: string): InteractionView | undefined
  trace(id: string): Promise<readonly TraceEntry[] | undefined>
  /** Ended interactions still readable here, oldest first. */
  closedIds(): string[]
  /** The interaction's snapshot while it waits (queue, wait, treatment); undefined otherwise, silently. */
  exportWaiting(id: string): InteractionSnapshot | undefined
  /** Continues an interaction from another process on its version (which must be deployed here). */
  restore(record: InteractionRecord, from: Restore): CommandResult
  /** Versions deployed here (current and draining). */
  deployedVersions(): string[]
  /** While true, versions with nothing open are not retired (a takeover deploys them before resuming). */
  keepVersions(keep: boolean): void
}

/** Connected interactions taken over from another process hold their agent under this pseudo version. */
const ADOPTED = '@adopted'

export function createLocalCoordinator(options: LocalCoordinatorOptions = {}): LocalCoordinator {
  const clock = options.clock ?? createRealClock()
  const monotonicMs = options.monotonicMs ?? (() => performance.now())
  const versions = new Map<string, Version>()
  let current: Version | undefined
  const book = new InteractionBook(options.keptClosed ?? 10_000)
  const agents = new AgentBook(() => clock.now())
  const listeners = new Set<(event: ServerEvent) => void>()
  /** Events the current call produced for its interaction: how a command learns it was refused. */
  let captured: RouterEvent[] | undefined
  /** Inside a host's rejectReservation: the rejection it causes is not a timeout. */
  let hostRejecting = false
  /** Inside exportWaiting: the router's "not waiting" error is an answer, not an event. */
  let exporting = false
  /**
   * Inside a host's agent event given to `version`'s router: whether that router refused it (not another version's
   * router refusing what the event caused, such as a busy shown to it when this one reserves the agent).
   */
  let hearing: { version: string; refused?: string } | undefined
  /** Connected interactions taken over from another process: no router knows them, only complete is left. */
  const adopted = new Set<string>()
  /** Their traces, kept while their records are (after complete too, for reading). */
  const adoptedTraces = new Map<string, TraceEntry[]>()
  let keep = false
  /** The one statistics provider, made at the first deploy. */
  let stats: SharedStats | undefined

  function onEvent(version: string, event: RouterEvent): void {
    if (exporting && event.type === 'error') return
    captured?.push(event)
    if (hearing?.version === version && event.type === 'error' && event.interaction === '')
      hearing.refused ??= event.reason
    if (event.type === 'routed') agents.hold(event.interaction, event.agent, version)
    const strategy = book.get(event.interaction)?.strategy
    const closed = book.apply(event)
    // copied and then added to, not spread into a literal with more properties: on Node 20 that gives every event a
    // hidden class of its own (a new map and descriptor array per event, 4-7 us, and all code reading events
    // megamorphic); assigned, all events of a type share one
    const out: ServerEvent = Object.assign({}, event, { version })
    if (strategy !== undefined) out.strategy = strategy
    if (event.type === 'reservation-rejected' && !hostRejecting) out.timedOut = true
    for (const listener of listeners) listener(out)
    // the router sets the agent not ready for every media after a rejected or unanswered reservation (RONA): the
    // other versions hear it too, before the release shows them the agent's last word again
    if (event.type === 'reservation-rejected') agentDecided(version, event.agent, event.at)
    // after the listeners: another version may route to the agent at once, and its events come after this one
    if (event.type === 'reservation-rejected' || (event.type === 'finished' && event.outcome !== 'routed'))
      agents.release(event.interaction)
    if (closed) retireDrained()
  }

  /** A state `version`'s router set for `agent` itself: its last word for every version, and the leader's. */
  function agentDecided(version: string, agent: string, at: number): void {
    const event = { agent, state: 'not-ready' as const, at }
    agents.decided(version, event)
    options.onAgentDecided?.(event)
  }

  /** Older versions with nothing left to finish stop. */
  function retireDrained(): void {
    if (!keep && retire()) followDirectories()
  }

  /** Whether a version was retired. */
  function retire(): boolean {
    let retired = false
    for (const [id, version] of versions) {
      if (version === current || book.openOn(id) > 0) continue
      if ([...adopted].some((a) => book.get(a)?.version === id)) continue
      versions.delete(id)
      agents.detach(id)
      version.router.stop()
      retired = true
    }
    return retired
  }

  /** The provider counts agents in the current directory and keeps what draining versions still name. */
  function followDirectories(): void {
    if (!stats || !current) return
    const draining: DirectoryDocument[] = []
    for (const version of versions.values()) if (version !== current) draining.push(version.directory)
    stats.follow(current.directory, draining)
  }

  /** Runs a router call, collecting the events it emits synchronously. */
  function call(run: () => void): RouterEvent[] {
    const outer = captured
    const mine: RouterEvent[] = []
    captured = mine
    const started = monotonicMs()
    try {
      run()
    } finally {
      captured = outer
      outer?.push(...mine)
    }
    if (options.onDecision && outer === undefined) {
      const seconds = (monotonicMs() - started) / 1000
      for (const e of mine) if (e.type === 'routed') options.onDecision(seconds, e)
    }
    return mine
  }

  function refusal(events: RouterEvent[], id: string): string | undefined {
    for (const e of events)
      if (e.type === 'error' && (e.interaction === id || e.interaction === '')) return e.reason
    return undefined
  }

  function owner(id: string): { record: InteractionRecord; version: Version } | CommandResult<never> {
    const record = book.get(id)
    const version = record ? versions.get(record.version) : undefined
    if (record && !book.isOpen(id)) return alreadyEnded(id, record.state)
    if (!record || !version) return { ok: false, status: 404, error: `Unknown interaction "${id}"` }
    return { record, version }
  }

  function command(id: string, name: Command, run: (router: Router) => void): CommandResult {
    const found = owner(id)
    if ('ok' in found) return found
    if (adopted.has(id)) {
      if (name !== 'complete')
        return { ok: false, status: 409, error: `Interaction "${id}" is connected: only complete applies` }
      adopted.delete(id)
      agents.release(id)
      book.completed(id, clock.now())
      retireDrained()
      return { ok: true, value: undefined }
    }
    const reason = refusal(
      call(() => run(found.version.router)),
      id,
    )
    if (reason !== undefined) return { ok: false, status: 409, error: reason }
    if (name === 'complete') {
      agents.release(id)
      book.completed(id, clock.now())
      retireDrained()
    }
    return { ok: true, value: undefined }
  }

  function traceOf(record: InteractionRecord): TraceEntry[] {
    const router = versions.get(record.version)?.router
    return router?.trace(record.id) ?? adoptedTraces.get(record.id) ?? []
  }

  function view(record: InteractionRecord): InteractionView {
    const trace = traceOf(record)
    const { explanation, ...rest } = record
    return {
      ...rest,
      path: trace.filter((t) => t.kind === 'enter').map((t) => t.node),
      ...(explanation ? { explanation } : {}),
      trace,
    }
  }

  function versionInfo(version: Version): VersionInfo {
    return {
      ...version.info,
      status: version === current ? 'current' : 'draining',
      open: book.openOn(version.info.version),
    }
  }

  const sync: Immediate<RoutingCoordinator> = {
    deploy(workspace) {
      const existing = versions.get(workspace.version)
      if (existing && existing === current) return versionInfo(existing)
      const id = workspace.version
      stats ??= createSharedStats(
        options.stats?.(workspace) ?? createMemoryStatProvider({ clock, directory: workspace.directory }),
        workspace.directory,
      )
      const shared = stats
      const router =
        existing?.router ??
        createRouter({
          strategies: workspace.strategies,
          directory: workspace.directory,
          clock,
          stats: shared.view(),
          ...(options.functions ? { functions: options.functions } : {}),
          ...(options.limits ? { limits: options.limits } : {}),
          onEvent: (event) => onEvent(id, event),
        })
      const version: Version = existing ?? {
        router,
        agentIds: new Set(Object.keys(workspace.directory.agents ?? {})),
        agentMedia: new Map(
          Object.entries(workspace.directory.agents ?? {}).map(([agent, def]) => [
            agent,
            capacityMedia(capacityRuleOf(def, workspace.directory.capacityRules)),
          ]),
        ),
        directory: workspace.directory,
        info: {
          version: id,
          strategies: [...workspace.strategies.keys()].sort(),
          directory: workspace.directory.directory,
          deployedAt: clock.now(),
        },
      }
      if (!existing) {
        versions.set(id, version)
        // what the book gives a router (replays, agents shown busy) is not the host's word: counted once elsewhere
        const sink = {
          agentEvent: (event: AgentEventInput) => shared.mirrored(() => router.agentEvent(event)),
        }
        call(() => agents.attach(id, sink))
      }
      current = version
      retireDrained()
      followDirectories()
      return versionInfo(version)
    },
    versions() {
      return [...versions.values()].map(versionInfo)
    },
    submit(input: InteractionInput) {
      if (!current) return { ok: false, status: 409, error: 'No strategy version is deployed yet' }
      if (!current.info.strategies.includes(input.strategy))
        return {
          ok: false,
          status: 422,
          error: `Unknown strategy "${input.strategy}" in version ${current.info.version} (loaded: ${current.info.strategies.join(', ')})`,
        }
      if (book.isOpen(input.id))
        return {
          ok: false,
          status: 409,
          error: `Interaction "${input.id}" is already being routed; ids must be unique`,
        }
      const now = clock.now()
      const target = current
      adoptedTraces.delete(input.id)
      book.open({
        id: input.id,
        strategy: input.strategy,
        media: input.media ?? 'voice',
        version: target.info.version,
        state: 'routing',
        submittedAt: now,
        updatedAt: now,
      })
      const events = call(() => target.router.submit(input))
      const reason = refusal(events, input.id)
      if (reason !== undefined) return { ok: false, status: 409, error: reason }
      const record = book.get(input.id)!
      const result = view(record)
      // failed before entering a node: the strategy refused the host's input (data not matching its inputs)
      const failed = events.find((e) => e.type === 'failed' && e.interaction === input.id)
      if (failed?.type === 'failed' && result.path.length === 0)
        return { ok: false, status: 422, error: failed.reason }
      return { ok: true, value: result }
    },
    treatmentDone: (id: string, result?: TreatmentResult) =>
      command(id, 'treatmentDone', (r) => r.treatmentDone(id, result)),
    confirmReservation: (id) => command(id, 'confirmReservation', (r) => r.confirmReservation(id)),
    rejectReservation: (id) =>
      command(id, 'rejectReservation', (r) => {
        hostRejecting = true
        try {
          r.rejectReservation(id)
        } finally {
          hostRejecting = false
        }
      }),
    abandon: (id) => command(id, 'abandon', (r) => r.abandon(id)),
    complete: (id) => command(id, 'complete', (r) => r.complete(id)),
    agentEvent(event: AgentEventInput) {
      if (!current) return { ok: false, status: 409, error: 'No strategy version is deployed yet' }
      if (!current.agentIds.has(event.agent))
        return {
          ok: false,
          status: 404,
          error: `Unknown agent "${event.agent}" (not in directory "${current.info.directory}")`,
        }
      const at = event.at ?? clock.now()
      // what the current router would refuse, refused before any version hears it (an older version's directory may
      // still give the agent that media; an older version may not have heard the agent's last word)
      const media = current.agentMedia.get(event.agent)
      if (event.media !== undefined && media && !media.includes(event.media))
        return {
          ok: false,
          status: 409,
          error: `agentEvent: agent "${event.agent}" has no capacity for media "${String(event.media)}" (has ${media.join(', ')})`,
        }
      const last = agents.lastAt(event.agent)
      if (last !== undefined && at < last)
        return {
          ok: false,
          status: 409,
          error: `agentEvent: event for "${event.agent}" at ${at} is older than its last event (${last}); ignored as out of order`,
        }
      // the book keeps it only if the judging router (the current version's, or the holder's while another version
      // holds the agent) accepted it
      const reason = agents.record(event, current.info.version, (version, sink) => {
        const outer = hearing
        const heard: { version: string; refused?: string } = { version }
        hearing = heard
        try {
          call(() => sink.agentEvent(event))
        } finally {
          hearing = outer
        }
        return heard.refused
      })
      if (reason !== undefined) return { ok: false, status: 409, error: reason }
      // once, however many versions' routers it reached (none, when another version holds the agent)
      stats?.hostAgentEvent(event, at)
      return { ok: true, value: undefined }
    },
    interaction(id) {
      const record = book.get(id)
      return record ? view(record) : undefined
    },
    waiting(): WaitingView[] {
      const out: WaitingView[] = []
      for (const [id, version] of versions)
        for (const w of version.router.waiting()) out.push({ ...w, version: id })
      return out.sort((a, b) => b.priority - a.priority || a.since - b.since)
    },
    agents() {
      return current
        ? current.router
            .snapshot()
            .agents.map(({ id, state, load, reserved }) => ({ id, state, load, reserved }))
        : []
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    openCount: () => book.openTotal(),
    stop() {
      for (const version of versions.values()) version.router.stop()
      versions.clear()
      adopted.clear()
      adoptedTraces.clear()
      current = undefined
      listeners.clear()
    },
  }
  function restore(record: InteractionRecord, from: Restore): CommandResult {
    const version = versions.get(record.version)
    if (!version) return { ok: false, status: 409, error: `Version ${record.version} is not deployed here` }
    if (book.isOpen(record.id))
      return { ok: false, status: 409, error: `Interaction "${record.id}" is already open here` }
    if (from.kind === 'connected') {
      book.open({ ...record, state: 'connected' })
      adopted.add(record.id)
      if (from.trace) {
        adoptedTraces.set(record.id, from.trace)
        // bounded like the records: drop the traces of records the book no longer keeps
        if (adoptedTraces.size > (options.keptClosed ?? 10_000) + adopted.size)
          for (const id of adoptedTraces.keys()) if (!book.get(id)) adoptedTraces.delete(id)
      }
      agents.hold(record.id, record.agent!, ADOPTED)
      return { ok: true, value: undefined }
    }
    const { agent: _a, reservation: _r, target: _t, ...waiting } = record
    book.open({ ...waiting, state: from.kind === 'snapshot' ? 'queued' : 'routing' })
    const events = call(() =>
      from.kind === 'snapshot'
        ? version.router.resumeInteraction(from.snapshot)
        : version.router.submit(from.input),
    )
    const reason = refusal(events, record.id)
    return reason === undefined ? { ok: true, value: undefined } : { ok: false, status: 409, error: reason }
  }

  function exportWaiting(id: string): InteractionSnapshot | undefined {
    const record = book.get(id)
    if (!record || (record.state !== 'queued' && record.state !== 'routing') || adopted.has(id))
      return undefined
    const router = versions.get(record.version)?.router
    exporting = true
    try {
      return router?.exportInteraction(id)
    } finally {
      exporting = false
    }
  }

  // one process answers at once; the promises are the interface's, for coordinators that keep state elsewhere
  return {
    record: (id) => book.get(id),
    view: (id) => sync.interaction(id),
    closedIds: () => book.closedIds(),
    exportWaiting,
    restore,
    deployedVersions: () => [...versions.keys()],
    keepVersions(value) {
      keep = value
      if (!value) retireDrained()
    },
    deploy: async (workspace) => sync.deploy(workspace),
    versions: async () => sync.versions(),
    submit: async (input) => sync.submit(input),
    treatmentDone: async (id, result) => sync.treatmentDone(id, result),
    confirmReservation: async (id) => sync.confirmReservation(id),
    rejectReservation: async (id) => sync.rejectReservation(id),
    abandon: async (id) => sync.abandon(id),
    complete: async (id) => sync.complete(id),
    agentEvent: async (event) => sync.agentEvent(event),
    interaction: async (id) => sync.interaction(id),
    trace: async (id) => {
      const record = book.get(id)
      return record ? traceOf(record) : undefined
    },
    waiting: async () => sync.waiting(),
    agents: async () => sync.agents(),
    subscribe: (listener) => sync.subscribe(listener),
    openCount: async () => sync.openCount(),
    stop: async () => sync.stop(),
  }
}
