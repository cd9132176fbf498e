// The routing process of a Redis cluster: a LocalCoordinator whose every change (interaction records and
// snapshots, reservations, host agent states, events) is committed to Redis in one fenced Lua call before anyone
// sees it, and which rebuilds itself from Redis when it takes over from a process that died or left.
import { capacityRuleOf, type DirectoryDocument, type StrategyDocument } from '@routewright/strategy-dsl'
import type {
  AgentEventInput,
  InteractionInput,
  InteractionSnapshot,
  TraceEntry,
} from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import type { InteractionRecord } from './interaction-book.ts'
import {
  createLocalCoordinator,
  type LocalCoordinator,
  type LocalCoordinatorOptions,
} from './local-coordinator.ts'
import { CoordinatorUnavailable, type RedisLink } from './redis-link.ts'
import { COMMIT, type RedisKeys, STORE_CLOSED } from './redis-scripts.ts'
import { CLOSED_STATES, type CommandResult, type InteractionView, type ServerEvent } from './types.ts'

/** What Redis keeps of an open interaction: the server's record, its last waiting snapshot, its submitted input. */
export interface StoredInteraction {
  record: InteractionRecord
  snapshot?: InteractionSnapshot
  input?: InteractionInput
  /** A connected one's trace (no router resumes it: the next routing process shows its path and trace from this). */
  trace?: TraceEntry[]
}

interface StoredVersion {
  strategies: StrategyDocument[]
  directory: DirectoryDocument
}

/** The commit refused: another process leads now, or (a fault) a reservation would overbook an agent. */
export class CommitRefused extends CoordinatorUnavailable {
  override name = 'CommitRefused'
}

export interface Leader {
  local: LocalCoordinator
  /** Resolves when every change so far is in Redis; rejects with CommitRefused or CoordinatorUnavailable. */
  flushed(): Promise<void>
  /** A host agent event, recorded for the next leader to replay. */
  agentEvent(event: AgentEventInput): void
  /**
   * Submits here: the input goes into the stream with the interaction's first event (every process's history
   * and monitor records get its media, priority and data) and is kept until there is a waiting snapshot.
   */
  submit(input: InteractionInput): Promise<CommandResult<InteractionView>>
  /** What Redis held of an interaction being taken over, kept until newer facts replace it. */
  remember(stored: StoredInteraction): void
  /** The host completed an interaction: its reservation's load is released in Redis too. */
  completed(id: string): void
  deployed(workspace: DeployableWorkspace): Promise<void>
  /**
   * Redis lost its data: writes everything this leader knows again, under a new epoch (the ended interactions it
   * still keeps in chunks after that, so they stay readable after a later takeover).
   */
  reseed(): Promise<void>
  /** The epoch the next commits carry (set before a re-seed writes it, so commits in flight are not faults). */
  setEpoch(epoch: number): void
  /** A reservation made by a process that is gone: released, announced, and (by the caller) put back in line. */
  withdraw(record: InteractionRecord): void
  stop(): void
}

export async function storeVersion(link: RedisLink, keys: RedisKeys, workspace: DeployableWorkspace) {
  const stored: StoredVersion = {
    strategies: [...workspace.strategies.values()],
    directory: workspace.directory,
  }
  await link.send(['HSETNX', keys.versions, workspace.version, JSON.stringify(stored)])
}

export async function readVersion(
  link: RedisLink,
  keys: RedisKeys,
  version: string,
): Promise<DeployableWorkspace> {
  const text = (await link.send(['HGET', keys.versions, version])) as string | null
  if (text === null) throw new Error(`Strategy version ${version} is not stored in Redis`)
  const stored = JSON.parse(text) as StoredVersion
  return {
    version,
    strategies: new Map(stored.strategies.map((s) => [s.strategy, s])),
    directory: stored.directory,
  }
}

const tagNumber = (tag: string) => Number(tag.slice(tag.indexOf('#') + 1))

export function createLeader(link: RedisKeysLink, firstEpoch: number, options: LeaderOptions): Leader {
  const { link: redis, keys } = link
  const local = createLocalCoordinator(options)
  let epoch = firstEpoch
  const commit = redis.script(COMMIT)
  const storeClosed = redis.script(STORE_CLOSED)
  const directories = new Map<string, DirectoryDocument>()
  const shadow = new Map<string, StoredInteraction>()
  const hostAgents = new Map<string, Map<string, AgentEventInput>>()
  let holds: Array<[string, string, string?, string?, unknown?]> = []
  /**
   * [tag, event JSON, input JSON?]: the tag (`<leader>#<seq>`) lets readers drop an event a retried commit wrote
   * twice; the input rides on an interaction's first event.
   */
  let events: Array<[string, string, string?]> = []
  /** Inputs of submits running now, until their first event carries them. */
  const inputs = new Map<string, string>()
  const tagPrefix = `${Math.random().toString(36).slice(2, 10)}#`
  let seq = 0
  const tagged = (json: string, input?: string): [string, string, string?] =>
    input === undefined ? [`${tagPrefix}${++seq}`, json] : [`${tagPrefix}${++seq}`, json, input]
  let dirty = new Set<string>()
  let agentsDirty = new Set<string>()
  let current: string | undefined
  let lastCurrent: string | undefined
  /** Reservations and connections this leader holds, as committed or about to be: a re-seed writes them again. */
  const active = new Map<string, [string, string, string?, string?, unknown?]>()
  const hold = (op: [string, string, string?, string?, unknown?]) => {
    holds.push(op)
    if (op[0] === 'c') active.set(op[1], op)
    else active.delete(op[1])
  }
  let scheduled: Promise<void> | undefined
  /** The commit on its way: the next one waits for it, so commits reach Redis in the order of their event tags. */
  let committing: Promise<void> = Promise.resolve()
  /** Bumped by a re-seed, which writes every hold again from `active`: holds of older batches are superseded. */
  let generation = 0
  /** The next commit replaces every hold and load in Redis (a re-seed), instead of adding to them. */
  let resetHolds = false
  /**
   * The last events committed, [tag, JSON]: a Redis that restarted empty lost its stream, with events the other
   * processes may not have read yet; a re-seed writes these again (readers drop the tags they already have).
   */
  let recent: Array<[string, string, string?]> = []
  const keptRecent = Math.min(options.maxEvents, 10_000)
  let stopped = false

  function ruleOf(version: string, agent: string) {
    const directory = directories.get(version)
    return capacityRuleOf(directory?.agents?.[agent] ?? {}, directory?.capacityRules)
  }

  const unsubscribe = local.subscribe((event: ServerEvent) => {
    const input = event.type === 'error' ? undefined : inputs.get(event.interaction)
    if (input !== undefined) inputs.delete(event.interaction)
    events.push(tagged(JSON.stringify(event), input))
    dirty.add(event.interaction)
    if (event.type === 'routed') {
      const media = local.record(event.interaction)?.media ?? 'voice'
      hold(['c', event.interaction, event.agent, media, ruleOf(event.version, event.agent)])
    } else if (
      event.type === 'reservation-rejected' ||
      (event.type === 'finished' && event.outcome !== 'routed')
    )
      hold(['r', event.interaction])
    schedule()
  })

  function schedule(): Promise<void> {
    if (!scheduled) {
      const run = committing
        .catch(() => {})
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(flush)
      scheduled = run
      committing = run
      // a failed commit is reported to whoever awaits it (a command answers 503) and to onFault, never unhandled
      scheduled.catch(() => {})
    }
    return scheduled
  }

  async function flush(): Promise<void> {
    scheduled = undefined
    const set: Record<string, string> = {}
    const del: string[] = []
    const closed: Record<string, string> = {}
    for (const id of dirty) {
      const record = local.record(id)
      if (!record || CLOSED_STATES.has(record.state)) {
        shadow.delete(id)
        del.push(id)
        // ended: its view stays readable, and refused again, from any process after this one is gone
        const view = record && local.view(id)
        if (view) closed[id] = JSON.stringify(view)
        continue
      }
      const entry = shadow.get(id) ?? { record }
      entry.record = record
      const snapshot = local.exportWaiting(id)
      if (snapshot) {
        entry.snapshot = snapshot
        delete entry.input
      }
      if (record.state === 'connected' && !entry.trace) {
        // only complete is left: the trace replaces what a resume would need
        const trace = local.view(id)?.trace
        if (trace) entry.trace = trace
        delete entry.snapshot
        delete entry.input
      }
      shadow.set(id, entry)
      set[id] = JSON.stringify(entry)
    }
    const agents: Record<string, string> = {}
    for (const agent of agentsDirty)
      agents[agent] = JSON.stringify([...(hostAgents.get(agent)?.values() ?? [])])
    const ops = {
      holds,
      set,
      del,
      agents,
      events,
      maxEvents: options.maxEvents,
      closed,
      closedTtlMs: options.closedTtlMs,
      maxClosed: options.maxClosed,
      ...(current ? { current } : {}),
      ...(resetHolds ? { reset: true } : {}),
    }
    const batch = { holds, events, dirty, agentsDirty, generation, reset: resetHolds }
    // a batch sent again (Redis was away) recomputes its closed views from `dirty`
    resetHolds = false
    holds = []
    events = []
    dirty = new Set()
    agentsDirty = new Set()
    if (
      batch.holds.length + batch.events.length + batch.dirty.size + batch.agentsDirty.size === 0 &&
      !current &&
      !batch.reset
    )
      return
    const sentCurrent = current
    const sentEpoch = epoch
    current = undefined
    let answer: unknown
    try {
      answer = await commit(
        [keys.epoch, keys.holds, keys.interactions, keys.agents, keys.events, keys.current, keys.closedOrder],
        [String(epoch), keys.loadPrefix, JSON.stringify(ops), keys.closedPrefix],
      )
    } catch (error) {
      requeue()
      throw error
    }
    if (answer === 'lost') {
      requeue()
      options.onLost()
      throw new CoordinatorUnavailable(
        'Redis restarted without its data; the routing process is writing it back',
      )
    }
    function requeue() {
      // Redis is down or empty: keep the batch in front of what came since, and try again when it is back
      // a re-seed since this batch was made writes every hold from `active` (and resets Redis's): drop its own
      if (batch.generation === generation) holds = [...batch.holds, ...holds]
      if (batch.reset) resetHolds = true
      // in tag order: a re-seed may have put older, already committed events in front meanwhile
      events = [...batch.events, ...events].sort((a, b) => tagNumber(a[0]) - tagNumber(b[0]))
      for (const id of batch.dirty) dirty.add(id)
      for (const a of batch.agentsDirty) agentsDirty.add(a)
      current ??= sentCurrent
    }
    if (answer === 'fenced' && epoch !== sentEpoch) {
      // this leader re-seeded Redis under a new epoch while the commit was on its way: send it again
      requeue()
      // this commit is still the one on its way: commit again now rather than wait for itself
      return flush()
    }
    if (!Array.isArray(answer)) {
      const error = new CommitRefused(
        answer === 'fenced'
          ? 'Another process took over routing (this one lost its lease)'
          : `Redis refused a reservation that would put an agent over capacity (${String(answer)})`,
      )
      options.onFault(error)
      throw error
    }
    const ids = answer.slice(1) as string[]
    recent.push(...batch.events)
    if (recent.length > keptRecent * 2) recent = recent.slice(-keptRecent)
    for (let i = 0; i < ids.length; i++)
      options.onCommitted(ids[i]!, batch.events[i]![1], batch.events[i]![0], batch.events[i]![2])
  }

  /** Ended interactions' views, written again after a re-seed: in chunks, so no one call holds Redis long. */
  async function rewriteClosed(): Promise<void> {
    const ids = local.closedIds()
    for (let i = 0; i < ids.length && !stopped; i += 500) {
      const closed: Record<string, string> = {}
      for (const id of ids.slice(i, i + 500)) {
        const view = local.view(id)
        if (view) closed[id] = JSON.stringify(view)
      }
      const ops = { closed, closedTtlMs: options.closedTtlMs, maxClosed: options.maxClosed }
      await storeClosed([keys.closedOrder], [keys.closedPrefix, JSON.stringify(ops)])
    }
  }

  return {
    local,
    flushed: () => (stopped ? Promise.resolve() : schedule()),
    agentEvent(event) {
      let byMedia = hostAgents.get(event.agent)
      if (!byMedia) {
        byMedia = new Map()
        hostAgents.set(event.agent, byMedia)
      }
      if (event.media === undefined) byMedia.clear()
      byMedia.set(event.media ?? '*', { ...event, at: event.at ?? options.clock?.now() ?? Date.now() })
      agentsDirty.add(event.agent)
      void schedule().catch(() => {})
    },
    async submit(input) {
      inputs.set(input.id, JSON.stringify(input))
      let result: CommandResult<InteractionView>
      try {
        result = await local.submit(input)
      } finally {
        inputs.delete(input.id)
      }
      if (!result.ok) return result
      const record = local.record(input.id)
      if (record) shadow.set(input.id, { record, input })
      dirty.add(input.id)
      void schedule().catch(() => {})
      return result
    },
    remember(stored) {
      shadow.set(stored.record.id, { ...stored })
      dirty.add(stored.record.id)
      // a connected one keeps its agent: a later re-seed (Redis restarted empty) must write that hold again too
      const { id, state, agent, media, version } = stored.record
      if (state === 'connected' && agent) active.set(id, ['c', id, agent, media, ruleOf(version, agent)])
    },
    completed(id) {
      hold(['r', id])
      dirty.add(id)
      void schedule().catch(() => {})
    },
    async deployed(workspace) {
      directories.set(workspace.version, workspace.directory)
      current = workspace.version
      lastCurrent = workspace.version
      await schedule()
    },
    setEpoch(next) {
      epoch = next
    },
    reseed() {
      generation++
      resetHolds = true
      holds = [...active.values()]
      // the events other processes may have missed go first (same tags: a reader drops those it has)
      events = [...recent.slice(-keptRecent), ...events]
      recent = []
      for (const id of shadow.keys()) dirty.add(id)
      for (const agent of hostAgents.keys()) agentsDirty.add(agent)
      current = lastCurrent
      const written = schedule()
      // beside the lease ticks, not in their way; a Redis lost again meanwhile leaves the rest unwritten
      void written.then(rewriteClosed).catch(() => {})
      return written
    },
    withdraw(record) {
      hold(['r', record.id])
      dirty.add(record.id)
      const event: ServerEvent = {
        type: 'reservation-rejected',
        interaction: record.id,
        at: options.clock?.now() ?? Date.now(),
        agent: record.agent ?? '',
        reason: 'the routing process that made this reservation stopped; the interaction is back in line',
        version: record.version,
        strategy: record.strategy,
      }
      events.push(tagged(JSON.stringify(event)))
    },
    stop() {
      stopped = true
      unsubscribe()
      void local.stop()
    },
  }
}

export type LeaderOptions = LocalCoordinatorOptions & {
  maxEvents: number
  /** Ended interactions' views stay in Redis this long ... */
  closedTtlMs: number
  /** ... and at most this many of them (the oldest dropped first). */
  maxClosed: number
  /** The commit was refused (fenced or over capacity): the caller steps down. */
  onFault: (error: Error) => void
  /** Redis has no epoch any more (restarted empty): the caller re-seeds it. */
  onLost: () => void
  /** An event is in Redis under this stream id (in order), with the submitted input on an interaction's first. */
  onCommitted: (id: string, event: string, tag: string, input: string | undefined) => void
  /**
   * A takeover replayed the agents' states and resumes the interactions Redis holds next (redis-windows.ts
   * restores the statistics windows there).
   */
  beforeResume?: (versions: string[], stored: readonly StoredInteraction[]) => Promise<void>
}

export interface RedisKeysLink {
  link: RedisLink
  keys: RedisKeys
}

/**
 * Becomes the routing process: deploys every stored version still in use (the current one last), replays the
 * hosts' agent states, keeps connected interactions' agents held, puts reserved ones back in line (their
 * reservation is withdrawn: the process that made it is gone) and resumes waiting ones from their snapshots.
 */
export async function takeOver(
  at: RedisKeysLink,
  epoch: number,
  options: LeaderOptions,
  fallback: DeployableWorkspace | undefined,
): Promise<{ leader: Leader; resumed: number; withdrawn: number; failed: string[] }> {
  const { link, keys } = at
  const [currentId, rawAgents, rawInteractions] = (await Promise.all([
    link.send(['GET', keys.current]),
    link.send(['HGETALL', keys.agents]),
    link.send(['HGETALL', keys.interactions]),
  ])) as [string | null, string[], string[]]
  const leader = createLeader(at, epoch, options)
  const stored: StoredInteraction[] = []
  for (let i = 0; i < rawInteractions.length; i += 2) stored.push(JSON.parse(rawInteractions[i + 1]!))
  const wanted = [...new Set(stored.map((s) => s.record.version))].filter((v) => v !== currentId)
  const workspaces: DeployableWorkspace[] = []
  for (const v of wanted) workspaces.push(await readVersion(link, keys, v))
  if (currentId) workspaces.push(await readVersion(link, keys, currentId))
  else if (fallback) workspaces.push(fallback)
  leader.local.keepVersions(true)
  for (const workspace of workspaces) {
    await leader.local.deploy(workspace)
    await leader.deployed(workspace)
  }
  const replay: AgentEventInput[] = []
  for (let i = 0; i < rawAgents.length; i += 2)
    replay.push(...(JSON.parse(rawAgents[i + 1]!) as AgentEventInput[]))
  for (const event of replay.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) {
    leader.agentEvent(event)
    await leader.local.agentEvent(event)
  }
  // agents' states are set and nothing is routed yet: the statistics windows continue from here
  await options.beforeResume?.(leader.local.deployedVersions(), stored)
  // connected ones keep their agents first; every withdrawn reservation is released before anything is routed
  const failed: string[] = []
  const byAge = stored.sort((a, b) => a.record.submittedAt - b.record.submittedAt)
  for (const s of byAge) leader.remember(s)
  for (const s of byAge)
    if (s.record.state === 'connected')
      leader.local.restore(s.record, { kind: 'connected', ...(s.trace ? { trace: s.trace } : {}) })
  const reserved = byAge.filter((s) => s.record.state === 'reserved')
  for (const s of reserved) leader.withdraw(s.record)
  for (const s of byAge) {
    if (s.record.state === 'connected') continue
    const result = s.snapshot
      ? leader.local.restore(s.record, { kind: 'snapshot', snapshot: s.snapshot })
      : s.input
        ? leader.local.restore(s.record, { kind: 'input', input: s.input })
        : { ok: false as const, status: 409 as const, error: 'neither a snapshot nor its input is stored' }
    if (!result.ok)
      options.onFault(new Error(`Interaction ${s.record.id} could not be resumed: ${result.error}`))
  }
  const withdrawn = reserved.length
  leader.local.keepVersions(false)
  await leader.flushed()
  return { leader, resumed: stored.length, withdrawn, failed }
}
